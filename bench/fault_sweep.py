"""Fault-injection sweep of `zhclean clean` and `zhclean refresh` (issue 11): SIGKILL at every point, re-run,
compare with an uninterrupted run.

    python bench/fault_sweep.py                     # the full sweep (about 15-25 minutes on 2 cores)
    python bench/fault_sweep.py --modes points      # only the named crash points
    python bench/fault_sweep.py --limit 10 --json sweep.json

Each run is the real `zhclean` command line in a process of its own, forked from a server process that
imported zhclean and Prefect once (a fresh interpreter spends 5-10 s importing; a forked one starts at once),
against a real Prefect server (PREFECT_API_URL, or one started here on 127.0.0.1). Three ways to kill it:

- points: every named crash point the uninterrupted run passes (flows.safety.crash_point: each stage
  boundary, each shard's two files, the OUTDIR swap, the index commit, each step of a refresh's commit),
  at every count it is passed (`prepare:shard:1`, `prepare:shard:2`, ...), via ZHCLEAN_CRASH_AT;
- fsops: before each file-system change the run makes under its directory (os.replace/rename/unlink/
  rmdir/mkdir/link, shutil.rmtree, the RENAME_EXCHANGE swap), numbered in order, via hooks installed in
  the forked process (ZHCLEAN_FSOP_KILL=N): what the named points do not name (inside write_atomic,
  inside the dedup index's add, the removal of the work directory) is reached too;
- time: SIGKILL from outside at evenly spaced instants of the uninterrupted run's duration.

After each kill: OUTDIR (clean) must be the old complete output or the new complete one, and a corpus
(refresh) its old committed state or the new one. Then the same command again: it must succeed, its
outputs must be byte-identical to the uninterrupted run's (report.json and the manifest but for timings and
sizes that hold timings; the dedup index compared row by row, since segment file names hold a time), and
nothing may be left beside OUTDIR or in the corpus. A kill after the run's completion point (its work
directory renamed away) leaves a finished run: the re-run is then a second run of the command, compared with
an uninterrupted second run. A watcher thread checks OUTDIR (complete, never missing) while each run goes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "fixtures" / "seeds"
EXPECTED = ROOT / "fixtures" / "expected"
# The default chain without line_classifier (its model file may be swapped while this runs); learned
# boilerplate and the document filter are kept: the stages around them are what is killed.
CHAIN = [
    "mojibake", "width", "pinyin_annotations", "t2s", "junk_chars", "page_markers", "paywall",
    "related_lists", "watermark_spans", "watermark", "pinyin_spam", "seo_spam", "no_words", "title_repeats",
    "learned_boilerplate", "doc_filter",
]  # fmt: skip
CONFIG = "[pipeline]\nchain = [{}]\n\n[input]\nshard_docs = 3\n".format(", ".join(f'"{c}"' for c in CHAIN))


# The fork server -------------------------------------------------------------------------------------------


def _serve(config: str) -> None:
    """Import zhclean once, then fork one process per request (JSON lines on stdin; replies on stdout)."""
    proto = os.dup(1)
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the replies
    import flows.clean_flow  # noqa: F401
    import flows.cli  # noqa: F401 - imported once here, inherited by every forked run
    import flows.refresh  # noqa: F401

    _prewarm(config)

    def reply(msg: dict[str, Any]) -> None:
        os.write(proto, (json.dumps(msg) + "\n").encode())

    reply({"ready": os.getpid()})
    children: dict[int, int] = {}
    buf = b""
    stdin = sys.stdin.fileno()
    while True:
        ready, _, _ = select.select([stdin], [], [], 0.02)
        if ready:
            data = os.read(stdin, 1 << 16)
            if not data:
                break
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                req = json.loads(line)
                pid = _spawn(req, proto)
                children[pid] = req["id"]
                reply({"id": req["id"], "pid": pid})
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            reply({"id": children.pop(pid), "exit": os.waitstatus_to_exitcode(status)})
    for pid in children:
        os.kill(pid, signal.SIGKILL)


def _prewarm(config: str) -> None:
    """Compile the numba kernels and build the flow thread's pipeline before forking (each run would)."""
    from cleaners import load_config
    from cleaners.dedup import DedupParams, sketch_rows
    from flows.shards import pipeline_for

    cfg = load_config(config)
    pipeline_for(cfg)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:1])
    sketch_rows(iter([{"id": "a", "text": text, "removed_chars": 0}]), DedupParams.from_config(cfg))


