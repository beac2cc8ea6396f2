"""The seeds and their hand-checked expected outputs are the spec: library and CLI must reproduce them."""

from __future__ import annotations

import difflib

import orjson
import pytest

from cleaners import Document, Pipeline
from tests.conftest import EXPECTED, SEEDS, read_jsonl, zhclean

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def _diff(expected: str, actual: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="", n=0)
    return "\n".join(line[:200] for line in lines)


def test_there_are_five_seeds_with_expected_outputs():
    assert len(SEED_IDS) == 5
    assert sorted(p.stem for p in EXPECTED.glob("*.txt")) == SEED_IDS


@pytest.mark.parametrize("seed", SEED_IDS)
def test_library_output_matches_expected(seed: str):
    docs = [Document.from_text(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    cleaned = {d.id: d for d in Pipeline().clean_corpus(docs)}
    expected = (EXPECTED / f"{seed}.txt").read_text(encoding="utf-8").rstrip("\n")
    actual = cleaned[seed].text
    assert actual == expected, _diff(expected, actual)


def test_cli_output_matches_expected(prefect_server, tmp_path):
    out = tmp_path / "out"
    zhclean("clean", str(SEEDS), "--out", str(out), check=True)
    rows = {row["id"]: row for row in read_jsonl(out / "documents.jsonl")}
    assert sorted(rows) == SEED_IDS
    for seed in SEED_IDS:
        expected = (EXPECTED / f"{seed}.txt").read_text(encoding="utf-8").rstrip("\n")
        assert rows[seed]["text"] == expected, _diff(expected, rows[seed]["text"])
    dropped = read_jsonl(out / "dropped.jsonl")
    assert {"doc_id", "line_no", "kind", "cleaner", "reason", "text"} <= set(dropped[0])
    report = orjson.loads((out / "report.json").read_bytes())
    assert report["documents"]["in"] == 5 and report["documents"]["out"] == 5
    assert report["characters"]["removed_by_cleaner"]["pinyin_spam"] > 5000
