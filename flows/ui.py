"""`zhclean ui`: run the local Prefect server (API + UI) and say where a run's dropped lines are."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

from flows.artifacts import DUPLICATES_KEY, LEDGER_KEY, PROGRESS_KEY, SUMMARY_KEY, artifact_key, dropped_key
from flows.runners import DEFAULT_API


def server_env(host: str, port: int) -> dict[str, str]:
    """The UI must call this server's API (by default it calls port 4200 whatever --port says)."""
    return {
        **os.environ,
        "PREFECT_API_URL": f"http://{host}:{port}/api",  # itself, not a server the caller points at
        "PREFECT_UI_ENABLED": "true",
        "PREFECT_UI_API_URL": f"http://{host}:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    }


def is_healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def start_server(host: str, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]
    return subprocess.Popen(cmd, env=server_env(host, port))


def wait_healthy(proc: subprocess.Popen, api: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {proc.returncode} (see its output above)")
        if is_healthy(api):
            return
        time.sleep(0.5)
    raise RuntimeError(f"prefect server did not answer {api}/health within {timeout:.0f} s")


def recent_runs(api: str, limit: int = 5) -> list[dict[str, Any]]:
    """The latest zhclean-clean flow runs on this server: name, output directory, id."""
    body = {"flows": {"name": {"any_": ["zhclean-clean"]}}, "sort": "START_TIME_DESC", "limit": limit}
    try:
        response = httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10)
        response.raise_for_status()
    except httpx.HTTPError:
        return []
    return [{"name": r["name"], "out": r["parameters"].get("out"), "id": r["id"]} for r in response.json()]


def instructions(host: str, port: int, runs: list[dict[str, Any]]) -> str:
    ui, api = f"http://{host}:{port}", f"http://{host}:{port}/api"
    found = api == DEFAULT_API  # `zhclean clean` looks for a server there when PREFECT_API_URL is not set
    lines = [
        f"Prefect UI: {ui}",
        "",
        "Send zhclean runs to it (in the shell you run zhclean from):",
        f"  export PREFECT_API_URL={api}" + ("   # optional here: zhclean clean finds this address" if found else ""),
        "  zhclean clean INPUT... --out OUTDIR",
        "Only runs made while a server answers are recorded: with no Prefect API answering, zhclean clean runs",
        "without Prefect (in seconds; its dropped lines are then in OUTDIR/dropped.jsonl only).",
        "",
        "A run's dropped lines: Runs -> the run (flow zhclean-clean) -> Artifacts tab:",
        f"  {SUMMARY_KEY}: documents in/kept/duplicates, removals per cleaner (each links to its table)",
        f"  {artifact_key('dropped')}-<cleaner>, e.g. {dropped_key('watermark')}: doc, line, kind, reason, rule, text",
        f"  {LEDGER_KEY}: where the full ledger is and how to read it; {DUPLICATES_KEY}; {PROGRESS_KEY}",
        f"Every key's latest artifact (the UI's sidebar has no link to this page): {ui}/artifacts",
    ]
    if runs:
        lines += ["", "Recent zhclean runs on this server:"]
        lines += [f"  {r['name']}  {r['out']}  {ui}/runs/flow-run/{r['id']}" for r in runs]
    return "\n".join(lines)


def serve_ui(host: str, port: int, echo: Callable[[str], None]) -> int:
    """Start the server (or find it already running), print the instructions, run until interrupted."""
    api = f"http://{host}:{port}/api"
    if is_healthy(api):
        echo(f"A Prefect server is already running on {host}:{port}.\n")
        echo(instructions(host, port, recent_runs(api)))
        return 0
    proc = start_server(host, port)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the server too, like Ctrl-C
    try:
        wait_healthy(proc, api)
        echo(instructions(host, port, recent_runs(api)))
        echo("\nCtrl-C stops the server.")
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(proc)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
