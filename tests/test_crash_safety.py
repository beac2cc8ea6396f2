"""Crash safety (issue 11): `clean` and `refresh` killed with SIGKILL at every stage and inside every commit,
two runs at once on one OUTDIR / corpus / index, Redis down or lost, a full disk.

The fast subset of bench/fault_sweep.py (the full sweep: every crash point, every file-system change, kills
at evenly spaced instants): the runs are the real command line, forked from a server process that imported
zhclean once (bench.fault_sweep.Runs), against the session's Prefect server. Kills in a chain: one directory
killed again and again, each run resuming what the killed ones left, then the re-run compared with an
uninterrupted run. Everything on 127.0.0.1 and in tmp_path.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
import redis

from bench.fault_sweep import (
    CONFIG,
    CleanScenario,
    NewCorpusScenario,
    Outcome,
    RefreshScenario,
    Runs,
    snapshot,
    write_inputs,
)
from flows.io import MANIFEST, publish_dir, write_manifest
from flows.safety import LockHeld, run_lock
from tests.conftest import wait_until_stopped

KILLED = -signal.SIGKILL


class Lab:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.config = base / "config.toml"
        self.config.write_text(CONFIG, encoding="utf-8")
        self.inputs = write_inputs(base / "inputs")
        self.runs = Runs(self.config, base / "logs")
        self._prepared: dict[type, Any] = {}

    def scenario(self, cls: type) -> Any:
        """The scenario's template and uninterrupted reference run, made once."""
        if cls not in self._prepared:
            self._prepared[cls] = cls(self.runs, self.base, self.config, self.inputs).prepare(fsops=False)
        return self._prepared[cls]


@pytest.fixture(scope="module")
def lab(prefect_server, tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp("crash"))
    try:
        yield lab
    finally:
        lab.runs.close()


@pytest.fixture(scope="module")
def clean_case(lab: Lab) -> CleanScenario:
    return lab.scenario(CleanScenario)


@pytest.fixture(scope="module")
def refresh_case(lab: Lab) -> RefreshScenario:
    return lab.scenario(RefreshScenario)


def _problems(results: list[Outcome]) -> list[str]:
    out = []
    for r in results:
        if not r.killed:
            out.append(f"{r.how}: not killed (the run finished)")
        out += [f"{r.how}: {p}" for p in r.after_kill + r.after_rerun + r.watch]
        out += [f"{r.how}: left {x}" for x in r.leftovers]
    return out


def point(name: str) -> dict[str, Any]:
    return {"env": {"ZHCLEAN_CRASH_AT": name}}


def fsop(case: Any, spec: str) -> dict[str, Any]:
    """Killed right before the file-system change SPEC names (`OP:REGEX:N`, bench.fault_sweep)."""
    return {"env": {"ZHCLEAN_FSOP_ROOT": str(case.base), "ZHCLEAN_FSOP_KILL": spec}}


# Killed at every stage, resumed: the same outputs, nothing left over --------------------------------------


def test_clean_killed_at_each_stage_and_inside_each_commit_resumes_to_the_same_output(clean_case):
    """prepare (between a shard's two files), after the dedup reduce, inside the OUTDIR swap (new
    OUTDIR in place, the old one not yet deleted), between publishing OUTDIR and committing the index, inside
    the index's own commit (its segment written, its manifest not), after the commit: after every kill OUTDIR
    is the old complete output or the new one and the index the old or the new one; the re-run's OUTDIR and
    index equal an uninterrupted run's and nothing is left beside OUTDIR or in the index directory."""
    results = clean_case.chain(
        [
            point("prepare:shard:2"),
            point("dedup:done"),
            point("publish:exchanged"),  # the old OUTDIR swapped out to .out.tmp-PID, not yet deleted
            point("publish:done"),  # published, the index not committed
            fsop(clean_case, r"replace:idx/manifest\.json\.tmp-:1"),  # inside LocalIndex.add
            point("index:done"),  # committed, the work directory still there
        ]
    )
    assert _problems(results) == []
    assert results[-1].compared


def test_clean_killed_at_an_instant_from_outside(clean_case):
    outcome = clean_case.kill("time", after=clean_case.duration * 0.5)
    assert outcome.ok, vars(outcome)
    assert outcome.compared


