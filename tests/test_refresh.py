"""Scheduled incremental refresh: only new/changed inputs, crash safety, and the served schedule."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from flows.refresh import iter_corpus, read_manifest, recover
from tests.conftest import SEEDS, interruptible, read_jsonl, wait_until_stopped, zhclean

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _refresh(source: Path, corpus: Path) -> subprocess.CompletedProcess:
    result = zhclean("refresh", "--source", str(source), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _corpus_docs(corpus: Path) -> dict[str, str]:
    return {row["id"]: row["text"] for row in iter_corpus(corpus)}


def test_refresh_processes_only_new_or_changed_inputs(prefect_server, tmp_path):
    source, corpus = tmp_path / "source", tmp_path / "corpus"
    source.mkdir()
    for f in SEED_FILES[:3]:
        shutil.copy(f, source / f.name)
    _refresh(source, corpus)
    first = read_manifest(corpus)
    assert first["generation"] == 1 and sorted(first["inputs"]) == sorted(f.name for f in SEED_FILES[:3])
    shard1 = corpus / "shards" / first["shards"][0]["name"] / "documents.jsonl"
    shard1_bytes, shard1_mtime = shard1.read_bytes(), shard1.stat().st_mtime_ns

    _refresh(source, corpus)  # nothing new: no new generation, nothing rewritten
    assert read_manifest(corpus)["generation"] == 1

    shutil.copy(SEED_FILES[3], source / SEED_FILES[3].name)  # one new input
    changed = source / SEED_FILES[0].name  # one changed input
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n新增一段内容:全区各校推进课后服务提质增效工作取得新进展。\n",
        encoding="utf-8",
    )
    os.utime(source / SEED_FILES[1].name)  # touched but unchanged: not reprocessed
    _refresh(source, corpus)

    second = read_manifest(corpus)
    assert second["generation"] == 2
    assert second["shards"][1]["inputs"] == sorted(
        [SEED_FILES[0].name, SEED_FILES[3].name, SEED_FILES[1].name]
    )
    new_shard = corpus / "shards" / second["shards"][1]["name"] / "documents.jsonl"
    new_ids = {row["id"] for row in read_jsonl(new_shard)}
    assert new_ids == {SEED_FILES[0].stem, SEED_FILES[3].stem}
    assert shard1.read_bytes() == shard1_bytes and shard1.stat().st_mtime_ns == shard1_mtime
    docs = _corpus_docs(corpus)
    assert sorted(docs) == sorted(f.stem for f in SEED_FILES[:4])
    assert docs[SEED_FILES[0].stem].endswith("全区各校推进课后服务提质增效工作取得新进展。")


def _bigger_source(path: Path, copies: int = 60) -> None:
    """Seeds plus a JSONL of distinct documents, so a refresh runs long enough to be killed."""
    path.mkdir()
    for f in SEED_FILES:
        shutil.copy(f, path / f.name)
    lines = [
        line for f in SEED_FILES for line in f.read_text(encoding="utf-8").splitlines() if len(line) > 30
    ]
    with open(path / "extra.jsonl", "wb") as fh:
        for i in range(copies):
            text = "\n".join(f"第{i}号文件第{j}段:{line}" for j, line in enumerate(lines[i % 7 :: 7]))
            fh.write(orjson.dumps({"id": f"extra-{i}", "text": text}) + b"\n")


def test_refresh_killed_mid_run_then_rerun_equals_uninterrupted(prefect_server, tmp_path):
    source = tmp_path / "source"
    _bigger_source(source)
    control = tmp_path / "control"
    _refresh(source, control)

    corpus = tmp_path / "corpus"
    proc = subprocess.Popen(  # stopped mid-clean (its first shard prepared), then killed
        [sys.executable, "-m", "flows.cli", "refresh", "--source", str(source), "--corpus", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ZHCLEAN_CRASH_AT": "prepare:shard:1:stop"},
    )
    wait_until_stopped(proc.pid, proc.poll)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(corpus.glob(".staging-*")), "the refresh was not caught mid-run"
    assert read_manifest(corpus)["generation"] == 0  # nothing committed

    _refresh(source, corpus)
    assert not list(corpus.glob(".staging-*"))
    assert _corpus_docs(corpus) == _corpus_docs(control)
    assert read_manifest(corpus)["inputs"].keys() == read_manifest(control)["inputs"].keys()


def test_recover_discards_a_half_done_commit(prefect_server, tmp_path):
    source, corpus = tmp_path / "source", tmp_path / "corpus"
    source.mkdir()
    shutil.copy(SEED_FILES[0], source / SEED_FILES[0].name)
    _refresh(source, corpus)
    before = _corpus_docs(corpus)
    manifest = read_manifest(corpus)
    # What a kill between "move files into place" and "replace the manifest" leaves behind:
    shutil.copytree(corpus / "shards" / manifest["shards"][0]["name"], corpus / "shards" / "part-00002")
    (corpus / "index" / "gen-00002").mkdir(parents=True)
    (corpus / ".staging-00002-1").mkdir()
    removed = recover(corpus, manifest)
    assert sorted(removed) == [".staging-00002-1", "index/gen-00002", "shards/part-00002"]
    assert _corpus_docs(corpus) == before and read_manifest(corpus) == manifest


def _serve(source: Path, corpus: Path, name: str, *schedule: str) -> subprocess.Popen:
    args = ["serve", "--source", str(source), "--corpus", str(corpus), "--name", name, *schedule]
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,
    )


def _stop(proc: subprocess.Popen) -> None:
    """Ctrl-C, as a user stops `zhclean serve`."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("serve did not stop within 90 s of SIGINT:\n" + proc.stderr.read().decode()[-3000:])


