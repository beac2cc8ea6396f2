"""Issue 9 item 4: a one-off `zhclean clean` without a Prefect API runs in this process, without Prefect and its
temporary server; with an API that answers it is a flow run whose artifacts the UI shows. Both write the
same bytes. Behaviour only: the start-up times are measured by bench/bench_startup.py."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from flows.runners import (
    DEFAULT_API,
    Flow,
    LocalFuture,
    Task,
    api_answers,
    as_completed,
    choose_backend,
    local_run,
)
from tests.conftest import ROOT, SEEDS, _free_port

OUTPUTS = ("documents.jsonl", "dropped.jsonl", "duplicates.jsonl")
CONFIG = "[input]\nshard_docs = 2\n"  # 3 shards from the 5 seeds (+ a repost): several tasks a stage


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No Prefect API from the environment or a profile (PREFECT_HOME is empty)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(tmp_path / "prefect-home"), **extra}


def _inputs(tmp_path: Path) -> Path:
    """The seeds and a repost of one of them under another name: the dedup stage drops something."""
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    first = sorted(src.glob("*.txt"))[0]
    (src / "zz_repost.txt").write_bytes(first.read_bytes())
    return src


def _clean(tmp_path: Path, out: Path, *args: str, env: dict[str, str], importtime: bool = False):
    config = tmp_path / "startup.toml"
    config.write_text(CONFIG, encoding="utf-8")
    cmd = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "flows.cli", "clean"]
    src = tmp_path / "src" if (tmp_path / "src").exists() else _inputs(tmp_path)
    cmd += [str(src)]
    cmd += ["--out", str(out), "--config", str(config), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _imported(stderr: str) -> set[str]:
    """Modules named by `python -X importtime` on stderr."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def _same_report(a: Path, b: Path) -> None:
    """report.json of two runs: the same but for the seconds they took."""

    def strip(report: dict) -> dict:
        report.pop("timings")
        report.get("dedup", {}).pop("seconds", None)
        return report

    assert strip(orjson.loads(a.read_bytes())) == strip(orjson.loads(b.read_bytes()))


def test_without_an_api_the_clean_runs_in_process_and_never_imports_prefect(tmp_path: Path):
    if api_answers(DEFAULT_API):
        pytest.skip(f"a Prefect server answers on {DEFAULT_API}: the default run goes to it")
    out = tmp_path / "out"
    result = _clean(tmp_path, out, env=_env(tmp_path), importtime=True)
    modules = _imported(result.stderr)
    assert "flows.clean_flow" in modules and "cleaners" in modules  # the flow's own code ran
    assert not {m for m in modules if m == "prefect" or m.startswith("prefect.")}, "Prefect was imported"
    assert "running without Prefect (no Prefect API answers" in result.stderr
    assert not (tmp_path / "prefect-home" / "prefect.db").exists()  # no temporary server, no flow run
    report = orjson.loads((out / "report.json").read_bytes())
    assert report["documents"]["in"] == 6 and report["documents"]["dropped_as_duplicates"] == 1
    assert "took " in result.stdout and "s from the start of the command" in result.stdout


def test_outputs_are_byte_identical_in_process_and_as_a_flow_run(prefect_server: str, tmp_path: Path):
    env = _env(tmp_path, PREFECT_API_URL=prefect_server)
    local = _clean(tmp_path, tmp_path / "local", "--no-prefect", env=env)
    assert "without Prefect (--no-prefect)" in local.stderr
    flow = _clean(tmp_path, tmp_path / "flow", env=env)  # the API answers: a flow run, as before
    assert f"as a Prefect flow run on {prefect_server}" in flow.stderr
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "flow" / name).read_bytes(), name
    _same_report(tmp_path / "local" / "report.json", tmp_path / "flow" / "report.json")
    assert orjson.loads((tmp_path / "flow" / "report.json").read_bytes())["documents"]["dropped_as_duplicates"] == 1


def test_the_flow_run_of_a_server_that_answers_records_the_dropped_lines(prefect_server: str, tmp_path: Path):
    """Without --prefect: the configured API answers, so the run is a flow run with its artifacts."""
    from tests.seed_run import flow_run_id_for

    out = tmp_path / "out"
    _clean(tmp_path, out, env=_env(tmp_path, PREFECT_API_URL=prefect_server))
    run_id = flow_run_id_for(prefect_server, out)

    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    only_this_run = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
    with temporary_settings({PREFECT_API_URL: prefect_server}), get_client(sync_client=True) as client:
        keys = {a.key for a in client.read_artifacts(artifact_filter=only_this_run)}
    assert "zhclean-summary" in keys and "zhclean-dropped-watermark" in keys, keys


