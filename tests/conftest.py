"""Shared fixtures: one real Prefect server for the whole test session, paths to the seed fixtures."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"
EXPECTED = FIXTURES / "expected"


def zhclean(*args: str, check: bool = False, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, as a user runs it (it inherits PREFECT_API_URL from `prefect_server`);
    `check`: it must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, timeout=timeout
    )
    assert not check or result.returncode == 0, result.stderr[-3000:]
    return result


def read_jsonl(path: Path) -> list[Any]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def interruptible() -> None:
    """Popen preexec_fn for a child the test stops with SIGINT (Ctrl-C): a shell starting the test run in the
    background (`pytest ... &`) leaves SIGINT ignored, children inherit that, and Python then installs no
    KeyboardInterrupt handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_until_stopped(pid: int, poll: Callable[[], int | None], log: Callable[[], str] = str) -> None:
    """Wait until process PID stopped itself at a crash point (state T, see flows/safety.py); `poll` says
    whether it exited instead (then `log()` says why). A run on a loaded machine may take minutes to get there."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert poll() is None, log()
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            if fh.read().rsplit(")", 1)[1].split()[0] == "T":
                return
        time.sleep(0.02)
    raise AssertionError("the run did not reach its crash point")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory):
    """A real `prefect server start` on 127.0.0.1 with its own PREFECT_HOME; yields the API URL.

    If PREFECT_API_URL is already set (CI starts one server for the run), that server is used.
    """
    existing = os.environ.get("PREFECT_API_URL")
    if existing:
        yield existing
        return
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # the UI (served by the same process) must call this server's API, not the default port 4200
        "PREFECT_UI_ENABLED": "true",
        "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    }
    log = open(home / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("prefect server did not become healthy in 120 s")
    os.environ["PREFECT_API_URL"] = url  # for subprocesses (the CLI)
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.settings import PREFECT_API_URL, temporary_settings

    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):  # this process read its settings at import
            yield url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def pipeline():
    from cleaners import Pipeline

    return Pipeline()
