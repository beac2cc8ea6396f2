"""Sketches on disk for the reduce: the signatures of every document in files of the work directory, and
the .npz sketch files read and written a member at a time, in chunks of rows.

The reduce holds per document only its small columns (id, text hash, counts) in memory, compacted: ids as
UTF-8 bytes, counts as int32 (`compact`; ~48 bytes a document with ids of 20 ASCII characters, 120 as the
sketch files hold them). Its signatures
(2 x num_perm uint32, 1 KiB at 128 permutations) are copied, one chunk of one sketch file at a time, into
three .npy files, each laid out for the step that reads it:

- `dedup-sig.npy`, (N, num_perm) row-major: verification and the duplicates' rows read whole signatures of
  the two documents of each candidate pair, a block of pairs at a time (`RowFile`: positioned reads);
- `dedup-sig-bands.npy` and `dedup-head-bands.npy`, (num_perm, N), memory-mapped: LSH banding reads one
  band (`rows` signature values) of every document at a time, here `rows` sequential rows of the file. The
  reduce sees them as (N, num_perm) Fortran-ordered views, so `candidate_pairs` takes either layout.

Mapped pages count in the process's RSS while they stay mapped, so a reader of a map calls `release` after
each block: the pages leave this process (they stay in the page cache) and RSS stays bounded by one block.
"""

from __future__ import annotations

import contextlib
import ctypes
import mmap
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from math import prod
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

from cleaners.dedup.sketch import U32, Sketches

CHUNK_ROWS = 1 << 14  # rows of an .npz member read or written at once: 8 MiB of signatures at 128 permutations
SMALL = ("ids", "exact", "cjk", "chars", "removed")  # the columns the reduce keeps in memory
FILES = {"sig": "dedup-sig.npy", "sig_bands": "dedup-sig-bands.npy", "head_bands": "dedup-head-bands.npy"}


def release(array: np.ndarray) -> None:
    """Unmap the pages that a memory-mapped array (or a view of one) has touched from this process; they
    stay in the page cache, and the next access maps them again. A no-op for an array in memory."""
    base = array
    while isinstance(base, np.ndarray):
        base = base.base
    if isinstance(base, mmap.mmap) and not base.closed:
        base.madvise(mmap.MADV_DONTNEED)


def trim_heap() -> None:
    """Hand the heap's freed pages back to the system (glibc malloc_trim; a no-op where it is missing). Arrays
    below glibc's mmap threshold, which it raises up to 32 MiB as such blocks are freed, come from the heap,
    and what they leave freed stays in RSS until trimmed: called between the reduce's steps."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


# Reading and writing .npz members in chunks ---------------------------------------------------------------


def _read_exactly(fh, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = fh.read(left)
        if not part:
            raise EOFError(f"{fh.name}: {left} bytes missing")
        parts.append(part)
        left -= len(part)
    return b"".join(parts) if len(parts) != 1 else parts[0]


def member_header(path: Path, name: str) -> tuple[tuple[int, ...], np.dtype]:
    """The shape and dtype of one array of an .npz file, read from its header only."""
    with zipfile.ZipFile(path) as zf, zf.open(f"{name}.npy") as fh:
        version = npy.read_magic(fh)
        if version in ((1, 0), (2, 0)):
            read_header = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
            shape, _, dtype = read_header(fh)
            return shape, dtype
    with np.load(path) as data:
        values = data[name]
    return values.shape, values.dtype


def iter_member(path: Path, name: str, chunk_rows: int | None = None) -> Iterator[np.ndarray]:
    """The rows of one array of an .npz file, `chunk_rows` at a time: a C-ordered member (what np.savez
    writes for sketches) is read piece by piece, any other one is loaded whole first."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    with zipfile.ZipFile(path) as zf, zf.open(f"{name}.npy") as fh:
        version = npy.read_magic(fh)
        if version in ((1, 0), (2, 0)):
            read_header = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
            shape, fortran, dtype = read_header(fh)
            if shape and not fortran and not dtype.hasobject:
                row = dtype.itemsize * prod(shape[1:])
                for start in range(0, shape[0], chunk_rows):
                    k = min(chunk_rows, shape[0] - start)
                    yield np.frombuffer(_read_exactly(fh, k * row), dtype=dtype).reshape(k, *shape[1:])
                return
    with np.load(path) as data:
        values = data[name]
    for start in range(0, len(values), chunk_rows):
        yield values[start : start + chunk_rows]


def iter_selected(path: Path, name: str, rows: np.ndarray | None) -> Iterator[np.ndarray]:
    """`iter_member` restricted to `rows` (sorted positions; None: all of them)."""
    start = 0
    for chunk in iter_member(path, name):
        if rows is None:
            yield chunk
        else:
            lo, hi = np.searchsorted(rows, [start, start + len(chunk)])
            if hi > lo:
                yield chunk[rows[lo:hi] - start]
        start += len(chunk)


