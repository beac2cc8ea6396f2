"""Memory of the dedup reduce alone (flows.dedup_stage.reduce_sketches) at growing document counts.

Synthetic sketch files stand for the shards' `sketch-NNNNN.npz` (the format `Sketches.save` writes, which
every version of the reduce reads): clusters of copies of a document (exact copies, near copies with 5-30%
of their minima changed, truncated copies whose minima are the original's or larger, so that they are
contained in it) and singletons, ids of 20 characters like the flow's. Each size runs in a fresh process
(`--code DIR` picks the checkout whose reduce runs: compare two commits on the same files):

    python bench/bench_reduce_memory.py                          # 25k, 100k, 400k documents
    python bench/bench_reduce_memory.py --code /tmp/old-checkout --sizes 25000,100000

Per run: documents, candidate pairs, seconds, peak RSS (VmHWM of the child, which starts from exec), the
anonymous part of RSS at its peak (RssAnon of /proc/self/status, sampled every 2 ms by a thread: a spike
shorter than that can be missed; VmHWM cannot) and the file-backed part (RssFile, memory-mapped pages), the
1-minute load average, and a digest of the outputs (duplicates, report without seconds, the survivors'
sketches) that must be equal between two checkouts. The table's growth per document is the slope from the
smallest to the largest size; the 11M column extrapolates the peak linearly along it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "reduce-memory"
SHARD_DOCS = 8192  # documents a sketch file: ~ a 64 MiB shard of the flow at 9 KB a document
TARGET = 11_000_000  # documents in 100 GB of input at 9.1 KB a document


# Synthetic sketch files --------------------------------------------------------------------------------


def make_sketches(n: int, seed: int, directory: Path, num_perm: int = 128, copies: int = 4) -> list[Path]:
    """`n` documents in sketch files of SHARD_DOCS (cached by size, seed and copies): 40% of the originals
    have 1 to `copies` copies."""
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from cleaners.dedup.sketch import Sketches

    directory = directory / (f"n{n}-seed{seed}-v1" + (f"-copies{copies}" if copies != 4 else ""))
    done = directory / "done"
    if done.exists():
        return sorted(directory.glob("sketch-*.npz"))
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    top = np.uint64(1 << 32)
    sig = np.empty((n, num_perm), dtype=np.uint32)
    head = np.empty((n, num_perm), dtype=np.uint32)
    exact = rng.integers(0, 2**63, size=(n, 2), dtype=np.uint64)
    i = 0
    while i < n:
        base_sig = rng.integers(0, top, num_perm, dtype=np.uint64).astype(np.uint32)
        base_head = np.maximum(base_sig, rng.integers(0, top, num_perm, dtype=np.uint64).astype(np.uint32))
        sig[i], head[i] = base_sig, base_head
        size = 1 if rng.random() < 0.6 else int(rng.integers(2, copies + 2))  # 40% of originals have copies
        for j in range(i + 1, min(i + size, n)):
            kind = rng.random()
            if kind < 0.2:  # exact copy
                sig[j], head[j], exact[j] = base_sig, base_head, exact[i]
            elif kind < 0.8:  # near copy: 5-30% of the minima changed
                for target, base in ((sig, base_sig), (head, base_head)):
                    target[j] = base
                    changed = rng.random(num_perm) < rng.uniform(0.05, 0.3)
                    target[j, changed] = rng.integers(0, top, int(changed.sum()), dtype=np.uint64)
            else:  # truncated copy: the original's minimum where it lies in the kept part, else a larger one
                lost = rng.random(num_perm) < rng.uniform(0.3, 0.6)
                bigger = base_sig.astype(np.uint64) + rng.integers(1, top, num_perm, dtype=np.uint64)
                sig[j] = np.where(lost, np.minimum(bigger, top - np.uint64(1)), base_sig).astype(np.uint32)
                head[j] = base_head
        i += size
    order = rng.permutation(n)  # copies spread over the shards
    chars = rng.integers(200, 5000, n)
    cjk = (chars * rng.uniform(0.5, 1.0, n)).astype(np.int64)
    removed = rng.integers(0, 500, n)
    mixed = np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # unique, in no particular order
    ids = np.array([f"{k // SHARD_DOCS:03d}_{int(h):016x}" for k, h in enumerate(mixed)], dtype=str)
    for s, start in enumerate(range(0, n, SHARD_DOCS)):
        rows = order[start : start + SHARD_DOCS]
        Sketches(ids[start : start + len(rows)], sig[rows], head[rows], exact[rows], cjk[rows], chars[rows],
                 removed[rows]).save(directory / f"sketch-{s:05d}.npz")
    done.write_text("")
    return sorted(directory.glob("sketch-*.npz"))


# Child: one reduce, measured ---------------------------------------------------------------------------


def _status() -> dict[str, int]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(value.split()[0]) * 1024
    return out


def child(paths: list[str], workdir: str, result: str) -> None:
    import hashlib
    import threading

    import numpy as np
    import orjson

    from cleaners.dedup import DedupParams
    from flows.dedup_stage import reduce_sketches

    peaks = {"RssAnon": 0, "RssFile": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            now = _status()
            for key in peaks:
                peaks[key] = max(peaks[key], now[key])
            time.sleep(0.002)

    before = _status()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    outcome = reduce_sketches(paths, DedupParams(), None, Path(workdir))
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    after = _status()
    report = {k: v for k, v in outcome.report.items() if k != "seconds"}
    digest = hashlib.sha256(orjson.dumps(outcome.duplicates) + orjson.dumps(report, option=orjson.OPT_SORT_KEYS))
    with np.load(outcome.pending) as data:
        for name in sorted(data.files):
            values = data[name]
            digest.update(name.encode() + str(values.shape).encode() + values.astype(values.dtype.newbyteorder("<")).tobytes())
    files = {p.name: p.stat().st_size for p in Path(workdir).iterdir() if p.suffix in (".npy", ".npz")}
    Path(result).write_bytes(orjson.dumps({
        "seconds": seconds, "before": before, "after": after, "peaks": peaks, "pairs": report["candidate_pairs"],
        "documents": report["documents"], "duplicates": len(outcome.duplicates), "digest": digest.hexdigest()[:16],
        "work_files": files, "stage_seconds": outcome.report["seconds"],
    }))


def _stages(res: dict) -> str:
    st = res["stage_seconds"]
    return "/".join(f"{st[k]:.1f}" if k in st else "-" for k in ("load", "candidates", "verify", "cluster", "survivors"))


def measure(code: Path, paths: list[Path], timeout: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory(dir=OUT) as work:
        result = Path(work) / "result.json"
        load = os.getloadavg()[0]
        cmd = [sys.executable, __file__, "--child", str(result), "--workdir", work, *map(str, paths)]
        proc = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]}
        return {**json.loads(result.read_text()), "load": (load + os.getloadavg()[0]) / 2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="25000,100000,400000")
    ap.add_argument("--code", type=Path, action="append", help="checkout(s) whose reduce runs (default: this one)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copies", type=int, default=4, help="most copies of an original (more: more pairs)")
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.paths, args.workdir, args.child)
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    codes = args.code or [ROOT]
    mib = 1 << 20
    print(f"{os.cpu_count()} cores; RssAnon sampled every 2 ms; MiB = 2^20 bytes; B/doc = slope smallest -> largest")
    for code in codes:
        rev = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(code), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        print(f"\n{code} ({rev.stdout.strip()}{' + uncommitted changes' if dirty else ''})")
        print(f"{'docs':>8}{'pairs':>9}{'dups':>8}{'seconds':>9}{'load':>6}{'VmHWM':>8}{'+reduce':>9}{'RssAnon':>9}"
              f"{'+reduce':>9}{'RssFile':>9}{'work MiB':>9}  digest            seconds: load/candidates/verify/cluster/survivors")
        runs = []
        for n in sizes:
            paths = make_sketches(n, args.seed, OUT, copies=args.copies)
            res = measure(code, paths, args.timeout)
            if "error" in res:
                print(f"{n:>8} failed: {res['error']}")
                continue
            runs.append(res)
            b, p = res["before"], res["peaks"]
            hwm = max(res["after"]["VmHWM"], b["VmHWM"])
            anon = max(p["RssAnon"], res["after"]["RssAnon"])
            res["hwm"], res["anon"] = hwm, anon
            print(f"{res['documents']:>8}{res['pairs']:>9}{res['duplicates']:>8}{res['seconds']:>9.1f}{res['load']:>6.2f}"
                  f"{hwm / mib:>8.0f}{(hwm - b['VmRSS']) / mib:>9.0f}{anon / mib:>9.0f}{(anon - b['RssAnon']) / mib:>9.0f}"
                  f"{p['RssFile'] / mib:>9.0f}{sum(res['work_files'].values()) / mib:>9.0f}  {res['digest']}  {_stages(res)}")
        if len(runs) >= 2:
            lo, hi = runs[0], runs[-1]
            docs = hi["documents"] - lo["documents"]
            for label, key in (("VmHWM", "hwm"), ("RssAnon", "anon")):
                slope = (hi[key] - lo[key]) / docs
                at = lo[key] + slope * (TARGET - lo["documents"])
                print(f"{label}: +{slope:,.0f} B a document from {lo['documents']:,} to {hi['documents']:,} documents; "
                      f"at {TARGET:,} documents ~{at / 2**30:,.1f} GiB")
            print(f"candidate pairs: {hi['pairs'] / hi['documents']:.2f} a document at {hi['documents']:,}; "
                  f"seconds: {lo['seconds'] / lo['documents'] * 1e6:.0f} -> {hi['seconds'] / hi['documents'] * 1e6:.0f} µs a document")


if __name__ == "__main__":
    main()
