"""End-to-end benchmark of the Prefect flow: `python -m flows.cli clean` in a subprocess, measured from outside.

    python bench/bench_flow.py                     # 200 MB corpus, every section (~30 min on 2 busy cores)
    python bench/bench_flow.py --mb 5 --sections throughput --apis server --runners serial   # smoke, 1-2 min
    python bench/bench_flow.py --sections shards --shard-mb 64,32,8
    python bench/bench_flow.py --sections model --apis server   # scaling model, 8/32/128 MB (~6-10 min)

Sections (`--sections`, comma list):
- throughput: serial (thread runner) and `--workers 2` (local Dask cluster), each with no PREFECT_API_URL (the
  flow starts an ephemeral server) and against an already running `prefect server start` (started here on
  127.0.0.1 with a temporary PREFECT_HOME, stopped at the end). MB/s by wall time and by CPU time of the
  process tree; stage seconds from report.json; Prefect overhead = wall - sum of the stage seconds, split into
  start-up (until the run's work directory appears: imports, API, flow run, Dask cluster), in-flow (between
  the stages) and tail (after report.json is published: artifacts, shutdown).
- overhead: start-up on a tiny input, and the per-task cost: that input as 1 shard and as ~60 shards
  (2 tasks a shard: prepare, finish, which also sketches for dedup); cost = difference in time / difference in tasks.
- shards: the corpus at several `[input] shard_bytes` (`--shard-mb`, MiB); per-task overhead as a share of
  the run = tasks x per-task cost / wall (and the slope of wall and CPU over tasks across the sizes).
- memory: corpora of 1x, 4x, 16x `--base-mb` at `--memory-shard-mb` shards: peak RSS per stage of the flow
  process (report.json timings.stage_peak_rss_mb, serial: shard tasks run in that process) and peak RSS per
  process with `--workers 2` (flow, each Dask worker, server); the growth per input MB and per document.
- model (issue 10, scale): the overhead section's tiny runs (per-task cost; worker start-up = --workers 2
  wall - serial wall, 1 shard) and the memory section's runs (the API the memory section uses, both runners)
  turned into a model of a 3 GB run at 64 MiB shards on N = 1..16 workers. The serial runs at 1x/4x/16x are cut
  into phases: the shard tasks (prepare, finish: parallel) and what the flow process does alone
  (start-up, fit, dedup reduce, write, in-flow, tail), in wall s and the flow process's CPU s (sampled, placed
  by the work directory's file times and report.json's stage seconds); the line through the 4x and 16x runs
  gives each a fixed cost and seconds per GB. Printed twice: (A) work in CPU s, waits in wall s; (B) all in
  wall s. Serial share and parallel efficiency T1 / (N x TN) per N; each process's peak RSS extrapolated
  to 100 GB. ~6-7 min at the default --base-mb 8 on 2 cores at load 3-8.

The corpus is bench/corpus.py's documents plus reposts of earlier ones (new chrome, 1-3% edits, truncated
behind a paywall) so the dedup stage has work; cached in --workdir (default bench/out/flow, git-ignored).
MB = 10^6 bytes of JSONL input; memory in MiB. Peak RSS per process is sampled every 0.1 s (the flow
process's per-stage peaks are exact). Figures are printed, never asserted: the load average goes with each.
"""

from __future__ import annotations

import argparse
import bisect
import math
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import HEAD_CHROME, PAYWALL_GLUED, TAIL_CHROME, Generator  # noqa: E402
from bench.corpus import VERSION as CORPUS_VERSION  # noqa: E402
from flows.artifacts import MAX_CONTEXT_READ  # noqa: E402
from flows.ui import server_env, stop, wait_healthy  # noqa: E402

MB, MIB = 1_000_000, 1 << 20
STAGES = ("prepare", "finish", "dedup", "write")
PEAK_STAGES = ("start", "prepare", "fit", "finish", "dedup", "write")
TASKS_PER_SHARD = 2  # prepare-shard, finish-shard (it sketches too) (+ a dedup-bands task per worker, up to 32)
REPOST_SHARE = 0.12  # documents followed by a repost of an earlier document
REPOST_POOL = 4000  # earlier documents a repost is drawn from (a reservoir)
INTERVAL = 0.1  # seconds between samples of the process tree
SERVER_TIMEOUT = 300  # a loaded machine starts Prefect's server slowly (the default ephemeral limit is 20 s)


# Corpus ------------------------------------------------------------------------------------------------


def repost(gen: Generator, text: str) -> str:
    """Another site's copy: other chrome (equal once cleaned), 1-3% edits (near), or truncated (contained)."""
    r = gen.rng
    lines = text.split("\n")
    kind = r.random()
    if kind < 0.4:
        return "\n".join([gen.fill(r.choice(HEAD_CHROME)), *lines, gen.fill(r.choice(TAIL_CHROME))])
    if kind < 0.75:
        chars = list(text)
        for i in r.sample(range(len(chars)), max(1, int(len(chars) * r.uniform(0.01, 0.03)))):
            chars[i] = r.choice(chars)
        return "".join(chars)
    cut = lines[: max(2, int(len(lines) * r.uniform(0.4, 0.7)))]
    return "\n".join(cut) + gen.fill(r.choice(PAYWALL_GLUED))


def documents(seed: int) -> Iterator[dict[str, str]]:
    gen = Generator(seed)
    pool: list[str] = []
    for doc in gen.documents():
        yield doc
        if pool and gen.rng.random() < REPOST_SHARE:
            yield {"id": f"{doc['id']}-repost", "text": repost(gen, gen.rng.choice(pool))}
        if len(pool) < REPOST_POOL:
            pool.append(doc["text"])
        else:
            pool[gen.rng.randrange(REPOST_POOL)] = doc["text"]


def flow_corpus(workdir: Path, megabytes: float, seed: int = 0) -> Path:
    """A cached JSONL corpus of `megabytes` MB (a smaller one is a prefix of a larger one, same seed)."""
    path = workdir / f"corpus-{megabytes:g}mb-s{seed}-r{REPOST_SHARE:g}-v{CORPUS_VERSION}.jsonl"
    if path.exists():
        return path
    workdir.mkdir(parents=True, exist_ok=True)
    tmp, written = path.with_name(path.name + ".tmp"), 0
    with open(tmp, "wb") as fh:
        for doc in documents(seed):
            row = orjson.dumps(doc) + b"\n"
            fh.write(row)
            written += len(row)
            if written >= megabytes * MB:
                break
    tmp.replace(path)
    return path


