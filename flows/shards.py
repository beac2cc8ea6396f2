"""The work of one shard, as plain functions (the flow wraps them in tasks): prepare, then finish.

Each step writes its result file atomically into the run's work directory and skips itself when the
file is already there, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import functools
import os
import pickle
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from cleaners import Document, Line, Pipeline, Removal
from cleaners.boilerplate import SiteStats
from cleaners.dedup import DedupParams, RowSketcher
from flows.dropped import DroppedSample, sample_rows
from flows.io import ReadContext, ShardSpec, document_row, jsonl_line, read_shard, save_npz_atomic
from flows.safety import crash_point

_LOCAL = threading.local()


def pipeline_for(cfg: dict[str, Any]) -> Pipeline:
    """One pipeline per config per thread (building one compiles patterns and loads OpenCC).

    Per thread, not per process: a shard task sets the pipeline's learned boilerplate and resets its
    timers, and a Dask worker (or the thread pool) may run several shard tasks at once.
    """
    cache: dict[str, Pipeline] = _LOCAL.__dict__.setdefault("pipelines", {})
    key = orjson.dumps(cfg, option=orjson.OPT_SORT_KEYS).decode()
    if key not in cache:
        cache[key] = Pipeline(cfg)
    return cache[key]


@dataclass
class ShardStats:
    """Small per-shard figures merged into report.json."""

    docs_in: int = 0
    docs_kept: int = 0
    docs_skipped: int = 0  # unusable input (reader)
    docs_dropped: int = 0  # dropped by a cleaner (document filter)
    chars_in: int = 0
    chars_out: int = 0
    chars_removed: Counter[str] = field(default_factory=Counter)
    lines_removed: Counter[str] = field(default_factory=Counter)
    spans_removed: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)

    def add(self, other: ShardStats) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def count_removals(self, removals: list[Removal]) -> None:
        for r in removals:
            self.chars_removed[r.cleaner] += len(r.text)
            if r.kind == "line":
                self.lines_removed[r.cleaner] += 1
            elif r.kind == "span":
                self.spans_removed[r.cleaner] += 1


def _write_rows(path: Path, rows: list[bytes]) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.writelines(rows)
    os.replace(tmp, path)


def prepare_shard(spec: ShardSpec, cfg: dict[str, Any], workdir: Path) -> Path:
    """Stage 1 on one shard: read, run the document cleaners, collect line statistics."""
    out = workdir / f"prep-{spec.index:05d}.jsonl"
    stats_path = workdir / f"prep-{spec.index:05d}.stats"
    if out.exists() and stats_path.exists():
        return stats_path
    pipeline = pipeline_for(cfg)
    pipeline.seconds.clear()
    inp = cfg["input"]
    ctx = ReadContext(inp["id_field"], inp["text_field"], inp["max_line_chars"])
    line_stats = pipeline.boilerplate.new_stats() if pipeline.boilerplate else None
    stats = ShardStats()
    rows: list[bytes] = []
    for doc in read_shard(spec, ctx):
        stats.docs_in += 1
        stats.chars_in += sum(len(line.text) for line in doc.lines)
        if not doc.dropped:
            pipeline.prepare(doc, line_stats)
        rows.append(orjson.dumps(_doc_state(doc), default=str) + b"\n")
    stats.seconds.update(pipeline.seconds)
    _write_rows(out, rows)
    crash_point("prepare:shard")  # killed here: a .jsonl without its .stats, redone by the next run
    tmp = stats_path.with_name(stats_path.name + f".tmp-{os.getpid()}")
    tmp.write_bytes(pickle.dumps((stats, line_stats)))
    os.replace(tmp, stats_path)
    return stats_path


def load_prepared(stats_path: Path) -> tuple[ShardStats, SiteStats | None]:
    return pickle.loads(stats_path.read_bytes())


FIT = "boilerplate-fit.npz"  # the learned template lines, which every finish task reads


def save_fit(workdir: Path, boilerplate: dict[int, int]) -> Path:
    """The fitted template lines (line-and-site key -> counts and flags) as two uint64 arrays in the work
    directory, written atomically: the finish tasks get its path, not the dict. As a task parameter the dict
    was pickled for every task and walked by Prefect's input tracking in the flow process (1.5 s a task at
    200,000 lines, measured), a cost that grows with the corpus."""
    path = workdir / FIT
    save_npz_atomic(path, keys=np.fromiter(boilerplate.keys(), dtype=np.uint64, count=len(boilerplate)),
                    values=np.fromiter(boilerplate.values(), dtype=np.uint64, count=len(boilerplate)))
    return path


def load_fit(path: str) -> dict[int, int]:
    """What `save_fit` wrote, read once per process and file version (a worker runs many finish tasks)."""
    info = os.stat(path)
    return _load_fit(path, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=2)
def _load_fit(path: str, mtime_ns: int, size: int) -> dict[int, int]:
    with np.load(path) as data:
        return dict(zip(data["keys"].tolist(), data["values"].tolist(), strict=True))


def _doc_state(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "meta": doc.meta,
        "lines": [[line.no, line.text] for line in doc.lines],
        "removals": [r.to_dict() for r in doc.removals],
        "edits": dict(doc.edits),
        "dropped": doc.dropped,
    }


def _doc_from_state(row: dict[str, Any]) -> Document:
    doc = Document(row["id"], [Line(no, text) for no, text in row["lines"]], row["source"], row["meta"])
    doc.removals = [Removal(**r) for r in row["removals"]]
    doc.edits.update(row["edits"])
    doc.dropped = row["dropped"]
    return doc


@dataclass
class FinishedShard:
    index: int
    kept: Path  # JSONL of kept documents in final form: documents.jsonl's rows (io.document_row, jsonl_line)
    dropped: Path  # JSONL of removal records, in final form: dropped.jsonl's rows
    stats: ShardStats
    ids: list[str]  # ids of the kept documents, in file order
    sizes: array | None = None  # the byte length of each row of `kept` (newline included), in file order

    @property
    def sketch_path(self) -> Path:
        """The MinHash sketches of its kept documents (when dedup is on), under their input ids, with the
        position of each sketched row among the kept ones (`positions`): the run renames repeated ids later."""
        return self.kept.with_name(f"sketch-{self.index:05d}.npz")

    @property
    def sample_path(self) -> Path:
        """The shard's sample of its dropped rows (flows.dropped), for the UI's tables."""
        return self.dropped.with_suffix(".sample")


def finish_shard(
    index: int, cfg: dict[str, Any], workdir: Path, boilerplate: dict[int, int]
) -> FinishedShard:
    """Stage 2 on one shard: learned boilerplate, the document filter; kept docs and the ledger out, with
    the sample of the ledger the UI's tables show (flows.dropped), built here from the rows as they are
    written so that the flow never reads the ledger again. The sample is saved before the done-file (the
    .stats, which holds the kept rows' ids and byte lengths): a shard counted as done has all three files.

    Both files hold their rows in final form, the bytes documents.jsonl and dropped.jsonl hold, so that the
    write stage (flows.outputs) copies them and rewrites only the documents the whole run renames or drops.
    With dedup on, the kept documents are sketched here too, while their text is at hand (`sketch_path`)."""
    kept_path = workdir / f"kept-{index:05d}.jsonl"
    dropped_path = workdir / f"dropped-{index:05d}.jsonl"
    done_path = workdir / f"kept-{index:05d}.stats"
    if done_path.exists():
        return FinishedShard(index, kept_path, dropped_path, *pickle.loads(done_path.read_bytes()))
    stats, _ = load_prepared(workdir / f"prep-{index:05d}.stats")
    pipeline = pipeline_for(cfg)
    if pipeline.boilerplate is not None:
        pipeline.boilerplate.boilerplate = boilerplate
    pipeline.seconds.clear()
    kept: list[bytes] = []
    ids: list[str] = []
    sizes = array("Q")
    dropped: list[bytes] = []
    sample = DroppedSample(sample_rows(cfg))
    params = DedupParams.from_config(cfg)
    sketcher = RowSketcher(params) if params.enabled else None
    with open(workdir / f"prep-{index:05d}.jsonl", "rb") as fh:
        for raw in fh:
            doc = _doc_from_state(orjson.loads(raw))
            if not doc.dropped:
                pipeline.finish(doc)
            stats.count_removals(doc.removals)
            stats.edits.update(doc.edits)
            for r in doc.removals:
                removal = r.to_dict()
                dropped.append(orjson.dumps(removal) + b"\n")  # in final form: flows.outputs copies the bytes
                sample.add(removal, index)
            if doc.dropped:
                is_skip = any(r.cleaner == "reader" for r in doc.removals)
                stats.docs_skipped += is_skip
                stats.docs_dropped += not is_skip
                continue
            text = doc.text
            stats.docs_kept += 1
            stats.chars_out += sum(len(line.text) for line in doc.lines)  # like chars_in: newlines not counted
            row = {**doc.meta, "id": doc.id, "text": text, "source": doc.source}  # input's other fields kept
            row["removed_chars"] = sum(len(r.text) for r in doc.removals)
            if sketcher is not None:
                sketcher.add(row)
            line = jsonl_line(document_row(row))  # in final form: flows.outputs copies the bytes
            kept.append(line)
            ids.append(doc.id)
            sizes.append(len(line))
    stats.seconds.update(pipeline.seconds)
    _write_rows(kept_path, kept)
    _write_rows(dropped_path, dropped)
    result = FinishedShard(index, kept_path, dropped_path, stats, ids, sizes)
    sample.save(result.sample_path)
    if sketcher is not None:
        sketcher.build().save(result.sketch_path, positions=np.array(sketcher.positions, dtype=np.int64))
    crash_point("finish:shard")  # killed here: the shard's files without its .stats, redone by the next run
    tmp = done_path.with_name(done_path.name + f".tmp-{os.getpid()}")
    tmp.write_bytes(pickle.dumps((stats, ids, sizes)))
    os.replace(tmp, done_path)
    return result
