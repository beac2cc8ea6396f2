"""The dedup stage of the flow: the reduce over the shards' sketches, then the index commit.

Each shard's finish task sketches its kept documents (flows.shards, `FinishedShard.sketch_path`) under their
input ids; the reduce gives the ids the whole run renames (`a#2`, flows.outputs.unique_ids) their final
names. With a Dask cluster (--workers N, --dask-address) the reduce's candidate pairs and their
verification, the part that grows fastest with the corpus, run as `dedup-bands` tasks on the workers, each
over some of the LSH bands, reading the signature files the flow wrote in the work directory; the flow
merges their verified edges (the same edges, however the bands are split) and resolves the clusters. The
index is committed only after OUTDIR is published, so it never names a document that was not published.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cleaners.config import ConfigError
from cleaners.dedup import Deduplicator, DedupParams, LocalIndex, Sketches, open_index
from cleaners.dedup.engine import Edges, Verdicts, band_edges, id_hashes, merge_verdicts
from cleaners.dedup.mapped import (
    SMALL,
    Keys,
    Part,
    compact,
    id_width,
    open_signatures,
    small_columns,
    trim_heap,
    write_rows,
    write_signatures,
)
from flows.io import save_npz_atomic
from flows.outputs import unique_ids
from flows.runners import NO_CACHE, parallel_slots, task, transient_failure
from flows.shards import FinishedShard


@dataclass
class DedupOutcome:
    """What the flow needs from the stage: rows for duplicates.jsonl, the report section, the index commit."""

    duplicates: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    index: str | None = None  # where the survivors go after publishing
    pending: str | None = None  # sketches of this run's survivors (in the work dir)


def reduce_sketches(
    paths: list[str],
    params: DedupParams,
    index: str | None,
    workdir: Path,
    renames: dict[str, dict[int, str]] | None = None,
    groups: int = 1,
) -> DedupOutcome:
    """Exact + LSH + verification + containment + keep policy over all shards and the index.

    Only the documents' small columns (ids, text hashes, counts) are loaded; their signatures are copied
    into memory-mapped files of the work directory (cleaners/dedup/mapped.py), and this run's survivors are
    written to `dedup-survivors.npz` from the sketch files, a chunk at a time. `renames`: sketch file ->
    (position among the shard's kept rows -> final id), for the ids the run renames. `groups` > 1: the
    candidates and their verification as that many `dedup-bands` tasks (`split_by_band`)."""
    t = time.perf_counter()
    shards = [Path(p) for p in sorted(paths)]
    new_parts = [Part(path) for path in shards]
    new = small_columns(new_parts)  # ids as UTF-8 bytes, counts as int32 (mapped.compact)
    new_sizes, short = new.sizes, new.short
    if renames:
        new.columns["ids"], new.dtypes["ids"] = _final_ids(new.columns["ids"], shards, new_sizes, renames)
    store = open_index(index, params)
    with store.related_sources(shards) as sources:
        old_parts = [Part(source) for source in sources]
        old = small_columns(old_parts)
        sizes = old.sizes
        kept = np.flatnonzero(~superseded(Keys(old.columns["ids"], old.columns["exact"]),
                                          Keys(new.columns["ids"], new.columns["exact"])))
        at = np.cumsum([0, *sizes])
        for k, part in enumerate(old_parts):  # each part's share of the kept indexed rows
            part.rows = kept[(kept >= at[k]) & (kept < at[k + 1])] - at[k]
        m = len(kept)
        small = {name: np.concatenate([old.columns[name][kept], new.columns[name]]) if m else new.columns[name]
                 for name in SMALL}
        dtypes = {name: np.result_type(old.dtypes[name], new.dtypes[name]) if m else new.dtypes[name]
                  for name in SMALL}  # what the survivors' file holds: as np.concatenate of the files' columns
        del old, new  # the small columns are in `small` now
        sigs = write_signatures([*old_parts, *new_parts], len(small["ids"]), params.num_perm, workdir)
    trim_heap()  # what loading left freed
    sk = Sketches(small["ids"], sigs.sig, sigs.head_bands, small["exact"], small["cjk"], small["chars"],
                  small["removed"], short)
    loaded = time.perf_counter() - t
    edges = split_by_band(workdir, params, groups) if groups > 1 else None
    result = Deduplicator(params).reduce(sk, m, short, bands=(sigs.sig_bands, sigs.head_bands), edges=edges)
    del sk, sigs
    trim_heap()
    t = time.perf_counter()
    pending = workdir / "dedup-survivors.npz"
    rows, at = result.survivors, m + np.cumsum([0, *new_sizes])
    for k, part in enumerate(new_parts):  # each shard's share of the survivors
        part.rows = rows[(rows >= at[k]) & (rows < at[k + 1])] - at[k]
    write_rows(pending, new_parts, small, result.survivors, params.num_perm, dtypes)
    result.stats["seconds"]["load"] = round(loaded, 4)
    result.stats["seconds"]["survivors"] = round(time.perf_counter() - t, 4)
    report = {"parameters": _public(params), "index": store.describe(), "superseded": int(sum(sizes)) - m,
              "band_tasks": groups, **result.stats}
    return DedupOutcome(result.duplicates, report, index or None, str(pending))


def _final_ids(
    ids: np.ndarray, shards: list[Path], sizes: list[int], renames: dict[str, dict[int, str]]
) -> tuple[np.ndarray, np.dtype]:
    """The sketches' input ids (UTF-8 bytes) with the run's renames applied (found by each sketched row's
    position), and the str dtype of the final ids (the longest one's width)."""
    rows, names, at = [], [], 0
    for path, size in zip(shards, sizes, strict=True):
        mine = renames.get(str(path))
        if mine:
            with np.load(path) as data:
                positions = data["positions"]
            hit = np.flatnonzero(np.isin(positions, np.fromiter(mine, dtype=np.int64, count=len(mine))))
            rows.extend((at + hit).tolist())
            names.extend(mine[p] for p in positions[hit].tolist())
        at += size
    if not rows:
        return ids, np.dtype(f"<U{id_width(ids)}")
    renamed = compact("ids", np.array(names, dtype=str))
    out = ids.astype(np.result_type(ids.dtype, renamed.dtype))
    out[rows] = renamed
    return out, np.dtype(f"<U{id_width(out)}")


def superseded(old: Sketches | Keys, new: Sketches | Keys) -> np.ndarray:
    """Indexed rows that a new version of the same document replaces (same id, other text): a changed
    input is not a duplicate of its own earlier version. Ids are matched by hash first, then only the rows
    whose hash matches are compared as strings."""
    replaced = np.zeros(len(old.ids), dtype=bool)
    if len(old.ids) == 0 or len(new.ids) == 0:
        return replaced
    old_hash, new_hash = id_hashes(old.ids), id_hashes(new.ids)
    maybe = np.flatnonzero(np.isin(old_hash, new_hash))
    if len(maybe) == 0:
        return replaced
    near = np.flatnonzero(np.isin(new_hash, old_hash[maybe]))  # every new row whose id may be one of them
    new_ids = set(new.ids[near].tolist())  # str or bytes (UTF-8 ids), the same on both sides
    same_text = {(i, e.tobytes()) for i, e in zip(new.ids[near].tolist(), new.exact[near], strict=True)}
    replaced[maybe] = [i in new_ids and (i, e.tobytes()) not in same_text
                       for i, e in zip(old.ids[maybe].tolist(), old.exact[maybe], strict=True)]
    return replaced


BAND_ROWS = "dedup-band-rows.npz"  # what the band tasks read besides the signatures: which rows are new, etc.


@task(
    name="dedup-bands",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=transient_failure,
)
def bands_task(workdir: str, params: DedupParams, first: int, stop: int) -> tuple[Verdicts, int, dict[str, float]]:
    """The verified edges of the candidate pairs that LSH bands first..stop-1 find, the pairs verified and
    the seconds taken (cleaners.dedup.engine.band_edges), from the files the flow wrote in `workdir`."""
    directory = Path(workdir)
    sigs = open_signatures(directory)
    with np.load(directory / BAND_ROWS) as rows:
        is_new, members, chars = rows["is_new"], rows["members"], rows["chars"]
    seconds: dict[str, float] = {}
    verdicts, n_pairs = band_edges(sigs.sig, chars, sigs.sig_bands, sigs.head_bands, is_new, members, params,
                                   range(first, stop), seconds)
    return verdicts, n_pairs, seconds


def split_by_band(workdir: Path, params: DedupParams, groups: int) -> Edges:
    """The reduce's candidates and verification as `groups` tasks over consecutive LSH bands, run where the
    flow's shard tasks run; their edges merged here. The pairs verified are counted per task (a pair two
    groups find is verified twice); report.json's `seconds` give the tasks' own time summed ("candidates",
    "verify") and the wall time of the step ("bands")."""

    def edges(sk, is_new: np.ndarray, members: np.ndarray, seconds: dict[str, float]) -> tuple[Verdicts, int]:
        t = time.perf_counter()
        save_npz_atomic(workdir / BAND_ROWS, is_new=is_new, members=members, chars=sk.chars)
        split = [g for g in np.array_split(np.arange(params.bands), groups) if len(g)]
        futures = [bands_task.submit(str(workdir), params, int(g[0]), int(g[-1]) + 1) for g in split]
        results = [future.result() for future in futures]
        for step in ("candidates", "verify"):
            seconds[step] = sum(r[2][step] for r in results)
        merged = merge_verdicts([r[0] for r in results])
        seconds["bands"] = time.perf_counter() - t
        return merged, sum(r[1] for r in results)

    return edges


def run_dedup_stage(finished: list[FinishedShard], cfg: dict[str, Any], workdir: Path, index: str | None) -> DedupOutcome:
    """Reduce the sketches the finish tasks wrote; `index` overrides `[dedup] index`. In the flow process,
    split by band over the task runner's workers when it has more than one."""
    params = DedupParams.from_config(cfg)
    if not params.enabled:
        return DedupOutcome(report={"enabled": False})
    index = index or params.index or None
    by_shard = unique_ids(finished)
    renames = {str(s.sketch_path): by_shard[s.index] for s in finished if s.index in by_shard}
    groups = min(parallel_slots(), params.bands)
    return reduce_sketches([str(s.sketch_path) for s in finished], params, index, workdir, renames, groups)


def _public(params: DedupParams) -> dict[str, Any]:
    out = dict(vars(params))
    out.pop("index", None)
    return out


def check_index(index: str | None, cfg: dict[str, Any]) -> None:
    """Fail before the flow starts if the index cannot be used (other settings, Redis unreachable)."""
    import redis

    params = DedupParams.from_config(cfg)
    where = index or params.index
    if not where or not params.enabled:
        return
    try:
        store = open_index(where, params)
        if isinstance(store, LocalIndex):
            store.check()
    except redis.RedisError as exc:
        raise ConfigError(f"dedup index {where}: {exc}") from None