def shard_config(workdir: Path, shard_mib: float) -> Path:
    path = workdir / "configs" / f"shard-{shard_mib:g}mib.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[input]\nshard_bytes = {max(1, int(shard_mib * MIB))}\n")
    return path


# Prefect API: ephemeral or an already running server -------------------------------------------------


@dataclass
class Api:
    name: str  # ephemeral | server
    env: dict[str, str]
    server: psutil.Process | None = None  # the running server (not part of the measured process tree)
    started_in: float = 0.0  # seconds the running server took to answer /health

    def server_cpu(self) -> float:
        return sum(_cpu(p) for p in _tree(self.server)) if self.server else 0.0


def _prefect_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return env | {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(SERVER_TIMEOUT),
    }


def ephemeral_api(home: Path) -> Api:
    return Api("ephemeral", _prefect_env(home))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(home: Path, log: Path) -> Iterator[Api]:
    """`prefect server start` on 127.0.0.1 with its own PREFECT_HOME; stopped (with its children) on exit."""
    port = _free_port()
    env = server_env("127.0.0.1", port) | _prefect_env(home) | {"PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = psutil.Process(proc.pid)
    try:
        wait_healthy(proc, env["PREFECT_API_URL"], timeout=SERVER_TIMEOUT)
        yield Api("server", env, server, time.perf_counter() - started)
    finally:
        children = _tree(server)[1:]
        stop(proc)
        for child in children:  # only what this server started
            if child.is_running():
                child.kill()


# One measured run ----------------------------------------------------------------------------------------


def _tree(root: psutil.Process | None) -> list[psutil.Process]:
    if root is None:
        return []
    try:
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _cpu(proc: psutil.Process) -> float:
    try:
        t = proc.cpu_times()
        return t.user + t.system + t.children_user + t.children_system
    except psutil.Error:
        return 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return t.user + t.system


class TreeSampler:
    """Peak RSS (MiB) of the run's process tree by role: flow (the CLI process), workers (Dask worker
    processes, summed and the largest one), server (ephemeral in the tree, or the running one), all;
    and CPU seconds by role (as last sampled: a process's last 0.1 s before it exits is missed)."""

    def __init__(self, root: int, server: psutil.Process | None) -> None:
        self.root, self.server = psutil.Process(root), server
        self.peak: dict[str, float] = {}
        self._roles: dict[int, str] = {}
        self._cpu: dict[int, tuple[str, float]] = {}
        self._cpu0 = {p.pid: _own_cpu(p) for p in _tree(server)}

    def flow_cpu(self) -> float:
        return self._cpu.get(self.root.pid, ("flow", 0.0))[1]

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {"flow": 0.0, "workers": 0.0, "server": 0.0}
        for role, seconds in self._cpu.values():
            out[role] += seconds
        return out

    def _role(self, proc: psutil.Process) -> str:
        if proc.pid not in self._roles:
            cmd = " ".join(proc.cmdline())
            self._roles[proc.pid] = "flow" if proc == self.root else "server" if "uvicorn" in cmd else "workers"
        return self._roles[proc.pid]

    def sample(self) -> None:
        now: dict[str, float] = {"flow": 0.0, "workers": 0.0, "server": 0.0, "worker_max": 0.0}
        procs = [(p, None) for p in _tree(self.root)] + [(p, "server") for p in _tree(self.server)]
        for proc, known in procs:
            try:
                rss, role = proc.memory_info().rss / MIB, known or self._role(proc)
                self._cpu[proc.pid] = (role, _own_cpu(proc) - self._cpu0.get(proc.pid, 0.0))
            except psutil.Error:
                continue
            now[role] += rss
            if role == "workers":
                now["worker_max"] = max(now["worker_max"], rss)
        now["all"] = now["flow"] + now["workers"] + now["server"]
        for key, value in now.items():
            self.peak[key] = max(self.peak.get(key, 0.0), value)


@dataclass
class Run:
    label: str
    mb: float  # JSONL input
    wall: float
    cpu: float  # CPU seconds of the process tree, plus the running server's during the run
    stages: dict[str, float]
    peaks: dict[str, float]  # report.json: the flow process's peak RSS per stage (MiB)
    rss: dict[str, float]  # sampled peak RSS per role (MiB)
    shards: int
    docs_in: int
    docs_out: int
    duplicates: int
    start: float  # seconds until the work directory appeared (the flow body began)
    published: float  # seconds until report.json appeared in OUTDIR
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after
    cpu_roles: dict[str, float] = field(default_factory=dict)  # sampled CPU seconds: flow, workers, server
    dedup: dict[str, int] = field(default_factory=dict)  # report.json dedup counts (candidate pairs, ...)
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)  # PHASES: (wall s, flow process CPU s)

    @property
    def tasks(self) -> int:
        """Shard tasks and dedup-bands tasks (a serial run reduces in the flow process: no band task)."""
        bands = self.dedup.get("band_tasks", 1)
        return TASKS_PER_SHARD * self.shards + (bands if bands > 1 else 0)

    @property
    def stage_sum(self) -> float:
        return sum(self.stages.get(k, 0.0) for k in STAGES)

    @property
    def overhead(self) -> float:
        return self.wall - self.stage_sum

    @property
    def tail(self) -> float:
        return self.wall - self.published

    @property
    def load_text(self) -> str:
        return f"load {self.load[0]:.1f}->{self.load[1]:.1f}"


def _watch(
    proc: subprocess.Popen, sampler: TreeSampler, out: Path, started: float, t0: float
) -> tuple[dict[str, float], list[tuple[float, float]]]:
    """Sample until the process exits; note when the work directory and report.json appear, and when the
    last prepare task wrote its .stats file (its file time, `t0` = time.time() at `started`).
    Also the flow process's CPU seconds over time: (seconds since start, CPU seconds)."""
    marks: dict[str, float] = {}
    series: list[tuple[float, float]] = [(0.0, 0.0)]
    work: Path | None = None
    while proc.poll() is None:
        sampler.sample()
        now = time.perf_counter() - started
        series.append((now, sampler.flow_cpu()))
        if work is None:
            work = next(out.parent.glob(f".{out.name}.work-*"), None)
            if work is not None:
                marks["start"] = now
        else:
            with suppress(OSError):  # removed at the end of the run
                done = [f.stat().st_mtime - t0 for f in work.glob("prep-*.stats")]
                marks["prepared"] = max([marks.get("prepared", 0.0), *done])
        if "published" not in marks and (out / "report.json").exists():
            marks["published"] = now
        time.sleep(INTERVAL)
    return marks, series