def _spawn(req: dict[str, Any], proto: int) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.setsid()
        os.close(proto)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        for key, value in req.get("env", {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if os.environ.get("ZHCLEAN_FSOP_ROOT"):
            _install_fsop_hooks(
                os.environ["ZHCLEAN_FSOP_ROOT"],
                os.environ.get("ZHCLEAN_FSOP_KILL"),
                os.environ.get("ZHCLEAN_FSOP_LOG"),
            )
        try:
            if "call" in req:  # a function of a module instead of the command line (library-level tests)
                import importlib

                module, _, name = req["call"].partition(":")
                getattr(importlib.import_module(module), name)(*req["argv"])
            else:
                from flows.cli import app

                app(req["argv"], prog_name="zhclean")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _install_fsop_hooks(root: str, kill: str | None, log: str | None) -> None:
    """Count the file-system changes this process makes under ROOT; SIGKILL itself before the one KILL names:
    `N` (the N-th change) or `OP:REGEX:N` (the N-th OP whose path relative to ROOT matches REGEX)."""
    import flows.io

    lock = threading.Lock()
    local = threading.local()
    counts = {"all": 0}
    op_name, pattern, nth = None, None, 0
    if kill and ":" in kill:
        op_name, regex, n = kill.split(":", 2)
        pattern, nth = re.compile(regex), int(n)
    elif kill:
        nth = int(kill)

    def before(op: str, path: Any) -> None:
        if getattr(local, "depth", 0):
            return
        text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if not text.startswith(root):
            return
        rel = os.path.relpath(text, root)
        with lock:
            counts["all"] += 1
            number = counts["all"]
            if log:
                with open(log, "a", encoding="utf-8") as fh:
                    fh.write(f"{number} {op} {rel}\n")
            if pattern is None:
                hit = number == nth
            elif op == op_name and pattern.search(rel):
                counts[op] = counts.get(op, 0) + 1
                hit = counts[op] == nth
            else:
                hit = False
        if hit:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(module: Any, name: str, op: str) -> None:
        real = getattr(module, name)

        def hooked(*args: Any, **kwargs: Any) -> Any:
            if args and "dir_fd" not in kwargs and "src_dir_fd" not in kwargs:
                before(op, args[0])
            local.depth = getattr(local, "depth", 0) + 1
            try:
                return real(*args, **kwargs)
            finally:
                local.depth -= 1

        setattr(module, name, hooked)

    for name in ("replace", "rename", "unlink", "remove", "rmdir", "mkdir", "link"):
        wrap(os, name, name)
    wrap(shutil, "rmtree", "rmtree")
    if hasattr(flows.io, "exchange_paths"):  # the OUTDIR swap (zhclean before issue 11 renamed twice)
        wrap(flows.io, "exchange_paths", "exchange")


@dataclass
class Child:
    id: int
    pid: int
    log: Path
    started: float


class Runs:
    """The client of the fork server: start `zhclean ARGS` runs, wait for them, kill them."""

    def __init__(self, config: Path, logs: Path, timeout: float = 180) -> None:
        self.logs = logs
        logs.mkdir(parents=True, exist_ok=True)
        self._stderr = open(logs / "fork-server.log", "wb")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", str(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=ROOT,
        )
        self._cond = threading.Condition()
        self._msgs: dict[int, dict[str, Any]] = {}
        self._ready: int | None = None
        self._next = 0
        threading.Thread(target=self._read, daemon=True).start()
        with self._cond:
            if not self._cond.wait_for(
                lambda: self._ready is not None or self.proc.poll() is not None, timeout
            ):
                raise RuntimeError("the fork server did not start")
        if self._ready is None:
            raise RuntimeError(f"the fork server failed: {(logs / 'fork-server.log').read_text()[-3000:]}")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            msg = json.loads(line)
            with self._cond:
                if "ready" in msg:
                    self._ready = msg["ready"]
                else:
                    self._msgs.setdefault(msg["id"], {}).update(msg)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def start(
        self,
        argv: list[str],
        env: dict[str, str | None] | None = None,
        name: str = "run",
        call: str | None = None,
    ) -> Child:
        """Fork `zhclean ARGV` (or, with `call` = 'module:function', that function called with ARGV)."""
        with self._cond:
            self._next += 1
            rid = self._next
        log = self.logs / f"{rid:05d}-{name}.log"
        req: dict[str, Any] = {"id": rid, "argv": [str(a) for a in argv], "env": env or {}, "log": str(log)}
        if call:
            req["call"] = call
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(req) + "\n").encode())
        self.proc.stdin.flush()
        with self._cond:
            self._cond.wait_for(lambda: "pid" in self._msgs.get(rid, {}) or self.proc.poll() is not None, 30)
            pid = self._msgs.get(rid, {}).get("pid")
        if pid is None:
            raise RuntimeError("the fork server did not start the run")
        return Child(rid, pid, log, time.monotonic())

    def poll(self, child: Child) -> int | None:
        with self._cond:
            return self._msgs.get(child.id, {}).get("exit")

    def wait(self, child: Child, timeout: float = 300) -> int:
        with self._cond:
            done = self._cond.wait_for(lambda: "exit" in self._msgs.get(child.id, {}), timeout)
            if not done:
                os.kill(child.pid, signal.SIGKILL)
                raise TimeoutError(f"{child.log.name} ran longer than {timeout} s")
            return self._msgs[child.id]["exit"]

    def run(self, argv: list[str], env: dict[str, str | None] | None = None, name: str = "run",
            timeout: float = 300) -> tuple[int, str]:  # fmt: skip
        child = self.start(argv, env, name)
        code = self.wait(child, timeout)
        return code, child.log.read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._stderr.close()


