"""Assemble OUTDIR from finished shards: documents, dropped.jsonl, duplicates.jsonl, report.json."""

from __future__ import annotations

import errno
import io
import os
import time
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import zstandard

from flows.io import (
    DOCUMENT_FIELDS,
    MANIFEST,
    JsonlWriter,
    OutputError,
    ParquetDocWriter,
    discard_output_dir,
    document_row,
    document_writer,
    lock_path,
    owned_entries,
    publish_dir,
    write_atomic,
    write_manifest,
)
from flows.memory import stage_peak_rss_mb
from flows.safety import RunFailed, crash_point, lock_holder
from flows.shards import FinishedShard

OUTPUT_FILES = ("dropped.jsonl", "duplicates.jsonl", "report.json", MANIFEST)
__all__ = ["DOCUMENT_FIELDS", "OutputError", "check_outdir", "document_row", "iter_documents", "write_outputs"]

def iter_documents(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a documents file of any format, each a dict of DOCUMENT_FIELDS (meta decoded)."""
    name = path.name
    if name.endswith(".parquet"):
        for batch in pq.ParquetFile(path).iter_batches():
            for row in batch.to_pylist():
                row["meta"] = orjson.loads(row["meta"])
                yield row
        return
    with open(path, "rb") as raw:
        if name.endswith(".zst"):
            fh = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True))
        else:
            fh = raw
        for line in fh:
            yield orjson.loads(line)


def check_outdir(outdir: Path) -> None:
    """Refuse, before any work, an OUTDIR that zhclean could not replace without deleting what it did not
    write: a file, a directory without zhclean's manifest, or one holding files the manifest does not list.
    publish_dir checks again right before the swap (a file may be added during the run). Also refused: an
    OUTDIR another zhclean run is writing (its run lock is held; the flow takes it for the whole run)."""
    holder = lock_holder(lock_path(outdir))
    if holder is not None:
        raise OutputError(
            f"another zhclean run holds OUTDIR {outdir} ({holder}); wait for it to finish, then run again"
        )
    owned_entries(outdir)


class DiskFull(RunFailed):
    """No space left while writing OUTDIR: the previous OUTDIR is intact, the cleaned shards are kept."""


def write_outputs(
    outdir: Path,
    fmt: str,
    shards: list[FinishedShard],
    duplicates: list[dict[str, Any]],
    report: dict[str, Any],
    started: float,
) -> dict[str, Any]:
    """Write everything into a temporary sibling directory, then swap it into place in one rename."""
    write_started = time.perf_counter()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = outdir.with_name(f".{outdir.name}.tmp-{os.getpid()}")
    discard_output_dir(tmp)
    tmp.mkdir()
    try:
        drop_ids = {d["id"]: d for d in duplicates}
        doc_file, writer = document_writer(tmp, fmt)
        ledger = JsonlWriter(tmp / "dropped.jsonl")
        renames = unique_ids(shards)
        for shard in sorted(shards, key=lambda s: s.index):
            ledger.append_file(shard.dropped)  # rows in final form (flows.shards.finish_shard): bytes copied
            if isinstance(writer, JsonlWriter):
                _copy_documents(shard, renames.get(shard.index, {}), drop_ids, writer, ledger)
            else:
                _write_documents(shard, renames.get(shard.index, {}), drop_ids, writer, ledger)
        writer.close()
        ledger.close()
        with open(tmp / "duplicates.jsonl", "wb") as fh:
            for d in duplicates:
                fh.write(orjson.dumps(d) + b"\n")
        report["outputs"] = {
            "documents": doc_file,
            "dropped": "dropped.jsonl",
            "duplicates": "duplicates.jsonl",
        }
        report["documents"]["renamed_duplicate_ids"] = sum(map(len, renames.values()))
        stages = report["timings"].setdefault("stage_seconds", {})
        stages["write"] = time.perf_counter() - write_started
        report["timings"].setdefault("stage_peak_rss_mb", {})["write"] = stage_peak_rss_mb()
        stages["total"] = time.perf_counter() - started
        write_atomic(
            tmp / "report.json", orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        )
        write_manifest(tmp)  # last: it lists every file above, the mark that lets a later run replace them
        crash_point("write:done")
        publish_dir(tmp, outdir)
    except OSError as exc:
        discard_output_dir(tmp)
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise DiskFull(
            f"no space left on the device of {outdir} while writing the new output ({exc.strerror}); "
            f"{outdir} is unchanged and the cleaned shards are kept: free some space and run the same command"
        ) from None
    except BaseException:
        discard_output_dir(tmp)  # zhclean's files only: after a swap it holds the old OUTDIR
        raise
    return report


def unique_ids(shards: list[FinishedShard]) -> dict[int, dict[int, str]]:
    """New ids for repeated input ids, by shard index, then position in the shard: `a`, `a#2`, `a#3` in
    input order."""
    seen: dict[str, int] = {}
    renames: dict[int, dict[int, str]] = {}
    for shard in sorted(shards, key=lambda s: s.index):
        for position, doc_id in enumerate(shard.ids):
            count = seen.get(doc_id, 0) + 1
            seen[doc_id] = count
            if count > 1:
                renames.setdefault(shard.index, {})[position] = f"{doc_id}#{count}"
    return renames


def iter_kept(shard: FinishedShard, renames: dict[int, str]) -> Iterator[dict[str, Any]]:
    """The kept documents of a shard under their final, unique ids (rows of DOCUMENT_FIELDS)."""
    with open(shard.kept, "rb") as fh:
        for position, raw in enumerate(fh):
            yield _final(orjson.loads(raw), renames.get(position))


def _final(row: dict[str, Any], new_id: str | None) -> dict[str, Any]:
    if new_id is not None:
        row["original_id"], row["id"] = row["id"], new_id
    return row


def _write_documents(
    shard: FinishedShard,
    renames: dict[int, str],
    drop_ids: dict[str, dict[str, Any]],
    writer: ParquetDocWriter,
    ledger: JsonlWriter,
) -> None:
    """A shard's documents into a writer that cannot take bytes (Parquet): each row parsed and written."""
    for row in iter_kept(shard, renames):
        _place(row, drop_ids, writer, ledger)


def _copy_documents(
    shard: FinishedShard,
    renames: dict[int, str],
    drop_ids: dict[str, dict[str, Any]],
    writer: JsonlWriter,
    ledger: JsonlWriter,
) -> None:
    """A shard's documents into a JSONL writer: the kept file is in final form (flows.shards.finish_shard),
    so the runs of rows between the ones to change are copied as bytes. Only a renamed document (a repeated
    input id: written under its new id) and a duplicate (its removal goes to the ledger, the document
    nowhere) are parsed; which ones they are comes from the ids, where they are from the rows' byte lengths.
    The result is the bytes writing every row (`writer.write`) gives."""
    ids = shard.ids
    dropped = (p for p, doc_id in enumerate(ids) if renames.get(p, doc_id) in drop_ids) if drop_ids else ()
    todo = sorted({*renames, *dropped})
    with open(shard.kept, "rb") as src:
        if not todo:
            writer.append_range(src, 0, os.fstat(src.fileno()).st_size)
            return
        ends = _row_ends(shard, src)
        copied = 0  # the end of what is written so far
        for position in todo:
            start = ends[position - 1] if position else 0
            writer.append_range(src, copied, start)
            src.seek(start)
            row = _final(orjson.loads(src.read(ends[position] - start)), renames.get(position))
            _place(row, drop_ids, writer, ledger)
            copied = ends[position]
        writer.append_range(src, copied, ends[-1])


def _place(
    row: dict[str, Any],
    drop_ids: dict[str, dict[str, Any]],
    writer: JsonlWriter | ParquetDocWriter,
    ledger: JsonlWriter,
) -> None:
    """A kept document into the documents file, or, a duplicate the dedup stage dropped, its removal into the
    ledger."""
    dup = drop_ids.get(row["id"])
    if dup is not None:
        ledger.write(_dedup_removal(row, dup))
    else:
        writer.write(row)


def _row_ends(shard: FinishedShard, src: io.BufferedReader) -> list[int]:
    """The byte offset where each row of a shard's kept file ends: from the lengths its done-file holds, else
    (a shard built by hand) from the newlines, which only end rows (JSON escapes a newline in a string)."""
    size = os.fstat(src.fileno()).st_size
    if shard.sizes is not None:
        ends = list(accumulate(shard.sizes))
    else:
        data = src.read()
        ends, at = [], data.find(b"\n")
        while at >= 0:
            ends.append(at + 1)
            at = data.find(b"\n", at + 1)
    if len(ends) != len(shard.ids) or (ends[-1] if ends else 0) != size:
        raise RuntimeError(
            f"{shard.kept}: {len(ends)} rows of {ends[-1] if ends else 0} bytes, the shard records "
            f"{len(shard.ids)} ids and the file has {size} bytes; delete the work directory and run again"
        )
    return ends


def _dedup_removal(row: dict[str, Any], dup: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": row["id"],
        "line_no": 0,
        "kind": "document",
        "cleaner": "dedup",
        "reason": f"{dup['relation']} of {dup['duplicate_of']} (similarity {dup['similarity']:.3f})",
        "text": row["text"],
    }