PHASES = ("start-up", "prepare", "fit", "finish", "reduce", "bands", "write", "in-flow", "tail")


def _phases(
    wall: float, marks: dict[str, float], stages: dict[str, float], series: list[tuple[float, float]],
    dedup: dict[str, float],
) -> dict[str, tuple[float, float]]:
    """The run cut into PHASES, (wall s, CPU s of the flow process) each: report.json's stage seconds laid end
    to end from the moment the work directory appeared (the prepare stage starts there). prepare = until the
    last prepare task wrote its .stats file, fit = the rest of the prepare stage (the flow handling the last
    completions, merging and fitting the line statistics), finish = the finish tasks (cleaning and MinHash
    sketches), reduce = the dedup stage less its bands, bands = its LSH candidates and their verification
    (report.json dedup seconds: in the flow process in a serial run, dedup-bands tasks on the workers with
    --workers N; placed after its loading and exact groups), write = until report.json appeared;
    in-flow = what is left between the stages."""
    if "start" not in marks or "prepared" not in marks:
        return {}
    finish_at = marks["start"] + stages["prepare"]
    dedup_at = finish_at + stages["finish"]
    published = marks.get("published", wall)
    bands_at = dedup_at + dedup.get("load", 0.0) + dedup.get("exact", 0.0)
    bands = dedup.get("bands", dedup.get("candidates", 0.0) + dedup.get("verify", 0.0))
    edges = {
        "start-up": (0.0, marks["start"]),
        "prepare": (marks["start"], marks["prepared"]),
        "fit": (marks["prepared"], finish_at),
        "finish": (finish_at, dedup_at),
        "reduce": (dedup_at, dedup_at + stages["dedup"]),
        "bands": (bands_at, bands_at + bands),
        "write": (published - stages["write"], published),
        "tail": (published, wall),
    }
    out = {k: (b - a, _cpu_at(series, b) - _cpu_at(series, a)) for k, (a, b) in edges.items()}
    out["reduce"] = (out["reduce"][0] - out["bands"][0], out["reduce"][1] - out["bands"][1])
    total_cpu = series[-1][1] if series else 0.0
    out["in-flow"] = (wall - sum(w for w, _ in out.values()), total_cpu - sum(c for _, c in out.values()))
    return out


def _cpu_at(series: list[tuple[float, float]], t: float) -> float:
    """The flow process's CPU seconds at `t` seconds, interpolated between samples."""
    i = bisect.bisect_left(series, (t,))
    if i == 0 or i == len(series):
        return series[min(i, len(series) - 1)][1] if series else 0.0
    (t1, c1), (t2, c2) = series[i - 1], series[i]
    return c1 + (c2 - c1) * (t - t1) / (t2 - t1) if t2 > t1 else c2


def _clear(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.*"):  # a killed earlier run's work dir would be resumed
        shutil.rmtree(stale, ignore_errors=True)


def run_cli(
    label: str, corpus: Path, workers: int, config: Path | None, api: Api, workdir: Path, extra: tuple[str, ...] = ()
) -> Run:
    out = workdir / "runs" / label
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear(out)
    cmd = [sys.executable, "-m", "flows.cli", "clean", str(corpus), "--out", str(out)]
    cmd += ["--workers", str(workers)] * (workers > 1) + ["--config", str(config)] * (config is not None)
    cmd += list(extra)
    cpu0, server0, load0 = _children_cpu(), api.server_cpu(), os.getloadavg()[0]
    started, t0 = time.perf_counter(), time.time()
    with open(out.parent / f"{label}.log", "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=api.env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid, api.server)
        marks, series = _watch(proc, sampler, out, started, t0)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        tail = (out.parent / f"{label}.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{label}: exit {proc.returncode}\n{tail}")
    cpu = _children_cpu() - cpu0 + api.server_cpu() - server0
    report = orjson.loads((out / "report.json").read_bytes())
    _clear(out)
    timings, docs = report["timings"], report["documents"]
    return Run(label, corpus.stat().st_size / MB, wall, cpu, timings["stage_seconds"],
               timings.get("stage_peak_rss_mb", {}), sampler.peak, report["inputs"]["shards"], docs["in"],
               docs["out"], docs["dropped_as_duplicates"], marks.get("start", 0.0), marks.get("published", wall),
               (load0, os.getloadavg()[0]), sampler.cpu_by_role(),
               {k: v for k, v in report.get("dedup", {}).items() if isinstance(v, int)},
               _phases(wall, marks, timings["stage_seconds"], series, report.get("dedup", {}).get("seconds", {})))


# Sections ------------------------------------------------------------------------------------------------

RUNNERS = {"serial": 1, "workers2": 2}


@dataclass
class Bench:
    workdir: Path
    apis: dict[str, Api]
    runs: dict[tuple, Run] = field(default_factory=dict)
    per_task: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)  # (wall s, cpu s)
    per_task_roles: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)  # CPU s by role

    def run(self, corpus: Path, runner: str, api: str, shard_mib: float | None = None, index: str = "") -> Run:
        """Each (corpus, runner, api, shard size, index) runs once; sections share the runs."""
        key = (corpus.name, runner, api, shard_mib, index)
        if key not in self.runs:
            label = f"{corpus.stem.split('-r')[0]}-{runner}-{api}" + (f"-shard{shard_mib:g}" if shard_mib else "")
            label += f"-index{len(self.runs)}" if index else ""
            config = shard_config(self.workdir, shard_mib) if shard_mib else None
            extra = ("--index", index) if index else ()
            self.runs[key] = run_cli(label, corpus, RUNNERS[runner], config, self.apis[api], self.workdir, extra)
            with open(self.workdir / "runs.jsonl", "ab") as fh:  # every figure of every run, for a closer look
                fh.write(orjson.dumps(asdict(self.runs[key])) + b"\n")
            print(f"    ran {label}: {self.runs[key].wall:.1f} s wall   [{self.runs[key].load_text}]", flush=True)
        return self.runs[key]


def default_shard_mib() -> float:
    """`[input] shard_bytes` of config/default.toml in MiB (the flow's fallback when it is not set)."""
    from cleaners import load_config

    return load_config()["input"].get("shard_bytes", 32 * MIB) / MIB


