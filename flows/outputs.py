"""Assemble OUTDIR from finished shards: documents, dropped.jsonl, duplicates.jsonl, report.json."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from flows.io import (
    MANIFEST,
    JsonlWriter,
    OutputError,
    document_writer,
    owned_entries,
    publish_dir,
    write_atomic,
    write_manifest,
)
from flows.memory import stage_peak_rss_mb
from flows.shards import FinishedShard

OUTPUT_FILES = ("dropped.jsonl", "duplicates.jsonl", "report.json", MANIFEST)
__all__ = ["OutputError", "check_outdir", "write_outputs"]


def check_outdir(outdir: Path) -> None:
    """Refuse, before any work, an OUTDIR that zhclean could not replace without deleting what it did not
    write: a file, a directory without zhclean's manifest, or one holding files the manifest does not list.
    publish_dir checks again right before the swap (a file may be added during the run)."""
    owned_entries(outdir)


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
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        drop_ids = {d["id"]: d for d in duplicates}
        doc_file, writer = document_writer(tmp, fmt)
        ledger = JsonlWriter(tmp / "dropped.jsonl")
        renames = unique_ids(shards)
        for shard in sorted(shards, key=lambda s: s.index):
            with open(shard.dropped, "rb") as fh:
                for raw in fh:
                    ledger.write(orjson.loads(raw))
            for row in iter_kept(shard, renames):
                dup = drop_ids.get(row["id"])
                if dup is not None:
                    ledger.write(_dedup_removal(row, dup))
                else:
                    writer.write(row)
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
        publish_dir(tmp, outdir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
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
