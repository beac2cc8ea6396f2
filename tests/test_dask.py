"""Scale-out: shard tasks and the dedup reduce's band tasks on a real Dask cluster (2 worker processes) give
the single-process output."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import SEEDS, zhclean

CONFIG = """
[input]
shard_docs = 2   # 8 shards of the 16 documents: both workers get several
"""
OUTPUTS = ("documents.jsonl", "dropped.jsonl", "duplicates.jsonl")


@pytest.fixture(scope="module")
def cluster(prefect_server: str) -> Iterator[Any]:
    """A LocalCluster of 2 worker processes (2 threads each: shard tasks also run side by side in one
    process), started after the server fixture so the workers inherit PREFECT_API_URL."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds three times over (a/, b/, c/: distinct ids, so the copies are dropped as duplicates), and the
    first 60% of one of them (d/: a near copy contained in it, found by LSH bands and verified)."""
    base = tmp_path_factory.mktemp("dask")
    for copy in "abc":
        shutil.copytree(SEEDS, base / "in" / copy)
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    (base / "in" / "d").mkdir()
    (base / "in" / "d" / "cut.txt").write_text(seed[: len(seed) * 6 // 10], encoding="utf-8")
    (base / "config.toml").write_text(CONFIG, encoding="utf-8")
    return base / "in", base / "config.toml"


def _without_timings(value: Any) -> Any:
    """report.json minus the wall-clock figures, which differ between any two runs, and how the dedup reduce
    was split (asserted on its own)."""
    if isinstance(value, dict):
        skip = ("timings", "seconds", "band_tasks", "candidate_pairs")
        return {k: _without_timings(v) for k, v in value.items() if k not in skip}
    return value


def _executed_per_worker(client) -> dict[str, int]:
    return client.run(lambda dask_worker: dask_worker.state.executed_count)


def test_dask_cluster_output_equals_single_process_output_byte_for_byte(cluster, corpus, tmp_path):
    from distributed import Client

    inputs, config = corpus
    zhclean("clean", str(inputs), "--out", str(tmp_path / "serial"), "--config", str(config), check=True)
    with Client(cluster) as client:
        before = _executed_per_worker(client)
        zhclean(
            "clean", str(inputs), "--out", str(tmp_path / "dask"), "--config", str(config),
            "--dask-address", cluster.scheduler_address, check=True,
        )  # fmt: skip
        after = _executed_per_worker(client)
        pids = set(client.run(os.getpid).values())
    ran = {worker: after[worker] - before.get(worker, 0) for worker in after}
    assert len(ran) == 2 and all(n >= 2 for n in ran.values()), f"shard tasks per worker: {ran}"
    # 8 shards x (prepare, finish) and the reduce's candidates and verification as one task per worker thread
    assert sum(ran.values()) == 2 * 8 + 4, ran
    assert os.getpid() not in pids  # worker processes, not threads of this one

    for name in OUTPUTS:
        serial, dask = (tmp_path / "serial" / name).read_bytes(), (tmp_path / "dask" / name).read_bytes()
        assert serial == dask, f"{name} differs between the serial and the Dask run"
    reports = [orjson.loads((tmp_path / run / "report.json").read_bytes()) for run in ("serial", "dask")]
    assert _without_timings(reports[0]) == _without_timings(reports[1])
    assert (reports[0]["dedup"]["band_tasks"], reports[1]["dedup"]["band_tasks"]) == (1, 4)
    # a pair that two groups of bands find is verified by both; a serial run verifies it once
    assert reports[1]["dedup"]["candidate_pairs"] >= reports[0]["dedup"]["candidate_pairs"] > 0
    assert reports[0]["dedup"]["dropped"]["contained"] == 1
    assert reports[0]["inputs"]["shards"] == 8 and reports[0]["documents"]["dropped_as_duplicates"] == 11
