"""The dedup reduce: exact groups, LSH candidates, verification, containment, keep policy -> duplicates.

New documents are deduplicated among themselves and against `old` (documents already published and
indexed). Old documents are never dropped: a new copy that the keep policy would have preferred is dropped
anyway and its row says so (`better_copy: true`), because an earlier run's output cannot change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cleaners.dedup.candidates import candidate_windows, pack, unpack
from cleaners.dedup.cluster import CONTAINED, NEAR, resolve
from cleaners.dedup.mapped import release, trim_heap
from cleaners.dedup.params import DedupParams
from cleaners.dedup.policy import get_policy
from cleaners.dedup.sketch import Sketches

VERIFY_CHUNK = 4096  # candidate pairs compared per numpy block: 4 MiB of signatures at 128 permutations
# (full, head, is_new, params, member rows) -> windows of candidate pairs, packed or (E, 2) rows
Candidates = Callable[[np.ndarray, np.ndarray, np.ndarray, DedupParams, np.ndarray], Iterable[np.ndarray]]
# (sketches, is_new, member rows, seconds) -> the verified edges and the number of pairs verified: the
# candidates and verification done elsewhere (flows/dedup_stage.py: by groups of bands on the workers)
Edges = Callable[[Sketches, np.ndarray, np.ndarray, dict[str, float]], tuple["Verdicts", int]]


@dataclass
class Verdicts:
    """Verified edges: near-duplicate pairs (a, b) and containment pairs (small, big)."""

    near: np.ndarray
    contained: np.ndarray


@dataclass
class Reduction:
    """What `Deduplicator.reduce` finds: rows for duplicates.jsonl, the rows that survive (new, not dropped,
    not indexed before: to add to the index) and figures for report.json."""

    duplicates: list[dict[str, Any]]
    survivors: np.ndarray
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class DedupResult:
    """Rows for duplicates.jsonl, the new survivors to add to the index, and figures for report.json."""

    duplicates: list[dict[str, Any]]
    survivors: Sketches
    stats: dict[str, Any] = field(default_factory=dict)


def compare(sig: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: permutations where the minima are equal, where a's is smaller, where b's is smaller."""
    eq, a_less, b_less = (np.empty(len(a), dtype=np.int64) for _ in range(3))
    for s in range(0, len(a), VERIFY_CHUNK):
        sa, sb = sig[a[s : s + VERIFY_CHUNK]], sig[b[s : s + VERIFY_CHUNK]]
        release(sig)  # memory-mapped signatures: the block's pages leave the process's RSS
        eq[s : s + len(sa)] = (sa == sb).sum(axis=1)
        a_less[s : s + len(sa)] = (sa < sb).sum(axis=1)
        b_less[s : s + len(sa)] = (sb < sa).sum(axis=1)
    return eq, a_less, b_less


def containment(eq: np.ndarray, less: np.ndarray) -> np.ndarray:
    """|A ∩ B| / |A| estimated from signatures: the union's minimum lies in A∩B (eq) or in A \\ B (less)."""
    return np.where(eq + less > 0, eq / np.maximum(eq + less, 1), 0.0)


