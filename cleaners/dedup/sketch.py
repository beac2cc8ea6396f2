"""Per-document sketches: normalised text -> exact hash, MinHash signatures of the whole and of its head.

Normalisation is vectorised with numpy; shingle hashing and signatures are one numba-compiled loop (no
shingle arrays, no permutation matrix). Shingle hashes are a polynomial hash of the n code points finished
with the 64-bit MurmurHash3 mixer; the signatures are exactly what datasketch's `MinHash(scheme="affine32",
hashfunc=shingle_hash)` computes (tests check it), so they can be handed to `LeanMinHash`/`MinHashLSH`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import xxhash
from datasketch import LeanMinHash, MinHash
from numba import njit

from cleaners.dedup.params import DedupParams

U32, U64 = np.uint32, np.uint64
POLY_BASE = U64(0x100000001B3)  # FNV-64 prime: the base of the rolling shingle hash
SCHEME = "affine32"
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


@cache
def char_map() -> np.ndarray:
    """Code point -> code point for shingling: 0 drops it (punctuation, separators, controls); A-Z lower."""
    table = np.arange(0x110000, dtype=U32)
    table[[cp for cp in range(0x110000) if unicodedata.category(chr(cp))[0] in "PZC"]] = 0
    table[0x41:0x5B] += 0x20
    return table


def normalise(text: str) -> np.ndarray:
    """The text as code points without whitespace and punctuation (ASCII lower-cased)."""
    return normalise_counted(text)[0]


def normalise_counted(text: str) -> tuple[np.ndarray, int]:
    """`normalise(text)` and how many of its characters are CJK ideographs."""
    raw = np.frombuffer(text.encode("utf-32-le"), dtype=U32)
    return _normalise(raw, char_map(), _cjk_table())


@cache
def _cjk_table() -> np.ndarray:
    table = np.zeros(0x110000, dtype=np.uint8)
    for lo, hi in CJK_RANGES:
        table[lo : hi + 1] = 1
    return table


@njit(cache=True, nogil=True, boundscheck=False)
def _normalise(raw: np.ndarray, table: np.ndarray, cjk: np.ndarray) -> tuple[np.ndarray, int]:
    out = np.empty_like(raw)
    kept = ideographs = 0
    for cp in raw:
        mapped = table[cp]
        if mapped:
            out[kept] = mapped
            kept += 1
            ideographs += cjk[mapped]
    return out[:kept], ideographs


@njit(cache=True, nogil=True, boundscheck=False)
def _shingle_hash(cps: np.ndarray, start: int, n: int) -> np.uint32:
    """`shingle_hash` of cps[start:start + n], then the 32-bit MurmurHash3 finaliser that datasketch's
    affine32 scheme applies to every hash value before permuting it."""
    h = U64(0)
    for k in range(start, start + n):
        h = h * POLY_BASE + U64(cps[k])
    h ^= h >> U64(33)
    h *= U64(0xFF51AFD7ED558CCD)
    h ^= h >> U64(33)
    h *= U64(0xC4CEB9FE1A85EC53)
    h ^= h >> U64(33)
    x = U32(h >> U64(32))
    x ^= x >> U32(16)
    x = U32(x * U32(0x85EBCA6B))
    x ^= x >> U32(13)
    x = U32(x * U32(0xC2B2AE35))
    x ^= x >> U32(16)
    return x


@njit(cache=True, nogil=True, boundscheck=False)
def _signatures(cps: np.ndarray, n: int, cut: int, a: np.ndarray, b: np.ndarray,
                full: np.ndarray, head: np.ndarray) -> None:
    """MinHash of the shingles before `cut` into `head`, of all of them into `full` (datasketch affine32:
    min over shingles of a * h + b mod 2^32). The inner loop runs over permutations so LLVM vectorises it."""
    head[:] = U32(0xFFFFFFFF)
    for i in range(cut):
        h = _shingle_hash(cps, i, n)
        for p in range(a.shape[0]):
            head[p] = min(head[p], U32(a[p] * h + b[p]))
    full[:] = head
    for i in range(cut, len(cps) - n + 1):
        h = _shingle_hash(cps, i, n)
        for p in range(a.shape[0]):
            full[p] = min(full[p], U32(a[p] * h + b[p]))


def shingle_hash(shingle: str) -> int:
    """The same hash for one shingle, in plain Python: datasketch's `hashfunc` in tests and the peer bench."""
    mask = (1 << 64) - 1
    h = 0
    for ch in shingle:
        h = (h * int(POLY_BASE) + ord(ch)) & mask
    for shift, mult in ((33, 0xFF51AFD7ED558CCD), (33, 0xC4CEB9FE1A85EC53)):
        h = ((h ^ (h >> shift)) * mult) & mask
    return (h ^ (h >> 33)) >> 32


