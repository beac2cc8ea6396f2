"""The Prefect flow: shard tasks run the cleaners, the flow reduces statistics and writes OUTDIR."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from cleaners import load_config
from cleaners.config import config_hash
from cleaners.dedup import DedupParams, LocalIndex, RedisIndex, Sketches, open_index
from cleaners.dedup.mapped import Keys, Part, load_keys, write_rows
from flows.artifacts import ShardProgress, publish_run_artifacts
from flows.dedup_stage import DedupOutcome, run_dedup_stage
from flows.io import (
    discover,
    inputs_fingerprint,
    lock_path,
    owned_entries,
    plan_shards,
    remove_other_work_dirs,
    remove_stale_outputs,
    write_atomic,
)
from flows.memory import stage_peak_rss_mb
from flows.outputs import write_outputs
from flows.runners import NO_CACHE, as_completed, flow, get_run_logger, task, transient_failure
from flows.safety import RunFailed, crash_point, quiet_run_failures, run_lock
from flows.shards import (
    FinishedShard,
    ShardStats,
    finish_shard,
    load_fit,
    load_prepared,
    pipeline_for,
    prepare_shard,
    save_fit,
)

ProgressHook = Callable[[str, int, int], None]
progress_hook: ProgressHook | None = None  # set by the CLI to drive its progress bar
quiet_run_failures()  # a run that fails on a RunFailed: one line, no traceback in Prefect's log either


@task(
    name="prepare-shard",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=transient_failure,
)
def prepare_task(spec, cfg: dict[str, Any], workdir: str) -> str:
    return str(prepare_shard(spec, cfg, Path(workdir)))


@task(
    name="finish-shard",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=transient_failure,
)
def finish_task(index: int, cfg: dict[str, Any], workdir: str, fit: str) -> FinishedShard:
    """Stage 2 of one shard, with the template lines the flow fitted (`fit`: flows.shards.save_fit)."""
    return finish_shard(index, cfg, Path(workdir), load_fit(fit))


def _report(step: str, done: int, total: int) -> None:
    if progress_hook is not None:
        progress_hook(step, done, total)


class ShardsFailed(RunFailed):
    """Some shard tasks failed for good; the others' results stay in the work dir for a re-run."""


class IndexUnavailable(RunFailed):
    """The dedup index could not be read or updated (Redis unreachable or lost, a full disk)."""


def _gather(futures: list, step: str, progress: ShardProgress | None = None) -> list:
    """Results in completion order; every task runs to the end even when one fails."""
    results, failures = [], []
    for done, future in enumerate(as_completed(futures), start=1):
        try:
            results.append(future.result())
        except Exception as exc:  # reported below, after the other shards have finished
            failures.append(f"{step} task {futures.index(future)}: {type(exc).__name__}: {exc}")
        _report(step, done, len(futures))
        if progress is not None:
            progress.advance()
    if failures:
        raise ShardsFailed(
            f"{len(failures)} of {len(futures)} {step} tasks failed ({'; '.join(failures[:5])}); "
            "the finished shards are kept in the work directory and the same command resumes from them"
        )
    return results


WORK_FORMAT = 7  # bump when what the work directory holds changes: a resumed run never reads an older layout


def work_dir_for(out: Path, cfg: dict[str, Any], fingerprint: str) -> Path:
    return out.with_name(f".{out.name}.work-{config_hash(cfg)}-{fingerprint}-v{WORK_FORMAT}")


def index_lock_path(index: str) -> Path:
    """The run lock of a dedup index directory, beside it (the directory itself holds only the index)."""
    path = Path(index).resolve()
    return path.with_name(f".{path.name}.lock")


