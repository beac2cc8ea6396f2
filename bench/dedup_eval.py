"""Dedup quality on a generated labelled set: P/R/F1, cluster figures, false drops, and curves over settings.

    python bench/dedup_eval.py                      # 300 clusters, 200 hard-negative pairs, 600 singletons
    python bench/dedup_eval.py --clusters 30 --hard 20 --singletons 60   # seconds
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_corpus import ROOT, cleaned_corpus, metrics, read_rows, survivors_from_duplicates  # noqa: E402

from cleaners import load_config  # noqa: E402
from cleaners.dedup import Deduplicator, DedupParams, sketch_rows  # noqa: E402

OUT = ROOT / "bench" / "out"
THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9]
CONTAINMENT = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
BANDINGS = [(9, 13), (16, 8), (21, 6), (32, 4), (42, 3)]  # 64 x 2: 114x the candidates of 32 x 4 at 2k docs


def evaluate(rows, sketches, params: DedupParams) -> dict:
    result = Deduplicator(params).run(sketches)
    out = metrics(rows, survivors_from_duplicates(result.duplicates))
    out["candidates"] = result.stats["candidate_pairs"]
    return out


def margins(rows, sketches, params: DedupParams) -> str:
    """Estimated Jaccard of LSH candidate pairs: the same cluster (low end) vs different labels (high end)."""
    import numpy as np

    from cleaners.dedup.candidates import candidate_pairs
    from cleaners.dedup.engine import compare

    pairs = candidate_pairs(sketches.sig, sketches.head, np.ones(len(sketches), bool), params)
    jaccard = compare(sketches.sig, pairs[:, 0], pairs[:, 1])[0] / params.num_perm
    label = {r["id"]: r["label"] for r in rows}
    kind = {r["id"]: r["kind"] for r in rows}
    ids = sketches.ids
    same = np.array([label[ids[a]] == label[ids[b]] for a, b in pairs])
    full = np.array([kind[ids[a]] != "truncated" and kind[ids[b]] != "truncated" for a, b in pairs])
    dup, neg = jaccard[same & full], jaccard[~same]
    return (f"candidate Jaccard: same cluster, no truncated copy (n={len(dup)}): min {dup.min():.3f} "
            f"p1 {np.quantile(dup, 0.01):.3f} median {np.median(dup):.3f}; different labels (n={len(neg)}): "
            f"max {neg.max(initial=0):.3f} p99 {np.quantile(neg, 0.99) if len(neg) else 0:.3f}")


def line(name: str, m: dict) -> str:
    return (f"{name:<22} P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f} "
            f"one-survivor={m['one_survivor']:.3f} most-complete={m['most_complete']:.3f} "
            f"false-drops={m['false_drops']}/{m['singletons']} candidates={m['candidates']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clusters", type=int, default=300)
    ap.add_argument("--hard", type=int, default=200, help="hard-negative pairs")
    ap.add_argument("--singletons", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    t = time.perf_counter()
    rows = read_rows(cleaned_corpus(OUT, args.clusters, args.hard, args.singletons, args.seed))
    base = DedupParams.from_config(load_config())
    sketches = sketch_rows(rows, base)
    kinds = Counter(r["kind"] for r in rows)
    print(f"labelled set: {len(rows)} cleaned documents ({dict(sorted(kinds.items()))}); "
          f"generated+cleaned+sketched in {time.perf_counter() - t:.1f}s")
    print(line("default settings", evaluate(rows, sketches, base)))
    print(margins(rows, sketches, base))
    print("\nJaccard threshold (near duplicates; containment fixed):")
    for th in THRESHOLDS:
        print(line(f"  threshold={th}", evaluate(rows, sketches, dataclasses.replace(base, threshold=th))))
    print("\ncontainment threshold (truncated copies; Jaccard fixed):")
    for ct in CONTAINMENT:
        print(line(f"  containment={ct}", evaluate(rows, sketches, dataclasses.replace(base, containment_threshold=ct))))
    print("\nbanding (bands x rows; verification unchanged):")
    for b, r in BANDINGS:
        print(line(f"  {b} x {r}", evaluate(rows, sketches, dataclasses.replace(base, bands=b, rows=r))))
    no_head = dataclasses.replace(base, head_share=1.0)
    print(line("\nwithout head signature", evaluate(rows, sketch_rows(rows, no_head), no_head)))


if __name__ == "__main__":
    main()