# Inputs ----------------------------------------------------------------------------------------------------


def _sentences() -> list[str]:
    out = []
    for path in sorted(EXPECTED.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out += [s for s in re.split(r"(?<=[。;!?])", line.strip()) if len(s) >= 12]
    return out


def write_inputs(base: Path) -> dict[str, Path]:
    """Sources for the scenarios: `old` (an earlier clean), `new` (the clean that is killed: the seeds, near-
    duplicate reposts of two of them, of a document of `old` and extra documents, ~4 shards), and `src`, the
    refresh source, in its first state (`advance_source` gives its second)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    sentences = _sentences()
    extra = ["\n".join(sentences[i : i + 6]) for i in range(0, 6 * 6, 6)]
    paths = {name: base / name for name in ("old", "new", "src", "src2")}
    for path in paths.values():
        path.mkdir(parents=True)
    for i, text in enumerate(extra[:3]):
        (paths["old"] / f"old{i}.txt").write_text(f"旧文档{i}\n{text}\n", encoding="utf-8")
    for seed in seeds:
        shutil.copy(seed, paths["new"] / seed.name)
    for seed in seeds[:2]:  # reposts: other chrome line, one edit
        text = seed.read_text(encoding="utf-8")
        (paths["new"] / f"repost-{seed.name}").write_text(
            "转载自某网站\n" + text.replace("的", "之", 1), encoding="utf-8"
        )
    (paths["new"] / "repost-old0.txt").write_text(f"旧文档0\n{extra[0]}\n本文来源网络\n", encoding="utf-8")
    for i, text in enumerate(extra[3:], start=3):
        (paths["new"] / f"extra{i}.txt").write_text(f"新文档{i}\n{text}\n", encoding="utf-8")
    for seed in seeds[:3]:
        shutil.copy(seed, paths["src"] / seed.name)
    (paths["src"] / "extra.txt").write_text(f"新文档\n{extra[3]}\n", encoding="utf-8")
    shutil.rmtree(paths["src2"])
    shutil.copytree(
        paths["src"], paths["src2"]
    )  # the source of a new corpus: the second state from the start
    advance_source(paths["src2"])
    return paths


def advance_source(src: Path) -> None:
    """The refresh source's second state: two new inputs, a repost, one input changed."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds[3:]:
        shutil.copy(seed, src / seed.name)
    text = seeds[0].read_text(encoding="utf-8")
    (src / "repost.txt").write_text("转载\n" + text.replace("的", "之", 1), encoding="utf-8")
    changed = src / "extra.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "新增一段内容:全区各校推进课后服务提质增效工作。\n",
        encoding="utf-8",
    )


