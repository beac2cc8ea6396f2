"""Where a clean runs: as a Prefect flow (threads, a local Dask cluster or an existing one), or in-process
without Prefect.

Prefect costs a one-off `zhclean clean` most of its time: importing it takes 1-2 s on a busy 2-core machine,
and without a configured API every run starts a temporary server (10-16 s) that stops when the run ends, so
its artifacts are never seen. So the flow's own code (flows/clean_flow.py, flows/dedup_stage.py) declares
its tasks and flow through this module instead of `prefect`:

- `task(...)` and `flow(...)` build the Prefect task or flow on first use (the first run as a flow), with the
  same options, and hand every call and attribute to it: a flow run is exactly what it was.
- Inside `local_run()` (no Prefect API, or `zhclean clean --no-prefect`), `clean_corpus.fn(...)` runs the
  same flow body in this process: `task.submit` gives a future that runs the function when its result is
  asked for (so `as_completed` reports each shard as it finishes, the order of submission), with the task's
  retries; `get_run_logger` is a standard logger; flows/artifacts.py publishes nothing. Prefect is not
  imported at all.

`choose_backend` decides which (`zhclean clean --prefect/--no-prefect` forces one).
"""

from __future__ import annotations

import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_API = "http://127.0.0.1:4200/api"  # where `zhclean ui` (and `prefect server start`) serve by default

_LOCAL: ContextVar[bool] = ContextVar("zhclean_local_run", default=False)


@contextmanager
def local_run() -> Iterator[None]:
    """Run flow code in this process without Prefect: tasks inline, no API, no artifacts."""
    token = _LOCAL.set(True)
    try:
        yield
    finally:
        _LOCAL.reset(token)


def in_local_run() -> bool:
    return _LOCAL.get()


# ---- the flow's Prefect names, Prefect imported on first use ------------------------------------------


class _NoCache:
    def __repr__(self) -> str:
        return "NO_CACHE"

    def __reduce__(self) -> str:  # pickled (cloudpickle sends a flow's tasks by value) as this module's one
        return "NO_CACHE"


NO_CACHE: Any = _NoCache()  # stands for prefect.cache_policies.NO_CACHE in task options


def _prefect_options(options: dict[str, Any]) -> dict[str, Any]:
    if isinstance(options.get("cache_policy"), _NoCache):
        from prefect.cache_policies import NO_CACHE as prefect_no_cache

        return {**options, "cache_policy": prefect_no_cache}
    return options


class _Lazy:
    """A Prefect object built on first use; attributes it does not have here are the Prefect object's."""

    def __init__(self, fn: Callable[..., Any], options: dict[str, Any]) -> None:
        self.fn = fn
        self.options = options
        self._prefect: Any = None
        self.__name__ = fn.__name__
        self.__qualname__ = fn.__qualname__
        self.__module__ = fn.__module__
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def _build(self) -> Any:
        raise NotImplementedError

    @property
    def prefect(self) -> Any:
        if self._prefect is None:
            self._prefect = self._build()
        return self._prefect

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never build Prefect for a dunder probe (pickle, copy, inspect)
            raise AttributeError(name)
        return getattr(self.prefect, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.fn.__qualname__} {self.options}>"


class LocalFuture:
    """A task submitted outside Prefect: it runs when its result is first asked for."""

    def __init__(self, task: Task, args: tuple, kwargs: dict[str, Any]) -> None:
        self._task, self._args, self._kwargs = task, args, kwargs
        self._ran = False
        self._value: Any = None
        self._error: BaseException | None = None

    def wait(self, timeout: float | None = None) -> None:
        if not self._ran:
            self._ran = True
            try:
                self._value = self._task.run_local(*self._args, **self._kwargs)
            except Exception as exc:
                self._error = exc

    def done(self) -> bool:
        return self._ran

    def result(self, timeout: float | None = None, raise_on_failure: bool = True) -> Any:
        self.wait()
        if self._error is not None:
            if raise_on_failure:
                raise self._error
            return self._error
        return self._value


class _Failed:
    """What a task's retry_condition_fn reads (`state.result()` raises the task's exception)."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def result(self, raise_on_failure: bool = True) -> Any:
        if raise_on_failure:
            raise self.exc
        return self.exc

    def is_failed(self) -> bool:
        return True


class Task(_Lazy):
    """`@task(...)`: a Prefect task in a flow run; in `local_run()`, the function itself, with its retries."""

    def _build(self) -> Any:
        from prefect import task as prefect_task

        return prefect_task(**_prefect_options(self.options))(self.fn)

    def run_local(self, *args: Any, **kwargs: Any) -> Any:
        retries = int(self.options.get("retries") or 0)
        delay = self.options.get("retry_delay_seconds") or 0
        retry_if = self.options.get("retry_condition_fn")
        for attempt in range(retries + 1):
            try:
                return self.fn(*args, **kwargs)
            except Exception as exc:
                if attempt == retries or (retry_if is not None and not retry_if(self, None, _Failed(exc))):
                    raise
            time.sleep(delay if isinstance(delay, int | float) else list(delay)[min(attempt, len(delay) - 1)])
        raise AssertionError("unreachable")

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        if in_local_run():
            return LocalFuture(self, args, kwargs)
        return self.prefect.submit(*args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if in_local_run():
            return self.run_local(*args, **kwargs)
        return self.prefect(*args, **kwargs)


class Flow(_Lazy):
    """`@flow(...)`: the Prefect flow; `.fn` is its body, which `run_local` runs without Prefect."""

    def _build(self) -> Any:
        from prefect import flow as prefect_flow

        return prefect_flow(**self.options)(self.fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if in_local_run():
            return self.fn(*args, **kwargs)
        return self.prefect(*args, **kwargs)


def transient_failure(task, task_run, state) -> bool:
    """A task's retry condition: retry only for I/O errors (a full disk, a flaky mount), not for bugs."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


