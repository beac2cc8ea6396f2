"""LSH candidate pairs by banding signatures, vectorised; `datasketch_pairs` is the reference it must equal.

A pair is a candidate when one band (`rows` consecutive signature values) of either document's full or head
signature equals the same band of the other's. Buckets larger than `max_bucket` link each member to the
bucket's first member only (a star), so a hot bucket costs O(size), not O(size^2).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from datasketch import MinHashLSH

from cleaners.dedup.mapped import release
from cleaners.dedup.params import DedupParams
from cleaners.dedup.sketch import U64, Signer

_MIX = U64(0x9E3779B97F4A7C15)
# Packed pairs gathered across bands before they are deduplicated and verified, a window at a time: the reduce
# of the 512 MB bench_flow corpus (55,593 documents, 2.96M unique pairs) peaks at +179 MiB of anonymous memory
# with one window (8M), +55 MiB with these, verifying 1.8% more pairs (those found again) in the same 6 s.
COMPACT_AT = 1 << 19


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting (numpy 2.4's hash-table unique was ~10x slower on these keys)."""
    values.sort()
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def band_key(sig: np.ndarray, members: np.ndarray, band: int, rows: int) -> np.ndarray:
    """(N,) 64-bit keys of one band of the members' signatures: its `rows` values, combined and mixed
    (collisions are caught by verification). One band at a time: 16 bytes a document, not 512.

    `sig` is (N, num_perm), row-major or band-major (Fortran-ordered, e.g. a view of a memory-mapped
    (num_perm, N) file: then each of the band's values is one sequential read of the file)."""
    key = np.zeros(len(members), dtype=U64)
    band_major = sig.flags.f_contiguous and not sig.flags.c_contiguous
    values = None if band_major else sig[members, band * rows : (band + 1) * rows].astype(U64)
    for j in range(rows):
        key *= _MIX
        key += np.asarray(sig.T[band * rows + j])[members].astype(U64) if band_major else values[:, j]
        key ^= key >> U64(29)
    return key