# What is compared ------------------------------------------------------------------------------------------


def _report(data: bytes) -> Any:
    """report.json without what differs between identical runs: timings, the dedup stage's seconds and the
    index path (a refresh stages it under a name holding a time)."""
    report = json.loads(data)
    report.pop("timings", None)
    dedup = report.get("dedup", {})
    dedup.pop("seconds", None)
    dedup.pop("index", None)
    return report


def snapshot(directory: Path) -> dict[str, Any] | None:
    """An output directory's content, comparable between runs (None if it does not exist)."""
    if not directory.is_dir():
        return None
    out: dict[str, Any] = {}
    for path in sorted(directory.iterdir()):
        data = path.read_bytes()
        if path.name == "report.json":
            out[path.name] = _report(data)
        elif path.name == ".zhclean-manifest.json":
            manifest = json.loads(data)
            manifest["files"].pop("report.json", None)
            out[path.name] = manifest
        else:
            out[path.name] = data
    return out


def index_rows(index: Path) -> list[tuple[str, str, str]] | None:
    """A directory dedup index's documents, (id, exact hash, signature hash) sorted; None if it has none."""
    import hashlib

    from cleaners.dedup import DedupParams, LocalIndex, Sketches

    if not (index / "manifest.json").exists():
        return None
    params = DedupParams()
    store = LocalIndex(index, params)
    rows: Sketches = store.related(Sketches.empty(params.num_perm))
    return sorted(
        (str(i), e.tobytes().hex(), hashlib.sha256(s.tobytes() + h.tobytes()).hexdigest()[:16])
        for i, e, s, h in zip(rows.ids.tolist(), rows.exact, rows.sig, rows.head, strict=True)
    )


def index_files(index: Path) -> list[str]:
    """Files in a directory index that its manifest does not list (besides the manifest and its lock)."""
    if not index.is_dir():
        return []
    listed = (
        set(json.loads((index / "manifest.json").read_bytes())["segments"])
        if (index / "manifest.json").exists()
        else set()
    )
    return sorted(p.name for p in index.iterdir() if p.name not in listed | {"manifest.json", ".lock"})


def outdir_complete(out: Path) -> str | None:
    """Why OUTDIR is not a complete zhclean output at this instant (None: it is, or it was swapped while it
    was being checked: the directory opened is then the old one, being deleted, which is no fault)."""
    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return "OUTDIR missing"
    except OSError as exc:
        return f"OUTDIR unreadable: {exc}"
    try:
        why = None
        try:
            mfd = os.open(".zhclean-manifest.json", os.O_RDONLY, dir_fd=fd)
            with os.fdopen(mfd, "rb") as fh:
                manifest = json.loads(fh.read())
            for name, size in manifest["files"].items():
                if os.stat(name, dir_fd=fd).st_size != size:
                    why = f"{name}: size differs from the manifest"
        except FileNotFoundError as exc:
            why = f"missing: {exc.filename}"
        except (OSError, ValueError) as exc:
            why = f"unreadable: {exc}"
        if why is not None:
            try:
                if os.stat(out).st_ino != os.fstat(fd).st_ino:
                    return None
            except FileNotFoundError:
                return "OUTDIR missing"
        return why
    finally:
        os.close(fd)


def corpus_state(corpus: Path) -> dict[str, Any] | None:
    """A refresh corpus as readers see it: its manifest and what it names."""
    if not (corpus / "manifest.json").exists():
        return None
    manifest = json.loads((corpus / "manifest.json").read_bytes())
    state: dict[str, Any] = {"manifest": manifest}
    for shard in manifest["shards"]:
        state[shard["name"]] = snapshot(corpus / "shards" / shard["name"])
    if manifest["index"]:
        state["index"] = index_rows(corpus / manifest["index"])
    return state