def verify(sig: np.ndarray, chars: np.ndarray, pairs: np.ndarray, params: DedupParams) -> Verdicts:
    """Keep candidate pairs where one side alone is contained in the other, or that are near (Jaccard), from
    the rows' signatures `sig` and normalised lengths `chars`. `pairs`: (E, 2) rows or packed (a << 32 | b,
    unpacked a block at a time). A block of VERIFY_CHUNK pairs at a time: no per-pair figures are held for
    all pairs."""
    ct = params.containment_threshold
    near, a_in_b, b_in_a = [np.empty((0, 2), dtype=np.int64)], [], []
    for s in range(0, len(pairs), VERIFY_CHUNK):
        chunk = pairs[s : s + VERIFY_CHUNK]
        chunk = unpack(chunk) if chunk.ndim == 1 else chunk
        a, b = chunk[:, 0], chunk[:, 1]
        eq, a_less, b_less = compare(sig, a, b)
        in_b = (eq + a_less >= params.containment_min_samples) & (containment(eq, a_less) >= ct)
        in_a = (eq + b_less >= params.containment_min_samples) & (containment(eq, b_less) >= ct)
        ab = in_b & ~in_a & (chars[a] < chars[b])  # one-sided: a truncated copy, not an edited one
        ba = in_a & ~in_b & (chars[b] < chars[a])
        near.append(chunk[(eq / params.num_perm >= params.threshold) & ~ab & ~ba])
        a_in_b.append(chunk[ab])
        b_in_a.append(chunk[ba][:, ::-1])
    return Verdicts(np.concatenate(near), np.concatenate([np.empty((0, 2), dtype=np.int64), *a_in_b, *b_in_a]))


def verify_windows(sig: np.ndarray, chars: np.ndarray, windows: Iterator[np.ndarray], params: DedupParams,
                   seconds: dict[str, float]) -> tuple[Verdicts, int]:
    """`verify` over each window of candidate pairs (packed or (E, 2) rows) as it comes, its verified edges
    merged into the edges so far at once (`EdgeSet`: each edge once, 8 bytes; a pair found again in a later
    window is verified again, its edge kept once), in the order `merge_verdicts` gives (one window of sorted
    pairs: verify's own order, the same). Also the number of pairs verified (the unique pairs when one window
    held them all); `seconds` gets "candidates" and "verify"."""
    edges, n_pairs = EdgeSet(), 0
    seconds["candidates"] = seconds["verify"] = 0.0
    while True:
        t = time.perf_counter()
        window = next(windows, None)
        seconds["candidates"] += time.perf_counter() - t
        if window is None:
            break
        t = time.perf_counter()
        n_pairs += len(window)
        edges.add(verify(sig, chars, window, params))
        del window  # before the next window is made
        seconds["verify"] += time.perf_counter() - t
    trim_heap()  # what the bands and windows left freed
    return edges.verdicts(), n_pairs


class EdgeSet:
    """Verified edges gathered from windows of pairs (or groups of bands), each edge once, as sorted packed
    keys (a << 32 | b: 8 bytes an edge, where the windows' (E, 2) int64 rows found again and again took 16
    each time): near pairs, containments found as (small, big) with small < big (forward) and those found as
    (big, small) (backward, kept by the pair (a, b) they came from)."""

    def __init__(self) -> None:
        self.near = self.forward = self.backward = np.empty(0, dtype=np.uint64)

    def add(self, found: Verdicts) -> None:
        both = found.contained.reshape(-1, 2)
        self.near = _union(self.near, pack(found.near.reshape(-1, 2)))
        self.forward = _union(self.forward, pack(both[both[:, 0] < both[:, 1]]))
        self.backward = _union(self.backward, pack(both[both[:, 0] > both[:, 1]][:, ::-1]))

    def verdicts(self) -> Verdicts:
        """The edges in the order one `verify` of all their unique pairs gives: near and one-sided
        containments by pair, then the reversed ones."""
        contained = np.concatenate([unpack(self.forward), unpack(self.backward)[:, ::-1]])
        return Verdicts(unpack(self.near), np.ascontiguousarray(contained))