def _rate(mb: float, seconds: float) -> str:
    return f"{mb / seconds:7.2f}" if seconds > 0 else f"{'-':>7}"


def throughput(bench: Bench, corpus: Path, runners: list[str]) -> None:
    print(f"\n== throughput: {corpus.name} ({corpus.stat().st_size / MB:.1f} MB), default config")
    runs = [(r, a, bench.run(corpus, r, a)) for a in bench.apis for r in runners]
    print(f"  {'runner':<9}{'api':<10}{'MB/s wall':>9}{'MB/s cpu':>9}{'wall s':>8}{'cpu s':>8}"
          f"{'prepare':>8}{'finish':>8}{'dedup':>7}{'write':>7}  shards docs dups")
    for runner, api, run in runs:
        st = run.stages
        print(f"  {runner:<9}{api:<10}{_rate(run.mb, run.wall):>9}{_rate(run.mb, run.cpu):>9}{run.wall:8.1f}"
              f"{run.cpu:8.1f}{st['prepare']:8.1f}{st['finish']:8.1f}{st['dedup']:7.1f}{st['write']:7.1f}"
              f"  {run.shards} {run.docs_in} {run.duplicates}   [{run.load_text}]")
    print("\n  Prefect overhead = wall - stage sum = start-up (to the flow body) + in-flow + tail (after publishing)")
    print(f"  {'runner':<9}{'api':<10}{'overhead':>9}{'start-up':>9}{'in-flow':>8}{'tail':>6}{'tasks':>6}"
          f"{'tasks x cost: wall, cpu':>29}   peak RSS MiB: all / flow / workers (max one) / server")
    for runner, api, run in runs:
        print(f"  {runner:<9}{api:<10}{run.overhead:9.1f}{run.start:9.1f}"
              f"{run.published - run.start - run.stage_sum:8.1f}{run.tail:6.1f}{run.tasks:6d}"
              f"{_task_estimate(bench, runner, api, run)}   {_rss(run)}")


def _task_estimate(bench: Bench, runner: str, api: str, run: Run) -> str:
    """Tasks x the per-task cost (overhead section): seconds and share of the run, by wall and by CPU time."""
    cost = bench.per_task.get((runner, api))
    if cost is None:
        return f"{'(needs the overhead section)':>29}"
    wall, cpu = run.tasks * cost[0], run.tasks * cost[1]
    return f"{wall:7.1f}s{100 * wall / run.wall:5.1f}%{cpu:7.1f}s{100 * cpu / run.cpu:5.1f}%"


def _rss(run: Run) -> str:
    p = run.rss
    return (f"{p.get('all', 0):6.0f} / {p.get('flow', 0):4.0f} / {p.get('workers', 0):4.0f} "
            f"({p.get('worker_max', 0):.0f}) / {p.get('server', 0):4.0f}")


def overhead(bench: Bench, tiny: Path, runners: list[str], many_mib: float, apis: list[str] | None = None) -> None:
    apis = apis or list(bench.apis)
    print(f"\n== Prefect overhead: {tiny.name} ({tiny.stat().st_size / MB:.2f} MB)")
    print("  start-up, the input as 1 shard: overhead = wall - stage seconds = start-up + in-flow + tail")
    print(f"  {'runner':<9}{'api':<10}{'wall s':>7}{'stages':>7}{'overhead':>9}{'start-up':>9}{'tail':>6}   cpu s")
    for api in apis:
        for runner in runners:
            one = bench.run(tiny, runner, api, 1024)
            print(f"  {runner:<9}{api:<10}{one.wall:7.1f}{one.stage_sum:7.2f}{one.overhead:9.1f}{one.start:9.1f}"
                  f"{one.tail:6.1f}{one.cpu:8.1f}   [{one.load_text}]")
    print("  start-up: process start until the work directory appears (imports, Prefect API, flow run, Dask "
          "cluster);\n  tail: report.json published until exit (artifacts, index commit, shutdown)")
    few_mib = 8 * many_mib  # several shards, so every Dask worker is warm (imports) in both runs
    print(f"\n  per task: the input at {few_mib * 1024:g} KiB and at {many_mib * 1024:g} KiB shards; cost = difference / "
          f"difference in tasks ({TASKS_PER_SHARD} a shard)")
    print(f"  {'runner':<9}{'api':<10}{'shards':>7}{'stages':>7}{'wall s':>7}{'cpu s':>7}   {'shards':>6}{'stages':>7}"
          f"{'wall s':>7}{'cpu s':>7}   per task ms: in flow / whole run / cpu (flow, workers, server)")
    for api in apis:
        for runner in runners:
            few, many = bench.run(tiny, runner, api, few_mib), bench.run(tiny, runner, api, many_mib)
            tasks = many.tasks - few.tasks
            in_flow, whole = (many.stage_sum - few.stage_sum) / tasks, (many.wall - few.wall) / tasks
            cpu = (many.cpu - few.cpu) / tasks
            bench.per_task[(runner, api)] = (in_flow, cpu)
            bench.per_task_roles[(runner, api)] = {r: (many.cpu_roles[r] - few.cpu_roles[r]) / tasks for r in many.cpu_roles}
            print(f"  {runner:<9}{api:<10}{few.shards:7d}{few.stage_sum:7.2f}{few.wall:7.1f}{few.cpu:7.1f}   "
                  f"{many.shards:6d}{many.stage_sum:7.2f}{many.wall:7.1f}{many.cpu:7.1f}   "
                  f"{1000 * in_flow:6.0f} / {1000 * whole:6.0f} / {1000 * cpu:5.0f} ({_role_split(bench.per_task_roles[(runner, api)])})"
                  f"   [{many.load_text}]")


def _role_split(roles: dict[str, float]) -> str:
    return ", ".join(f"{1000 * roles[r]:.0f}" for r in ("flow", "workers", "server"))