def corpus_leftovers(corpus: Path) -> list[str]:
    """Everything in a corpus directory its manifest does not name."""
    if not corpus.is_dir():
        return []
    manifest = (
        json.loads((corpus / "manifest.json").read_bytes()) if (corpus / "manifest.json").exists() else None
    )
    shards = {s["name"] for s in manifest["shards"]} if manifest else set()
    left = []
    for entry in sorted(os.listdir(corpus)):
        if entry == "manifest.json" and manifest:
            continue
        if entry in ("shards", "index") and (corpus / entry).is_dir():
            for child in sorted(os.listdir(corpus / entry)):
                named = (
                    child in shards
                    if entry == "shards"
                    else manifest and f"index/{child}" == manifest["index"]
                )
                if not named:
                    left.append(f"{entry}/{child}")
                elif entry == "index":
                    left += [f"index/{child}/{f}" for f in index_files(corpus / entry / child)]
            continue
        left.append(entry)
    return left


# Scenarios -------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One kill: where, what was found right after it, and after the re-run."""

    scenario: str
    how: str
    killed: bool
    after_kill: list[str] = field(default_factory=list)  # problems found right after the kill
    after_rerun: list[str] = field(default_factory=list)  # problems found after the re-run
    leftovers: list[str] = field(default_factory=list)
    compared: bool = False
    completed: bool = False  # the kill came after the run's completion point
    watch: list[str] = field(default_factory=list)  # OUTDIR incomplete or missing while the run went

    @property
    def ok(self) -> bool:
        return not (self.after_kill or self.after_rerun or self.leftovers or self.watch)


class Watcher:
    """Checks OUTDIR over and over while a run goes: it must always be a complete output once it exists."""

    def __init__(self, out: Path, existed: bool) -> None:
        self.out, self.seen, self.problems = out, existed, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            if os.path.lexists(self.out):
                self.seen = True
                why = outdir_complete(self.out)
                if why and not (why == "OUTDIR missing" and not self.seen) and not self._stop.is_set():
                    self.problems.append(why)
            elif self.seen:
                self.problems.append("OUTDIR missing")
            time.sleep(0.002)

    def stop(self) -> list[str]:
        self._stop.set()
        self._thread.join()
        return sorted(set(self.problems))


