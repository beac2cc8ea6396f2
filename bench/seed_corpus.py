"""A benchmark corpus whose documents repeat the seeds' raw lines, noise included (JSONL, `id` and `text`).

bench/corpus.py builds documents from the seeds' *clean* sentences and injects noise in set proportions;
this one reuses the raw seeds (fixtures/seeds) as they were scraped: the pinyin-spam page (seed 002: whole
pinyin lines, pinyin headings and tails), the PDF export with k/N page markers (000), the site chrome and
paywall lines. Each document is one seed's lines in order, each kept with probability 0.8 (the title
always), sometimes with a few lines of another seed spliced in, so documents differ but hold the seeds'
noise at the seeds' density. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from bench.corpus import cached, write_documents

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
VERSION = 1  # bump when the generator changes: cached corpora are keyed by it


def seed_lines() -> list[list[str]]:
    return [p.read_text(encoding="utf-8").splitlines() for p in sorted(SEEDS.glob("*.txt"))]


def documents(seed: int = 0) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    seeds = seed_lines()
    index = 0
    while True:
        lines = rng.choice(seeds)
        body = [lines[0]] + [line for line in lines[1:] if rng.random() < 0.8]
        if rng.random() < 0.3:
            other = rng.choice(seeds)
            at = rng.randint(1, len(body))
            start = rng.randrange(len(other))
            body[at:at] = other[start : start + rng.randint(1, 5)]
        yield {"id": f"seeds-{index:07d}", "text": "\n".join(body)}
        index += 1


def corpus_path(workdir: Path, megabytes: float, seed: int = 0) -> Path:
    """A cached corpus: generated once per (size, seed, generator version)."""
    name = f"seeds-{megabytes:g}mb-s{seed}-v{VERSION}.jsonl"
    return cached(workdir, name, megabytes, lambda path, mb: write_documents(path, documents(seed), mb))
