"""Input discovery, sharding and streaming readers; atomic writers for the output files."""

from __future__ import annotations

import errno
import glob
import hashlib
import io
import logging
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from cleaners import Document, Removal, decode_bytes
from flows.safety import crash_point

TXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".json.gz", ".jsonl.zstd")
PARQUET_SUFFIXES = (".parquet",)
SUPPORTED = TXT_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES
SKIP_TEXT_CHARS = 200  # how much of an unusable input the ledger keeps
READ_BLOCK = 1 << 16  # compressed bytes fed to a decompressor at a time
SALVAGE_BLOCK = 1 << 9  # ... after a corrupt byte, again in pieces this small: what precedes it is kept
COPY_BLOCK = 1 << 20  # bytes copied at a time into an output file


class InputError(ValueError):
    """An input path that cannot be used at all (nothing to clean): the run stops before it starts."""


class OutputError(ValueError):
    """OUTDIR cannot be written (for instance it holds files that are not a zhclean output)."""


@dataclass(frozen=True)
class InputFile:
    path: str
    root: str  # the directory ids are relative to (for .txt documents)
    kind: str  # txt | jsonl | parquet

    @property
    def rel(self) -> str:
        return os.path.relpath(self.path, self.root)


@dataclass(frozen=True)
class ShardSpec:
    """A unit of work for one task: some .txt files, a byte range of a JSONL file, or row groups."""

    index: int
    files: tuple[InputFile, ...]
    start: int = 0  # byte offset (plain JSONL) or first row group (Parquet)
    end: int = -1  # exclusive; -1 = to the end


def _kind(path: str) -> str | None:
    name = path.lower()
    if name.endswith(TXT_SUFFIXES):
        return "txt"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def discover(inputs: list[str], root: str | None = None) -> list[InputFile]:
    """Files, directories (recursed) or globs -> supported input files, sorted; errors name the bad input.

    `root`, when given, is the directory every .txt id is relative to (a refresh passes its source).
    """
    found: list[InputFile] = []
    for spec in inputs:
        matches = sorted(glob.glob(spec, recursive=True)) if glob.has_magic(spec) else [spec]
        if not matches:
            raise InputError(f"no input matches {spec!r}")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(str(p)))
                found.extend(InputFile(str(p), root or str(path), _kind(str(p)) or "") for p in files)
            elif path.is_file():
                kind = _kind(match)
                if kind is None:
                    raise InputError(f"unsupported input {match!r}: expected one of {', '.join(SUPPORTED)}")
                _check_readable(match)
                found.append(InputFile(str(path), root or str(path.parent), kind))
            else:
                raise InputError(f"input not found: {match!r}")
    if not found:
        raise InputError(f"no {'/'.join(SUPPORTED)} files in {inputs}")
    return found


def _check_readable(path: str) -> None:
    """An input named on the command line must be readable (one inside a directory that is not becomes a
    recorded skip: the other files are cleaned)."""
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise InputError(f"cannot read input {path!r}: {exc.strerror or exc}") from None