def shard_study(bench: Bench, corpus: Path, runner: str, api: str, sizes: list[float]) -> None:
    print(f"\n== shard size: {corpus.name}, {runner}, {api} API; per-task overhead = tasks x the per-task cost")
    print(f"  {'shard MiB':>9}{'shards':>7}{'tasks':>6}{'wall s':>8}{'cpu s':>8}{'MB/s wall':>10}{'MB/s cpu':>9}"
          f"{'tasks x cost: wall, cpu':>29}{'serial (est.)':>15}   peak RSS MiB: all / flow / workers (max one) / server")
    default = default_shard_mib()
    runs = [bench.run(corpus, runner, api, None if size == default else size) for size in sizes]
    serial = bench.runs.get((corpus.name, "serial", api, None, ""))
    for size, run in zip(sizes, runs, strict=True):
        print(f"  {size:9g}{run.shards:7d}{run.tasks:6d}{run.wall:8.1f}{run.cpu:8.1f}{_rate(run.mb, run.wall):>10}"
              f"{_rate(run.mb, run.cpu):>9}{_task_estimate(bench, runner, api, run)}"
              f"{_serial_share(bench, api, run.tasks, serial):>15}   {_rss(run)}   [{run.load_text}]")
    lo, hi = min(runs, key=lambda r: r.tasks), max(runs, key=lambda r: r.tasks)
    if hi.tasks > lo.tasks:
        span = hi.tasks - lo.tasks
        print(f"  measured slope ({lo.tasks} -> {hi.tasks} tasks): {1000 * (hi.wall - lo.wall) / span:.0f} ms wall, "
              f"{1000 * (hi.cpu - lo.cpu) / span:.0f} ms cpu per task (also load balance, per-shard I/O, machine load)")
    print("  serial (est.): the serial run's wall with these tasks' in-flow cost")


def _serial_share(bench: Bench, api: str, tasks: int, serial: Run | None) -> str:
    cost = bench.per_task.get(("serial", api))
    if cost is None or serial is None:
        return "-"
    return f"{100 * tasks * cost[0] / serial.wall:.1f}%"


def memory(bench: Bench, corpora: list[Path], shard_mib: float, runners: list[str], api: str) -> None:
    print(f"\n== memory: {', '.join(c.name for c in corpora)} at {shard_mib:g} MiB shards, {api} API")
    serial = [bench.run(c, "serial", api, shard_mib) for c in corpora] if "serial" in runners else []
    if serial:
        print("  serial (shard tasks in the flow process): peak RSS MiB of the flow process per stage")
        print(f"  {'MB':>6}{'docs':>8}{'shards':>7}" + "".join(f"{s:>9}" for s in PEAK_STAGES)
              + f"{'cpu s':>8}{'pairs':>8}")
        for run in serial:
            print(f"  {run.mb:6.0f}{run.docs_in:8d}{run.shards:7d}" + "".join(f"{run.peaks.get(s, 0):9.0f}" for s in PEAK_STAGES)
                  + f"{run.cpu:8.1f}{run.dedup.get('candidate_pairs', 0):8d}   [{run.load_text}]")
        growth(serial, lambda r: r.peaks, PEAK_STAGES)
    if "workers2" in runners:
        w2 = [bench.run(c, "workers2", api, shard_mib) for c in corpora]
        print("  --workers 2: sampled peak RSS MiB per process, and the flow process per stage (report.json)")
        print(f"  {'MB':>6}{'docs':>8}{'shards':>7}{'flow':>7}{'worker':>8}{'server':>8}{'all':>7}"
              + "".join(f"{s:>9}" for s in PEAK_STAGES[2:]))
        for run in w2:
            p = run.rss
            print(f"  {run.mb:6.0f}{run.docs_in:8d}{run.shards:7d}{p['flow']:7.0f}{p['worker_max']:8.0f}"
                  f"{p['server']:8.0f}{p['all']:7.0f}" + "".join(f"{run.peaks.get(s, 0):9.0f}" for s in PEAK_STAGES[2:])
                  + f"   [{run.load_text}]")
        growth(w2, lambda r: {"flow": r.rss["flow"], "one worker": r.rss["worker_max"], "server": r.rss["server"]},
               ("flow", "one worker", "server"))
    print("  the dedup reduce keeps the sketches in its work directory (memory-mapped); what it holds per document"
          " is measured alone by bench/bench_reduce_memory.py")


FLAT_MIB = 5.0  # a smaller rise from the smallest to the largest corpus reads as flat (sampling noise)


def growth(runs: list[Run], peaks: Callable[[Run], dict[str, float]], keys: tuple[str, ...]) -> None:
    """Each peak from the smallest to the largest corpus: flat, or MiB per 100 MB of input and KB per document."""
    lo, hi = runs[0], runs[-1]
    d_mb, d_docs = hi.mb - lo.mb, hi.docs_in - lo.docs_in
    print(f"  growth {lo.mb:.0f} -> {hi.mb:.0f} MB ({lo.docs_in} -> {hi.docs_in} documents):")
    for key in keys:
        a, b = peaks(lo).get(key, 0.0), peaks(hi).get(key, 0.0)
        rise = b - a
        trend = "flat" if rise < FLAT_MIB else (
            f"+{100 * rise / d_mb:.0f} MiB per 100 MB of input = {rise * MIB / d_docs / 1000:.1f} KB per document")
        print(f"    {key:<11} {a:6.0f} -> {b:6.0f} MiB: {trend}")


# Scaling model ---------------------------------------------------------------------------------------

MODEL_GB, MODEL_SHARD_MIB, MODEL_WORKERS = 3.0, 64.0, (1, 2, 4, 8, 16)
MODEL_MEMORY_GB, MEMORY_TARGET_GIB = 100.0, 8 * 1e9 / 2**30  # issue 10: <= 8 GB in any one process at 100 GB
PARALLEL = ("prepare", "finish", "bands")  # the shard tasks and the dedup-bands tasks: spread over the workers
WAITS = ("start-up", "in-flow", "tail")  # mostly waiting (API, process start): wall seconds in both variants


@dataclass
class Model:
    """wall(N) = fixed + serial/GB x GB + tasks x task_serial + worker start-up
                 + (parallel/GB x GB + tasks x task_parallel) / N"""

    fixed: float
    serial_gb: float
    parallel_gb: float
    task_serial: float
    task_parallel: float
    startup: float

    def split(self, gb: float, tasks: int, n: int) -> tuple[float, float]:
        """(seconds that N workers do not shorten, seconds they share)."""
        serial = self.fixed + self.serial_gb * gb + tasks * self.task_serial + self.startup
        return serial, (self.parallel_gb * gb + tasks * self.task_parallel) / n


