"""Choose where shard tasks run: threads in this process, a local Dask cluster, or an existing one."""

from __future__ import annotations

from prefect.task_runners import ThreadPoolTaskRunner


def task_runner(workers: int = 1, dask_address: str | None = None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers > 1:
        import dask
        from prefect_dask import DaskTaskRunner

        # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which turns off glibc's adaptive mmap
        # threshold: every large numpy temporary of the dedup sketch is then mapped and faulted in afresh
        # (sketching ~4x slower, see bench/bench_flow.py). This cluster's workers keep glibc's defaults.
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    return ThreadPoolTaskRunner(max_workers=1)