def test_refresh_killed_in_each_step_of_its_commit_leaves_the_corpus_as_it_was(refresh_case):
    """Killed inside its cleaning subflow and in its commit (the shard moved in; index generation moved in and
    the manifest being written; the manifest replaced, garbage not yet removed): the corpus is always the old
    committed one or the new one, the re-run commits the same corpus as an uninterrupted refresh and leaves
    no staging directory, shard, index generation or file that its manifest does not name."""
    results = refresh_case.chain(
        [
            point("publish:done"),
            point("commit:shard"),
            fsop(refresh_case, r"replace:corpus/\.manifest\.json\.tmp-:1"),
            point("commit:manifest"),
        ]
    )
    assert _problems(results) == []


def test_first_refresh_of_a_new_corpus_killed_anywhere_resumes(lab):
    """A new corpus gets its manifest first: killed while writing it (the directory holds the lock file and
    the manifest's temporary file), or in the commit, the next refresh takes the directory as the same corpus
    (not as a foreign directory) and finishes it."""
    case = lab.scenario(NewCorpusScenario)
    results = case.chain([fsop(case, r"replace:corpus/\.manifest\.json\.tmp-:1"), point("commit:index")])
    assert _problems(results) == []


# Two runs at once ------------------------------------------------------------------------------------------


def _stopped(runs: Runs, child) -> None:
    """Wait until the run stopped itself at its crash point, holding its locks."""
    wait_until_stopped(child.pid, lambda: runs.poll(child), lambda: child.log.read_text(errors="replace")[-3000:])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_second_refresh_of_the_same_corpus_is_refused_and_keeps_the_first_ones_staging(refresh_case):
    runs, d = refresh_case.runs, refresh_case.fresh()
    first = runs.start(refresh_case.argv(d), {"ZHCLEAN_CRASH_AT": "refresh:staged:1:stop"}, "first")
    try:
        _stopped(runs, first)
        staging = sorted(p.name for p in (d / "corpus").glob(".staging-*"))
        assert len(staging) == 1
        code, log = runs.run(refresh_case.argv(d), None, "second")
        assert code == 2, log[-3000:]
        assert f"another zhclean run holds corpus {d / 'corpus'} (pid {first.pid})" in _one_line(log)
        assert sorted(p.name for p in (d / "corpus").glob(".staging-*")) == staging  # not removed under it
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert runs.wait(first) == 0, first.log.read_text(errors="replace")[-3000:]
    assert refresh_case.state(d) == refresh_case.new
    assert refresh_case.leftovers(d) == []


def test_runs_at_once_on_one_outdir_or_index_are_refused_or_wait_never_sharing_work(clean_case):
    """The first run holds OUTDIR and the dedup index (stopped after its finish stage). A second on the same
    OUTDIR is refused with exit 2 naming the holder, before it touches anything (it would share the first's
    work directory); one on another OUTDIR with the same index is refused the same way; one with
    ZHCLEAN_LOCK_WAIT waits, then runs against the index the first committed. The first finishes as if
    alone."""
    runs, d = clean_case.runs, clean_case.fresh()
    argv = clean_case.argv(d)
    first = runs.start(argv, {"ZHCLEAN_CRASH_AT": "finish:done:1:stop"}, "first")
    try:
        _stopped(runs, first)
        work = sorted(p.name for p in d.glob(".out.work-*"))
        code, log = runs.run(argv, None, "same-outdir")
        assert code == 2, log[-3000:]
        assert f"another zhclean run holds OUTDIR {d / 'out'} (pid {first.pid})" in _one_line(log)
        assert "Traceback" not in log
        assert sorted(p.name for p in d.glob(".out.work-*")) == work
        code, log = runs.run([*argv[:3], d / "out2", *argv[4:]], None, "same-index")
        assert code == 2, log[-3000:]
        assert f"another zhclean run holds the dedup index {d / 'idx'} (pid {first.pid})" in _one_line(log)
        assert "Traceback" not in log and not (d / "out2").exists()
        third = runs.start([*argv[:3], d / "out3", *argv[4:]], {"ZHCLEAN_LOCK_WAIT": "300"}, "waits")
        time.sleep(1.5)
        assert runs.poll(third) is None and not (d / "out3").exists()  # waiting, nothing written
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert runs.wait(first) == 0, first.log.read_text(errors="replace")[-3000:]
    assert runs.wait(third) == 0, third.log.read_text(errors="replace")[-3000:]
    assert clean_case.state(d) == clean_case.new
    report = orjson.loads((d / "out3" / "report.json").read_bytes())
    assert report["dedup"]["indexed_before"] == len(
        clean_case.new["index"]
    )  # it ran after the first's commit
    shutil.rmtree(d / "out3")
    assert clean_case.leftovers(d) == []


