"""Throughput, peak memory and F1 of the dedup stage vs peers, all on the same generated corpus in one run.

Each method runs in its own process (clean peak RSS) over the same cleaned JSONL (what the flow's shards
hold after cleaning): read + parse + shingle + signatures + candidates + verification + clustering.

    python bench/bench_dedup.py                                  # >= 50k documents
    python bench/bench_dedup.py --clusters 300 --hard 200 --singletons 600   # seconds
Peers: datasketch (MinHash with its default SHA1 hashing + MinHashLSH), rensa (RMinHash + RMinHashLSH),
datatrove (its four MinHash stages; needs `pip install --target bench/out/datatrove-site datatrove`).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_corpus import ROOT, cleaned_corpus, metrics, read_rows  # noqa: E402

from cleaners.dedup.cluster import UnionFind  # noqa: E402

OUT = ROOT / "bench" / "out"
DATATROVE_SITE = OUT / "datatrove-site"
METHODS = ["zhclean", "zhclean+datasketch-lsh", "datasketch", "rensa", "datatrove"]
from cleaners import load_config  # noqa: E402
from cleaners.dedup import DedupParams  # noqa: E402

_DEFAULTS = DedupParams.from_config(load_config())
THRESHOLD, NUM_PERM, N = _DEFAULTS.threshold, _DEFAULTS.num_perm, _DEFAULTS.shingle_size  # the same for peers


# Methods (run in a child process) ----------------------------------------------------------------------


def _stream(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as fh:
        for line in fh:
            yield orjson.loads(line)


def run_zhclean(path: Path, datasketch_lsh: bool = False) -> dict[str, str]:
    from cleaners import load_config
    from cleaners.dedup import Deduplicator, DedupParams, sketch_rows
    from cleaners.dedup.candidates import datasketch_candidates

    params = DedupParams.from_config(load_config())
    sketches = sketch_rows(_stream(path), params)
    dedup = Deduplicator(params, datasketch_candidates) if datasketch_lsh else Deduplicator(params)
    return {d["id"]: d["duplicate_of"] for d in dedup.run(sketches).duplicates}


def _shingles_and_meta(row: dict[str, Any], meta: list[tuple]) -> list[str]:
    """Character 5-grams of the same normalised text zhclean uses; records (cjk, removed, id) for the policy."""
    from cleaners.dedup.sketch import normalise_counted

    cps, ideographs = normalise_counted(row["text"])
    meta.append((-ideographs, row["removed_chars"], row["id"]))
    norm = "".join(map(chr, cps))
    return [norm[i : i + N] for i in range(len(norm) - N + 1)]


def _most_complete(meta: list[tuple], edges: list[tuple[int, int]]) -> dict[str, str]:
    """Union-find over verified pairs and the same keep policy as zhclean (most CJK, fewest removed, id)."""
    uf = UnionFind(len(meta))
    for a, b in edges:
        uf.union(a, b)
    best: dict[int, int] = {}
    for i, key in enumerate(meta):
        root = uf.find(i)
        if root not in best or key < meta[best[root]]:
            best[root] = i
    return {meta[i][2]: meta[best[uf.find(i)]][2] for i in range(len(meta)) if best[uf.find(i)] != i}


def run_datasketch(path: Path) -> dict[str, str]:
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    lsh, sigs, meta = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM), [], []
    for i, row in enumerate(_stream(path)):
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in _shingles_and_meta(row, meta)])
        sigs.append(LeanMinHash(m))
        lsh.insert(i, sigs[-1])
    edges = [(i, j) for i, m in enumerate(sigs) for j in lsh.query(m) if i < j and m.jaccard(sigs[j]) >= THRESHOLD]
    return _most_complete(meta, edges)


def run_rensa(path: Path) -> dict[str, str]:
    from rensa import RMinHash, RMinHashLSH

    lsh, sigs, meta = RMinHashLSH(THRESHOLD, NUM_PERM, 32), [], []
    for i, row in enumerate(_stream(path)):
        m = RMinHash(NUM_PERM, 1)
        m.update(_shingles_and_meta(row, meta))
        sigs.append(m)
        lsh.insert(i, m)
    edges = [(i, j) for i, m in enumerate(sigs) for j in lsh.query(m) if i < j and m.jaccard(sigs[j]) >= THRESHOLD]
    return _most_complete(meta, edges)


def run_datatrove(path: Path) -> dict[str, str]:
    """datatrove's four MinHash stages over character 5-grams (16 buckets x 8 hashes = 128); keeps its choice."""
    from datatrove.data import Document
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupSignature,
    )
    from datatrove.utils.binaryio import read_tuples_from_file
    from datatrove.utils.word_tokenizers import WordTokenizer

    class Chars(WordTokenizer):
        def word_tokenize(self, text: str) -> list[str]:
            return [c for c in text if not c.isspace()]

        def sent_tokenize(self, text: str) -> list[str]:
            return [text]

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            return [(0, len(text))]

    ids: list[str] = []
    config = MinhashConfig(n_grams=N, num_buckets=16, hashes_per_bucket=8)
    with tempfile.TemporaryDirectory() as tmp:
        docs = (Document(text=r["text"], id=r["id"]) for r in _stream(path) if not ids.append(r["id"]))
        MinhashDedupSignature(f"{tmp}/sigs", config=config, language=Chars()).run(docs, 0, 1)
        for bucket in range(config.num_buckets):
            MinhashDedupBuckets(f"{tmp}/sigs", f"{tmp}/buckets", config=config).run(None, bucket, config.num_buckets)
        MinhashDedupCluster(f"{tmp}/buckets", f"{tmp}/remove", config=config, save_cluster_id=True).run(None, 0, 1)
        with open(f"{tmp}/remove/000000.remove", "rb") as fh:
            data = fh.read()
        removed = set(memoryview(data).cast("I").tolist()) if data else set()
        clusters: dict[int, list[int]] = {}
        if os.path.exists(f"{tmp}/remove/000000.clusters"):
            with open(f"{tmp}/remove/000000.clusters", "rb") as fh:
                for idx, cid in read_tuples_from_file(fh, "2I"):
                    clusters.setdefault(cid, []).append(idx)
    out = {}
    for members in clusters.values():
        kept = [i for i in members if i not in removed]
        for i in members:
            if i in removed and kept:
                out[ids[i]] = ids[kept[0]]
    return out


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: reset by exec, unlike ru_maxrss, which a child inherits from its parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(method: str, path: Path, result: Path) -> None:
    runners = {"zhclean": run_zhclean, "zhclean+datasketch-lsh": lambda p: run_zhclean(p, datasketch_lsh=True),
               "datasketch": run_datasketch, "rensa": run_rensa, "datatrove": run_datatrove}
    started, cpu = time.perf_counter(), time.process_time()
    survivors = runners[method](path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = peak_rss_mb()
    result.write_bytes(orjson.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "survivor_of": survivors}))