@flow(name="zhclean-clean", log_prints=True)
def clean_corpus(
    inputs: list[str],
    out: str,
    config: str | None = None,
    fmt: str = "jsonl",
    keep_work: bool = False,
    root: str | None = None,
    index: str | None = None,
) -> dict[str, Any]:
    """Clean INPUTS into OUT: documents, dropped.jsonl, duplicates.jsonl and report.json.

    `root`: the directory .txt ids are relative to (default: each input directory, or a file's parent).
    `index`: the persistent dedup index, a directory or redis://host:port/db (default: `[dedup] index`).

    The run holds OUT's run lock (and a directory index's) from start to end: a second run on the same OUT
    or index is refused (flows.safety.LockHeld). A run killed at any point leaves OUT as it was (or, once
    published, the new one) and the same command resumes from the work directory to the same result.
    """
    started = time.perf_counter()
    cfg = load_config(config)
    outdir = Path(out).resolve()
    owned_entries(outdir)  # before anything is created: OUT must be zhclean's to replace
    pipeline_for(cfg)  # builds every cleaner: a bad setting fails before any work directory exists
    files = discover(inputs, root)
    params = DedupParams.from_config(cfg)
    index = (index or params.index or None) if params.enabled else None
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as held:
        held.enter_context(run_lock(lock_path(outdir), f"OUTDIR {outdir}"))
        if index is not None and not index.startswith("redis://"):
            index_lock_path(index).parent.mkdir(parents=True, exist_ok=True)
            held.enter_context(run_lock(index_lock_path(index), f"the dedup index {index}"))
        remove_stale_outputs(outdir)  # what runs killed before left beside OUT (no other run is alive now)
        owned_entries(outdir)  # again, holding the lock
        crash_point("clean:start")
        return _clean(files, outdir, cfg, fmt, keep_work, index, started)


def _clean(
    files: list,
    outdir: Path,
    cfg: dict[str, Any],
    fmt: str,
    keep_work: bool,
    index: str | None,
    started: float,
) -> dict[str, Any]:
    shards = plan_shards(files, cfg["input"]["shard_docs"], cfg["input"].get("shard_bytes", 32 << 20))
    workdir = work_dir_for(outdir, cfg, inputs_fingerprint(files))
    workdir.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    progress = ShardProgress(2 * len(shards))  # Prefect UI artifact: both stages' shard tasks
    peaks: dict[str, float] = {"start": stage_peak_rss_mb()}  # this process's peak RSS (MB) per stage

    t = time.perf_counter()
    stats_paths = _gather([prepare_task.submit(s, cfg, str(workdir)) for s in shards], "clean", progress)
    crash_point("prepare:done")
    peaks["prepare"] = stage_peak_rss_mb()  # shard tasks: in this process only with the thread runner
    pipeline = pipeline_for(cfg)
    boilerplate: dict[int, int] = {}  # each site's template lines
    if pipeline.boilerplate:  # one shard's line statistics loaded at a time, merged into the total
        boilerplate = pipeline.fit(pipeline.boilerplate.merge(load_prepared(Path(p))[1] for p in stats_paths))
    fit = str(save_fit(workdir, boilerplate))
    seconds["prepare"] = time.perf_counter() - t
    peaks["fit"] = stage_peak_rss_mb()

    t = time.perf_counter()
    finished = _gather(
        [finish_task.submit(s.index, cfg, str(workdir), fit) for s in shards], "filter", progress
    )
    crash_point("finish:done")
    seconds["finish"] = time.perf_counter() - t
    peaks["finish"] = stage_peak_rss_mb()

    t = time.perf_counter()
    dedup, resumed = dedup_once(finished, cfg, workdir, index)
    crash_point("dedup:done")
    seconds["dedup"] = time.perf_counter() - t
    peaks["dedup"] = stage_peak_rss_mb()
    duplicates: list[dict[str, Any]] = dedup.duplicates
    report = build_report(cfg, files, finished, duplicates, len(boilerplate))
    report["timings"]["stage_seconds"] = seconds
    report["timings"]["stage_peak_rss_mb"] = peaks  # + write (flows/outputs.py)
    report["dedup"] = dedup.report
    write_outputs(outdir, fmt, finished, duplicates, report, started)
    # only after publishing: the index never names unpublished documents
    commit_index_once(dedup, cfg, workdir, resumed)
    try:  # the corpus is written: a UI hiccup must not turn a finished run into a failed one
        publish_run_artifacts(cfg, outdir, report, finished, duplicates)  # Prefect UI: flows/artifacts.py
    except Exception as exc:
        get_run_logger().warning("artifacts not published (outputs are complete in %s): %s", outdir, exc)
    if not keep_work:  # renamed away first, in one step: the run is complete from here, a rerun starts afresh
        trash = outdir.with_name(f".{outdir.name}.trash-{os.getpid()}")
        shutil.rmtree(trash, ignore_errors=True)
        os.replace(workdir, trash)
        crash_point("work:removed")
        shutil.rmtree(trash, ignore_errors=True)
    remove_other_work_dirs(outdir, keep=workdir)  # of earlier runs on OUT that were never resumed
    return report


