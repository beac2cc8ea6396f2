"""Start-up of a one-off `zhclean clean` (issue 9 item 4): wall time, time to the first thing shown, and the
time the summary states, on 1 document and on 2,000, for each way a run can go.

    python bench/bench_startup.py                         # 3 runs of each (path, input), ~5-10 min on 2 busy cores
    python bench/bench_startup.py --repeat 1 --docs 1     # smoke
    python bench/bench_startup.py --src /tmp/before --paths default,server   # another source tree (before)

Paths (`--paths`):
- default: `zhclean clean INPUT --out OUT`, no Prefect API anywhere (the command a user types first). Since
  this change: in-process without Prefect. Before it: a flow run on Prefect's temporary server.
- server: the same command with PREFECT_API_URL pointing at a `prefect server start` this script started on
  127.0.0.1 (its start-up is not counted: it outlives runs, as `zhclean ui` does): a flow run whose
  artifacts (dropped lines) the UI shows.
- temporary: `--prefect` without an API: a flow run on Prefect's temporary server, started and stopped by the
  run itself (what every run did before).

Each run is `python -m flows.cli clean` in a subprocess on a pseudo-terminal, as a user sees it: `wall` from
the start of the process to its exit, `first` until the terminal shows the first text (the progress line;
escape sequences are not text), `stated` the time the summary reports (before this change: the stages' total,
"; 1.0s"; since: "took 2.3s from the start of the command"). Inputs: bench/corpus.py documents
(seed 0; 2,000 documents are ~18 MB). Each path gets one unmeasured warm-up run first (the first run on a
fresh PREFECT_HOME creates the database). Load average (1 min) before each run beside it.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import itertools
import os
import pty
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Generator  # noqa: E402
from flows.ui import server_env, stop, wait_healthy  # noqa: E402

ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")  # rich splits "2.3s" with colour codes
CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
# the summary's time: since this change the command's ("took 2.3s from the start"), before it the stages' total
STATED = re.compile(r"took ([0-9.]+)s from the start|characters: \d+ in, \d+ kept; ([0-9.]+)s")
PATHS = {"default": [], "server": [], "temporary": ["--prefect"]}


@dataclass
class Run:
    path: str
    docs: int
    wall: float
    first: float | None
    stated: float | None
    load: float
    returncode: int


def load1() -> float:
    return os.getloadavg()[0]


def write_inputs(workdir: Path, counts: list[int]) -> dict[int, Path]:
    workdir.mkdir(parents=True, exist_ok=True)
    docs = list(itertools.islice(Generator(0).documents(), max(counts)))
    paths = {}
    for n in counts:
        path = workdir / f"docs-{n}.jsonl"
        if not path.exists():
            path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs[:n]))
        paths[n] = path
    return paths


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(home: Path, src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_PROFILE")}
    return env | {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PYTHONPATH": str(src),
        "COLUMNS": "120",
        "TERM": env.get("TERM", "xterm") if env.get("TERM") not in (None, "", "dumb") else "xterm",
    }


@contextmanager
def running_server(home: Path, src: Path, log: Path) -> Iterator[str]:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = server_env("127.0.0.1", port) | base_env(home, src) | {"PREFECT_API_URL": api}
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=src)
    try:
        wait_healthy(proc, api, timeout=300)
        yield api
    finally:
        stop(proc)


def run_clean(path: str, docs: int, src: Path, inputs: Path, out: Path, env: dict[str, str]) -> Run:
    """One `zhclean clean` on a pseudo-terminal: wall, first text shown, the summary's stated time."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "flows.cli", "clean", str(inputs), "--out", str(out), *PATHS[path]]
    load = load1()
    master, slave = pty.openpty()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=src, close_fds=True)
    os.close(slave)
    first: float | None = None
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                data = b""
            if not data:
                break
            if first is None and CONTROL.sub(b"", ESCAPE.sub(b"", data)).strip():
                first = time.perf_counter() - started
            chunks.append(data)
        elif proc.poll() is not None:
            break
    returncode = proc.wait()
    wall = time.perf_counter() - started
    os.close(master)
    text = " ".join(CONTROL.sub(b" ", ESCAPE.sub(b"", b"".join(chunks))).decode(errors="replace").split())
    found = STATED.search(text)
    if returncode != 0:
        print(f"    exit {returncode}: {' '.join(text.split())[-1500:]}")
    stated = float(found.group(1) or found.group(2)) if found else None
    return Run(path, docs, wall, first, stated, load, returncode)


def _fmt(value: float | None) -> str:
    return f"{value:6.2f}" if value is not None else "     -"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--docs", default="1,2000", help="input sizes in documents, comma list")
    ap.add_argument("--paths", default="default,server,temporary", help=f"comma list of {', '.join(PATHS)}")
    ap.add_argument("--src", type=Path, default=ROOT, help="source tree to run (default: this checkout)")
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "startup")
    args = ap.parse_args()
    counts = [int(n) for n in args.docs.split(",")]
    paths = [p for p in args.paths.split(",") if p]
    inputs = write_inputs(args.workdir, counts)
    src = args.src.resolve()
    print(f"source {src}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    for n, p in inputs.items():
        print(f"input {n} documents: {p.stat().st_size / 1e6:.2f} MB")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="zhclean-startup-") as tmp:
        home = Path(tmp) / "prefect-home"
        home.mkdir()
        env = base_env(home, src)
        out = Path(tmp) / "out"

        def measure(path: str, env: dict[str, str]) -> None:
            # unmeasured: a first run on a fresh PREFECT_HOME creates its database (before this change, the
            # default path too); it also fills the OS file cache for every path alike
            warm = run_clean(path, counts[0], src, inputs[counts[0]], out, env)
            print(f"  warm-up run: {warm.wall:.2f} s [load {warm.load:.2f}]")
            for n in counts:
                for i in range(args.repeat):
                    run = run_clean(path, n, src, inputs[n], out, env)
                    runs.append(run)
                    print(
                        f"  {path:9} {n:5} docs  #{i + 1}  wall {_fmt(run.wall)} s  first text {_fmt(run.first)} s  "
                        f"stated {_fmt(run.stated)} s   [load {run.load:.2f}]",
                        flush=True,
                    )

        for path in paths:
            print(f"{path}:", flush=True)
            if path == "server":
                with running_server(home, src, Path(tmp) / "server.log") as api:
                    measure(path, env | {"PREFECT_API_URL": api})
            else:
                measure(path, env)
    print("\nmedians (s)          wall   first  stated   load")
    for path in paths:
        for n in counts:
            mine = [r for r in runs if r.path == path and r.docs == n and r.returncode == 0]
            if not mine:
                continue

            def med(values: list[float | None]) -> float | None:
                known = [v for v in values if v is not None]
                return statistics.median(known) if known else None

            print(
                f"{path:9} {n:5} docs  {_fmt(med([r.wall for r in mine]))} {_fmt(med([r.first for r in mine]))} "
                f"{_fmt(med([r.stated for r in mine]))} {med([r.load for r in mine]):6.2f}"
            )


if __name__ == "__main__":
    main()
