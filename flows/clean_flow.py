"""The Prefect flow: shard tasks run the cleaners, the flow reduces statistics and writes OUTDIR."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from cleaners import load_config
from cleaners.config import config_hash
from flows.artifacts import ShardProgress, publish_run_artifacts
from flows.dedup_stage import commit_index, run_dedup_stage
from flows.io import discover, inputs_fingerprint, plan_shards
from flows.memory import stage_peak_rss_mb
from flows.outputs import check_outdir, write_outputs
from flows.shards import FinishedShard, ShardStats, finish_shard, load_prepared, pipeline_for, prepare_shard

ProgressHook = Callable[[str, int, int], None]
progress_hook: ProgressHook | None = None  # set by the CLI to drive its progress bar


def _transient(task, task_run, state) -> bool:
    """Retry a shard task only for I/O errors (a full disk, a flaky mount), not for bugs."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(
    name="prepare-shard",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient,
)
def prepare_task(spec, cfg: dict[str, Any], workdir: str) -> str:
    return str(prepare_shard(spec, cfg, Path(workdir)))


@task(
    name="finish-shard",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient,
)
def finish_task(index: int, cfg: dict[str, Any], workdir: str, boilerplate: dict[int, int]) -> FinishedShard:
    return finish_shard(index, cfg, Path(workdir), boilerplate)


def _report(step: str, done: int, total: int) -> None:
    if progress_hook is not None:
        progress_hook(step, done, total)


class ShardsFailed(RuntimeError):
    """Some shard tasks failed for good; the others' results stay in the work dir for a re-run."""


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


WORK_FORMAT = 3  # bump when what the work directory holds changes: a resumed run never reads an older layout


def work_dir_for(out: Path, cfg: dict[str, Any], fingerprint: str) -> Path:
    return out.with_name(f".{out.name}.work-{config_hash(cfg)}-{fingerprint}-v{WORK_FORMAT}")


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
    """
    started = time.perf_counter()
    cfg = load_config(config)
    outdir = Path(out).resolve()
    check_outdir(outdir)
    pipeline_for(cfg)  # builds every cleaner: a bad setting fails before any work directory exists
    files = discover(inputs, root)
    shards = plan_shards(files, cfg["input"]["shard_docs"], cfg["input"].get("shard_bytes", 32 << 20))
    workdir = work_dir_for(outdir, cfg, inputs_fingerprint(files))
    workdir.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    progress = ShardProgress(2 * len(shards))  # Prefect UI artifact: both stages' shard tasks
    peaks: dict[str, float] = {"start": stage_peak_rss_mb()}  # this process's peak RSS (MB) per stage

    t = time.perf_counter()
    stats_paths = _gather([prepare_task.submit(s, cfg, str(workdir)) for s in shards], "clean", progress)
    peaks["prepare"] = stage_peak_rss_mb()  # shard tasks: in this process only with the thread runner
    pipeline = pipeline_for(cfg)
    boilerplate: dict[int, int] = {}  # each site's template lines
    if pipeline.boilerplate:  # one shard's line statistics loaded at a time, merged into the total
        boilerplate = pipeline.fit(pipeline.boilerplate.merge(load_prepared(Path(p))[1] for p in stats_paths))
    seconds["prepare"] = time.perf_counter() - t
    peaks["fit"] = stage_peak_rss_mb()

    t = time.perf_counter()
    finished = _gather(
        [finish_task.submit(s.index, cfg, str(workdir), boilerplate) for s in shards], "filter", progress
    )
    seconds["finish"] = time.perf_counter() - t
    peaks["finish"] = stage_peak_rss_mb()

    t = time.perf_counter()
    dedup = run_dedup_stage(finished, cfg, workdir, index, lambda futures: _gather(futures, "sketch"))
    seconds["dedup"] = time.perf_counter() - t
    peaks["dedup"] = stage_peak_rss_mb()
    duplicates: list[dict[str, Any]] = dedup.duplicates
    report = build_report(cfg, files, finished, duplicates, len(boilerplate))
    report["timings"]["stage_seconds"] = seconds
    report["timings"]["stage_peak_rss_mb"] = peaks  # + write (flows/outputs.py)
    report["dedup"] = dedup.report
    write_outputs(outdir, fmt, finished, duplicates, report, started)
    commit_index(dedup, cfg)  # only after publishing: the index never names unpublished documents
    try:  # the corpus is written: a UI hiccup must not turn a finished run into a failed one
        publish_run_artifacts(cfg, outdir, report, finished, duplicates)  # Prefect UI: flows/artifacts.py
    except Exception as exc:
        get_run_logger().warning("artifacts not published (outputs are complete in %s): %s", outdir, exc)
    if not keep_work:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


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