def lock_worker(lock: str, counter: str, rounds: str) -> None:
    """One of several processes incrementing a counter file under run_lock (waiting ZHCLEAN_LOCK_WAIT)."""
    for _ in range(int(rounds)):
        with run_lock(Path(lock), "the counter"):
            value = int(Path(counter).read_text() or 0)
            time.sleep(0.001)
            Path(counter).write_text(str(value + 1))


def test_run_lock_excludes_waits_and_leaves_no_file(lab, tmp_path):
    """Four processes x 40 rounds through one run lock (removed at each release): no lost increment, so never
    two holders, though waiters find the file they opened removed; a refusal names the holder."""
    lock, counter = tmp_path / ".out.lock", tmp_path / "counter"
    counter.write_text("0")
    worker = "tests.test_crash_safety:lock_worker"
    wait = {"ZHCLEAN_LOCK_WAIT": "60"}
    children = [lab.runs.start([lock, counter, 40], wait, "lock", call=worker) for _ in range(4)]
    assert [lab.runs.wait(c) for c in children] == [0, 0, 0, 0], [c.log.read_text() for c in children]
    assert counter.read_text() == "160"
    assert not lock.exists()
    with run_lock(lock, "OUTDIR x"):
        child = lab.runs.start([lock, counter, 1], {"ZHCLEAN_LOCK_WAIT": "0"}, "refused", call=worker)
        assert lab.runs.wait(child) == 1
        assert f"LockHeld: another zhclean run holds the counter (pid {os.getpid()})" in child.log.read_text()
        refused = f"another zhclean run holds OUTDIR x \\(pid {os.getpid()}\\)"
        with pytest.raises(LockHeld, match=refused), run_lock(lock, "OUTDIR x", wait=0):
            pass
    assert not lock.exists() and counter.read_text() == "160"


def index_writer(path: str, tag: str, batches: str) -> None:
    """Add BATCHES one-document batches to a directory index, merging segments every 4 (many merges)."""
    import cleaners.dedup.index as index_module
    from cleaners.dedup import DedupParams, LocalIndex, sketch_rows

    index_module.COMPACT_AFTER = 4
    params = DedupParams()
    store = LocalIndex(path, params)
    for i in range(int(batches)):
        text = f"{tag}第{i}号文件:" + "全区各校推进课后服务提质增效工作取得新进展。" * 3
        store.add(sketch_rows(iter([{"id": f"{tag}-{i}", "text": text, "removed_chars": 0}]), params))


def index_reader(path: str, seconds: str, errors: str) -> None:
    """Read the whole index over and over (a new LocalIndex each time, as each run does) for SECONDS."""
    from cleaners.dedup import DedupParams, LocalIndex, Sketches

    params = DedupParams()
    deadline = time.monotonic() + float(seconds)
    reads = 0
    while time.monotonic() < deadline:
        try:
            LocalIndex(path, params).related(Sketches.empty(params.num_perm))
            reads += 1
        except Exception as exc:
            with open(errors, "a", encoding="utf-8") as fh:
                fh.write(f"{type(exc).__name__}: {exc}\n")
    with open(errors + ".reads", "a", encoding="utf-8") as fh:
        fh.write(f"{reads}\n")


def test_directory_index_under_contention_loses_nothing_and_never_fails_a_reader(lab, tmp_path):
    """Three writers adding 24 batches each (a merge every 4 segments deletes the merged ones) while two
    readers load the index again and again: every document is there once, no reader ever fails (a merge
    deleted segments a reader had just read the name of), no segment or temporary file is left unlisted."""
    from bench.fault_sweep import index_files, index_rows

    path, errors = tmp_path / "idx", tmp_path / "errors"
    path.mkdir()
    call = "tests.test_crash_safety:"
    readers = [
        lab.runs.start([path, 6, errors], None, "reader", call=call + "index_reader") for _ in range(2)
    ]
    writers = [lab.runs.start([path, tag, 24], None, "writer", call=call + "index_writer") for tag in "abc"]
    assert [lab.runs.wait(c) for c in writers + readers] == [0] * 5, [c.log.read_text() for c in writers]
    assert not errors.exists(), errors.read_text()[:2000]
    assert sum(map(int, Path(f"{errors}.reads").read_text().split())) > 10
    rows = index_rows(path)
    assert sorted(r[0] for r in rows) == sorted(f"{t}-{i}" for t in "abc" for i in range(24))
    assert index_files(path) == []