def _deployment(name: str):
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        try:
            return client.read_deployment_by_name(f"zhclean-refresh/{name}")
        except Exception:  # not registered (yet)
            return None


def _delete_deployment(name: str) -> None:
    """Its schedule outlives `serve` on purpose; the session's server should not keep scheduling it."""
    from prefect.client.orchestration import get_client

    dep = _deployment(name)
    if dep is not None:
        with get_client(sync_client=True) as client:
            client.delete_deployment(dep.id)


def _wait_registered(proc: subprocess.Popen, name: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "serve exited:\n" + proc.stderr.read().decode()[-3000:]
        dep = _deployment(name)
        if dep is not None:
            return dep
        time.sleep(0.5)
    pytest.fail(f"serve did not register its deployment within {timeout:.0f} s")


def _deployment_runs(deployment_id) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])), limit=200
        )


def _wait_for(what: str, done, proc: subprocess.Popen, deployment_id, timeout: float = 300) -> None:
    """Poll until done() holds; fail at once if `serve` exits or a run of the deployment fails or crashes."""
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, "serve exited:\n" + proc.stderr.read().decode()[-3000:]
        runs = _deployment_runs(deployment_id)
        bad = [r for r in runs if r.state and r.state.is_final() and not r.state.is_completed()]
        assert not bad, f"scheduled refresh {bad[0].name} ended {bad[0].state.name}: {bad[0].state.message}"
        if done(runs):
            return
        if time.monotonic() > deadline:
            states = sorted(f"{r.name}: {r.state.name if r.state else None}" for r in runs)
            pytest.fail(f"{what} did not happen within {timeout:.0f} s; runs of the deployment: {states}")
        time.sleep(1)