class Scenario:
    """A directory prepared by `setup` (copied for each kill), a command, and how to check its results."""

    name = ""

    def __init__(self, runs: Runs, base: Path, config: Path, inputs: dict[str, Path]) -> None:
        self.runs, self.base, self.config, self.inputs = runs, base / self.name, config, inputs
        self.template = self.base / "template"
        self.count = 0
        self.second: Any = None  # the expected state after a second uninterrupted run (made when needed)

    def argv(self, d: Path) -> list[str]:
        raise NotImplementedError

    def state(self, d: Path) -> Any:
        raise NotImplementedError

    def leftovers(self, d: Path) -> list[str]:
        raise NotImplementedError

    def target(self, d: Path) -> Path | None:  # the OUTDIR a watcher checks
        return None

    def completed(self, d: Path) -> bool:  # the killed run had passed its completion point
        return False

    def fresh(self) -> Path:
        self.count += 1
        d = self.base / f"k{self.count:04d}"
        shutil.copytree(self.template, d, symlinks=True)
        return d

    def prepare(self, fsops: bool = True) -> Scenario:
        """Make the template and run the reference (uninterrupted) command on a copy of it; with `fsops`, once
        more to number its file-system changes."""
        self.template.mkdir(parents=True)
        self.setup(self.template)
        self.old = self.state(self.template)
        d = self.fresh()
        t = time.monotonic()
        code, log = self.runs.run(
            self.argv(d), {"ZHCLEAN_CRASH_LOG": str(d.parent / "points.log")}, self.name
        )
        self.duration = time.monotonic() - t
        if code != 0:
            raise RuntimeError(f"{self.name}: the reference run failed ({code}):\n{log[-3000:]}")
        self.new = self.state(d)
        if self.leftovers(d):
            raise RuntimeError(f"{self.name}: the reference run left {self.leftovers(d)}")
        points = d.parent / "points.log"  # stage:step:count a line; none from a zhclean without crash points
        self.points = points.read_text(encoding="utf-8").split() if points.exists() else []
        shutil.rmtree(d)
        self.fsops = []
        if fsops:
            d = self.fresh()
            env = {"ZHCLEAN_FSOP_ROOT": str(self.base), "ZHCLEAN_FSOP_LOG": str(self.base / "fsops.log")}
            t = time.monotonic()
            code, log = self.runs.run(self.argv(d), env, self.name)
            self.duration = min(self.duration, time.monotonic() - t)  # the first run pays for warming up
            assert code == 0, log[-3000:]
            self.fsops = (self.base / "fsops.log").read_text(encoding="utf-8").splitlines()
            shutil.rmtree(d)
        return self

    def setup(self, d: Path) -> None:
        raise NotImplementedError

    def second_run(self) -> Any:
        if self.second is None:
            d = self.fresh()
            for _ in range(2):
                code, log = self.runs.run(self.argv(d), None, self.name)
                assert code == 0, log[-3000:]
            self.second = self.state(d)
        return self.second

    def kill(self, how: str, env: dict[str, str] | None = None, after: float | None = None,
             watch: bool = False) -> Outcome:  # fmt: skip
        """One kill in a fresh copy of the template (see _killed_run), the checks, the re-run."""
        d = self.fresh()
        target = self.target(d)
        child, code, watched = self._killed_run(d, env, after, watch)
        result = Outcome(self.name, how, killed=code == -signal.SIGKILL, watch=watched)
        if code not in (0, -signal.SIGKILL):
            result.after_kill.append(f"exit {code}: {child.log.read_text(errors='replace')[-1500:]}")
        result.after_kill += self.between(self.state(d))
        result.completed = code == 0 or self.completed(d)
        watcher = Watcher(target, target.exists()) if watch and target is not None else None
        code, log = self.runs.run(self.argv(d), None, f"{self.name}-rerun")
        if watcher is not None:
            result.watch += watcher.stop()
        if code != 0:
            result.after_rerun.append(f"re-run exit {code}: {log[-1500:]}")
        else:
            expect = self.second_run() if result.completed and self.needs_second() else self.new
            result.compared = True
            if self.state(d) != expect:
                result.after_rerun.append("the re-run's outputs differ from the uninterrupted run's")
        result.leftovers = self.leftovers(d)
        if result.ok:
            shutil.rmtree(d)
        return result

    def chain(self, kills: list[dict[str, Any]], watch: bool = False) -> list[Outcome]:
        """Kill the command again and again in one directory, each run resuming what the killed ones left
        (Scenario.kill arguments, in order); then the re-run. One Outcome per kill; the last one also holds
        the re-run's comparison and the leftovers."""
        d = self.fresh()
        results = []
        for how in kills:
            child, code, watched = self._killed_run(d, how.get("env"), how.get("after"), watch)
            result = Outcome(self.name, json.dumps(how), killed=code == -signal.SIGKILL, watch=watched)
            if code not in (0, -signal.SIGKILL):
                result.after_kill.append(f"exit {code}: {child.log.read_text(errors='replace')[-1500:]}")
            result.after_kill += self.between(self.state(d))
            results.append(result)
        last = results[-1]
        code, log = self.runs.run(self.argv(d), None, f"{self.name}-rerun")
        if code != 0:
            last.after_rerun.append(f"re-run exit {code}: {log[-1500:]}")
        else:
            last.compared = True
            if self.state(d) != self.new:
                last.after_rerun.append("the re-run's outputs differ from the uninterrupted run's")
        last.leftovers = self.leftovers(d)
        if all(r.ok for r in results):
            shutil.rmtree(d)
        return results

    def _killed_run(
        self, d: Path, env: dict[str, str] | None, after: float | None, watch: bool
    ) -> tuple[Child, int, list[str]]:
        """The command in D, killed by `env` (a crash point, an fs-op hook) or from outside after AFTER s."""
        target = self.target(d)
        watcher = Watcher(target, target.exists()) if watch and target is not None else None
        child = self.runs.start(self.argv(d), env, f"{self.name}-kill")
        if after is not None:
            deadline = child.started + after
            while self.runs.poll(child) is None and time.monotonic() < deadline:
                time.sleep(0.005)
            if self.runs.poll(child) is None:
                os.kill(child.pid, signal.SIGKILL)
        code = self.runs.wait(child)
        return child, code, watcher.stop() if watcher is not None else []

    def needs_second(self) -> bool:
        return False

    def between(self, now: Any) -> list[str]:
        """What is wrong with the state a kill left: it must be the old one or the new one."""
        return [] if now in (self.old, self.new) else ["neither the old nor the new complete state"]


