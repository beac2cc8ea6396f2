"""Assemble OUTDIR from finished shards: documents, dropped.jsonl, duplicates.jsonl, report.json."""

from __future__ import annotations

import errno
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import zstandard

from flows.io import (
    MANIFEST,
    JsonlWriter,
    OutputError,
    discard_output_dir,
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

# A kept document, the same fields of the same types in documents.jsonl, .jsonl.zst and .parquet:
# id, text, source: str; removed_chars: int (characters the cleaners removed); original_id: str or null (the
# input's id when it repeated an earlier one and this document was renamed `id#2`); meta: an object of the
# input record's other fields (url, title, …) and what the reader noted (encoding, id_from). Parquet keeps
# meta in a column of its JSON type.
DOCUMENT_FIELDS = ("id", "text", "source", "removed_chars", "original_id", "meta")
_CORE = frozenset(DOCUMENT_FIELDS) - {"meta"}


def document_row(row: dict[str, Any]) -> dict[str, Any]:
    """A kept row of a shard (the input's fields beside ours) in the output schema, DOCUMENT_FIELDS."""
    return {
        "id": row["id"],
        "text": row["text"],
        "source": row["source"],
        "removed_chars": row["removed_chars"],
        "original_id": row.get("original_id"),
        "meta": {k: v for k, v in row.items() if k not in _CORE},
    }


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
            for row in iter_kept(shard, renames):
                dup = drop_ids.get(row["id"])
                if dup is not None:
                    ledger.write(_dedup_removal(row, dup))
                else:
                    writer.write(document_row(row))
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
        report["documents"]["renamed_duplicate_ids"] = len(renames)
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


def unique_ids(shards: list[FinishedShard]) -> dict[tuple[int, int], str]:
    """New ids for repeated input ids, by (shard, position): `a`, `a#2`, `a#3` in input order."""
    seen: dict[str, int] = {}
    renames: dict[tuple[int, int], str] = {}
    for shard in sorted(shards, key=lambda s: s.index):
        for position, doc_id in enumerate(shard.ids):
            count = seen.get(doc_id, 0) + 1
            seen[doc_id] = count
            if count > 1:
                renames[(shard.index, position)] = f"{doc_id}#{count}"
    return renames


def iter_kept(shard: FinishedShard, renames: dict[tuple[int, int], str]) -> Iterator[dict[str, Any]]:
    """The kept documents of a shard under their final, unique ids."""
    with open(shard.kept, "rb") as fh:
        for position, raw in enumerate(fh):
            row = orjson.loads(raw)
            new_id = renames.get((shard.index, position))
            if new_id is not None:
                row["original_id"], row["id"] = row["id"], new_id
            yield row


def _dedup_removal(row: dict[str, Any], dup: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": row["id"],
        "line_no": 0,
        "kind": "document",
        "cleaner": "dedup",
        "reason": f"{dup['relation']} of {dup['duplicate_of']} (similarity {dup['similarity']:.3f})",
        "text": row["text"],
    }
