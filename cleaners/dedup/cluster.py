"""From verified edges to survivors: union-find over near-duplicate edges, then containment between clusters.

Containment is directed and never merges clusters: a short excerpt contained in two different reports is
dropped in favour of one of them, and the two reports stay apart. A contained cluster points to a cluster
with strictly more characters, so following the pointers always ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEAR, CONTAINED = "near-duplicate", "contained"


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> np.ndarray:
        return np.array([self.find(x) for x in range(len(self.parent))], dtype=np.int64)


@dataclass
class Resolution:
    """Per node: the survivor it duplicates (-1 if it survives) and how it relates to that survivor."""

    keeper: np.ndarray
    relation: list[str]


def _survivors(cluster: np.ndarray, fixed: np.ndarray, rank: np.ndarray) -> dict[int, int]:
    """The best node of each cluster: an already-published (fixed) node if there is one, else the best rank."""
    order = np.lexsort((rank, ~fixed, cluster))
    first = np.r_[True, cluster[order][1:] != cluster[order][:-1]]
    return {int(cluster[n]): int(n) for n in order[first]}


def _containers(contained: np.ndarray, cluster, fixed, size, surv_rank) -> dict[int, int]:
    """Contained cluster -> the best cluster containing it (strictly larger; never a cluster with fixed nodes)."""
    has_fixed = {int(c) for c in cluster[fixed]}
    best: dict[int, int] = {}
    for small, big in contained:
        cs, cb = int(cluster[small]), int(cluster[big])
        if cs == cb or cs in has_fixed or size[cs] >= size[cb]:
            continue
        if cs not in best or surv_rank[cb] < surv_rank[best[cs]]:
            best[cs] = cb
    return best


def resolve(n: int, near: np.ndarray, contained: np.ndarray, fixed: np.ndarray, rank: np.ndarray,
            chars: np.ndarray) -> Resolution:
    """Survivors of `n` nodes given near edges (a, b) and contained edges (small, big)."""
    keeper = np.full(n, -1, dtype=np.int64)
    relation = [""] * n
    nodes = np.unique(np.concatenate([near.ravel(), contained.ravel()]).astype(np.int64))
    if len(nodes) == 0:
        return Resolution(keeper, relation)
    local = {int(v): i for i, v in enumerate(nodes)}  # only nodes on an edge can lose
    uf = UnionFind(len(nodes))
    for a, b in near:
        uf.union(local[int(a)], local[int(b)])
    cluster = uf.roots()
    lfixed, lrank = fixed[nodes], rank[nodes]
    surv = _survivors(cluster, lfixed, lrank)
    surv_rank = {c: (not lfixed[s], int(lrank[s])) for c, s in surv.items()}
    small_big = np.array([[local[int(a)], local[int(b)]] for a, b in contained], dtype=np.int64).reshape(-1, 2)
    parent = _containers(small_big, cluster, lfixed, _cluster_max(cluster, chars[nodes]), surv_rank)
    for i, node in enumerate(nodes.tolist()):
        own = final = int(cluster[i])
        while final in parent:
            final = parent[final]
        survivor = surv[final]
        if survivor != i and not lfixed[i]:
            keeper[node] = nodes[survivor]
            relation[node] = NEAR if final == own else CONTAINED
    return Resolution(keeper, relation)


def _cluster_max(cluster: np.ndarray, chars: np.ndarray) -> dict[int, int]:
    out: dict[int, int] = {}
    for c, v in zip(cluster.tolist(), chars.tolist(), strict=True):
        if v > out.get(c, -1):
            out[c] = v
    return out