def test_served_schedule_runs_refreshes_that_grow_the_corpus(prefect_server, tmp_path):
    """The use, not the registration: a real server schedules the runs, `serve` executes them, the corpus grows."""
    source, corpus = tmp_path / "source", tmp_path / "corpus"
    source.mkdir()
    for f in SEED_FILES[:2]:
        shutil.copy(f, source / f.name)
    name = f"refresh-{tmp_path.name}"
    proc = _serve(source, corpus, name, "--interval", "10")
    try:
        dep = _wait_registered(proc, name)
        assert [s.schedule.interval.total_seconds() for s in dep.schedules] == [10]
        assert dep.parameters["source"] == str(source.resolve())

        def completed(runs):
            return [r for r in runs if r.auto_scheduled and r.state and r.state.is_completed()]

        # Two waits, two diagnoses: the server's scheduler service creates the runs (it failed on every loop
        # with SQLAlchemy 2.1: no run ever existed), `serve` executes them.
        _wait_for(
            "the server's scheduler creating a run (none: see the server's log)",
            lambda runs: any(r.auto_scheduled for r in runs),
            proc,
            dep.id,
            timeout=120,
        )
        _wait_for("a scheduled refresh completing", completed, proc, dep.id)
        assert sorted(_corpus_docs(corpus)) == sorted(f.stem for f in SEED_FILES[:2])
        first = read_manifest(corpus)
        assert first["generation"] == 1

        new = SEED_FILES[2]
        partial = source / f"{new.name}.partial"  # not an input: a refresh never sees a half-written file
        shutil.copy(new, partial)
        os.replace(partial, source / new.name)
        _wait_for(
            "a later scheduled refresh adding the new input",
            lambda runs: new.stem in _corpus_docs(corpus),
            proc,
            dep.id,
        )
        second = read_manifest(corpus)
        assert second["generation"] == 2 and second["shards"][1]["inputs"] == [new.name]
        assert sorted(_corpus_docs(corpus)) == sorted(f.stem for f in SEED_FILES[:3])
        runs = _deployment_runs(dep.id)
        assert all(r.auto_scheduled for r in runs), "only the schedule creates runs of the deployment"
        assert len(completed(runs)) >= 2
    finally:
        try:
            _stop(proc)
            after = _deployment(name)
            assert after is not None and not after.paused and all(s.active for s in after.schedules)
        finally:
            _delete_deployment(name)


def test_serve_registers_a_cron_schedule_that_survives_shutdown(prefect_server, tmp_path):
    source, corpus = tmp_path / "source", tmp_path / "corpus"
    source.mkdir()
    name = f"refresh-{tmp_path.name}"
    proc = _serve(source, corpus, name, "--cron", "0 3 * * *")
    try:
        dep = _wait_registered(proc, name)
        assert [s.schedule.cron for s in dep.schedules] == ["0 3 * * *"]
        assert dep.parameters["source"] == str(source.resolve())
    finally:
        _stop(proc)
    try:
        after = _deployment(name)
        assert after is not None and not after.paused and all(s.active for s in after.schedules)
    finally:
        _delete_deployment(name)


def test_serve_rejects_both_cron_and_interval(tmp_path):
    both = ["--cron", "* * * * *", "--interval", "10"]
    result = zhclean("serve", "--source", str(tmp_path), "--corpus", str(tmp_path / "c"), *both)
    assert result.returncode == 2 and "not both" in result.stderr


def test_refresh_dedupes_new_inputs_against_the_whole_corpus(prefect_server, tmp_path):
    source, corpus = tmp_path / "source", tmp_path / "corpus"
    source.mkdir()
    original = SEED_FILES[1]
    shutil.copy(original, source / original.name)
    _refresh(source, corpus)
    # The same report reposted by another site: other chrome, a few edited characters.
    text = original.read_text(encoding="utf-8").replace("半年来", "半年以来").replace("观山文库", "某某文库")
    (source / "repost-elsewhere.txt").write_text("转载自某某文库\n" + text, encoding="utf-8")
    _refresh(source, corpus)

    manifest = read_manifest(corpus)
    shard2 = corpus / "shards" / manifest["shards"][1]["name"]
    [dup] = read_jsonl(shard2 / "duplicates.jsonl")
    assert (dup["id"], dup["duplicate_of"], dup["relation"]) == ("repost-elsewhere", original.stem, "near-duplicate")
    assert sorted(_corpus_docs(corpus)) == [original.stem]