def test_a_configured_api_that_does_not_answer_is_said_and_the_run_goes_on_without_prefect(tmp_path: Path):
    dead = f"http://127.0.0.1:{_free_port()}/api"
    out = tmp_path / "out"
    result = _clean(tmp_path, out, env=_env(tmp_path, PREFECT_API_URL=dead))
    assert f"PREFECT_API_URL={dead} does not answer" in " ".join(result.stderr.split())
    assert all((out / name).exists() for name in OUTPUTS)


def test_no_prefect_with_workers_is_a_user_error(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "clean", str(SEEDS), "--out", str(tmp_path / "o"), "--no-prefect",
         "--workers", "2"],
        capture_output=True, text=True, env=_env(tmp_path), timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and result.stderr.startswith("error: --workers N and --dask-address")
    assert not (tmp_path / "o").exists()


def test_on_a_terminal_the_first_thing_shown_is_the_progress(tmp_path: Path):
    """Before the cleaners are loaded the terminal shows what is being done; the summary ends the run."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "clean", str(SEEDS), "--out", str(tmp_path / "out"), "--no-prefect"],
        stdin=slave, stdout=slave, stderr=slave, env=_env(tmp_path, COLUMNS="200", TERM="xterm"), cwd=ROOT,
        close_fds=True,
    )  # fmt: skip
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=60) == 0
    shown = b"".join(chunks).decode(errors="replace")
    first = shown.find("loading the cleaners")
    assert first >= 0, shown[-3000:]
    assert all(later not in shown[:first] for later in ("running", "shards", "took", "zhclean:")), shown[:first]
    assert shown.find("clean shards") > first and "from the start of the command" in shown


# ---- the stand-ins the flow's code uses instead of Prefect --------------------------------------------


def test_a_local_task_runs_when_its_result_is_asked_for_with_the_tasks_retries():
    calls: list[int] = []

    def transient(task, task_run, state) -> bool:
        try:
            state.result()
        except OSError:
            return True
        return False

    def flaky(n: int) -> int:
        calls.append(n)
        if len(calls) < 3:
            raise OSError("disk hiccup")
        return n * 2

    def broken() -> None:
        calls.append(-1)
        raise ValueError("a bug is not retried")

    flaky_task = Task(flaky, {"retries": 2, "retry_delay_seconds": 0, "retry_condition_fn": transient})
    broken_task = Task(broken, {"retries": 2, "retry_delay_seconds": 0, "retry_condition_fn": transient})
    with local_run():
        future = flaky_task.submit(21)
        assert isinstance(future, LocalFuture) and calls == []  # nothing ran yet
        assert [f.result() for f in as_completed([future])] == [42] and calls == [21, 21, 21]
        calls.clear()
        failed = broken_task.submit()
        with pytest.raises(ValueError):
            failed.result()
        assert calls == [-1]


def test_a_local_flow_is_its_function_and_prefect_is_built_only_for_a_flow_run():
    flow = Flow(lambda x: x + 1, {"name": "zhclean-test"})
    with local_run():
        assert flow(1) == 2
    assert flow._prefect is None  # not built: Prefect not needed yet


def test_backend_choice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    dead = f"http://127.0.0.1:{_free_port()}/api"
    monkeypatch.setenv("PREFECT_API_URL", dead)
    assert not choose_backend(None, parallel=False).prefect  # configured, does not answer: in process
    assert choose_backend(None, parallel=True).prefect  # --workers 2 needs Prefect's task runners
    assert choose_backend(True, parallel=False).prefect
    assert not choose_backend(False, parallel=False).prefect


def test_a_task_sent_by_value_builds_a_prefect_task_with_prefects_no_cache():
    """`zhclean serve` runs its flow in a subprocess, to which cloudpickle sends the flow's code by value."""
    import cloudpickle
    from prefect.cache_policies import NO_CACHE

    import flows.clean_flow as cf

    fresh = Task(cf.prepare_task.fn, dict(cf.prepare_task.options))  # its Prefect task not built yet
    copy = cloudpickle.loads(cloudpickle.dumps(fresh))
    assert type(copy.prefect.cache_policy) is type(NO_CACHE) and copy.prefect.name == "prepare-shard"


@pytest.mark.parametrize("command", ["refresh", "serve"])
def test_a_refresh_source_typo_is_answered_before_prefect_or_the_chain_loads(tmp_path: Path, command: str):
    cmd = [sys.executable, "-X", "importtime", "-m", "flows.cli", command,
           "--source", str(tmp_path / "no" / "such" / "dir"), "--corpus", str(tmp_path / "corpus")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=_env(tmp_path), cwd=tmp_path, timeout=120)
    assert result.returncode == 2 and "error: source not found" in result.stderr, result.stderr[-2000:]
    modules = _imported(result.stderr)
    assert not {m for m in modules if m == "prefect" or m.startswith("prefect.")}, "Prefect was imported"
    assert not (tmp_path / "corpus").exists()