def _line(xs: list[float], ys: list[float], rising: bool = False) -> tuple[float, float]:
    """Least-squares line: (intercept, slope); `rising`: a falling line reads as flat, (mean, 0)."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return (my, 0.0) if rising and slope < 0 else (my - slope * mx, slope)


def _tasks(gb: float, shard_mib: float, workers: int) -> int:
    """Shard tasks, and a dedup-bands task per worker (none with one: the flow process reduces alone)."""
    bands = min(workers, 32) if workers > 1 else 0
    return TASKS_PER_SHARD * math.ceil(gb * 1000 * MB / (shard_mib * MIB)) + bands


def model(bench: Bench, tiny: Path, corpora: list[Path], shard_mib: float, many_mib: float, api: str) -> None:
    """Measured here (per-task cost, worker start-up, each phase at 1x/4x/16x), modelled for MODEL_GB."""
    if any((r, api) not in bench.per_task for r in RUNNERS):
        overhead(bench, tiny, list(RUNNERS), many_mib, [api])
    one = {r: bench.run(tiny, r, api, 1024) for r in RUNNERS}
    runs = {r: [bench.run(c, r, api, shard_mib) for c in corpora] for r in RUNNERS}  # serial: phases; both: memory
    serial_runs, gbs = runs["serial"], [r.mb / 1000 for r in runs["serial"]]
    loads = [x for r in bench.runs.values() for x in r.load]
    print(f"\n== scaling model: measured on {os.cpu_count()} shared cores ({api} API; load average "
          f"{min(loads):.1f}-{max(loads):.1f} during the runs), modelled for {MODEL_GB:g} GB")
    print(f"  (c) phases, serial runner (every task in the flow process), {shard_mib:g} MiB shards: wall s / CPU s of "
          "the flow process;\n      per GB and fixed: the line through the two largest sizes (falling: flat, the mean); "
          "parallel phases less their tasks x the serial per-task cost")
    print(f"  {'phase':<10}{'runs in':<9}" + "".join(f"{f'{r.mb:.0f} MB wall/cpu':>17}" for r in serial_runs)
          + f"{'per GB wall/cpu':>17}{'fixed wall/cpu':>17}")
    serial_task = (bench.per_task[("serial", api)][0], bench.per_task_roles[("serial", api)]["flow"])
    fits: dict[tuple[str, int], tuple[float, float]] = {}  # (phase, 0 wall | 1 cpu): (fixed s, s per GB)
    for phase in PHASES:
        for m in (0, 1):
            less = [r.shards * serial_task[m] if phase in ("prepare", "finish") else 0.0 for r in serial_runs]
            ys = [r.phases[phase][m] - x for r, x in zip(serial_runs, less, strict=True)]
            fits[(phase, m)] = _line(gbs[-2:], ys[-2:], True)  # the two largest: one-offs that saturate (caches) left out
        cells = [r.phases[phase] for r in serial_runs] + [(fits[(phase, 0)][k], fits[(phase, 1)][k]) for k in (1, 0)]
        print(f"  {phase:<10}{'workers' if phase in PARALLEL else 'flow':<9}"
              + "".join(f"{w:10.1f} /{c:5.1f}" for w, c in cells))
    print("  runs: " + ", ".join(f"{r.mb:.0f} MB {r.shards} shards {r.wall:.1f} s [{r.load_text}]" for r in serial_runs))
    # The tail's growing part is the artifacts' span contexts: input documents read again to place the sampled
    # spans, at most MAX_CONTEXT_READ of them (flows/artifacts.py), so it stops growing there: its line is
    # taken up to that many documents and held flat after (a line through 32 and 128 MB ran on to 3 GB).
    largest = serial_runs[-1]
    saturated = MAX_CONTEXT_READ * largest.mb / max(largest.docs_in, 1) / 1000  # GB of input at that many documents
    for m in (0, 1):
        fixed, per_gb = fits[("tail", m)]
        fits[("tail", m)] = (fixed + per_gb * min(saturated, MODEL_GB), 0.0)
    print(f"  tail: its line held flat from {saturated:.2f} GB ({MAX_CONTEXT_READ:,} documents, the most the "
          f"artifacts read again): {fits[('tail', 0)][0]:.1f} / {fits[('tail', 1)][0]:.1f} s at any size above")

    w2, w2_roles = bench.per_task[("workers2", api)], bench.per_task_roles[("workers2", api)]
    startup = one["workers2"].wall - one["serial"].wall
    print(f"  (a) per task, --workers 2 (overhead section): {1000 * w2[0]:.0f} ms wall in the flow; CPU ms: flow "
          f"{1000 * w2_roles['flow']:.0f} + server {1000 * w2_roles['server']:.0f} (serial), workers "
          f"{1000 * w2_roles['workers']:.0f} (parallel)   [{bench.run(tiny, 'workers2', api, many_mib).load_text}]"
          f"\n      serial runner: {1000 * serial_task[0]:.0f} ms wall, {1000 * serial_task[1]:.0f} ms CPU of the "
          f"flow process   [{bench.run(tiny, 'serial', api, many_mib).load_text}]")
    print(f"  (b) worker start-up, tiny input as 1 shard, --workers 2 - serial: {startup:.1f} s wall "
          f"({one['workers2'].wall:.1f} - {one['serial'].wall:.1f}; to the flow body {one['workers2'].start:.1f} - "
          f"{one['serial'].start:.1f}), CPU +{one['workers2'].cpu - one['serial'].cpu:.1f} s   "
          f"[{one['workers2'].load_text}]")

    def total(m: int | None, kind: tuple[str, ...], at: int) -> float:  # m None: wall for WAITS, else CPU
        return sum(fits[(p, 0 if m == 0 or p in WAITS else 1)][at] for p in kind)

    serial_phases = tuple(p for p in PHASES if p not in PARALLEL)
    models = {
        "A": Model(total(None, PHASES, 0), total(None, serial_phases, 1), total(None, PARALLEL, 1),
                   w2_roles["flow"] + w2_roles["server"], w2_roles["workers"], startup),
        "B": Model(total(0, PHASES, 0), total(0, serial_phases, 1), total(0, PARALLEL, 1), 0.0, 2 * w2[0], startup),
    }
    tasks = _tasks(MODEL_GB, MODEL_SHARD_MIB, MODEL_WORKERS[-1])
    print("\n  model: wall(N) = fixed + serial/GB x GB + tasks x serial per-task + worker start-up"
          " + (parallel/GB x GB + tasks x parallel per-task) / N\n"
          f"  (A) work phases in CPU s (as if each process had a core), {', '.join(WAITS)} and worker start-up in wall s;"
          "\n      per task: flow + server CPU serial, worker CPU parallel\n"
          "  (B) everything in wall s as measured on this loaded machine; per task: the --workers 2 wall x 2 / N")
    print(f"  {'':4}{'fixed s':>8}{'serial/GB':>10}{'parallel/GB':>12}{'task serial':>12}{'task parallel':>14}"
          f"{'start-up':>9}")
    for name, md in models.items():
        print(f"  ({name}){md.fixed:8.1f}{md.serial_gb:10.1f}{md.parallel_gb:12.1f}{1000 * md.task_serial:9.0f} ms"
              f"{1000 * md.task_parallel:11.0f} ms{md.startup:9.1f}")
    shards = _tasks(MODEL_GB, MODEL_SHARD_MIB, 1) // TASKS_PER_SHARD
    print(f"\n  {MODEL_GB:g} GB at {MODEL_SHARD_MIB:g} MiB shards: {shards} shards, {tasks} tasks at "
          f"{MODEL_WORKERS[-1]} workers (with the dedup-bands tasks)")
    print(f"  {'N':>4}" + "".join(f"{f'({k}) serial s':>14}{'parallel s':>11}{'wall s':>8}{'serial %':>9}{'eff %':>7}"
                                  for k in models))
    for n in MODEL_WORKERS:
        row = f"  {n:4d}"
        for md in models.values():
            serial, parallel = md.split(MODEL_GB, _tasks(MODEL_GB, MODEL_SHARD_MIB, n), n)
            t1 = sum(md.split(MODEL_GB, _tasks(MODEL_GB, MODEL_SHARD_MIB, 1), 1))
            row += f"{serial:14.1f}{parallel:11.1f}{serial + parallel:8.1f}{100 * serial / (serial + parallel):9.1f}"
            row += f"{100 * t1 / (n * (serial + parallel)):7.1f}"
        print(row)
    print(f"  issue 10 targets at {MODEL_WORKERS[-1]} workers: serial share < 10%, efficiency >= 70%")
    for name, md in models.items():
        m = 1 if name == "A" else 0
        parts = {p: sum(fits[(p, 0 if p in WAITS else m)][k] * (1, MODEL_GB)[k] for k in (0, 1)) for p in serial_phases}
        parts |= {"worker start-up": startup, "tasks": tasks * md.task_serial,
                  "parallel phases' fixed": sum(fits[(p, m)][0] for p in PARALLEL)}
        print(f"  ({name}) serial s at {MODEL_GB:g} GB by part: "
              + ", ".join(f"{k} {v:.1f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])))
    big = runs["workers2"][-1]
    check = sum(models["B"].split(big.mb / 1000, big.tasks, 2))
    print(f"  check: (B) for {big.mb:.0f} MB at {shard_mib:g} MiB shards, N=2: {check:.1f} s; measured "
          f"--workers 2: {big.wall:.1f} s [{big.load_text}] (2 workers here share 2 busy cores)")
    model_memory(runs["serial"], runs["workers2"], shard_mib)


def model_memory(serial: list[Run], w2: list[Run], shard_mib: float) -> None:
    """Peak RSS per process at 1x/4x/16x (the memory section's runs), extrapolated to MODEL_MEMORY_GB: the flow
    process per stage with --workers 2 (report.json; shard tasks elsewhere), sampled peaks of each process."""
    rows = {f"flow, {s}": [r.peaks.get(s, 0.0) for r in w2] for s in PEAK_STAGES}
    rows |= {"flow (sampled)": [r.rss["flow"] for r in w2], "one worker": [r.rss["worker_max"] for r in w2],
             "server": [r.rss["server"] for r in w2],
             "flow, serial runner": [max(r.peaks.values(), default=0.0) for r in serial]}
    gbs = [r.mb / 1000 for r in w2]
    print(f"\n  memory, --workers 2 (the serial runner's flow process, which also runs the shard tasks, last): peak RSS MiB"
          f"\n  at {', '.join(f'{r.mb:.0f}' for r in w2)} MB ({shard_mib:g} MiB shards); per GB: "
          f"least-squares line (flat: a rise under {FLAT_MIB:g} MiB);\n  at {MODEL_MEMORY_GB:g} GB: GiB by that line, "
          "and by the slope between the two largest (higher if the growth bends up)")
    print(f"  {'process, stage':<24}" + "".join(f"{f'{r.mb:.0f} MB':>8}" for r in w2)
          + f"{'MiB/GB':>8}{'line GiB':>9}{'last GiB':>9}")
    at: dict[str, float] = {}
    for name, peaks in rows.items():
        a, b = _line(gbs, peaks)
        last = (peaks[-1] - peaks[-2]) / (gbs[-1] - gbs[-2])
        if peaks[-1] - peaks[0] < FLAT_MIB:
            a, b, last = max(peaks), 0.0, 0.0
        line, steep = (a + b * MODEL_MEMORY_GB) / 1024, (peaks[-1] + last * (MODEL_MEMORY_GB - gbs[-1])) / 1024
        at[name] = max(line, steep)
        print(f"  {name:<24}" + "".join(f"{p:8.0f}" for p in peaks) + f"{b:8.0f}{line:9.1f}{steep:9.1f}")
    print("  runs: " + ", ".join(f"{r.mb:.0f} MB {r.label.split('-')[-3]} [{r.load_text}]" for r in serial + w2))
    top = max(at, key=lambda k: at[k])
    print(f"  largest at {MODEL_MEMORY_GB:g} GB: {top}, {at[top]:.1f} GiB (issue 10 target: <= 8 GB = "
          f"{MEMORY_TARGET_GIB:.1f} GiB in any one process)")


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A throw-away redis-server on 127.0.0.1 (no persistence), stopped on exit."""
    import redis

    port = _free_port()
    cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
           "--dir", str(workdir)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        stop(proc)


def _index_size(where: str) -> tuple[int, int]:
    """(documents indexed, bytes): Redis used_memory, or the index directory's files."""
    if where.startswith("redis://"):
        import redis

        db = redis.Redis.from_url(where)
        return int(db.get("zhclean:dedup:next") or 0), int(db.info("memory")["used_memory"])
    path = Path(where)
    manifest = path / "manifest.json"
    docs = orjson.loads(manifest.read_bytes())["documents"] if manifest.exists() else 0
    return docs, sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def index_section(bench: Bench, fill: Path, probe: Path, shard_mib: float, api: str) -> None:
    """Bytes per indexed document, and the dedup stage's memory in a later run against the index."""
    print(f"\n== dedup index: {fill.name} indexed, then {probe.name} deduped against it (serial, {shard_mib:g} MiB shards)")
    base = bench.run(probe, "serial", api, shard_mib)
    print(f"  no index: {probe.name} dedup stage {base.stages['dedup']:.1f} s, peak {base.peaks.get('dedup', 0):.0f} MiB")
    print(f"  {'index':<7}{'docs':>7}{'MB':>8}{'bytes/doc':>10}   {'fill: dedup s':>13}{'peak':>6}"
          f"   {'probe: dedup s':>14}{'peak':>6}{'dups':>6}")
    shutil.rmtree(bench.workdir / "index-dir", ignore_errors=True)
    with redis_server(bench.workdir) as url:
        for kind, where in (("dir", str(bench.workdir / "index-dir")), ("redis", url)):
            before = _index_size(where)
            filled = bench.run(fill, "serial", api, shard_mib, where)
            docs, size = (a - b for a, b in zip(_index_size(where), before, strict=True))
            probed = bench.run(probe, "serial", api, shard_mib, where)
            print(f"  {kind:<7}{docs:7d}{size / MB:8.1f}{size / max(docs, 1):10.0f}   {filled.stages['dedup']:13.1f}"
                  f"{filled.peaks.get('dedup', 0):6.0f}   {probed.stages['dedup']:14.1f}{probed.peaks.get('dedup', 0):6.0f}"
                  f"{probed.duplicates:6d}   [{probed.load_text}]")
    shutil.rmtree(bench.workdir / "index-dir", ignore_errors=True)


# Main --------------------------------------------------------------------------------------------------


def _commit() -> str:
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
    return f"{head or '?'}{' + uncommitted changes' if dirty.stdout.strip() else ''}"


def _list(text: str) -> list[str]:
    return [x for x in text.split(",") if x]


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=200, help="main corpus, MB of JSONL (default 200)")
    ap.add_argument("--base-mb", type=float, default=8, help="memory: base corpus, run at 1x, 4x, 16x (8)")
    ap.add_argument("--memory-shard-mb", type=float, help="memory: shard size, MiB (default base / 2)")
    ap.add_argument("--tiny-mb", type=float, default=1, help="overhead: the small input (1)")
    ap.add_argument("--many-kib", type=float, default=16, help="overhead: its small shards, KiB (16)")
    ap.add_argument("--shard-mb", default="64,32,8", help="shard study sizes, MiB (64,32,8)")
    ap.add_argument("--shard-runner", default="workers2", choices=sorted(RUNNERS))
    ap.add_argument("--sections", default="overhead,throughput,shards,memory,index,model")
    ap.add_argument("--runners", default="serial,workers2")
    ap.add_argument("--apis", default="ephemeral,server")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "flow")
    return ap.parse_args()


