"""Shard tasks retry transient I/O errors; a shard that fails for good is reported and loses no other work."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

import flows.clean_flow as cf
from tests.conftest import SEEDS


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
    ids = [orjson.loads(line)["id"] for line in (out / "documents.jsonl").read_bytes().splitlines()]
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
