"""Shard tasks retry transient I/O errors; a shard that fails for good is reported and loses no other work."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest

import flows.clean_flow as cf
from tests.conftest import SEEDS, read_jsonl


def _inputs(tmp_path: Path) -> Path:
    """Three shards of one seed each (shard_docs = 1 in the config below)."""
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(f, src / f.name)
    return src


def _config(tmp_path: Path) -> str:
    path = tmp_path / "one-doc-shards.toml"
    path.write_text("[input]\nshard_docs = 1\n", encoding="utf-8")
    return str(path)


def test_transient_io_error_is_retried(prefect_server, tmp_path, monkeypatch):
    real, calls = cf.prepare_shard, {}

    def flaky(spec, cfg, workdir):
        calls[spec.index] = calls.get(spec.index, 0) + 1
        if spec.index == 1 and calls[1] <= 2:  # two I/O errors, then it works
            raise OSError("simulated: No space left on device")
        return real(spec, cfg, workdir)

    monkeypatch.setattr(cf, "prepare_shard", flaky)
    report = cf.clean_corpus([str(_inputs(tmp_path))], str(tmp_path / "out"), _config(tmp_path))
    assert calls[1] == 3 and report["documents"]["out"] == 3


def test_failed_shard_is_reported_and_the_rerun_reuses_the_others(prefect_server, tmp_path, monkeypatch):
    src, config, out = _inputs(tmp_path), _config(tmp_path), tmp_path / "out"
    real = cf.prepare_shard

    def broken(spec, cfg, workdir):
        if spec.index == 2:
            raise ValueError("simulated bug in shard 2")
        return real(spec, cfg, workdir)

    monkeypatch.setattr(cf, "prepare_shard", broken)
    with pytest.raises(cf.ShardsFailed, match="1 of 3 clean tasks failed.*simulated bug"):
        cf.clean_corpus([str(src)], str(out), config)
    assert not out.exists()  # nothing half-published
    work = next(tmp_path.glob(".out.work-*"))
    done = {p.name: p.stat().st_mtime_ns for p in work.glob("prep-*.jsonl")}
    assert sorted(done) == ["prep-00000.jsonl", "prep-00001.jsonl"]

    monkeypatch.setattr(cf, "prepare_shard", real)
    report = cf.clean_corpus([str(src)], str(out), config)
    assert report["documents"]["out"] == 3
    assert not work.exists()  # removed after success
    ids = [row["id"] for row in read_jsonl(out / "documents.jsonl")]
    assert sorted(ids) == sorted(p.stem for p in sorted(SEEDS.glob("*.txt"))[:3])


def test_rerun_does_not_redo_finished_shards(prefect_server, tmp_path, monkeypatch):
    src, config, out = _inputs(tmp_path), _config(tmp_path), tmp_path / "out"
    real, redone = cf.prepare_shard, []

    def broken(spec, cfg, workdir):
        if spec.index == 0:
            raise ValueError("simulated bug in shard 0")
        return real(spec, cfg, workdir)

    monkeypatch.setattr(cf, "prepare_shard", broken)
    with pytest.raises(cf.ShardsFailed):
        cf.clean_corpus([str(src)], str(out), config)

    def counting(spec, cfg, workdir):
        path = real(spec, cfg, workdir)
        redone.append(spec.index)
        return path

    work = next(tmp_path.glob(".out.work-*"))
    before = {p.name: p.stat().st_mtime_ns for p in work.glob("prep-*")}
    monkeypatch.setattr(cf, "prepare_shard", counting)
    cf.clean_corpus([str(src)], str(out), config, keep_work=True)
    after = {p.name: p.stat().st_mtime_ns for p in work.glob("prep-*")}
    assert sorted(redone) == [0, 1, 2]  # the task runs, but finished shards return at once ...
    assert all(after[name] == mtime for name, mtime in before.items())  # ... without rewriting anything


def _record_artifacts(monkeypatch) -> list[tuple[str, str, Any]]:
    """The table and markdown artifacts the flow publishes, (kind, key, content), recorded instead of sent."""
    import flows.artifacts as artifacts

    calls: list[tuple[str, str, Any]] = []

    def table(rows, key, description):
        calls.append(("table", key, (rows, description)))
        return UUID(int=len(calls))  # the links to it in later artifacts: the same in every run

    def markdown(text, key, description):
        calls.append(("markdown", key, text.split("## Timings")[0]))  # the timings differ from run to run
        return UUID(int=len(calls))

    monkeypatch.setattr(artifacts, "create_table_artifact", table)
    monkeypatch.setattr(artifacts, "create_markdown_artifact", markdown)
    return calls


def test_a_resumed_run_publishes_the_same_dropped_tables_and_ledger(prefect_server, tmp_path, monkeypatch):
    """Issue 10: the tables come from the samples the shards' finish tasks saved, not from the ledgers read
    again. A run resumed after shard 2's finish task failed reuses shards 0 and 1 (their done-files and
    samples) and publishes what an uninterrupted run does; dropped.jsonl is what the row-by-row rewrite of
    the ledgers gave before."""
    from cleaners import load_config
    from flows.dropped import DroppedSample, merge_samples, sample_dropped
    from flows.shards import FinishedShard
    from tests.test_io import old_ledger

    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    config = tmp_path / "three-shards.toml"
    config.write_text("[input]\nshard_docs = 2\n\n[artifacts]\nsample_rows = 5\n", encoding="utf-8")
    out = tmp_path / "out"
    calls = _record_artifacts(monkeypatch)
    cf.clean_corpus([str(src)], str(out), str(config))
    whole, whole_ledger = list(calls), (out / "dropped.jsonl").read_bytes()
    assert [key for kind, key, _ in whole if kind == "table"], "no dropped tables: the seeds no longer drop lines"

    real, resumed = cf.finish_shard, []

    def broken(index, cfg, workdir, boilerplate):
        if index == 2:
            raise ValueError("simulated bug in shard 2")
        return real(index, cfg, workdir, boilerplate)

    monkeypatch.setattr(cf, "finish_shard", broken)
    with pytest.raises(cf.ShardsFailed, match="1 of 3 filter tasks failed"):
        cf.clean_corpus([str(src)], str(out), str(config))
    work = next(tmp_path.glob(".out.work-*"))
    assert sorted(p.name for p in work.glob("kept-*.stats")) == ["kept-00000.stats", "kept-00001.stats"]
    samples = {p.name: p.stat().st_mtime_ns for p in work.glob("dropped-*.sample")}
    assert sorted(samples) == ["dropped-00000.sample", "dropped-00001.sample"]  # a done shard has its sample

    def resuming(index, cfg, workdir, boilerplate):
        if (Path(workdir) / f"kept-{index:05d}.stats").exists():
            resumed.append(index)
        return real(index, cfg, workdir, boilerplate)

    monkeypatch.setattr(cf, "finish_shard", resuming)
    del calls[:]
    cf.clean_corpus([str(src)], str(out), str(config), keep_work=True)
    assert sorted(resumed) == [0, 1]
    assert all(samples[p.name] == p.stat().st_mtime_ns for p in work.glob("dropped-0000[01].sample"))
    assert calls == whole  # the same tables, rows and descriptions, the same ledger note and summary
    assert (out / "dropped.jsonl").read_bytes() == whole_ledger

    cfg = load_config(str(config))
    shards: list[FinishedShard] = [real(i, cfg, work, {}) for i in range(3)]  # done: read back, not redone
    duplicates = orjson.loads((work / cf.OUTCOME).read_bytes())["duplicates"]
    assert whole_ledger == old_ledger(shards, duplicates)
    merged = merge_samples((DroppedSample.load(s.sample_path) for s in shards), 5)
    sequential = sample_dropped([(s.index, s.dropped) for s in shards], 5)  # the ledgers read again, as before
    assert (merged.rows, merged.shard_of, merged.totals) == (sequential.rows, sequential.shard_of, sequential.totals)
    assert merged.grouped == sequential.grouped and max(merged.totals.values()) > 5