# The dedup stage, once per run: its outcome is kept in the work directory, so that a run killed after it
# published OUT (or after it committed the index) resumes to the same OUT and commits the index once.
OUTCOME = "dedup-outcome.json"
COMMITTED = "index-committed"


def dedup_once(
    finished: list[FinishedShard], cfg: dict[str, Any], workdir: Path, index: str | None
) -> tuple[DedupOutcome, bool]:
    """The dedup stage (flows.dedup_stage), or the outcome an earlier attempt of this run saved (True).

    A saved outcome is reused unless another run has committed to the (directory) index since it was
    computed and this run has not: then this run's documents must be deduped against the new ones too."""
    saved = workdir / OUTCOME
    if saved.exists():
        state = orjson.loads(saved.read_bytes())
        outcome = DedupOutcome(state["duplicates"], state["report"], state["index"], state["pending"])
        if (
            outcome.index is None
            or (workdir / COMMITTED).exists()
            or not _others_committed(outcome, cfg, state)
        ):
            return outcome, True
    before = _index_state(index, cfg)
    crash_point("dedup:start")
    try:
        outcome = run_dedup_stage(finished, cfg, workdir, index)
    except _index_errors() as exc:
        raise IndexUnavailable(
            f"the dedup index {index} cannot be read: {type(exc).__name__}: {exc}; nothing was published and "
            "the cleaned shards are kept: run the same command once the index is back"
        ) from None
    state = {**vars(outcome), "index_state": before}
    write_atomic(saved, orjson.dumps(state))
    return outcome, False


def _index_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.RedisError, OSError)


def _index_state(index: str | None, cfg: dict[str, Any]) -> list[str] | None:
    """A directory index's segments (None for Redis or no index)."""
    if index is None or index.startswith("redis://"):
        return None
    store = open_index(index, DedupParams.from_config(cfg))
    return list(store._manifest()["segments"]) if isinstance(store, LocalIndex) else None


def _others_committed(outcome: DedupOutcome, cfg: dict[str, Any], state: dict[str, Any]) -> bool:
    """Whether segments were added to a directory index since the saved outcome was computed that do not
    hold this run's own survivors (a run killed after its commit finds its own rows there: no re-run)."""
    before = state.get("index_state")
    if before is None or outcome.pending is None:
        return False
    params = DedupParams.from_config(cfg)
    store = open_index(outcome.index, params)
    added = [name for name in store._manifest()["segments"] if name not in set(before)]
    if not added:
        return False
    ours = load_keys(Path(outcome.pending))
    return bool(len(_missing_from(ours, _keys_of([store.path / n for n in added]))))


def _keys_of(paths: list[Path]) -> Keys:
    """The ids and text hashes of sketch files (index segments), without their signatures."""
    keys = [load_keys(path) for path in paths]
    if not keys:
        return Keys(np.array([], dtype=str), np.empty((0, 2), dtype=np.uint64))
    return Keys(np.concatenate([k.ids for k in keys]), np.concatenate([k.exact for k in keys]))


def _row_keys(sk: Sketches | Keys) -> list[tuple[str, bytes]]:
    return [(str(i), e.tobytes()) for i, e in zip(sk.ids.tolist(), sk.exact, strict=True)]


def _missing_from(ours: Keys, there: Keys) -> np.ndarray:
    """Rows of `ours` not among `there` (same id and exact hash)."""
    have = set(_row_keys(there))
    return np.array([i for i, key in enumerate(_row_keys(ours)) if key not in have], dtype=np.int64)