class CleanScenario(Scenario):
    """`zhclean clean NEW --out out --index idx` over an earlier output and index (of `old`)."""

    name = "clean"

    def argv(self, d: Path) -> list[str]:
        return [
            "clean",
            self.inputs["new"],
            "--out",
            d / "out",
            "--config",
            self.config,
            "--index",
            d / "idx",
        ]

    def setup(self, d: Path) -> None:
        code, log = self.runs.run(
            ["clean", self.inputs["old"], "--out", d / "out", "--config", self.config, "--index", d / "idx"]
        )
        assert code == 0, log[-3000:]

    def state(self, d: Path) -> Any:
        return {"out": snapshot(d / "out"), "index": index_rows(d / "idx")}

    def target(self, d: Path) -> Path:
        return d / "out"

    def between(self, now: Any) -> list[str]:
        """OUTDIR the old or the new output, the index the old or the new one (it is committed after OUTDIR is
        published: new OUTDIR and old index is the state between the two)."""
        wrong = [
            f"{part}: neither the old nor the new one"
            for part in ("out", "index")
            if now[part] not in (self.old[part], self.new[part])
        ]
        if now["index"] == self.new["index"] != self.old["index"] and now["out"] != self.new["out"]:
            wrong.append("the index names documents of an output that was not published")
        return wrong

    def completed(self, d: Path) -> bool:  # past the rename of its work directory: nothing left to resume
        return not list(d.glob(".out.work-*")) and self.state(d) == self.new

    def needs_second(self) -> bool:
        return True  # a second run dedupes against the index that now holds the first one's documents

    def leftovers(self, d: Path) -> list[str]:
        """Beside OUTDIR, and in the index directory (files its manifest does not list, `idx/` first)."""
        return sorted(set(os.listdir(d)) - {"out", "idx"}) + [f"idx/{f}" for f in index_files(d / "idx")]


class RefreshScenario(Scenario):
    """`zhclean refresh --source src --corpus corpus` over a corpus of the source's first state."""

    name = "refresh"

    def argv(self, d: Path) -> list[str]:
        return ["refresh", "--source", self.inputs["src"], "--corpus", d / "corpus", "--config", self.config]

    def setup(self, d: Path) -> None:
        code, log = self.runs.run(self.argv(d))
        assert code == 0, log[-3000:]
        advance_source(self.inputs["src"])

    def state(self, d: Path) -> Any:
        return corpus_state(d / "corpus")

    def leftovers(self, d: Path) -> list[str]:
        return sorted(set(os.listdir(d)) - {"corpus"}) + corpus_leftovers(d / "corpus")


class NewCorpusScenario(RefreshScenario):
    """The first refresh of a corpus (the directory does not exist yet)."""

    name = "refresh-new"

    def argv(self, d: Path) -> list[str]:
        return ["refresh", "--source", self.inputs["src2"], "--corpus", d / "corpus", "--config", self.config]

    def setup(self, d: Path) -> None:
        pass

    def state(self, d: Path) -> Any:
        state = corpus_state(d / "corpus")
        return None if state is not None and state["manifest"]["generation"] == 0 else state


# The sweep -------------------------------------------------------------------------------------------------