class NpzWriter:
    """An .npz file written one member at a time, a member in chunks of rows: the file np.savez writes
    (stored, zip64 members) without the whole array in memory. Written under a temporary name and renamed
    when complete, as `Sketches.save` does."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(self.path.name + ".tmp.npz")
        self.zip = zipfile.ZipFile(self.tmp, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True)

    def array(self, name: str, values: np.ndarray) -> None:
        with self.zip.open(f"{name}.npy", "w", force_zip64=True) as fh:
            npy.write_array(fh, np.asanyarray(values))

    def stream(self, name: str, dtype: np.dtype, shape: tuple[int, ...], chunks: Iterable[np.ndarray]) -> None:
        """A C-ordered member of `shape` whose rows come in `chunks` (in order, all of them)."""
        dtype = np.dtype(dtype)
        with self.zip.open(f"{name}.npy", "w", force_zip64=True) as fh:
            npy.write_array_header_1_0(fh, {"descr": npy.dtype_to_descr(dtype), "fortran_order": False,
                                            "shape": tuple(shape)})
            written = 0
            for chunk in chunks:
                chunk = np.ascontiguousarray(chunk, dtype=dtype)
                fh.write(chunk.data.cast("B"))
                written += len(chunk)
        if written != shape[0]:
            raise ValueError(f"{self.path} {name}: {written} rows written, {shape[0]} announced")

    def __enter__(self) -> NpzWriter:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.zip.close()
        if kind is None:
            self.tmp.replace(self.path)
        else:
            self.tmp.unlink(missing_ok=True)


# The reduce's inputs: small columns in memory, signatures on disk -------------------------------------------


@dataclass
class Part:
    """Sketches the reduce reads: a sketch file (or index segment) or sketches in memory, and which of their
    rows it takes (sorted positions; None: all)."""

    source: Path | Sketches
    rows: np.ndarray | None = None

    def small(self) -> tuple[dict[str, np.ndarray], int]:
        """The small columns of all its rows (not only `rows`) and its count of too short documents."""
        if isinstance(self.source, Sketches):
            return {name: getattr(self.source, name) for name in SMALL}, self.source.short
        with np.load(self.source) as data:
            return {name: data[name] for name in SMALL}, int(data["short"])

    def signatures(self, name: str) -> Iterator[np.ndarray]:
        """Its `rows`' signatures (`sig` or `head`) in chunks of rows."""
        if isinstance(self.source, Sketches):
            values = getattr(self.source, name)
            rows = np.arange(len(values)) if self.rows is None else self.rows
            for start in range(0, len(rows), CHUNK_ROWS):
                yield values[rows[start : start + CHUNK_ROWS]]
        else:
            yield from iter_selected(self.source, name, self.rows)


COUNTS = ("cjk", "chars", "removed")
I32 = np.iinfo(np.int32)