def _warm_up(bench: Bench, tiny: Path) -> None:
    """A first run on a fresh PREFECT_HOME creates the database: timed here, not in the sections."""
    for api in bench.apis:
        run = run_cli(f"warmup-{api}", tiny, 1, None, bench.apis[api], bench.workdir)
        print(f"  first run on a fresh PREFECT_HOME ({api}, database created): {run.wall:.1f} s   [{run.load_text}]")


def _sections(bench: Bench, args: argparse.Namespace) -> None:
    sections, runners = _list(args.sections), _list(args.runners)
    tiny = flow_corpus(args.workdir, args.tiny_mb, args.seed)
    _warm_up(bench, tiny)
    if "overhead" in sections:
        overhead(bench, tiny, runners, args.many_kib / 1024)
    if "throughput" in sections:
        throughput(bench, flow_corpus(args.workdir, args.mb, args.seed), runners)
    if "shards" in sections:
        corpus = flow_corpus(args.workdir, args.mb, args.seed)
        shard_api = "server" if "server" in bench.apis else next(iter(bench.apis))
        shard_study(bench, corpus, args.shard_runner, shard_api, [float(x) for x in _list(args.shard_mb)])
    if "memory" in sections:
        corpora = [flow_corpus(args.workdir, args.base_mb * k, args.seed) for k in (1, 4, 16)]
        api = "server" if "server" in bench.apis else next(iter(bench.apis))
        memory(bench, corpora, args.memory_shard_mb or args.base_mb / 2, runners, api)
    if "index" in sections:
        fill, probe = flow_corpus(args.workdir, args.base_mb * 4, args.seed), flow_corpus(args.workdir, args.base_mb, args.seed + 1)
        api = "server" if "server" in bench.apis else next(iter(bench.apis))
        index_section(bench, fill, probe, args.memory_shard_mb or args.base_mb / 2, api)
    if "model" in sections:
        corpora = [flow_corpus(args.workdir, args.base_mb * k, args.seed) for k in (1, 4, 16)]
        api = "server" if "server" in bench.apis else next(iter(bench.apis))
        model(bench, tiny, corpora, args.memory_shard_mb or args.base_mb / 2, args.many_kib / 1024, api)


