"""Crash safety: injected crash points, run locks, errors that stop a run cleanly.

Crash points. `crash_point(name)` is called at every stage boundary of `clean` and `refresh` and between the
steps of each commit; a name is `stage:step` (`publish:exchanged`). With `ZHCLEAN_CRASH_AT=NAME[:N[:ACTION]]`
in the environment, the N-th call (default 1) of that point kills this process with SIGKILL (ACTION `kill`,
the default) or stops it with SIGSTOP (`stop`: a test holds a run there and continues it with SIGCONT).
`ZHCLEAN_CRASH_LOG=FILE` appends each point passed to FILE, `name:N` a line (bench/fault_sweep.py lists a
run's points that way). Unset, a call costs two dictionary lookups.

Run locks. `run_lock(path, what)` holds an flock on PATH for a whole run: a second run on the same OUTDIR,
corpus or dedup index is refused with LockHeld (`another zhclean run holds OUTDIR X (pid N)`) instead of
sharing its work directory or staging. `ZHCLEAN_LOCK_WAIT=SECONDS` waits that long for the holder instead.
The lock file is removed when the run ends; a killed run leaves it, unlocked, for the next run to take.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CRASH_ENV = "ZHCLEAN_CRASH_AT"
CRASH_LOG_ENV = "ZHCLEAN_CRASH_LOG"
LOCK_WAIT_ENV = "ZHCLEAN_LOCK_WAIT"

_hits: dict[str, int] = {}
_hits_lock = threading.Lock()


class RunFailed(RuntimeError):
    """A run stopped on an error its message explains (one line for the user, no traceback)."""


class LockHeld(RunFailed):
    """Another zhclean run holds the OUTDIR, corpus or dedup index this run needs."""


class _InOneLine(logging.Filter):
    """Drops the traceback of a logged exception the run reports in one line itself (the record stays)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, RunFailed) or type(exc).__module__.startswith("redis."):
            record.exc_info, record.exc_text = None, None
        return True


def quiet_run_failures() -> None:
    """Prefect logs the exception that ends a flow or task run with its traceback. A RunFailed, and a Redis
    index that cannot be reached (the flow turns it into one), is an error the user can act on, which the
    command line says in one line: Prefect's record of it keeps its message only."""
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _InOneLine) for f in logger.filters):
            logger.addFilter(_InOneLine())


def crash_point(name: str) -> None:
    """Die (or stop) here if ZHCLEAN_CRASH_AT names this point; see the module docstring."""
    env = os.environ
    if CRASH_ENV not in env and CRASH_LOG_ENV not in env:
        return
    with _hits_lock:
        count = _hits[name] = _hits.get(name, 0) + 1
    log = env.get(CRASH_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{name}:{count}\n")
    spec = env.get(CRASH_ENV)
    if not spec:
        return
    stage, step, nth, action = (spec.split(":") + ["", ""])[:4]
    if f"{stage}:{step}" != name or count != int(nth or 1):
        return
    if action == "stop":
        # Sent to this thread, not to the process: a process-directed SIGSTOP is taken by whichever thread the
        # kernel picks, and until that thread runs, this one goes on (a task thread wrote the file after its
        # crash point before the process stopped). Thread-directed, it stops the whole process before this
        # thread runs another instruction.
        signal.pthread_kill(threading.get_ident(), signal.SIGSTOP)
    else:
        os.kill(os.getpid(), signal.SIGKILL)


def reset_crash_points() -> None:
    """Forget the counts (a test running several flows in one process)."""
    with _hits_lock:
        _hits.clear()


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        return "pid unknown"
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


def lock_holder(path: Path) -> str | None:
    """Who holds the run lock at PATH ('pid N'), or None when it is free. Creates nothing."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # none (or no directory there, or unreadable: the run's own lock says what is wrong)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder(path)
    finally:
        os.close(fd)
    return None


@contextmanager
def run_lock(path: Path, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold the lock file PATH for the block (exclusive, across processes); `what` names the locked thing in
    the refusal. `wait` seconds (default: ZHCLEAN_LOCK_WAIT, else 0) to wait for a holder to finish."""
    if wait is None:
        wait = float(os.environ.get(LOCK_WAIT_ENV) or 0)
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockHeld(
                    f"another zhclean run holds {what} ({_holder(path)}); wait for it to finish "
                    f"(or set {LOCK_WAIT_ENV}=SECONDS to wait), then run again"
                ) from None
            time.sleep(0.2)
            continue
        try:  # the holder before us may have removed the file as it released it: lock the file that is there
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        try:
            os.unlink(path)  # while still holding it: a waiter then finds its inode gone and retries
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                raise
        finally:
            os.close(fd)