# OUTDIR swap without RENAME_EXCHANGE, and what killed runs leave beside OUTDIR ------------------------------


def _output(directory: Path, text: str) -> None:
    directory.mkdir()
    (directory / "documents.jsonl").write_text(text, encoding="utf-8")
    write_manifest(directory)


def test_without_an_atomic_exchange_a_run_killed_mid_swap_gets_its_old_outdir_back(tmp_path, monkeypatch):
    """Where renameat2(RENAME_EXCHANGE) is missing, publish_dir renames the old OUTDIR aside first; a run
    killed right then leaves no OUTDIR and `.out.old-PID`: the next run on OUTDIR puts it back before
    anything else. Stale `.out.tmp-PID` directories of dead runs are removed (their zhclean files only)."""
    import flows.io
    from flows.io import remove_stale_outputs

    out = tmp_path / "out"
    _output(out, "old")
    _output(tmp_path / ".out.tmp-1", "new")
    monkeypatch.setattr(flows.io, "exchange_paths", lambda a, b: False)
    publish_dir(tmp_path / ".out.tmp-1", out)  # the fallback works
    assert (out / "documents.jsonl").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["out"]

    os.rename(out, tmp_path / ".out.old-4242")  # what a kill between the two renames leaves
    _output(tmp_path / ".out.tmp-4343", "half")  # a killed writer's temporary directory
    (tmp_path / ".out.tmp-4444").mkdir()
    (tmp_path / ".out.tmp-4444" / "mine.txt").write_text("a user's file", encoding="utf-8")
    removed = remove_stale_outputs(out)
    assert (out / "documents.jsonl").read_text(encoding="utf-8") == "new"
    assert removed == [".out.old-4242 (put back as out)", ".out.tmp-4343"]
    assert sorted(os.listdir(tmp_path)) == [".out.tmp-4444", "out"]  # a foreign file is never deleted
    assert snapshot(out)[MANIFEST]["files"] == {"documents.jsonl": 3}


# A corpus directory that is not zhclean's -----------------------------------------------------------------