class Signer:
    """MinHash signatures of a document and of its head (the first `head_share` of its shingles)."""

    def __init__(self, params: DedupParams) -> None:
        self.params = params
        a, b = MinHash(num_perm=params.num_perm, seed=params.seed, scheme=SCHEME).permutations
        self.a = np.ascontiguousarray(a, dtype=U32)
        self.b = np.ascontiguousarray(b, dtype=U32)

    def sign(self, cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(full, head) signatures of normalised code points with at least n + 1 characters."""
        shingles = len(cps) - self.params.shingle_size + 1
        cut = max(1, min(shingles - 1, int(shingles * self.params.head_share)))
        full, head = np.empty_like(self.a), np.empty_like(self.a)
        _signatures(cps, self.params.shingle_size, cut, self.a, self.b, full, head)
        return full, head

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """A signature as datasketch's LeanMinHash (the scheme must be given explicitly since 2.0)."""
        return LeanMinHash(seed=self.params.seed, hashvalues=signature, scheme=SCHEME)


@dataclass
class Sketches:
    """Columnar sketches of a batch of documents (rows align); saved per shard as one .npz file."""

    ids: np.ndarray  # str
    sig: np.ndarray  # (N, num_perm) uint32
    head: np.ndarray  # (N, num_perm) uint32
    exact: np.ndarray  # (N, 2) uint64: xxh3-128 of the normalised text
    cjk: np.ndarray  # (N,) int64: CJK characters
    chars: np.ndarray  # (N,) int64: normalised characters
    removed: np.ndarray  # (N,) int64: characters the cleaners removed
    short: int = field(default=0)  # documents left out for being too short

    @classmethod
    def empty(cls, num_perm: int) -> Sketches:
        sig = np.empty((0, num_perm), dtype=U32)
        return cls(np.array([], dtype=str), sig, sig.copy(), np.empty((0, 2), dtype=U64),
                   *(np.empty(0, dtype=np.int64) for _ in range(3)))

    def __len__(self) -> int:
        return len(self.ids)

    def columns(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "short"}

    def take(self, rows: np.ndarray) -> Sketches:
        return Sketches(**{k: v[rows] for k, v in self.columns().items()})

    @classmethod
    def concat(cls, parts: list[Sketches], num_perm: int) -> Sketches:
        if not parts:
            return cls.empty(num_perm)
        cols = {k: np.concatenate([p.columns()[k] for p in parts]) for k in parts[0].columns()}
        return cls(**cols, short=sum(p.short for p in parts))

    @classmethod
    def load_many(cls, paths: Iterable[Path], num_perm: int) -> Sketches:
        """Several files' sketches in arrays allocated once: the peak is the result plus one file, where
        loading them all and concatenating holds everything twice."""
        paths = list(paths)
        sizes, id_types = [], []
        for path in paths:
            with np.load(path) as data:  # reads only the ids member
                sizes.append(len(data["ids"]))
                id_types.append(data["ids"].dtype)
        if not paths:
            return cls.empty(num_perm)
        cols: dict[str, np.ndarray] = {}
        at = short = 0
        for path, size in zip(paths, sizes, strict=True):
            part = cls.load(path)
            for name, values in part.columns().items():
                if name not in cols:
                    kind = np.result_type(*id_types) if name == "ids" else values.dtype
                    cols[name] = np.empty((sum(sizes), *values.shape[1:]), dtype=kind)
                cols[name][at : at + size] = values
            at, short = at + size, short + part.short
        return cls(**cols, short=short)

    def save(self, path: Path, **extra: np.ndarray) -> None:
        """Atomically, with `extra` members beside the columns (`load` leaves them out)."""
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, short=np.array(self.short), **self.columns(), **extra)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Sketches:
        with np.load(path) as data:
            cols = {f.name: data[f.name] for f in fields(cls) if f.name != "short"}
            return cls(**cols, short=int(data["short"]))


class _Builder:
    """Rows of a Sketches accumulated in preallocated blocks (no per-document array objects kept)."""

    BLOCK = 4096

    def __init__(self, num_perm: int) -> None:
        self.num_perm, self.n, self.blocks, self.ids, self.short = num_perm, 0, [], [], 0

    def add(self, doc_id: str, full: np.ndarray, head: np.ndarray, exact: bytes, meta: tuple[int, int, int]) -> None:
        i = self.n % self.BLOCK
        if i == 0:
            self.blocks.append((np.empty((self.BLOCK, self.num_perm), U32), np.empty((self.BLOCK, self.num_perm), U32),
                                np.empty((self.BLOCK, 2), U64), np.empty((self.BLOCK, 3), np.int64)))
        sig, hd, ex, mt = self.blocks[-1]
        sig[i], hd[i], ex[i], mt[i] = full, head, np.frombuffer(exact, dtype=U64), meta
        self.ids.append(doc_id)
        self.n += 1

    def build(self) -> Sketches:
        if self.n == 0:
            return Sketches(**Sketches.empty(self.num_perm).columns(), short=self.short)
        cols = [np.concatenate([b[k] for b in self.blocks])[: self.n] for k in range(4)]
        meta = cols[3]
        return Sketches(np.array(self.ids, dtype=str), cols[0], cols[1], cols[2], meta[:, 0].copy(),
                        meta[:, 1].copy(), meta[:, 2].copy(), self.short)


class RowSketcher:
    """Sketches cleaned rows ({id, text, removed_chars}) one at a time; documents that are too short are only
    counted. `positions` holds, for each sketched row, its position among the rows given (a shard's kept
    rows), so that ids the whole run renames later can be found (flows.dedup_stage)."""

    def __init__(self, params: DedupParams, signer: Signer | None = None) -> None:
        self.params, self.signer = params, signer or Signer(params)
        self.out = _Builder(params.num_perm)
        self.positions: list[int] = []
        self.seen = 0

    def add(self, row: dict[str, Any]) -> None:
        position, self.seen = self.seen, self.seen + 1
        cps, ideographs = normalise_counted(row["text"])
        if len(cps) < self.params.shortest:
            self.out.short += 1
            return
        full, head = self.signer.sign(cps)
        meta = (ideographs, len(cps), int(row.get("removed_chars", 0)))
        self.out.add(row["id"], full, head, xxhash.xxh3_128_digest(cps.tobytes()), meta)
        self.positions.append(position)

    def build(self) -> Sketches:
        return self.out.build()


def sketch_rows(rows: Iterable[dict[str, Any]], params: DedupParams, signer: Signer | None = None) -> Sketches:
    """Sketch cleaned rows ({id, text, removed_chars}); documents that are too short are only counted."""
    sketcher = RowSketcher(params, signer)
    for row in rows:
        sketcher.add(row)
    return sketcher.build()