def _band_pairs(keys: np.ndarray, owner: np.ndarray, is_new: np.ndarray, max_bucket: int,
                most: int) -> Iterator[np.ndarray]:
    """The pairs of the owners of entries sharing a key, packed (lo << 32 | hi, lo < hi: 8 bytes a pair), without
    a row paired with itself or two old rows paired: in pieces of at most `most` pairs (the star pairs, then one
    offset within the buckets at a time, each cut in slices), made as they are taken, so that a window can be cut
    between two pieces of one band and the band's pairs are never all held (a corpus whose buckets fill up:
    up to max_bucket - 1 pairs an entry). Never (E, 2) int64 rows: those took 16 bytes a pair, again at each step
    (gathered, mapped to owners, sorted, kept), ~60 bytes a pair of a band in all, the reduce's peak once one band
    finds many pairs (bench_flow's 2 GB corpus: ~760,000 pairs a band). While the consumer holds a piece this
    keeps ~20 bytes an entry in a bucket of two or more (its row, how many follow it in a small bucket, the
    entries of this offset)."""
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    del keys  # the caller has let go of it: the band's keys are not held while its pairs are taken
    shared = np.r_[False, sk[1:] == sk[:-1]]
    multi = shared | np.r_[shared[1:], False]  # entries in a bucket of two or more
    order, sk = order[multi], sk[multi]
    if len(order) == 0:
        return
    start = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    del sk, shared, multi
    length = np.diff(np.r_[start, len(order)])
    run = np.repeat(np.arange(len(start)), length)
    pos = np.arange(len(order)) - start[run]
    big = length[run] > max_bucket
    who = owner[order]  # the row of each entry, in bucket order
    del order
    most = max(int(most), 1)

    def kept(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = (lo != hi) & (is_new[lo] | is_new[hi])
        return (lo[keep].astype(U64) << U64(32)) | hi[keep].astype(U64)

    star = np.flatnonzero(big & (pos > 0))
    hub = who[start[run[star]]]  # the first member of each entry's big bucket
    # entries after each one in its small bucket (a big bucket's entries: none): offset d pairs those with > d
    rest = (np.where(big, 0, length[run]) - pos).astype(np.int32)
    del big, length, run, pos, start
    for s in range(0, len(star), most):
        yield kept(hub[s : s + most], who[star[s : s + most]])
    del star, hub
    for d in range(1, int(rest.max(initial=0))):
        i = np.flatnonzero(rest > d)
        for s in range(0, len(i), most):
            j = i[s : s + most]
            yield kept(who[j], who[j + d])
        del i


def candidate_windows(full: np.ndarray, head: np.ndarray, is_new: np.ndarray, params: DedupParams,
                      members: np.ndarray | None = None, bands: range | None = None) -> Iterator[np.ndarray]:
    """The candidate pairs of `candidate_pairs`, band after band (`bands`: only these), as windows of unique
    packed pairs (a << 32 | b, sorted): a window is yielded once more than COMPACT_AT pairs have gathered,
    checked after each piece of a band's pairs (at most COMPACT_AT pairs each), so that a window holds at most
    2 x COMPACT_AT pairs and memory stays bounded whatever the corpus and however many pairs one band finds; a
    pair found again in a later window (another band's, or the same band's through the full and the head
    signatures) is yielded again."""
    members = np.arange(len(full)) if members is None else members
    if len(members) < 2:
        return
    owner = np.concatenate([members, members])
    parts: list[np.ndarray] = []
    pending = 0
    for band in (range(params.bands) if bands is None else bands):
        keys = np.concatenate([band_key(full, members, band, params.rows), band_key(head, members, band, params.rows)])
        release(full), release(head)  # memory-mapped signatures: this band's pages leave the process's RSS
        pieces = _band_pairs(keys, owner, is_new, params.max_bucket, COMPACT_AT)
        del keys
        for piece in pieces:
            parts.append(piece)
            pending += len(piece)
            del piece
            if pending > COMPACT_AT:
                yield _window(parts)  # held by the consumer only: parts is emptied, no local names it
                pending = 0
        del pieces
    if pending:
        yield _window(parts)


def _window(parts: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct packed pairs of `parts`, which it empties (their pairs are in the window now)."""
    values = np.concatenate(parts)
    parts.clear()
    return sorted_unique(values)


def unpack(packed: np.ndarray) -> np.ndarray:
    """(E, 2) int64 rows of packed pairs (a << 32 | b)."""
    return np.stack([(packed >> U64(32)).astype(np.int64), (packed & U64(0xFFFFFFFF)).astype(np.int64)], axis=1)


def pack(pairs: np.ndarray) -> np.ndarray:
    """Packed keys (a << 32 | b) of (E, 2) rows: sorting them sorts the rows by (a, b)."""
    return (pairs[:, 0].astype(U64) << U64(32)) | pairs[:, 1].astype(U64)


def candidate_pairs(full: np.ndarray, head: np.ndarray, is_new: np.ndarray, params: DedupParams,
                    members: np.ndarray | None = None) -> np.ndarray:
    """Unique candidate pairs (a < b) of rows, at least one of them new, from full and head signatures;
    only rows in `members` (default: all) take part. (The reduce verifies `candidate_windows` as they come
    instead: this set whole grows with the corpus.)"""
    windows = list(candidate_windows(full, head, is_new, params, members))
    return unpack(sorted_unique(np.concatenate([np.empty(0, dtype=U64), *windows])))


def datasketch_pairs(full: np.ndarray, head: np.ndarray, params: DedupParams) -> set[tuple[int, int]]:
    """The same candidates with datasketch's MinHashLSH (slow: per-band Python; the reference in tests)."""
    signer = Signer(params)
    lsh_full = MinHashLSH(num_perm=params.num_perm, params=(params.bands, params.rows))
    lsh_head = MinHashLSH(num_perm=params.num_perm, params=(params.bands, params.rows))
    for i in range(len(full)):
        lsh_full.insert(i, signer.lean(full[i]))
        lsh_head.insert(i, signer.lean(head[i]))
    found: set[tuple[int, int]] = set()
    for i in range(len(full)):
        lean_full, lean_head = signer.lean(full[i]), signer.lean(head[i])
        for j in [*lsh_full.query(lean_full), *lsh_full.query(lean_head), *lsh_head.query(lean_full),
                  *lsh_head.query(lean_head)]:
            if i != j:
                found.add((min(i, j), max(i, j)))
    return found


def datasketch_candidates(full: np.ndarray, head: np.ndarray, is_new: np.ndarray, params: DedupParams,
                          members: np.ndarray | None = None) -> list[np.ndarray]:
    """`candidate_pairs` computed with datasketch's MinHashLSH, as one window of (E, 2) rows (for comparison in
    bench/bench_dedup.py: `Deduplicator(params, datasketch_candidates)`)."""
    members = np.arange(len(full)) if members is None else members
    found = datasketch_pairs(full[members], head[members], params)
    pairs = members[np.array(sorted(found), dtype=np.int64).reshape(-1, 2)]
    return [pairs[is_new[pairs[:, 0]] | is_new[pairs[:, 1]]]]