def plan_shards(files: list[InputFile], shard_docs: int, shard_bytes: int) -> list[ShardSpec]:
    """Group small .txt files, split plain JSONL by byte ranges, Parquet by row groups."""
    shards: list[ShardSpec] = []
    batch: list[InputFile] = []

    def add(files: tuple[InputFile, ...], start: int = 0, end: int = -1) -> None:
        shards.append(ShardSpec(len(shards), files, start, end))

    for f in files:
        if f.kind == "txt":
            batch.append(f)
            if len(batch) >= shard_docs:
                add(tuple(batch))
                batch = []
        elif f.kind == "jsonl" and f.path.endswith(".jsonl"):
            size = os.path.getsize(f.path)
            for start in range(0, max(size, 1), shard_bytes):
                add((f,), start, min(start + shard_bytes, size))
        elif f.kind == "parquet":
            groups = _parquet_row_groups(f.path)
            step = max(1, shard_bytes // (64 << 20))
            for start in range(0, max(groups, 1), step):
                add((f,), start, min(start + step, groups))
        else:  # compressed JSONL cannot be split without decompressing: one shard per file
            add((f,))
    if batch:
        add(tuple(batch))
    return shards


def _parquet_row_groups(path: str) -> int:
    try:
        return pq.ParquetFile(path).num_row_groups
    except Exception:  # unreadable: the reader records the skip
        return 1


def inputs_fingerprint(files: list[InputFile]) -> str:
    digest = hashlib.sha256()
    for f in files:
        st = os.stat(f.path)
        digest.update(f"{f.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


# Reading ---------------------------------------------------------------------------------------------


@dataclass
class ReadContext:
    id_field: str
    text_field: str
    max_line_chars: int


def _sample(text: str) -> str:
    """What the ledger keeps of a giant text: its start and its length."""
    if len(text) > SKIP_TEXT_CHARS:
        return text[:SKIP_TEXT_CHARS] + f"… [{len(text)} characters]"
    return text


def skip(doc_id: str, source: str, reason: str, text: str = "") -> Document:
    """An unusable input as a dropped document: it shows up in dropped.jsonl and the report's counts."""
    doc = Document(doc_id, [], source)
    doc.removals.append(Removal(doc_id, 0, "document", "reader", reason, _sample(text)))
    doc.dropped = True
    return doc


def make_document(
    doc_id: str, text: str, source: str, ctx: ReadContext, meta: dict[str, Any] | None = None
) -> Document:
    """A document of the input text. A line longer than `max_line_chars` (a minified script, a base64 image)
    is cut and recorded (cleaner `reader`, kind `line`, its start only); the rest of the document stays."""
    if not text.strip():
        return skip(doc_id, source, "empty document")
    doc = Document.from_text(doc_id, text, source, meta)
    limit = ctx.max_line_chars
    if max(map(len, map(_line_text, doc.lines)), default=0) <= limit:
        return doc
    kept = []
    for line in doc.lines:
        if len(line.text) > limit:
            reason = f"a line of {len(line.text)} characters exceeds input.max_line_chars={limit}"
            doc.removals.append(Removal(doc_id, line.no, "line", "reader", reason, _sample(line.text)))
        else:
            kept.append(line)
    doc.lines = kept
    if not any(line.text for line in kept):  # nothing else: the document is unusable input
        cut = doc.removals
        reason = cut[0].reason + (f" (and {len(cut) - 1} more such lines)" if len(cut) > 1 else "")
        return skip(doc_id, source, f"{reason}; nothing else in the document", cut[0].text)
    return doc


def _line_text(line: Any) -> str:
    return line.text


def read_shard(spec: ShardSpec, ctx: ReadContext) -> Iterator[Document]:
    for f in spec.files:
        try:
            if f.kind == "txt":
                yield _read_txt(f, ctx)
            elif f.kind == "jsonl":
                yield from _read_jsonl(f, spec, ctx)
            else:
                yield from _read_parquet(f, spec, ctx)
        except OSError as exc:
            yield skip(f.rel, f.path, f"unreadable file: {exc}")


def _read_txt(f: InputFile, ctx: ReadContext) -> Document:
    doc_id = os.path.splitext(f.rel)[0]
    data = Path(f.path).read_bytes()
    if not data.strip():
        return skip(doc_id, f.path, "empty file")
    decoded = decode_bytes(data)
    meta = {"encoding": decoded.encoding} if decoded.encoding != "utf-8" else {}
    return make_document(doc_id, decoded.text, f.path, ctx, meta)


class CompressedStreamEnds(Exception):
    """A compressed input that ends early (truncated) or stops decoding (corrupt) at compressed byte `at`.

    `offset` is the decompressed offset of the first line not read whole, `tail` what was decoded of it."""

    def __init__(self, at: int, size: int, why: str) -> None:
        super().__init__(why)
        self.at, self.size, self.why = at, size, why
        self.offset, self.tail = 0, b""


def _decompressed(raw: io.BufferedReader, size: int, gzip: bool) -> Iterator[bytes]:
    """The decompressed data of a gzip or zstd file, block by block, every member (gzip) or frame (zstd) of a
    concatenated file. Whatever decodes before a truncation or a corrupt byte comes out, then
    CompressedStreamEnds says where the data stopped (zstd's own stream reader just stops: data lost silently).

    A corrupt block loses what it decoded, so after an error the file is decoded again from its start in
    small pieces, skipping the data already given, to give what precedes the corrupt byte (errors are rare:
    the common case pays nothing for it)."""
    yield from _decode(raw, size, gzip, READ_BLOCK, 0)


def _decode(raw: io.BufferedReader, size: int, gzip: bool, piece: int, given: int) -> Iterator[bytes]:
    if gzip:
        new, error, kind = (lambda: zlib.decompressobj(wbits=31)), zlib.error, "gzip"
    else:
        new, error, kind = zstandard.ZstdDecompressor().decompressobj, zstandard.ZstdError, "zstd"
    raw.seek(0)
    d, fed, at, pos = new(), False, 0, 0  # at: compressed offset of the block; pos: decompressed offset
    while block := raw.read(piece):
        data = block
        while data:
            if gzip and not fed:
                data = data.lstrip(b"\0")  # zero padding after a member (tape blocks, preallocated files)
                if not data:
                    break
            try:
                out = d.decompress(data)
            except error as exc:
                if piece > SALVAGE_BLOCK:
                    yield from _decode(raw, size, gzip, SALVAGE_BLOCK, max(pos, given))
                where = at + len(block) - len(data)
                raise CompressedStreamEnds(where, size, f"corrupt {kind} data ({exc})") from None
            fed = True
            if out:
                if pos + len(out) > given:
                    yield out[max(0, given - pos) :]
                pos += len(out)
            if d.eof:  # the end of a member or frame: another may follow
                data, d, fed = d.unused_data, new(), False
            else:
                data = b""
        at += len(block)
    if fed:
        raise CompressedStreamEnds(size, size, f"the {kind} stream ends before its end marker")


def _split_lines(blocks: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(decompressed offset, line) pairs of a stream of blocks; a CompressedStreamEnds from the blocks is
    raised on with the offset and the decoded part of the line it cut."""
    pos, pending = 0, []  # pending: the pieces of a line not ended yet (one giant line spans many blocks)
    try:
        for block in blocks:
            start = 0
            while (end := block.find(b"\n", start)) >= 0:
                line = block[start : end + 1]
                if pending:
                    line = b"".join([*pending, line])
                    pending = []
                yield pos, line
                pos += len(line)
                start = end + 1
            if start < len(block):
                pending.append(block[start:])
    except CompressedStreamEnds as exc:
        exc.offset, exc.tail = pos, b"".join(pending)
        raise
    if pending:
        yield pos, b"".join(pending)


def _jsonl_lines(f: InputFile, spec: ShardSpec) -> Iterator[tuple[int, bytes]]:
    """(byte offset, line) pairs of this shard: a line belongs to the shard its first byte falls in.

    A compressed file is one shard; its offsets are in the decompressed data."""
    name = f.path.lower()
    if name.endswith((".gz", ".zst", ".zstd")):
        with open(f.path, "rb") as raw:
            yield from _split_lines(_decompressed(raw, os.fstat(raw.fileno()).st_size, name.endswith(".gz")))
        return
    with open(f.path, "rb") as fh:
        pos = 0
        if spec.start > 0:
            fh.seek(spec.start - 1)
            pos = spec.start - 1 + len(fh.readline())  # finish the line the previous shard owns
        for raw in fh:
            if spec.end >= 0 and pos >= spec.end:
                break
            yield pos, raw
            pos += len(raw)


def _read_jsonl(f: InputFile, spec: ShardSpec, ctx: ReadContext) -> Iterator[Document]:
    rel = f.rel  # os.path.relpath: ~40 us, once per file rather than once per document
    records = 0
    try:
        for offset, raw in _jsonl_lines(f, spec):
            if not raw.strip():
                continue
            records += 1
            yield _parse_line(raw, f"{rel}@{offset}", f.path, ctx)
    except CompressedStreamEnds as end:
        # Every record decoded whole before the cut is kept (above); what follows cannot be read.
        tail, where = end.tail, f"{rel}@{end.offset}"
        if tail.strip():
            try:  # the last record may be whole, only its newline lost
                record = orjson.loads(tail)
            except orjson.JSONDecodeError:
                record = None
            if isinstance(record, dict):
                records += 1
                yield _from_record(record, where, f.path, ctx)
                tail = b""
        kept = f"the {records} records before it are kept" if records else "no record could be read"
        yield skip(
            where,
            f.path,
            f"truncated or corrupt compressed file: {end.why} (compressed byte {end.at} of {end.size}, "
            f"decompressed byte {end.offset}); {kept}, the rest of the file is lost",
            tail.decode("utf-8", "replace"),
        )


def _parse_line(raw: bytes, where: str, source: str, ctx: ReadContext) -> Document:
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:  # a GBK/GB18030 or Big5 JSONL file: decode the line, then parse
            record = orjson.loads(decode_bytes(raw).text)
        except orjson.JSONDecodeError as exc:
            return skip(where, source, f"malformed JSON line: {exc}", raw.decode("utf-8", "replace"))
    return _from_record(record, where, source, ctx)


def _from_record(record: Any, where: str, source: str, ctx: ReadContext) -> Document:
    if not isinstance(record, dict):
        return skip(where, source, f"record is a JSON {type(record).__name__}, not an object")
    text = record.get(ctx.text_field)
    raw_id = record.get(ctx.id_field)
    doc_id = str(raw_id) if raw_id not in (None, "") else where
    if text is None:
        return skip(doc_id, source, f"missing field {ctx.text_field!r}")
    if not isinstance(text, str):
        return skip(doc_id, source, f"field {ctx.text_field!r} is {type(text).__name__}, not a string")
    meta = {k: v for k, v in record.items() if k not in (ctx.id_field, ctx.text_field)}  # url, title…: kept
    if raw_id in (None, ""):
        meta["id_from"] = "position (no id field)"
    return make_document(doc_id, text, source, ctx, meta)


def _read_parquet(f: InputFile, spec: ShardSpec, ctx: ReadContext) -> Iterator[Document]:
    try:
        pf = pq.ParquetFile(f.path)
    except (pa.ArrowException, OSError) as exc:
        yield skip(f.rel, f.path, f"unreadable Parquet file: {exc}")
        return
    names = pf.schema_arrow.names
    if ctx.text_field not in names:
        yield skip(f.rel, f.path, f"Parquet file has no column {ctx.text_field!r} (has {names})")
        return
    end = pf.num_row_groups if spec.end < 0 else spec.end
    row = sum(pf.metadata.row_group(i).num_rows for i in range(spec.start))
    for group in range(spec.start, end):
        try:
            table = pf.read_row_group(group)
        except (pa.ArrowException, OSError) as exc:  # a damaged row group: the others are read
            why = " ".join(str(exc).split())
            yield skip(f"{f.rel}@group{group}", f.path, f"unreadable Parquet row group {group}: {why}")
            row += pf.metadata.row_group(group).num_rows
            continue
        for record in table.to_pylist():
            yield _from_record(record, f"{f.rel}@row{row}", f.path, ctx)
            row += 1


# Writing ---------------------------------------------------------------------------------------------

# A kept document, the same fields of the same types in documents.jsonl, .jsonl.zst and .parquet:
# id, text, source: str; removed_chars: int (characters the cleaners removed); original_id: str or null (the
# input's id when it repeated an earlier one and this document was renamed `id#2`); meta: an object of the
# input record's other fields (url, title, …) and what the reader noted (encoding, id_from). Parquet keeps
# meta in a column of its JSON type.
DOCUMENT_FIELDS = ("id", "text", "source", "removed_chars", "original_id", "meta")
_CORE = frozenset(DOCUMENT_FIELDS) - {"meta"}


def document_row(row: dict[str, Any]) -> dict[str, Any]:
    """A kept document (the input's fields beside ours) in the output schema, DOCUMENT_FIELDS."""
    return {
        "id": row["id"],
        "text": row["text"],
        "source": row["source"],
        "removed_chars": row["removed_chars"],
        "original_id": row.get("original_id"),
        "meta": {k: v for k, v in row.items() if k not in _CORE},
    }


def jsonl_line(row: dict[str, Any]) -> bytes:
    """A row as JsonlWriter writes it. `default=str` serialises what JSON has no type for (a Parquet input's
    Decimal or bytes) as a string: parsed and written again, such a line gives the same bytes (orjson writes
    back what it reads byte for byte), so a file of these lines can be copied where `write` would rewrite."""
    return orjson.dumps(row, default=str) + b"\n"


class JsonlWriter:
    """Append rows to a JSONL file (optionally zstd-compressed)."""

    def __init__(self, path: Path, compress: bool = False) -> None:
        self._raw = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._zst = zstandard.ZstdCompressor(level=3).stream_writer(self._raw) if compress else None
        self._fh = self._zst or self._raw
        self._kernel_copy = hasattr(os, "copy_file_range")

    def write(self, row: dict[str, Any]) -> None:
        self._fh.write(orjson.dumps(row) + b"\n")

    def append_file(self, path: Path) -> None:
        """Append a JSONL file as it is, without parsing it: the same bytes as `write` of each of its rows
        when they were written as `write` writes them (jsonl_line: orjson's output of what it reads back is
        the same bytes)."""
        with open(path, "rb") as src:
            self.append_range(src, 0, os.fstat(src.fileno()).st_size)

    def append_range(self, src: BinaryIO, start: int, end: int) -> None:
        """Append bytes [start, end) of an open file, as they are (rows written as `write` writes them).
        Uncompressed, the kernel copies them (copy_file_range: no pass through this process; a file system
        that shares extents just links them), where it can."""
        if end <= start:
            return
        if self._zst is None and self._copy_range(src, start, end):
            return
        src.seek(start)
        left = end - start
        while left > 0:
            block = src.read(min(left, COPY_BLOCK))
            if not block:
                raise OSError(f"{getattr(src, 'name', src)} ends at byte {end - left}, before byte {end}")
            self._fh.write(block)
            left -= len(block)

    def _copy_range(self, src: BinaryIO, start: int, end: int) -> bool:
        """copy_file_range from `src` to the end of this file; False, with nothing written, where the system
        cannot (another OS, an old kernel, file systems it will not copy between)."""
        if not self._kernel_copy:
            return False
        self._raw.flush()
        dst, at = self._raw.fileno(), start
        try:
            while at < end:
                n = os.copy_file_range(src.fileno(), dst, end - at, at)
                if n == 0:
                    if at == start:  # some file systems (FUSE, network) copy nothing: read and write instead,
                        self._kernel_copy = False  # which tells a file that is really short by its error
                        return False
                    raise OSError(f"{getattr(src, 'name', src)} ends at byte {at}, before byte {end}")
                at += n
        except OSError as exc:
            fallback = (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM, errno.EBADF)
            if at > start or exc.errno not in fallback:
                raise
            self._kernel_copy = False
            return False
        finally:
            self._raw.seek(0, os.SEEK_END)  # the buffered writer's idea of its position: the file's end again
        return True

    def close(self) -> None:
        if self._zst is not None:
            self._zst.close()
        else:
            self._raw.close()


class ParquetDocWriter:
    """Write kept documents to Parquet in row groups, streaming: the columns of DOCUMENT_FIELDS,
    `meta` in a column of Parquet's JSON type (the same object documents.jsonl holds)."""

    SCHEMA = pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("source", pa.string(), nullable=False),
            pa.field("removed_chars", pa.int64(), nullable=False),
            pa.field("original_id", pa.string()),  # null unless the input repeated the id
            pa.field("meta", pa.json_(), nullable=False),
        ]
    )

    def __init__(self, path: Path, batch: int = 5000) -> None:
        self._writer = pq.ParquetWriter(path, self.SCHEMA, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._batch = batch

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append({**row, "meta": orjson.dumps(row["meta"]).decode()})
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.SCHEMA))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def document_writer(outdir: Path, fmt: str) -> tuple[str, JsonlWriter | ParquetDocWriter]:
    if fmt == "jsonl":
        return "documents.jsonl", JsonlWriter(outdir / "documents.jsonl")
    if fmt == "jsonl.zst":
        return "documents.jsonl.zst", JsonlWriter(outdir / "documents.jsonl.zst", compress=True)
    if fmt == "parquet":
        return "documents.parquet", ParquetDocWriter(outdir / "documents.parquet")
    raise ValueError(f"unknown format {fmt!r}: use jsonl, jsonl.zst or parquet")


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save_npz_atomic(path: Path, **arrays: Any) -> None:
    """`np.savez` of `arrays` to `path`, written under a temporary name and renamed when complete."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


# OUTDIR ownership ----------------------------------------------------------------------------------------

MANIFEST = ".zhclean-manifest.json"  # in every OUTDIR: the files zhclean wrote there, with their sizes
_SHOWN = 10  # foreign entries named in an error message

log = logging.getLogger(__name__)


def write_manifest(directory: Path) -> None:
    """Mark a finished output directory as zhclean's: every file in it, with its size."""
    files = {}
    for p in sorted(directory.iterdir()):
        if p.name != MANIFEST:
            if not p.is_file() or p.is_symlink():
                raise OutputError(f"{p} is not a plain file: an output directory holds only files")
            files[p.name] = p.stat().st_size
    manifest = {"written_by": "zhclean", "files": files}
    write_atomic(directory / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))