def kill_plan(scenario: Scenario, modes: list[str], times: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """(description, Scenario.kill arguments) for every kill of the sweep."""
    if "points" in modes:
        for point in scenario.points:
            yield f"point {point}", {"env": {"ZHCLEAN_CRASH_AT": point}}
    if "fsops" in modes:
        for line in scenario.fsops:
            number, op, rel = line.split(" ", 2)
            rel = re.sub(r"^k\d+/", "", rel)
            yield (
                f"fsop {number} ({op} {rel})",
                {"env": {"ZHCLEAN_FSOP_ROOT": str(scenario.base), "ZHCLEAN_FSOP_KILL": number}},
            )
    if "time" in modes:
        for i in range(1, times + 1):
            after = scenario.duration * i / (times + 1)
            yield f"time {after:.2f}s", {"after": after}


SCENARIOS = {cls.name: cls for cls in (CleanScenario, NewCorpusScenario, RefreshScenario)}


def sweep(base: Path, modes: list[str], times: int, limit: int | None, watch: bool, scenarios: list[str],
          report: Callable[[Outcome], None] = lambda o: None) -> dict[str, Any]:  # fmt: skip
    config = base / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    inputs = write_inputs(base / "inputs")
    runs = Runs(config, base / "logs")
    results: list[Outcome] = []
    started = time.monotonic()
    try:
        for name in scenarios:
            scenario = SCENARIOS[name](runs, base, config, inputs)
            scenario.prepare(fsops="fsops" in modes)
            for n, (how, kwargs) in enumerate(kill_plan(scenario, modes, times)):
                if limit is not None and n >= limit:
                    break
                outcome = scenario.kill(how, watch=watch, **kwargs)
                results.append(outcome)
                report(outcome)
    finally:
        runs.close()
    return summarise(results, time.monotonic() - started)


def summarise(results: list[Outcome], seconds: float) -> dict[str, Any]:
    return {
        "kill_points_tried": len(results),
        "killed": sum(r.killed for r in results),
        "finished_before_the_kill": sum(not r.killed for r in results),
        "killed_after_completion": sum(r.killed and r.completed for r in results),
        "runs_compared": sum(r.compared for r in results),
        "failures": [vars(r) for r in results if not r.ok],
        "leftovers_found": sum(len(r.leftovers) for r in results),
        "leftovers_in_index_dir": sum(sum(x.startswith("idx/") for x in r.leftovers) for r in results),
        "by_scenario": {
            name: sum(r.scenario == name for r in results) for name in sorted({r.scenario for r in results})
        },
        "seconds": round(seconds, 1),
    }


@contextmanager
def prefect_api(base: Path) -> Iterator[None]:
    """PREFECT_API_URL if set, else a `prefect server start` on a free loopback port for the sweep."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = base / "prefect-home"
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    with open(home / "server.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("prefect server did not start")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = url
        try:
            yield
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", metavar="CONFIG", help=argparse.SUPPRESS)
    parser.add_argument(
        "--out", type=Path, default=None, help="working directory (default: a new temporary one)"
    )
    parser.add_argument("--modes", default="points,fsops,time", help="points, fsops, time (comma-separated)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"of {', '.join(SCENARIOS)}")
    parser.add_argument("--times", type=int, default=12, help="time-based kills per scenario")
    parser.add_argument("--limit", type=int, default=None, help="at most this many kills per scenario")
    parser.add_argument("--no-watch", action="store_true", help="no watcher thread on OUTDIR")
    parser.add_argument("--json", type=Path, default=None, help="write the figures and failures here")
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve)
        return
    import tempfile

    base = args.out or Path(tempfile.mkdtemp(prefix="zhclean-fault-sweep-"))
    base.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

    def show(o: Outcome) -> None:
        flag = "ok  " if o.ok else "FAIL"
        extra = "" if o.killed else " (finished before the kill)"
        print(f"{flag} {o.scenario:12} {o.how}{extra}", flush=True)
        for problem in o.after_kill + o.after_rerun + o.watch:
            print(f"       {problem[:300]}", flush=True)
        if o.leftovers:
            print(f"       leftovers: {o.leftovers}", flush=True)

    with prefect_api(base):
        figures = sweep(
            base,
            args.modes.split(","),
            args.times,
            args.limit,
            not args.no_watch,
            args.scenarios.split(","),
            show,
        )
    print(json.dumps({k: v for k, v in figures.items() if k != "failures"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    sys.exit(1 if figures["failures"] else 0)


if __name__ == "__main__":
    main()