# Parent: corpus, one child per method, the table --------------------------------------------------------


def calibration_ms() -> float:
    """A fixed numpy kernel (300k shingles x 128 permutations): compare runs made under different loads."""
    import numpy as np

    rng = np.random.default_rng(0)
    h, a = rng.integers(0, 2**32, 300_000, dtype=np.uint32), rng.integers(0, 2**32, 128, dtype=np.uint32) | 1
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for i in range(0, len(h), 1000):
            np.multiply.outer(a, h[i : i + 1000]).min(axis=1)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def measure(method: str, path: Path, timeout: int) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "RAYON_NUM_THREADS": "1"}
    if method == "datatrove":
        env["PYTHONPATH"] = f"{DATATROVE_SITE}{os.pathsep}{env.get('PYTHONPATH', '')}"
        probe = subprocess.run([sys.executable, "-c", "import datatrove"], env=env, capture_output=True, text=True)
        if probe.returncode != 0:
            return {"error": f"datatrove not importable (pip install --target {DATATROVE_SITE} datatrove failed "
                             f"or was not run): {probe.stderr.strip().splitlines()[-1:]}"}
    with tempfile.NamedTemporaryFile(suffix=".json") as res:
        cmd = [sys.executable, __file__, "--child", method, "--input", str(path), "--result", res.name]
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {timeout}s"}
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
        return orjson.loads(Path(res.name).read_bytes())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clusters", type=int, default=7500)
    ap.add_argument("--hard", type=int, default=5000, help="hard-negative pairs")
    ap.add_argument("--singletons", type=int, default=17000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per method")
    ap.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.input, args.result)
    t = time.perf_counter()
    path = cleaned_corpus(OUT, args.clusters, args.hard, args.singletons, args.seed)
    rows = read_rows(path)
    mb = path.stat().st_size / 1e6
    print(f"corpus: {len(rows)} cleaned documents, {mb:.1f} MB JSONL ({path.name}; ready in {time.perf_counter() - t:.0f}s)")
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores; each method single process; "
          f"calibration kernel {calibration_ms():.1f} ms")
    print("MB/s = MB per wall second; MB/cpu-s = MB per CPU second of the process (per core; less load-bound)")
    print(f"{'method':<24}{'docs/s':>10}{'MB/s':>8}{'MB/cpu-s':>10}{'peak MB':>9}{'P':>8}{'R':>8}{'F1':>8}{'one-surv':>9}{'complete':>9}{'false-drops':>12}")
    for method in args.methods.split(","):
        res = measure(method, path, args.timeout)
        if "error" in res:
            print(f"{method:<24} not run: {res['error']}")
            continue
        m = metrics(rows, res["survivor_of"])
        s = res["seconds"]
        print(f"{method:<24}{len(rows) / s:>10.0f}{mb / s:>8.2f}{mb / res['cpu']:>10.2f}{res['peak_mb']:>9.0f}{m['precision']:>8.4f}"
              f"{m['recall']:>8.4f}{m['f1']:>8.4f}{m['one_survivor']:>9.3f}{m['most_complete']:>9.3f}"
              f"{m['false_drops']:>6}/{m['singletons']}")
    print(f"load after: {os.getloadavg()[0]:.2f} (1 min); calibration kernel {calibration_ms():.1f} ms")


if __name__ == "__main__":
    main()