def compact(name: str, values: np.ndarray) -> np.ndarray:
    """A small column as the reduce holds it: ids as UTF-8 bytes (numpy `S`: a byte an ASCII character where
    `U` takes four; bytes sort as their code points do, so an order by id is the same), counts as int32 when
    they fit. Other columns, and counts that do not fit, as they are."""
    if name == "ids" and values.dtype.kind == "U":
        if _ascii(values):  # one byte a character: a cast, ~5x faster than encoding
            return values.astype(np.dtype(("S", max(1, values.dtype.itemsize // 4))))
        return np.strings.encode(values, "utf-8", "surrogatepass")
    if name in COUNTS and values.dtype.itemsize > 4 and (len(values) == 0 or I32.min <= values.min() <= values.max() <= I32.max):
        return values.astype(np.int32)
    return values


def expand(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """`compact`'s inverse: a small column in `dtype`, the one its sketch files hold it in."""
    if values.dtype.kind == "S" and np.dtype(dtype).kind == "U" and not _ascii(values):
        values = np.strings.decode(values, "utf-8", "surrogatepass")
    return values.astype(dtype, copy=False)


def _ascii(values: np.ndarray) -> bool:
    """Whether a str or bytes array holds only ASCII characters (bytes and str cast into each other)."""
    units = np.ascontiguousarray(values).view(np.uint8 if values.dtype.kind == "S" else np.uint32)
    return units.size == 0 or int(units.max()) < 128


def id_width(ids: np.ndarray) -> int:
    """The characters of the longest of some ids (`S` UTF-8 or `U`): the width of their `U` array."""
    step = 1 << 16  # decoded a chunk at a time
    lengths = (np.strings.str_len(expand(ids[s : s + step], np.dtype(str))) for s in range(0, len(ids), step))
    return max([1, *(int(n.max()) for n in lengths)])  # np.array of empty strs: U1


@dataclass
class Small:
    """The small columns of some parts, all their rows, compacted (`compact`); the dtypes the parts' files
    hold them in (what `expand` gives back, as `Sketches.load_many` would load them), the parts' count of
    too short documents and each part's number of rows."""

    columns: dict[str, np.ndarray]
    dtypes: dict[str, np.dtype]
    short: int
    sizes: list[int]


def small_columns(parts: list[Part]) -> Small:
    """The parts' small columns (`Small`), each in an array allocated once (the ids joined at the end)."""
    if not parts:
        empty = Sketches.empty(0)
        cols = {name: getattr(empty, name) for name in SMALL}
        return Small({name: compact(name, values) for name, values in cols.items()},
                     {name: values.dtype for name, values in cols.items()}, 0, [])
    heads = [member_header(p.source, "ids") if isinstance(p.source, Path) else (p.source.ids.shape, p.source.ids.dtype)
             for p in parts]
    sizes = [shape[0] for shape, _ in heads]
    out: dict[str, np.ndarray] = {}
    dtypes = {"ids": np.result_type(*(dtype for _, dtype in heads))}
    ids = []
    at = short = 0
    for part, size in zip(parts, sizes, strict=True):
        cols, part_short = part.small()
        ids.append(compact("ids", cols.pop("ids")))
        for name, values in cols.items():
            dtypes.setdefault(name, values.dtype)
            values = compact(name, values)
            if name not in out:
                out[name] = np.empty((sum(sizes), *values.shape[1:]), dtype=values.dtype)
            elif not np.can_cast(values.dtype, out[name].dtype):  # counts too large for int32
                out[name] = out[name].astype(values.dtype)
            out[name][at : at + size] = values
        at, short = at + size, short + part_short
    out["ids"] = np.concatenate(ids)
    del ids
    return Small({name: out[name] for name in SMALL}, dtypes, short, sizes)


class RowFile:
    """Rows of a row-major (N, P) .npy matrix on disk, read by `rows[indices]` with positioned reads (runs of
    nearby rows in one read): what verification needs, the signatures of a block of pairs. Not a memory map:
    on Linux 6.x a page-cache folio is mapped whole (1-2 MiB touched a row here), so a few thousand random
    rows map most of the file into the process's RSS; reads copy only the rows asked for."""

    GAP = 4  # rows: nearby rows closer than this are read in one call, with the rows between them

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with open(self.path, "rb") as fh:
            version = npy.read_magic(fh)
            read_header = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
            self.shape, fortran, self.dtype = read_header(fh)
            self.offset = fh.tell()
        if fortran or len(self.shape) != 2:
            raise ValueError(f"{self.path}: not a row-major matrix")

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out_shape = (len(rows), self.shape[1])
        if len(rows) == 0:
            return np.empty(out_shape, dtype=self.dtype)
        if rows.min() < 0 or rows.max() >= self.shape[0]:
            raise IndexError(f"{self.path}: rows outside 0..{self.shape[0] - 1}")
        wanted, back = np.unique(rows, return_inverse=True)
        cut = np.flatnonzero(np.diff(wanted) > self.GAP) + 1
        starts, ends = wanted[np.r_[0, cut]], wanted[np.r_[cut - 1, len(wanted) - 1]] + 1
        at = np.r_[0, np.cumsum(ends - starts)]
        row_bytes = self.shape[1] * self.dtype.itemsize
        sizes, offsets = ((ends - starts) * row_bytes).tolist(), (self.offset + starts * row_bytes).tolist()
        fd = os.open(self.path, os.O_RDONLY)
        try:  # one pread a run, joined: ~1.7x faster than reading into views of one buffer (the Python per call)
            pread = os.pread
            data = b"".join([pread(fd, size, offset) for size, offset in zip(sizes, offsets, strict=True)])
            if len(data) != int(at[-1]) * row_bytes:  # a short read (rare on a regular file): read those again
                data = b"".join(self._read_fully(fd, size, offset) for size, offset in zip(sizes, offsets, strict=True))
        finally:
            os.close(fd)
        buf = np.frombuffer(data, dtype=self.dtype).reshape(int(at[-1]), self.shape[1])
        run = np.searchsorted(starts, wanted, side="right") - 1
        return buf[(wanted - starts[run] + at[run])[back]]

    def _read_fully(self, fd: int, size: int, offset: int) -> bytes:
        parts = []
        while size:
            part = os.pread(fd, size, offset)
            if not part:
                raise EOFError(f"{self.path}: short read at byte {offset}")
            parts.append(part)
            size, offset = size - len(part), offset + len(part)
        return b"".join(parts)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        values = self[np.arange(self.shape[0])]
        return values if dtype is None else values.astype(dtype)


@dataclass
class Signatures:
    """Every row's signatures on disk (module docstring): `sig` (N, P) row-major, read by rows; `sig_bands`
    and `head_bands` (N, P) Fortran-ordered views of memory-mapped band-major files."""

    sig: RowFile | np.ndarray
    sig_bands: np.ndarray
    head_bands: np.ndarray


def _create(path: Path, shape: tuple[int, int]) -> tuple[int, int]:
    """An .npy file of uint32 `shape` (contents to be written), as an open descriptor and its data offset."""
    with open(path, "wb") as fh:
        npy.write_array_header_1_0(fh, {"descr": npy.dtype_to_descr(np.dtype(U32)), "fortran_order": False,
                                        "shape": shape})
        offset = fh.tell()
        fh.truncate(offset + prod(shape) * 4)
    return os.open(path, os.O_RDWR), offset


def _pwrite(fd: int, data: np.ndarray, offset: int) -> None:
    view = memoryview(np.ascontiguousarray(data)).cast("B")
    while len(view):
        done = os.pwrite(fd, view, offset)
        view, offset = view[done:], offset + done


def write_signatures(parts: list[Part], n: int, num_perm: int, directory: Path) -> Signatures:
    """Copy the parts' signatures (their `rows`, in order; `n` in all) into the three files of the module
    docstring in `directory` (replacing any there), a chunk at a time, and map them read-only."""
    if n == 0:
        empty = np.empty((0, num_perm), dtype=U32)
        return Signatures(empty, empty.copy(order="F"), empty.copy(order="F"))
    directory.mkdir(parents=True, exist_ok=True)
    paths = {key: directory / name for key, name in FILES.items()}
    fds, offsets = {}, {}
    try:
        for key, path in paths.items():
            shape = (n, num_perm) if key == "sig" else (num_perm, n)
            fds[key], offsets[key] = _create(path, shape)
        at = 0
        for part in parts:
            for full, head in zip(part.signatures("sig"), part.signatures("head"), strict=True):
                k = len(full)
                _pwrite(fds["sig"], full, offsets["sig"] + at * num_perm * 4)
                for key, values in (("sig_bands", full), ("head_bands", head)):
                    by_band = np.ascontiguousarray(values.T)  # (P, k)
                    for p in range(num_perm):
                        _pwrite(fds[key], by_band[p], offsets[key] + (p * n + at) * 4)
                at += k
        if at != n:
            raise ValueError(f"{at} signatures written, {n} expected")
    finally:
        for fd in fds.values():
            os.close(fd)
    return open_signatures(directory)


def open_signatures(directory: Path) -> Signatures:
    """The three files `write_signatures` wrote in `directory`, mapped read-only (any process may open them:
    the tasks of a reduce split by band do)."""
    bands = {key: np.load(directory / FILES[key], mmap_mode="r").T for key in ("sig_bands", "head_bands")}
    return Signatures(RowFile(directory / FILES["sig"]), bands["sig_bands"], bands["head_bands"])


def write_rows(path: Path, parts: list[Part], small: dict[str, np.ndarray], rows: np.ndarray, num_perm: int,
               dtypes: dict[str, np.dtype] | None = None) -> None:
    """Save as a sketch file (what `Sketches.save` writes for `Sketches.take(rows)`) the given rows: the small
    columns from `small` (indexed by `rows`; compacted ones given back in `dtypes`, see `expand`), the
    signatures streamed from the parts (each part's `rows` are its share of them, in order)."""
    dtypes = dtypes or {}

    def column(name: str) -> np.ndarray:
        values = small[name][rows]
        return expand(values, dtypes[name]) if name in dtypes else values

    with NpzWriter(path) as out:
        out.array("short", np.array(0))
        out.array("ids", column("ids"))
        for name in ("sig", "head"):
            chunks = (c for part in parts for c in part.signatures(name))
            out.stream(name, U32, (len(rows), num_perm), chunks)
        for name in SMALL[1:]:
            out.array(name, column(name))


@dataclass
class Keys:
    """The ids and text hashes of sketches (what tells whether a document is already indexed)."""

    ids: np.ndarray
    exact: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def load_keys(path: Path) -> Keys:
    """The ids and text hashes of a sketch file, without its signatures."""
    with np.load(path) as data:
        return Keys(data["ids"], data["exact"])


def iter_sketches(path: Path) -> Iterator[Sketches]:
    """The sketches of a sketch file, CHUNK_ROWS documents at a time."""
    names = ("ids", "sig", "head", "exact", "cjk", "chars", "removed")
    for columns in zip(*(iter_member(path, name) for name in names), strict=True):
        yield Sketches(*columns)