def _listed_files(directory: Path) -> dict[str, int] | None:
    """name -> size of the files the manifest lists; None when the manifest is missing or unreadable."""
    try:
        manifest = orjson.loads((directory / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(manifest, dict) or manifest.get("written_by") != "zhclean":
        return None
    files = manifest.get("files")
    if not isinstance(files, dict):
        return None
    if not all(isinstance(k, str) and type(v) is int for k, v in files.items()):
        return None
    return files


def _names(entries: list[str]) -> str:
    more = f" and {len(entries) - _SHOWN} more" if len(entries) > _SHOWN else ""
    return ", ".join(entries[:_SHOWN]) + more


def owned_entries(directory: Path, shown: Path | None = None) -> list[str]:
    """The entries of an existing output directory that zhclean wrote itself, i.e. may delete.

    A directory may be replaced only if it is empty, or holds exactly its manifest and files that the
    manifest lists, each still a plain file of the size zhclean wrote. Anything else (no manifest, a file
    added by the user, a file changed since) raises OutputError naming the entries that are not zhclean's.
    `shown` is the path the message names (the directory may have been renamed aside already).
    """
    shown = shown or directory
    if not os.path.lexists(directory):
        return []
    if directory.is_symlink() or not directory.is_dir():
        raise OutputError(f"{shown} exists and is not a directory; choose another --out")
    entries = sorted(os.listdir(directory))
    if not entries:
        return []
    listed = _listed_files(directory) if MANIFEST in entries else None
    if listed is None:
        why = "its manifest is unreadable" if MANIFEST in entries else f"it has no {MANIFEST}"
        raise OutputError(
            f"{shown} is not a zhclean output directory ({why}) and it holds: {_names(entries)}. "
            "zhclean replaces only directories it wrote itself and deletes nothing else: "
            "choose another --out, or empty that directory yourself"
        )
    foreign = []
    for name in entries:
        if name == MANIFEST:
            continue
        if name not in listed:
            foreign.append(name)
            continue
        st = os.lstat(directory / name)
        if not stat.S_ISREG(st.st_mode) or st.st_size != listed[name]:
            foreign.append(f"{name} (changed since zhclean wrote it)")
    if foreign:
        raise OutputError(
            f"{shown} is a zhclean output directory but holds files zhclean did not write: {_names(foreign)}. "
            "zhclean replaces only what it wrote itself: move them away, or choose another --out"
        )
    return entries


def publish_dir(tmp: Path, final: Path) -> None:
    """Swap a finished output directory into place: at every instant `final` is the old complete directory
    or the new complete one, never missing and never half (Linux: one renameat2(RENAME_EXCHANGE)).

    An existing `final` is replaced only if everything in it is zhclean's (owned_entries). It is checked
    again once swapped aside, so that a file added during the run is never deleted: the old directory is
    swapped back and OutputError raised. Only the files the old manifest lists are deleted.
    """
    crash_point("publish:start")
    if not os.path.lexists(final):
        os.replace(tmp, final)  # a directory created meanwhile: replaced only if empty, else OSError
        crash_point("publish:done")
        return
    owned_entries(final)
    if not exchange_paths(tmp, final):  # no RENAME_EXCHANGE here (another system or file system)
        _publish_by_renames(tmp, final)
        return
    crash_point("publish:exchanged")  # killed here: the new OUTDIR is in place, the old one at `tmp`
    old = tmp
    try:
        owned = owned_entries(old, shown=final)
    except OutputError:
        exchange_paths(tmp, final)  # put the old one back (and the new one at tmp, which the caller removes)
        raise
    _remove_owned(old, owned, final)
    crash_point("publish:done")


def _publish_by_renames(tmp: Path, final: Path) -> None:
    """publish_dir without an atomic exchange: the old directory is renamed aside first, so `final` is
    missing for an instant; a run killed then leaves it at `.NAME.old-PID`, which the next run on that
    OUTDIR puts back (remove_stale_outputs)."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    os.replace(final, old)
    crash_point("publish:renamed-aside")
    try:
        owned = owned_entries(old, shown=final)
    except OutputError:
        os.replace(old, final)
        raise
    os.replace(tmp, final)
    crash_point("publish:exchanged")
    _remove_owned(old, owned, final)
    crash_point("publish:done")


def _remove_owned(old: Path, owned: list[str], final: Path) -> None:
    """Delete a replaced output directory: the entries zhclean wrote, then the directory if that empties it."""
    for name in sorted(owned, key=lambda n: n == MANIFEST):  # the manifest last: it marks the rest as ours
        (old / name).unlink(missing_ok=True)
    try:
        os.rmdir(old)
    except OSError:  # a file added to it in the instant between the check and the swap: left, not deleted
        log.warning("%s held files zhclean did not write; they are kept in %s", final, old)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: Any = None  # the libc function, False where there is none


def exchange_paths(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths (renameat2 with RENAME_EXCHANGE). False, with nothing done, where
    the system or the file system does not offer it; other errors raise OSError."""
    global _renameat2
    import ctypes
    import errno

    if _renameat2 is None:
        _renameat2 = False
        if os.uname().sysname == "Linux":
            libc = ctypes.CDLL(None, use_errno=True)
            if hasattr(libc, "renameat2"):
                _renameat2 = libc.renameat2
                _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p] * 2 + [ctypes.c_uint]
    if _renameat2 is False:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


# Beside OUTDIR: the lock, the work directories, temporary and swapped-out output directories ---------------

_DOCUMENT_FILES = ("documents.jsonl", "documents.jsonl.zst", "documents.parquet")
_ZHCLEAN_FILES = frozenset([*_DOCUMENT_FILES, "dropped.jsonl", "duplicates.jsonl", "report.json", MANIFEST])


def lock_path(outdir: Path) -> Path:
    """The run lock of OUTDIR (flows.safety.run_lock), beside it: OUTDIR itself is swapped by publish_dir."""
    return outdir.with_name(f".{outdir.name}.lock")


def remove_stale_outputs(outdir: Path) -> list[str]:
    """Clean up after runs on OUTDIR that were killed: call it holding OUTDIR's run lock (no other zhclean run
    on OUTDIR is alive then, whatever process ids the names carry).

    `.NAME.tmp-PID` is an output directory a killed run was writing (or an old one it had swapped out):
    its zhclean files are deleted, then the directory if that empties it. `.NAME.old-PID` is an old OUTDIR
    renamed aside by a run killed before it moved the new one in (systems without RENAME_EXCHANGE): put back
    if OUTDIR is missing, else deleted like a temporary directory. `.NAME.trash-PID` is the work directory of
    a finished run, renamed for deletion: deleted. Returns the names removed or restored."""
    import shutil

    done = []
    prefix = f".{outdir.name}."
    try:
        names = sorted(os.listdir(outdir.parent))
    except FileNotFoundError:
        return done
    for name in names:
        if not name.startswith(prefix):
            continue
        kind = name[len(prefix) :].split("-", 1)[0]
        path = outdir.parent / name
        if kind not in ("tmp", "old", "trash") or not path.is_dir() or path.is_symlink():
            continue
        if kind == "trash":
            shutil.rmtree(path, ignore_errors=True)
            done.append(name)
            continue
        if kind == "old" and not os.path.lexists(outdir) and _listed_files(path) is not None:
            os.rename(path, outdir)
            done.append(f"{name} (put back as {outdir.name})")
            continue
        if discard_output_dir(path):
            done.append(name)
    return done


def discard_output_dir(path: Path) -> bool:
    """Delete an output directory zhclean was writing or has swapped out: the files zhclean writes (and
    write_atomic's temporary files), then the directory if that empties it. False if something else is left
    (a file a user put there is never deleted)."""
    try:
        entries = os.listdir(path)
    except FileNotFoundError:
        return True
    for entry in entries:
        if entry in _ZHCLEAN_FILES or (entry.startswith(".") and ".tmp-" in entry):
            (path / entry).unlink(missing_ok=True)
    try:
        os.rmdir(path)
    except OSError:
        log.warning("%s holds files zhclean did not write: left in place", path)
        return False
    return True


def remove_other_work_dirs(outdir: Path, keep: Path) -> list[str]:
    """Delete the work directories of earlier runs on OUTDIR that never finished (other inputs or config):
    once a run has published OUTDIR, resuming one of them would replace a newer output with an older one.
    Call it holding OUTDIR's run lock."""
    import shutil

    done = []
    for path in sorted(outdir.parent.glob(f".{outdir.name}.work-*")):
        if path != keep and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            done.append(path.name)
    return done