def _not_committed(store: Any, ours: Keys, before: list[str] | None) -> np.ndarray:
    """Rows of this run's survivors an earlier, killed attempt of the run did not add to the index."""
    if isinstance(store, LocalIndex):
        added = [name for name in store._manifest()["segments"] if name not in set(before or [])]
        return _missing_from(ours, _keys_of([store.path / n for n in added]))
    if isinstance(store, RedisIndex):  # added = its exact hash maps to a row of its id, in both LSH tables
        keys = store.redis.hmget(store._key("exact"), [e.tobytes() for e in ours.exact])
        found = [int(k) for k in keys if k is not None]
        rows = dict(zip(found, store.redis.hmget(store._key("docs"), found), strict=True)) if found else {}
        missing = []
        for i, key in enumerate(keys):
            row = rows.get(int(key)) if key is not None else None
            done = row is not None and orjson.loads(row)["id"] == str(ours.ids[i])
            if not (done and int(key) in store.lsh["full"] and int(key) in store.lsh["head"]):
                missing.append(i)
        return np.array(missing, dtype=np.int64)
    return np.arange(len(ours))


def commit_index_once(outcome: DedupOutcome, cfg: dict[str, Any], workdir: Path, resumed: bool) -> None:
    """After OUT is published: add this run's survivors to the persistent index, exactly once per run.

    `resumed`: the outcome is an earlier attempt's, which may have added some or all of them before it was
    killed: only the rows not in the index yet are added (the work directory's marker says when all are)."""
    marker = workdir / COMMITTED
    if outcome.index is None or outcome.pending is None or marker.exists():
        return
    crash_point("index:start")
    try:
        params = DedupParams.from_config(cfg)
        store = open_index(outcome.index, params)
        pending = Path(outcome.pending)
        ours = load_keys(pending)
        missing = np.arange(len(ours))
        if resumed:
            before = orjson.loads((workdir / OUTCOME).read_bytes()).get("index_state")
            missing = _not_committed(store, ours, before)
        if len(missing) and len(missing) < len(ours):  # only those, written apart (a chunk at a time)
            part = Part(pending, missing)
            write_rows(workdir / "dedup-survivors-missing.npz", [part], part.small()[0], missing, params.num_perm)
            pending = workdir / "dedup-survivors-missing.npz"
        if len(missing):
            store.add_file(pending)  # a chunk at a time: never all the signatures in memory
    except _index_errors() as exc:
        raise IndexUnavailable(
            f"the dedup index {outcome.index} cannot be updated: {type(exc).__name__}: {exc}; the output is "
            "published, the index not yet: run the same command once the index is back, it completes the commit"
        ) from None
    crash_point("index:done")
    write_atomic(marker, b"")


def build_report(
    cfg: dict[str, Any],
    files: list,
    finished: list[FinishedShard],
    duplicates: list[dict[str, Any]],
    boilerplate_lines: int,
) -> dict[str, Any]:
    total = ShardStats()
    for shard in finished:
        total.add(shard.stats)
    return {
        "config_hash": config_hash(cfg),
        "chain": cfg["pipeline"]["chain"],
        "inputs": {"files": len(files), "shards": len(finished)},
        "documents": {
            "in": total.docs_in,
            "skipped_unusable_input": total.docs_skipped,
            "dropped_by_filter": total.docs_dropped,
            "dropped_as_duplicates": len(duplicates),
            "out": total.docs_kept - len(duplicates),
        },
        "characters": {
            "in": total.chars_in,
            "out_before_dedup": total.chars_out,
            "removed_by_cleaner": dict(total.chars_removed),
            "edited_by_normaliser": dict(total.edits),
        },
        "lines_removed_by_cleaner": dict(total.lines_removed),
        "spans_removed_by_cleaner": dict(total.spans_removed),
        "boilerplate_lines_learned": boilerplate_lines,
        "timings": {"cleaner_seconds": {k: round(v, 4) for k, v in total.seconds.items()}},
    }
