"""The dedup stage of the flow: one reduce task over the shards' sketches, then the index commit.

Each shard's finish task sketches its kept documents (flows.shards, `FinishedShard.sketch_path`) under their
input ids; the reduce gives the ids the whole run renames (`a#2`, flows.outputs.unique_ids) their final
names. The index is committed only after OUTDIR is published, so it never names a document that was not
published.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cleaners.config import ConfigError
from cleaners.dedup import Deduplicator, DedupParams, LocalIndex, Sketches, open_index
from cleaners.dedup.engine import id_hashes
from cleaners.dedup.mapped import SMALL, Keys, Part, small_columns, write_rows, write_signatures
from flows.outputs import unique_ids
from flows.runners import NO_CACHE, task
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
) -> DedupOutcome:
    """Exact + LSH + verification + containment + keep policy over all shards and the index.

    Only the documents' small columns (ids, text hashes, counts) are loaded; their signatures are copied
    into memory-mapped files of the work directory (cleaners/dedup/mapped.py), and this run's survivors are
    written to `dedup-survivors.npz` from the sketch files, a chunk at a time. `renames`: sketch file ->
    (position among the shard's kept rows -> final id), for the ids the run renames."""
    t = time.perf_counter()
    shards = [Path(p) for p in sorted(paths)]
    new_parts = [Part(path) for path in shards]
    new, short, new_sizes = small_columns(new_parts)
    if renames:
        new["ids"] = _final_ids(new["ids"], shards, new_sizes, renames)
    store = open_index(index, params)
    with store.related_sources(shards) as sources:
        old_parts = [Part(source) for source in sources]
        old, _, sizes = small_columns(old_parts)
        kept = np.flatnonzero(~superseded(Keys(old["ids"], old["exact"]), Keys(new["ids"], new["exact"])))
        at = np.cumsum([0, *sizes])
        for k, part in enumerate(old_parts):  # each part's share of the kept indexed rows
            part.rows = kept[(kept >= at[k]) & (kept < at[k + 1])] - at[k]
        m = len(kept)
        small = {name: np.concatenate([old[name][kept], new[name]]) if m else new[name] for name in SMALL}
        del old, new  # the small columns are in `small` now
        sigs = write_signatures([*old_parts, *new_parts], len(small["ids"]), params.num_perm, workdir)
    sk = Sketches(small["ids"], sigs.sig, sigs.head_bands, small["exact"], small["cjk"], small["chars"],
                  small["removed"], short)
    loaded = time.perf_counter() - t
    result = Deduplicator(params).reduce(sk, m, short, bands=(sigs.sig_bands, sigs.head_bands))
    del sk, sigs
    t = time.perf_counter()
    pending = workdir / "dedup-survivors.npz"
    rows, at = result.survivors, m + np.cumsum([0, *new_sizes])
    for k, part in enumerate(new_parts):  # each shard's share of the survivors
        part.rows = rows[(rows >= at[k]) & (rows < at[k + 1])] - at[k]
    write_rows(pending, new_parts, small, result.survivors, params.num_perm)
    result.stats["seconds"]["load"] = round(loaded, 4)
    result.stats["seconds"]["survivors"] = round(time.perf_counter() - t, 4)
    report = {"parameters": _public(params), "index": store.describe(), "superseded": int(sum(sizes)) - m, **result.stats}
    return DedupOutcome(result.duplicates, report, index or None, str(pending))


def _final_ids(
    ids: np.ndarray, shards: list[Path], sizes: list[int], renames: dict[str, dict[int, str]]
) -> np.ndarray:
    """The sketches' input ids with the run's renames applied (found by each sketched row's position)."""
    out = ids.tolist()
    at = 0
    for path, size in zip(shards, sizes, strict=True):
        mine = renames.get(str(path))
        if mine:
            with np.load(path) as data:
                positions = data["positions"].tolist()
            for row, position in enumerate(positions):
                if position in mine:
                    out[at + row] = mine[position]
        at += size
    return np.array(out, dtype=str)


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
    new_ids = set(new.ids[near].tolist())
    same_text = {(i, e.tobytes()) for i, e in zip(new.ids[near].tolist(), new.exact[near], strict=True)}
    replaced[maybe] = [i in new_ids and (i, e.tobytes()) not in same_text
                       for i, e in zip(old.ids[maybe].tolist(), old.exact[maybe], strict=True)]
    return replaced


@task(name="dedup-reduce", cache_policy=NO_CACHE)
def reduce_task(
    paths: list[str], cfg: dict[str, Any], index: str | None, workdir: str, renames: dict[str, dict[int, str]]
) -> DedupOutcome:
    return reduce_sketches(paths, DedupParams.from_config(cfg), index, Path(workdir), renames)


def run_dedup_stage(finished: list[FinishedShard], cfg: dict[str, Any], workdir: Path, index: str | None) -> DedupOutcome:
    """Reduce the sketches the finish tasks wrote; `index` overrides `[dedup] index`."""
    params = DedupParams.from_config(cfg)
    if not params.enabled:
        return DedupOutcome(report={"enabled": False})
    index = index or params.index or None
    by_shard = unique_ids(finished)
    renames = {str(s.sketch_path): by_shard[s.index] for s in finished if s.index in by_shard}
    return reduce_task([str(s.sketch_path) for s in finished], cfg, index, str(workdir), renames)


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
