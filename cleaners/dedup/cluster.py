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
from numba import njit

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
    if n == 0:
        return Resolution(keeper, [])
    best = _group_survivors(group, fixed, rank)
    g_fixed = np.zeros(len(best), dtype=bool)
    np.logical_or.at(g_fixed, group, fixed)
    near_g = group[np.asarray(near, dtype=np.int64).reshape(-1, 2)]
    cont_g = group[np.asarray(contained, dtype=np.int64).reshape(-1, 2)]
    into, how = greedy(near_g, cont_g, g_fixed, rank[best])  # per group: the kept group it goes to, relation

    code = np.zeros(n, dtype=np.int8)  # 0: kept, 1: near-duplicate, 2: contained
    rows = np.arange(n)
    copies = (np.bincount(group)[group] > 1) & ~fixed & (best[group] != rows) & (into[group] < 0)
    keeper[copies], code[copies] = best[group[copies]], 1  # exact copies of a kept row
    gone = into[group] >= 0  # a dropped group has no fixed row
    keeper[gone], code[gone] = best[into[group[gone]]], how[group[gone]]
    names = ("", NEAR, CONTAINED)
    return Resolution(keeper, [names[c] for c in code.tolist()])


def greedy(near: np.ndarray, contained: np.ndarray, fixed: np.ndarray,
           rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Greedy survivors over groups (module docstring): per group, the kept group it is dropped into (-1:
    not dropped) and how (1 near-duplicate, 2 contained). Adjacency as CSR arrays and the loop compiled
    (numba): a few bytes an edge, where dicts of lists of Python ints took ~80 bytes an edge and ~300 a node."""
    g = len(fixed)
    near = near[near[:, 0] != near[:, 1]]
    contained = contained[contained[:, 0] != contained[:, 1]]
    if len(contained):
        contained = np.unique(contained, axis=0)  # each (small, big) once
    nb_ptr, nb = _csr(np.concatenate([near[:, 0], near[:, 1]]), np.concatenate([near[:, 1], near[:, 0]]), g)
    in_ptr, inside = _csr(contained[:, 1], contained[:, 0], g)  # big -> the groups contained in it
    both_free = ~fixed[contained[:, 0]] & ~fixed[contained[:, 1]]
    waiting = np.bincount(contained[both_free, 0], minlength=g).astype(np.int64)  # containers not taken yet
    node = (np.diff(nb_ptr) > 0) | (np.diff(in_ptr) > 0) | (waiting > 0)
    fixed_nodes = np.flatnonzero(node & fixed)
    fixed_nodes = fixed_nodes[np.argsort(rank[fixed_nodes], kind="stable")]
    ready = np.flatnonzero(node & ~fixed & (waiting == 0))
    into = np.full(g, -1, dtype=np.int64)
    how = np.zeros(g, dtype=np.int8)
    _greedy_loop(nb_ptr, nb, in_ptr, inside, fixed, rank.astype(np.int64), waiting, fixed_nodes, ready, into, how)
    return into, how


def _csr(src: np.ndarray, dst: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Adjacency lists of `src -> dst` over 0..n-1 as (indptr, indices)."""
    order = np.argsort(src, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
    return ptr, np.ascontiguousarray(dst[order], dtype=np.int64)


@njit(cache=True, nogil=True)
def _greedy_loop(nb_ptr, nb, in_ptr, inside, fixed, rank, waiting, fixed_nodes, ready, into, how) -> None:
    kept = np.zeros(len(fixed), dtype=np.bool_)

    def keep(x):
        kept[x] = True
        for k in range(nb_ptr[x], nb_ptr[x + 1]):
            h = nb[k]
            if not kept[h] and into[h] < 0 and not fixed[h]:
                into[h], how[h] = x, 1
        for k in range(in_ptr[x], in_ptr[x + 1]):
            h = inside[k]
            if not kept[h] and into[h] < 0 and not fixed[h]:
                into[h], how[h] = x, 2

    for x in fixed_nodes:  # published: always kept, and taken first
        keep(x)
    heap = [(rank[x], x) for x in ready]
    heapq.heapify(heap)
    while len(heap):
        _, x = heapq.heappop(heap)
        if into[x] < 0:
            keep(x)
        for k in range(in_ptr[x], in_ptr[x + 1]):  # a contained group is taken once all its containers are
            h = inside[k]
            if waiting[h] > 0:
                waiting[h] -= 1
                if waiting[h] == 0:
                    heapq.heappush(heap, (rank[h], h))
