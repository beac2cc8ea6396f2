"""The configured chain of cleaners, callable without Prefect: a string, a document or a small corpus."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cleaners.base import REGISTRY, Cleaner, Document
from cleaners.boilerplate import LearnedBoilerplate, LineStats
from cleaners.config import ConfigError, load_config, pattern_loader


class Pipeline:
    """Runs the chain in two stages split at the corpus-level cleaner (learned boilerplate)."""

    def __init__(self, cfg: dict[str, Any] | str | Path | None = None) -> None:
        self.cfg = cfg if isinstance(cfg, dict) else load_config(cfg)
        load = pattern_loader(self.cfg)
        chain = self.cfg["pipeline"]["chain"]
        self.cleaners: list[Cleaner] = [REGISTRY[name](self.cfg.get(name, {}), load) for name in chain]
        corpus = [i for i, c in enumerate(self.cleaners) if c.corpus_level]
        if len(corpus) > 1:
            raise ConfigError("pipeline.chain may hold one corpus-level cleaner")
        split = corpus[0] if corpus else len(self.cleaners)
        self.stage1 = self.cleaners[:split]
        self.stage2 = self.cleaners[split:]
        self.boilerplate: LearnedBoilerplate | None = self.cleaners[split] if corpus else None  # type: ignore[assignment]
        self.seconds: Counter[str] = Counter()

    def _run(self, cleaners: list[Cleaner], doc: Document) -> Document:
        for cleaner in cleaners:
            if doc.dropped:
                break
            started = time.perf_counter()
            cleaner.run(doc)
            self.seconds[cleaner.name] += time.perf_counter() - started
        return doc

    def prepare(self, doc: Document, stats: LineStats | None = None) -> Document:
        """Stage 1: the document cleaners; with `stats`, also collect line statistics for stage 2."""
        self._run(self.stage1, doc)
        if stats is not None and self.boilerplate is not None and not doc.dropped:
            self.boilerplate.collect(doc, stats)
        return doc

    def finish(self, doc: Document) -> Document:
        """Stage 2: learned boilerplate (once fitted) and the cleaners after it."""
        return self._run(self.stage2, doc)

    def clean(self, doc: Document) -> Document:
        return self.finish(self.prepare(doc))

    def clean_text(self, text: str, doc_id: str = "text") -> str:
        return self.clean(Document.from_text(doc_id, text)).text

    def fit(self, stats: LineStats) -> set[int]:
        return self.boilerplate.fit(stats) if self.boilerplate else set()

    def clean_corpus(self, docs: Iterable[Document]) -> list[Document]:
        """Both stages over an in-memory corpus (for small corpora and tests; the flow streams shards)."""
        stats: LineStats = {}
        prepared = [self.prepare(doc, stats) for doc in docs]
        self.fit(stats)
        return [self.finish(doc) for doc in prepared]