def _union(kept: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The sorted distinct keys of both (`kept` sorted distinct already): a stable sort of two sorted runs
    (a merge), then the repeats out."""
    if len(new) == 0:
        return kept
    both = np.concatenate([kept, new])
    both.sort(kind="stable")
    return both[np.r_[True, both[1:] != both[:-1]]]


def merge_verdicts(parts: list[Verdicts]) -> Verdicts:
    """The edges of several windows of pairs (or groups of bands): each edge once, in the order one `verify`
    of all their unique pairs gives (near and one-sided containments by pair, then the reversed ones), so
    that how the pairs were split changes nothing downstream."""
    edges = EdgeSet()
    for part in parts:
        edges.add(part)
    return edges.verdicts()


def band_edges(sig: np.ndarray, chars: np.ndarray, full: np.ndarray, head: np.ndarray, is_new: np.ndarray,
               members: np.ndarray, params: DedupParams, bands: range,
               seconds: dict[str, float]) -> tuple[Verdicts, int]:
    """The verified edges of the candidate pairs that `bands` (some of the LSH bands) find: what one task of
    a reduce split by band computes (flows/dedup_stage.py); `merge_verdicts` of all the groups' edges is the
    reduce's."""
    windows = candidate_windows(full, head, is_new, params, members, bands)
    return verify_windows(sig, chars, windows, params, seconds)


def id_hashes(ids: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each id of a numpy str (or bytes: UTF-8 ids) array, whatever its width (padding is
    not hashed): equal ids have equal hashes; equal hashes are candidates only, to compare as strings."""
    ids = np.ascontiguousarray(ids)
    h = np.full(len(ids), 0xCBF29CE484222325, dtype=np.uint64)
    if len(ids) == 0 or ids.dtype.itemsize == 0:
        return h
    unit = np.uint8 if ids.dtype.kind == "S" else np.uint32
    for column in ids.view(unit).reshape(len(ids), -1).T:
        mixed = (h ^ column) * np.uint64(0x100000001B3)
        h = np.where(column != 0, mixed, h)
    return h


def id_strings(ids: np.ndarray) -> list[str]:
    """Ids of a numpy str array, or of a bytes array of UTF-8 ids (cleaners.dedup.mapped.compact), as str."""
    if ids.dtype.kind == "S":
        return [i.decode("utf-8", "surrogatepass") for i in ids.tolist()]
    return ids.tolist()


def exact_groups(sk: Sketches) -> tuple[np.ndarray, np.ndarray]:
    """(group of each row, first row of each group) by the hash of the normalised text."""
    keys = np.ascontiguousarray(sk.exact).view(np.dtype((np.void, 16))).ravel()
    _, first, group = np.unique(keys, return_index=True, return_inverse=True)
    return group.ravel(), first


class Deduplicator:
    """Runs the reduce with one set of parameters; see the module docstring for what old documents mean."""

    def __init__(self, params: DedupParams, candidates: Candidates = candidate_windows) -> None:
        self.params = params
        self.policy = get_policy(params.keep_policy)
        self.candidates = candidates  # verified a window at a time: the pairs are never all held

    def run(self, new: Sketches, old: Sketches | None = None) -> DedupResult:
        p = self.params
        old = old if old is not None else Sketches.empty(p.num_perm)
        sk = Sketches.concat([old, new], p.num_perm) if len(old) else new
        out = self.reduce(sk, len(old), new.short)
        return DedupResult(out.duplicates, sk.take(out.survivors), out.stats)

    def reduce(self, sk: Sketches, m: int, short: int, bands: tuple[np.ndarray, np.ndarray] | None = None,
               edges: Edges | None = None) -> Reduction:
        """The reduce over rows `sk`: its first `m` rows indexed before (old), the others new (`short`: new
        documents left out as too short, for the figures). `bands`: the (full, head) signatures for LSH
        banding, if not `sk.sig` and `sk.head` (e.g. band-major memory maps, cleaners/dedup/mapped.py).
        `edges`: finds the verified edges instead of this process (the same edges, however split)."""
        p = self.params
        n = len(sk)
        is_new = np.arange(n) >= m
        seconds: dict[str, float] = {}
        t = time.perf_counter()
        group, first = exact_groups(sk)
        fixed = ~is_new | self._already_indexed(sk, group, m)
        seconds["exact"] = time.perf_counter() - t

        members = np.sort(first)  # one row per exact group
        if edges is not None:
            verdicts, n_pairs = edges(sk, is_new, members, seconds)
        else:
            full, head = bands if bands is not None else (sk.sig, sk.head)
            windows = iter(self.candidates(full, head, is_new, p, members))
            verdicts, n_pairs = verify_windows(sk.sig, sk.chars, windows, p, seconds)

        t = time.perf_counter()
        rank = self.policy(sk)
        res = resolve(verdicts.near, verdicts.contained, fixed, rank, group)
        duplicates = self._rows(sk, res.keeper, res.relation, fixed, rank)
        seconds["cluster"] = time.perf_counter() - t

        dropped = res.keeper >= 0
        survivors = np.flatnonzero(is_new & ~dropped & ~fixed)
        stats = {
            "documents": n - m, "too_short": short, "indexed_before": m,
            "already_indexed": int((fixed & is_new).sum()), "exact_duplicates": int((dropped & (group[np.maximum(res.keeper, 0)] == group)).sum()),
            "candidate_pairs": n_pairs, "near_edges": len(verdicts.near), "contained_edges": len(verdicts.contained),
            "dropped": {NEAR: sum(r == NEAR for r in res.relation), CONTAINED: sum(r == CONTAINED for r in res.relation)},
            "better_copy_dropped": sum(bool(d.get("better_copy")) for d in duplicates),
            "kept_supersets_of_indexed": int(sum(1 for s, b in verdicts.contained if fixed[s] and not fixed[b] and not dropped[b])),
            "seconds": {k: round(v, 4) for k, v in seconds.items()},
        }
        return Reduction(duplicates, survivors, stats)

    @staticmethod
    def _already_indexed(sk: Sketches, group: np.ndarray, m: int) -> np.ndarray:
        """New rows whose id and text are already in the index (a re-run): published, so never dropped."""
        out = np.zeros(len(sk), dtype=bool)
        if m == 0:
            return out
        key = id_hashes(sk.ids) ^ (group.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        maybe = m + np.flatnonzero(np.isin(key[m:], key[:m]))  # then compared exactly, only these
        if len(maybe) == 0:
            return out
        olds = np.flatnonzero(np.isin(key[:m], key[maybe]))
        old = set(zip(group[olds].tolist(), sk.ids[olds].tolist(), strict=True))  # ids: str or UTF-8 bytes
        for row, g, i in zip(maybe.tolist(), group[maybe].tolist(), sk.ids[maybe].tolist(), strict=True):
            out[row] = (g, i) in old
        return out

    def _rows(self, sk: Sketches, keeper: np.ndarray, relation: list[str], fixed: np.ndarray,
              rank: np.ndarray) -> list[dict[str, Any]]:
        """A row for duplicates.jsonl per dropped document, by id. What the rows hold grows with the dropped
        documents (~280 B a row), so they share what they can: one str per kept document however many
        copies it keeps, one float per similarity value."""
        nodes = np.flatnonzero(keeper >= 0)
        nodes = nodes[np.argsort(sk.ids[nodes], kind="stable")]  # by id (UTF-8 bytes sort as the str ids)
        keep = keeper[nodes]
        eq, less, _ = compare(sk.sig, nodes, keep)
        jaccard, contain = eq / self.params.num_perm, containment(eq, less)
        kept, which = np.unique(keep, return_inverse=True)
        kept_names, names = id_strings(sk.ids[kept]), id_strings(sk.ids[nodes])
        values: dict[float, float] = {}
        rows = []
        for i, (node, k) in enumerate(zip(nodes.tolist(), which.tolist(), strict=True)):
            rel = relation[node]
            similarity = round(float(jaccard[i] if rel == NEAR else contain[i]), 4)
            row = {"id": names[i], "duplicate_of": kept_names[k], "similarity": values.setdefault(similarity, similarity),
                   "relation": rel}
            if fixed[keep[i]] and rank[node] < rank[keep[i]]:
                row["better_copy"] = True
            rows.append(row)
        return rows