def test_refresh_refuses_a_directory_of_the_users_with_its_own_index(lab, tmp_path):
    """`--corpus DIR` where DIR holds the user's own `index/` and `shards/` (named like a corpus's) but no
    manifest: refused with exit 2 before anything is read or written, DIR untouched."""
    corpus = tmp_path / "mine"
    (corpus / "index" / "gen-00001").mkdir(parents=True)
    (corpus / "index" / "gen-00001" / "vectors.bin").write_bytes(b"\x00" * 64)
    (corpus / "shards" / "part-00001").mkdir(parents=True)
    (corpus / "shards" / "part-00001" / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*"))
    code, log = lab.runs.run(
        ["refresh", "--source", lab.inputs["old"], "--corpus", corpus, "--config", lab.config]
    )
    assert code == 2, log[-3000:]
    assert (
        f"corpus {corpus} is not a zhclean corpus (no manifest.json) and holds: index, shards"
        in _one_line(log)
    )
    assert sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*")) == before


# Redis: down at start, lost mid-run -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server on 127.0.0.1 writing every change to its append-only file: killed with SIGKILL and
    started again, it has what was committed (a crash of the index's server, not a wipe)."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            pytest.fail("redis-server is not installed (Debian package redis-server; .ci/run installs it)")
        self.binary, self.dir, self.port = binary, directory, _free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.dir),
             "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()

    def documents(self, db: int) -> int:
        return redis.Redis(port=self.port, db=db).hlen("zhclean:dedup:docs")


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.proc and server.proc.poll() is None:
            server.kill()


def test_redis_down_at_start_is_a_clear_error_before_any_work(lab, tmp_path):
    out = tmp_path / "out"
    url = f"redis://127.0.0.1:{_free_port()}/0"
    code, log = lab.runs.run(
        ["clean", lab.inputs["new"], "--out", out, "--config", lab.config, "--index", url]
    )
    assert code == 2, log[-3000:]
    assert f"dedup index {url}" in _one_line(log) and "Traceback" not in log
    assert sorted(os.listdir(tmp_path)) == []  # no OUTDIR, no work directory, no lock


def test_redis_lost_mid_run_fails_cleanly_and_the_rerun_succeeds(lab, redis_server, tmp_path):
    """Lost before the dedup stage reads it: exit 2, nothing published; lost after OUTDIR is published, before
    the index commit: exit 2, OUTDIR complete, the index without the run's documents. Redis back, the same
    command succeeds to the output of an uninterrupted run, and the index holds each document once."""
    runs, server = lab.runs, redis_server

    def argv(out: str, db: int) -> list[Any]:
        return ["clean", lab.inputs["new"], "--out", tmp_path / out, "--config", lab.config, "--index",
                f"{server.url}/{db}"]  # fmt: skip

    code, log = runs.run(argv("reference", 1), None, "redis-reference")
    assert code == 0, log[-3000:]
    reference, indexed = snapshot(tmp_path / "reference"), server.documents(1)
    assert indexed > 0

    for out, db, stop, said in (
        ("read", 0, "dedup:start", "cannot be read"),
        ("commit", 2, "index:start", "cannot be updated"),
    ):
        run = runs.start(argv(out, db), {"ZHCLEAN_CRASH_AT": f"{stop}:1:stop"}, f"redis-{out}")
        _stopped(runs, run)
        server.kill()
        os.kill(run.pid, signal.SIGCONT)
        assert runs.wait(run) == 2, run.log.read_text(errors="replace")[-3000:]
        log = run.log.read_text(errors="replace")
        assert f"the dedup index {server.url}/{db} {said}" in _one_line(log) and "Traceback" not in log
        published = snapshot(tmp_path / out)
        assert published == (None if out == "read" else reference)  # never a partial OUTDIR
        assert not list(tmp_path.glob(f".{out}.tmp-*")) and not list(tmp_path.glob(f".{out}.lock"))
        server.start()
        assert server.documents(db) == 0  # nothing half-committed
        code, log = runs.run(argv(out, db), None, f"redis-{out}-rerun")
        assert code == 0, log[-3000:]
        assert snapshot(tmp_path / out) == reference
        assert server.documents(db) == indexed
        assert not [p for p in os.listdir(tmp_path) if p.startswith(f".{out}.")]


# A full disk ------------------------------------------------------------------------------------------------


def _pages(directory: Path) -> int:
    """Bytes the files under DIRECTORY take on tmpfs (whole 4 KiB pages)."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in directory.rglob("*") if p.is_file())


def test_a_full_disk_while_writing_outdir_is_a_clear_error_and_the_old_outdir_stays(lab, tmp_path):
    """OUTDIR's file system (a tmpfs made here) has room for the old output and the run's work directory but
    not for the new output beside them: exit 2 saying so, no traceback, the old OUTDIR byte-identical, no
    temporary directory left; with room made, the same command resumes to the uninterrupted output."""
    runs, cfg = lab.runs, lab.config
    calib = tmp_path / "calibration"
    for name, src, extra in (("old", "old", []), ("new", "new", ["--keep-work"])):
        code, log = runs.run(["clean", lab.inputs[src], "--out", calib / name, "--config", cfg, *extra])
        assert code == 0, log[-3000:]
    old, work = _pages(calib / "old"), _pages(next(calib.glob(".new.work-*")))
    new = _pages(calib / "new")
    mnt = tmp_path / "small"
    mnt.mkdir()
    size = old + work + 4096 + new // 2 // 4096 * 4096
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        shutil.copytree(calib / "old", mnt / "out")
        before = snapshot(mnt / "out")
        argv = ["clean", lab.inputs["new"], "--out", mnt / "out", "--config", cfg]
        code, log = runs.run(argv, None, "disk-full")
        assert code == 2, log[-3000:]
        assert f"no space left on the device of {mnt / 'out'} while writing the new output" in _one_line(log)
        assert "Traceback" not in log
        assert snapshot(mnt / "out") == before
        assert [
            p for p in os.listdir(mnt) if p != "out" and ".work-" not in p
        ] == []  # the work dir: to resume
        subprocess.run(["mount", "-o", f"remount,size={size + 2 * new}", str(mnt)], check=True)
        code, log = runs.run(argv, None, "disk-full-rerun")
        assert code == 0, log[-3000:]
        assert snapshot(mnt / "out") == snapshot(calib / "new")
        assert os.listdir(mnt) == ["out"]
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_enospc_is_the_error_the_write_reports(tmp_path, monkeypatch):
    """write_outputs turns ENOSPC from any write into DiskFull (the flow's one-line error), never half."""
    import flows.outputs

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(flows.outputs, "write_manifest", full)
    with pytest.raises(flows.outputs.DiskFull, match="no space left on the device of"):
        flows.outputs.write_outputs(tmp_path / "out", "jsonl", [], [], {"documents": {}, "timings": {}}, 0.0)
    assert os.listdir(tmp_path) == []
