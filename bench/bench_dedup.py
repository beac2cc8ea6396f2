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
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_corpus import ROOT, cleaned_corpus, metrics, read_rows  # noqa: E402

from cleaners.dedup.cluster import UnionFind  # noqa: E402

OUT = ROOT / "bench" / "out"
DATATROVE_SITE = OUT / "datatrove-site"
METHODS = ["zhclean", "zhclean+datasketch-lsh", "datasketch", "rensa", "datatrove"]
THRESHOLD, NUM_PERM, N = 0.6, 128, 5


# Methods (run in a child process) ----------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, Any]]:
    with open(path, "rb") as fh:
        return [orjson.loads(line) for line in fh]


def run_zhclean(path: Path, datasketch_lsh: bool = False) -> dict[str, str]:
    from cleaners import load_config
    from cleaners.dedup import Deduplicator, DedupParams, sketch_rows
    from cleaners.dedup.candidates import datasketch_candidates

    params = DedupParams.from_config(load_config())
    sketches = sketch_rows(_rows(path), params)
    dedup = Deduplicator(params, datasketch_candidates) if datasketch_lsh else Deduplicator(params)
    return {d["id"]: d["duplicate_of"] for d in dedup.run(sketches).duplicates}


def _shingles(text: str) -> list[str]:
    from cleaners.dedup import normalise

    norm = "".join(map(chr, normalise(text)))
    return [norm[i : i + N] for i in range(len(norm) - N + 1)]


def _most_complete(rows: list[dict[str, Any]], edges: list[tuple[int, int]]) -> dict[str, str]:
    """Union-find over verified pairs and the same keep policy as zhclean (most CJK, fewest removed, id)."""
    from cleaners.dedup import normalise
    from cleaners.dedup.sketch import cjk_count

    uf = UnionFind(len(rows))
    for a, b in edges:
        uf.union(a, b)
    best: dict[int, tuple] = {}
    for i, r in enumerate(rows):
        key = (-cjk_count(normalise(r["text"])), r["removed_chars"], r["id"], i)
        root = uf.find(i)
        best[root] = min(best.get(root, key), key)
    return {r["id"]: rows[best[uf.find(i)][3]]["id"] for i, r in enumerate(rows) if best[uf.find(i)][3] != i}


def run_datasketch(path: Path) -> dict[str, str]:
    from datasketch import MinHash, MinHashLSH

    rows = _rows(path)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    sigs = []
    for i, r in enumerate(rows):
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in _shingles(r["text"])])
        sigs.append(m)
        lsh.insert(i, m)
    edges = [(i, j) for i, m in enumerate(sigs) for j in lsh.query(m) if i < j and m.jaccard(sigs[j]) >= THRESHOLD]
    return _most_complete(rows, edges)


def run_rensa(path: Path) -> dict[str, str]:
    from rensa import RMinHash, RMinHashLSH

    rows = _rows(path)
    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, 32)
    sigs = []
    for i, r in enumerate(rows):
        m = RMinHash(NUM_PERM, 1)
        m.update(_shingles(r["text"]))
        sigs.append(m)
        lsh.insert(i, m)
    edges = [(i, j) for i, m in enumerate(sigs) for j in lsh.query(m) if i < j and m.jaccard(sigs[j]) >= THRESHOLD]
    return _most_complete(rows, edges)


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

    rows = _rows(path)
    config = MinhashConfig(n_grams=N, num_buckets=16, hashes_per_bucket=8)
    with tempfile.TemporaryDirectory() as tmp:
        docs = (Document(text=r["text"], id=r["id"]) for r in rows)
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
                out[rows[i]["id"]] = rows[kept[0]]["id"]
    return out


def child(method: str, path: Path, result: Path) -> None:
    runners = {"zhclean": run_zhclean, "zhclean+datasketch-lsh": lambda p: run_zhclean(p, datasketch_lsh=True),
               "datasketch": run_datasketch, "rensa": run_rensa, "datatrove": run_datatrove}
    started, cpu = time.perf_counter(), time.process_time()
    survivors = runners[method](path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.write_bytes(orjson.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "survivor_of": survivors}))


# Parent: corpus, one child per method, the table --------------------------------------------------------


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
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores; each method single process")
    print("MB/s = MB per wall second; MB/cpu-s = MB per CPU second of the process (per core, load-independent)")
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
    print(f"load after: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
