"""The finish stage of a flow run on a corpus of many sites, where learned boilerplate learns many template
lines: what handing the fit to the finish tasks costs the flow process.

    python bench/bench_site_fit.py                                  # ~3 min on 2 busy cores
    python bench/bench_site_fit.py --src /tmp/before --src .        # two source trees, run alternately

bench_flow.py's corpus has no url field, so its runs learn no boilerplate; a crawl does. This corpus
(generated, seeded): `--sites` invented sites of 10 pages each, every page 20 template lines of its site
above and below 10 sentences of its own (800 sites: ~25 MB, ~32,000 learned lines). Each source tree runs
`python -m flows.cli clean --prefect` (a Prefect flow run on a temporary server, the thread runner; dedup
off) with `--shard-mb` shards, and the figures come from its report.json: learned lines, shards, the
stages' seconds and the finish stage per shard. Load average (1 min) before each run beside it. Figures
are printed, never asserted. Session 12 (2 cores, load ~2; 2,000 sites, 61 MB, 79,360 learned lines, 52
shards): the fit as a task parameter 72.1 s of finish stage, as a file 11.5 s; outputs byte-identical.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def corpus(path: Path, sites: int, seed: int = 1) -> None:
    rng = random.Random(seed)

    def words(n: int) -> str:
        return "".join(rng.choice(HANZI) for _ in range(n))

    with open(path, "wb") as fh:
        for s in range(sites):
            template = [words(rng.randint(8, 20)) for _ in range(40)]
            for d in range(10):
                body = [words(40) + "。" for _ in range(10)]
                text = "\n".join(template[:20] + body + template[20:])
                fh.write(orjson.dumps({"id": f"s{s}-{d}", "url": f"https://www.site{s}.com/p/{d}", "text": text}))
                fh.write(b"\n")


def run(src: Path, data: Path, config: Path, out: Path) -> dict:
    load = os.getloadavg()[0]
    t = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "flows.cli", "clean", str(data), "--out", str(out), "--config", str(config), "--prefect"]
    subprocess.run(cmd, cwd=src, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t
    report = orjson.loads((out / "report.json").read_bytes())
    return {"wall": wall, "load": load, "learned": report["boilerplate_lines_learned"],
            "shards": report["inputs"]["shards"], "stages": report["timings"]["stage_seconds"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", action="append", help="source tree(s) to run (default: this one)")
    ap.add_argument("--sites", type=int, default=800)
    ap.add_argument("--shard-mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    sources = [Path(s).resolve() for s in (a.src or [str(ROOT)])]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, config = tmp / "sites.jsonl", tmp / "config.toml"
        corpus(data, a.sites)
        config.write_text(f"[input]\nshard_bytes = {int(a.shard_mb * 2**20)}\n[dedup]\nenabled = false\n", encoding="utf-8")
        print(f"{a.sites} sites, {data.stat().st_size / 1e6:.1f} MB, {a.shard_mb:g} MiB shards")
        print(f"{'source':<28}{'learned':>9}{'shards':>8}{'wall s':>8}{'prepare':>9}{'finish':>8}{'per shard':>10}  load")
        for _ in range(a.repeat):
            for src in sources:
                r = run(src, data, config, tmp / "out")
                st = r["stages"]
                print(f"{str(src)[-28:]:<28}{r['learned']:9d}{r['shards']:8d}{r['wall']:8.1f}{st['prepare']:9.1f}"
                      f"{st['finish']:8.1f}{st['finish'] / r['shards']:10.2f}  {r['load']:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
