"""Choose where shard tasks run: threads in this process, a local Dask cluster, or an existing one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prefect.task_runners import ThreadPoolTaskRunner


def task_runner(workers: int = 1, dask_address: str | None = None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers > 1:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    return ThreadPoolTaskRunner(max_workers=1)


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
