"""From verified edges to survivors: a document is dropped only in favour of a kept document it was verified
against directly (a near-duplicate of it, or contained in it), never through a chain of them.

Near-duplicate is not transitive: in a chain A~B~C~D of reposts each shifted by a paragraph, A and D share
almost nothing, and union-find over the edges would drop A in favour of D. Instead the survivors are chosen
greedily: documents are taken in keep-policy order (documents already published first, they always stay),
the first one not yet dropped is kept and drops its verified neighbours that are not decided yet, and so on.
A document whose verified neighbours were all dropped before it is reached is kept. Containment is directed
(only the shorter side, a truncated copy, can go): a document is taken only after every document that
contains it, so an excerpt goes to a fuller copy that is kept rather than surviving for its rank. An excerpt
contained in two reports goes to one of them, and both reports stay.

Exact duplicates (same normalised text) act as one node: only one row per group was compared, and every row
of the group has the same signature, so what is verified for that row holds for the others.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

NEAR, CONTAINED = "near-duplicate", "contained"


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving (bench/bench_dedup.py clusters its peers with it)."""

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


def _group_survivors(group: np.ndarray, fixed: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The row standing for each exact group: a published (fixed) row if there is one, else the best rank."""
    order = np.lexsort((rank, ~fixed, group))
    first = np.r_[True, group[order][1:] != group[order][:-1]]
    best = np.empty(int(group.max()) + 1, dtype=np.int64)
    best[group[order][first]] = order[first]
    return best


def resolve(near: np.ndarray, contained: np.ndarray, fixed: np.ndarray, rank: np.ndarray,
            group: np.ndarray) -> Resolution:
    """Survivors of the rows given verified near edges (a, b) and contained edges (small, big) between rows
    standing for their exact groups (`group`: the exact group of each row). Fixed rows always survive."""
    n = len(rank)
    keeper = np.full(n, -1, dtype=np.int64)
    relation = [""] * n
    if n == 0:
        return Resolution(keeper, relation)
    best = _group_survivors(group, fixed, rank)
    g_fixed = np.zeros(len(best), dtype=bool)
    np.logical_or.at(g_fixed, group, fixed)
    near_g = group[np.asarray(near, dtype=np.int64).reshape(-1, 2)]
    cont_g = group[np.asarray(contained, dtype=np.int64).reshape(-1, 2)]
    dropped_into = _greedy(near_g, cont_g, g_fixed, rank[best])  # group -> (keeping group, relation)

    sizes = np.bincount(group)
    for row in np.flatnonzero((sizes[group] > 1) & ~fixed).tolist():  # exact copies of a kept row
        g = int(group[row])
        if best[g] != row and g not in dropped_into:
            keeper[row], relation[row] = best[g], NEAR
    members = {int(g): [] for g in dropped_into}
    for row in np.flatnonzero(np.isin(group, list(members))).tolist():
        members[int(group[row])].append(row)
    for g, (k, rel) in dropped_into.items():
        for row in members[g]:  # a dropped group has no fixed row
            keeper[row], relation[row] = best[k], rel
    return Resolution(keeper, relation)


def _greedy(near: np.ndarray, contained: np.ndarray, fixed: np.ndarray,
            rank: np.ndarray) -> dict[int, tuple[int, str]]:
    """Greedy survivors over groups (module docstring): dropped group -> (the kept group it goes to, relation)."""
    neighbours: dict[int, list[int]] = {}
    for a, b in near.tolist():
        if a != b:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    inside: dict[int, list[int]] = {}  # big -> the groups contained in it
    waiting: dict[int, int] = {}  # small -> containers not taken yet
    for small, big in {(s, b) for s, b in contained.tolist() if s != b}:
        inside.setdefault(big, []).append(small)
        if not fixed[small] and not fixed[big]:
            waiting[small] = waiting.get(small, 0) + 1
    nodes = set(neighbours) | set(inside) | set(waiting)
    dropped: dict[int, tuple[int, str]] = {}
    kept: set[int] = set()

    def keep(g: int) -> None:
        kept.add(g)
        for h in neighbours.get(g, ()):
            if h not in kept and h not in dropped and not fixed[h]:
                dropped[h] = (g, NEAR)
        for h in inside.get(g, ()):
            if h not in kept and h not in dropped and not fixed[h]:
                dropped[h] = (g, CONTAINED)

    for g in sorted((g for g in nodes if fixed[g]), key=lambda g: rank[g]):
        keep(g)  # published: always kept, and taken first
    heap = [(int(rank[g]), g) for g in nodes if not fixed[g] and g not in waiting]
    heapq.heapify(heap)
    while heap:
        _, g = heapq.heappop(heap)
        if g not in dropped:
            keep(g)
        for h in inside.get(g, ()):  # a contained group is taken once all its containers are
            if h in waiting:
                waiting[h] -= 1
                if waiting[h] == 0:
                    del waiting[h]
                    heapq.heappush(heap, (int(rank[h]), h))
    return dropped
