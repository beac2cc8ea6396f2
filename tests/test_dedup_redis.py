"""The Redis-backed dedup index against a real redis-server: two runs sharing it dedupe across each other."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time

import numpy as np
import pytest
import redis

from cleaners.dedup import DedupParams, RedisIndex, dedupe_rows, sketch_rows
from tests.test_dedup import edit, plain_rows, report

REDIS_SERVER = "/usr/bin/redis-server"
PARAMS = DedupParams()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server on 127.0.0.1 (no persistence) for one test; stopped at teardown."""
    binary = REDIS_SERVER if shutil.which(REDIS_SERVER) else shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (Debian package redis-server; .ci/run installs it)")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path), "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_two_runs_sharing_redis_dedupe_across_each_other(redis_url):
    rng = random.Random(21)
    a, b = report(rng), report(rng)
    first = dedupe_rows(plain_rows({"m1-a": a, "m1-b": b}), PARAMS, RedisIndex(redis_url, PARAMS))
    assert first.duplicates == []
    later = {"m2-copy": edit(a, rng, 0.02), "m2-cut": b[: len(b) // 2], "m2-new": report(rng)}
    second = dedupe_rows(plain_rows(later), PARAMS, RedisIndex(redis_url, PARAMS))
    found = {d["id"]: d for d in second.duplicates}
    assert found["m2-copy"]["duplicate_of"] == "m1-a"
    assert found["m2-cut"]["duplicate_of"] == "m1-b" and found["m2-cut"]["relation"] == "contained"
    assert "m2-new" not in found
    third = dedupe_rows(plain_rows({"m3-copy": edit(later["m2-new"], rng, 0.01)}), PARAMS, RedisIndex(redis_url, PARAMS))
    assert [(d["id"], d["duplicate_of"]) for d in third.duplicates] == [("m3-copy", "m2-new")]


def test_redis_band_lookup_matches_datasketch_query(redis_url):
    rng = random.Random(22)
    texts = {f"d{i}": report(rng, 20) for i in range(4)}
    texts.update({f"c{i}": edit(t, rng, 0.03) for i, t in enumerate(list(texts.values()))})
    index = RedisIndex(redis_url, PARAMS)
    sk = sketch_rows(plain_rows(texts), PARAMS)
    half = len(sk) // 2
    index.add(sk.take(np.arange(half)))
    queried = sk.take(np.arange(half, len(sk)))
    batched = index._band_hits("full", queried.sig)
    one_by_one = [set(index.lsh["full"].query(index.signer.lean(s))) for s in queried.sig]
    assert batched == one_by_one
    assert any(batched)


def test_redis_index_with_other_settings_is_refused(redis_url):
    from cleaners import ConfigError

    RedisIndex(redis_url, PARAMS)
    with pytest.raises(ConfigError, match="other settings"):
        RedisIndex(redis_url, DedupParams(num_perm=64, bands=21))


def test_a_resumed_commit_adds_the_survivors_the_killed_one_did_not_a_chunk_at_a_time(redis_url, tmp_path, monkeypatch):
    """A run killed inside its Redis commit resumes: the survivors not indexed yet are written apart and added
    in chunks (3 rows here), those already there are not added again, and the index holds each once."""
    import orjson

    import cleaners.dedup.mapped as mapped
    from cleaners.dedup import Sketches
    from flows.clean_flow import OUTCOME, commit_index_once
    from flows.dedup_stage import reduce_sketches

    monkeypatch.setattr(mapped, "CHUNK_ROWS", 3)
    rng = random.Random(23)
    texts = {f"d{i}": report(rng, 20) for i in range(8)}
    texts.update({f"c{i}": edit(t, rng, 0.02) for i, t in enumerate(list(texts.values())[:3])})
    sketch_rows(plain_rows(texts), PARAMS).save(tmp_path / "sketch-00000.npz")
    outcome = reduce_sketches([str(tmp_path / "sketch-00000.npz")], PARAMS, redis_url, tmp_path)
    ours = Sketches.load(tmp_path / "dedup-survivors.npz")
    assert len(ours) == 8 and len(outcome.duplicates) == 3
    RedisIndex(redis_url, PARAMS).add(ours.take(np.arange(0, 8, 2)))  # what the killed attempt added
    (tmp_path / OUTCOME).write_bytes(orjson.dumps({"index_state": None}))
    commit_index_once(outcome, {"dedup": {}}, tmp_path, resumed=True)
    client = redis.Redis.from_url(redis_url)
    rows = [orjson.loads(v) for v in client.hgetall("zhclean:dedup:docs").values()]
    assert sorted(r["id"] for r in rows) == sorted(ours.ids.tolist())
    assert (tmp_path / "index-committed").exists()
    assert len(Sketches.load(tmp_path / "dedup-survivors-missing.npz")) == 4