def main() -> None:
    args = _args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    main_size = args.mb if {"throughput", "shards"} & set(_list(args.sections)) else args.tiny_mb
    corpus = flow_corpus(args.workdir, main_size, args.seed)
    print(f"corpus {corpus} ({corpus.stat().st_size / MB:.1f} MB, ready in {time.perf_counter() - t:.1f} s; "
          f"{REPOST_SHARE:g} of documents followed by a repost)")
    one, five, fifteen = os.getloadavg()
    print(f"zhclean at {_commit()}")
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
          f"load average {one:.2f} {five:.2f} {fifteen:.2f}")
    homes = Path(tempfile.mkdtemp(prefix="prefect-home-", dir=args.workdir))
    apis = {"ephemeral": ephemeral_api(homes / "ephemeral")} if "ephemeral" in _list(args.apis) else {}
    try:
        if "server" in _list(args.apis):
            with running_server(homes / "server", args.workdir / "server.log") as server:
                print(f"  prefect server start: healthy after {server.started_in:.1f} s (pid {server.server.pid})")
                _sections(Bench(args.workdir, apis | {"server": server}), args)
        else:
            _sections(Bench(args.workdir, apis), args)
    finally:
        shutil.rmtree(homes, ignore_errors=True)


if __name__ == "__main__":
    main()
