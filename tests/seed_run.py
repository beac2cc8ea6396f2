"""One real flow run on the seeds, shared by the artifact and browser tests (flow runs start slowly).

The run is `zhclean clean` in a subprocess, as a user runs it; its flow run is then found on the server
by its `out` parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from tests.conftest import SEEDS, read_jsonl, zhclean

SAMPLE_ROWS = 10  # small, so that the cap is exercised: junk_chars and watermark drop more than this
CONFIG = f"""
[input]
shard_docs = 2   # 3 shards: the progress artifact moves, the ledger is read from several shard files

[artifacts]
sample_rows = {SAMPLE_ROWS}
"""


@dataclass(frozen=True)
class SeedRun:
    flow_run_id: UUID
    out: Path
    report: dict[str, Any]

    def dropped(self) -> list[dict[str, Any]]:
        return read_jsonl(self.out / "dropped.jsonl")


_RUNS: dict[str, SeedRun] = {}


def flow_run_id_for(api_url: str, out: Path) -> UUID:
    """The id of the latest `zhclean-clean` run that wrote `out`."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.settings import PREFECT_API_URL, temporary_settings

    ours = FlowFilter(name=FlowFilterName(any_=["zhclean-clean"]))
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_filter=ours, limit=200)
    matches = sorted((r for r in runs if r.parameters.get("out") == str(out)), key=lambda r: r.created)
    assert matches, f"no zhclean-clean flow run wrote {out}"
    return matches[-1].id  # the newest: a reused server (PREFECT_API_URL) may know an older run


def seed_run(api_url: str, base: Path) -> SeedRun:
    """`zhclean clean` on the seeds against the server at `api_url`, once per test session."""
    if api_url not in _RUNS:
        config = base / "artifacts.toml"
        config.write_text(CONFIG, encoding="utf-8")
        out = base / "out"
        zhclean("clean", str(SEEDS), "--out", str(out), "--config", str(config), check=True)
        report = orjson.loads((out / "report.json").read_bytes())
        _RUNS[api_url] = SeedRun(flow_run_id_for(api_url, out), out, report)
    return _RUNS[api_url]
