"""`zhclean ui`: a real local Prefect server whose UI talks to its own API, stopped by Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.conftest import _free_port, interruptible


def _read_until(proc: subprocess.Popen, marker: str, timeout: float) -> str:
    """The process's output up to the line holding `marker` (a thread reads, so a hang cannot block)."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            seen.append(lines.get(timeout=1))
        except queue.Empty:
            continue
        if marker in seen[-1]:
            return "".join(seen)
    raise AssertionError(f"no {marker!r} within {timeout} s (exit {proc.poll()}):\n" + "".join(seen)[-3000:])


def test_zhclean_ui_starts_a_server_whose_ui_uses_its_own_api(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=interruptible,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        output = _read_until(proc, "Ctrl-C stops the server", timeout=240)
        assert f"Prefect UI: {base}" in output
        assert f"export PREFECT_API_URL={base}/api" in output
        assert "zhclean-dropped-watermark" in output and "Artifacts" in output
        assert httpx.get(f"{base}/ui-settings", timeout=10).json()["api_url"] == f"{base}/api"
        page = httpx.get(f"{base}/runs", headers={"Accept": "text/html"}, timeout=10)  # as a browser asks
        assert page.status_code == 200 and "<html" in page.text.lower()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    try:
        httpx.get(f"{base}/api/health", timeout=2)
        raise AssertionError("the server still answers after zhclean ui stopped")
    except httpx.HTTPError:
        pass