def task(**options: Any) -> Callable[[Callable[..., Any]], Task]:
    return lambda fn: Task(fn, options)


def flow(**options: Any) -> Callable[[Callable[..., Any]], Flow]:
    return lambda fn: Flow(fn, options)


def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
    """Prefect's as_completed; local futures one after the other, each run as it is reached."""
    futures = list(futures)
    if futures and all(isinstance(f, LocalFuture) for f in futures):
        for future in futures:
            future.wait()
            yield future
        return
    from prefect.futures import as_completed as prefect_as_completed

    yield from prefect_as_completed(futures)


def get_run_logger() -> Any:
    if in_local_run():
        return logging.getLogger("zhclean")
    from prefect import get_run_logger as prefect_logger

    return prefect_logger()


# ---- which backend ------------------------------------------------------------------------------------


def _settings_may_set_api(cwd: Path) -> bool:
    """Whether a Prefect settings file (profiles, prefect.toml, pyproject's [tool.prefect], .env) may set the
    API URL: only then is Prefect's settings module imported to read it (the import alone takes ~0.5-1 s)."""
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    candidates = {
        home / "profiles.toml": "PREFECT_API_URL",
        cwd / ".env": "PREFECT_API_URL",
        cwd / "prefect.toml": "url",
        cwd / "pyproject.toml": "tool.prefect",
    }
    for path, marker in candidates.items():
        try:
            if marker in path.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return bool(os.environ.get("PREFECT_PROFILE") or os.environ.get("PREFECT_PROFILES_PATH"))


def configured_api() -> str | None:
    """The Prefect API URL the environment or Prefect's settings name, if any."""
    url = os.environ.get("PREFECT_API_URL")
    if url or "PREFECT_API_URL" in os.environ:  # set, possibly empty: empty means none
        return url or None
    if not _settings_may_set_api(Path.cwd()):
        return None
    from prefect.settings import get_current_settings

    return get_current_settings().api.url or None


def api_answers(api: str, timeout: float = 2.0) -> bool:
    """A Prefect API answers its health check at `api` (connection refused returns at once)."""
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError, urllib.error.URLError):
        return False


@dataclass(frozen=True)
class Backend:
    prefect: bool  # run the Prefect flow (else in-process without Prefect)
    api: str | None  # the API the flow run goes to (None: Prefect's temporary server)
    note: str  # what the user is told before the run


def choose_backend(force: bool | None, parallel: bool) -> Backend:
    """`force`: --prefect (True), --no-prefect (False) or neither (None). `parallel`: --workers > 1 or
    --dask-address, which need Prefect's task runners.

    Neither: the configured API (PREFECT_API_URL or Prefect's settings) if it answers, else a server on the
    default address (`zhclean ui`), else in-process without Prefect; with --workers/--dask-address the flow
    runs as before, on Prefect's temporary server when no API answers."""
    configured = configured_api()
    if force is False:
        return Backend(False, None, "without Prefect (--no-prefect): no flow run, no artifacts")
    if configured is not None:
        if force or parallel or api_answers(configured):
            return Backend(True, configured, f"as a Prefect flow run on {configured}")
        return Backend(
            False,
            None,
            f"without Prefect: PREFECT_API_URL={configured} does not answer, so no artifacts "
            "(--prefect waits for it)",
        )
    if api_answers(DEFAULT_API, timeout=1.0):
        return Backend(True, DEFAULT_API, f"as a Prefect flow run on {DEFAULT_API} (a server answers there)")
    if force or parallel:
        return Backend(True, None, "as a Prefect flow run on a temporary server (no Prefect API answers)")
    return Backend(False, None, "without Prefect (no Prefect API answers: see `zhclean ui`)")


def run_local(**params: Any) -> dict[str, Any]:
    """The clean flow's body in this process, without Prefect (same stages, same outputs, no artifacts)."""
    import flows.clean_flow as cf

    with local_run():
        return cf.clean_corpus.fn(**params)


# ---- Prefect task runners -----------------------------------------------------------------------------


def task_runner(workers: int = 1, dask_address: str | None = None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers > 1:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)


def parallel_slots() -> int:
    """How many tasks the running flow's task runner runs at once: the threads of its Dask cluster
    (--workers N, --dask-address), else 1 (the thread runner here runs one; so does a run without Prefect)."""
    if in_local_run():
        return 1
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    runner = context.task_runner if context is not None else None
    if type(runner).__name__ != "DaskTaskRunner":
        return 1
    return max(1, sum(runner.client.nthreads().values()))


@contextmanager
def shared_api(workers: int) -> Iterator[None]:
    """`--workers N` without PREFECT_API_URL: start Prefect's temporary API server here and point the run
    (and so its Dask workers) at it. Otherwise every worker process starts a temporary server of its own
    (bench/bench_flow.py, --workers 2: two more servers, ~230 MiB each, and 90 s instead of 24 s on a tiny
    input). Links in the artifacts stay relative, as on Prefect's own temporary server, which this is (it
    stops when the process exits)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_UI_URL,
        temporary_settings,
    )

    if workers < 2 or PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the instance Prefect's client would start for this process
    server.start()
    with temporary_settings({PREFECT_API_URL: server.api_url, PREFECT_UI_URL: ""}):
        yield
