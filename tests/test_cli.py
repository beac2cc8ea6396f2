"""`zhclean` end to end: every input format, every output format, bad input, errors, a killed run.

Flow runs cost seconds each (a real Prefect server, see conftest), so there are few of them and each
asserts a lot: one run over every input format and every kind of bad input beside good documents, one
uninterrupted run with Parquet output, and one run killed mid-way then resumed with zstd output.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from typer.testing import CliRunner

from cleaners import Document, Pipeline
from flows.cli import app
from flows.outputs import iter_documents
from tests.conftest import EXPECTED, SEEDS, read_jsonl, wait_until_stopped, zhclean

HUGE_BYTES = 50 * 1024 * 1024
CHROME = "本站资料均来自网络收集整理"


def _good_documents() -> list[str]:
    """Distinct clean documents (three consecutive sentences of the expected outputs each)."""
    sentences = [
        s
        for path in sorted(EXPECTED.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        for s in re.split(r"(?<=[。;!?])", line.strip())
        if len(s) >= 12
    ]
    docs = ["".join(sentences[i : i + 3]) for i in range(0, len(sentences) - 2, 3)]
    return [d for d in docs if len(re.findall(r"[\u4e00-\u9fff]", d)) >= 60]


GOOD = _good_documents()
LIBRARY = Pipeline()


def expected_text(raw: str) -> str:
    """What the CLI must output for one good document: the library's result."""
    return LIBRARY.clean_text(raw)


def siblings(out: Path) -> list[str]:
    """Leftovers of a run beside OUTDIR: temporary output or work directories."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def write_jsonl(path: Path, rows: list[Any]) -> None:
    with path.open("wb") as fh:
        for row in rows:
            fh.write((row if isinstance(row, bytes) else orjson.dumps(row)) + b"\n")


# One run over every input format and every kind of bad input -------------------------------------------


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Good documents of every format beside bad input of every kind, cleaned by one CLI run."""
    root = tmp_path_factory.mktemp("messy")
    src = root / "src"
    txt = src / "txt"
    (txt / "sub").mkdir(parents=True)
    good = iter(GOOD)
    expect: dict[str, str] = {}  # kept id -> raw text it came from

    def txt_doc(name: str, data: bytes | None = None, raw: str | None = None) -> None:
        raw = raw if raw is not None else next(good)
        (txt / f"{name}.txt").write_bytes(data if data is not None else raw.encode())
        expect[name] = raw

    txt_doc("plain")
    txt_doc("sub/nested")
    raw = next(good)
    txt_doc("bom", b"\xef\xbb\xbf" + raw.encode(), raw)
    raw = next(good)
    txt_doc("gbk", raw.encode("gbk"), raw)
    raw = next(good)
    txt_doc("gb18030_corrupt", raw[:30].encode("gb18030") + b"\xff" + raw[30:].encode("gb18030"), raw)
    raw = "我們學校堅持立德樹人根本任務,全體師生團結一致,努力奮鬥,為建設教育強國貢獻力量。學校教育工作取得了顯著成績。"
    txt_doc("big5", raw.encode("big5"), raw)
    raw = next(good)
    txt_doc("utf16", raw.encode("utf-16"), raw)
    raw = next(good)
    txt_doc("broken_utf8", raw[:20].encode() + b"\xff\xfe\xc3" + raw[20:].encode(), raw)
    (txt / "empty.txt").write_bytes(b"")
    (txt / "blank.txt").write_text(" \n\n\t\n", encoding="utf-8")
    (txt / "huge.txt").write_bytes("教".encode() * (HUGE_BYTES // 3))
    (txt / "notes.docx").write_bytes(b"PK not an input")  # unsupported files inside a directory are ignored

    dup_a, dup_b, no_id, in_gbk = next(good), next(good), next(good), next(good)
    write_jsonl(
        src / "in.jsonl",
        [
            {"id": "j1", "text": expect.setdefault("j1", next(good))},
            b'{"id": "malformed", "text": "unterminated',
            {"id": "missing-text"},
            {"id": "int-text", "text": 123},
            {"id": "null-text", "text": None},
            {"id": "empty-text", "text": ""},
            {"id": "blank-text", "text": " \n "},
            [1, 2, 3],
            b"",
            {"id": "dup", "text": dup_a},
            {"id": "dup", "text": dup_b},
            {"text": no_id},
            json.dumps({"id": "j-gbk", "text": in_gbk}, ensure_ascii=False).encode("gb18030"),
        ],
    )
    expect.update({"dup": dup_a, "dup#2": dup_b, "j-gbk": in_gbk})
    with gzip.open(src / "in.jsonl.gz", "wb") as fh:
        fh.write(orjson.dumps({"id": "gz1", "text": expect.setdefault("gz1", next(good))}) + b"\n")
    zst_rows = orjson.dumps({"id": "zst1", "text": expect.setdefault("zst1", next(good))}) + b"\n"
    (src / "in.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(zst_rows))
    pq.write_table(
        pa.table({"id": ["pq1", "pq-null"], "text": [expect.setdefault("pq1", next(good)), None]}),
        src / "in.parquet",
    )
    (src / "globbed").mkdir()
    for name in ("ga", "gb"):
        write_jsonl(
            src / "globbed" / f"{name}.jsonl", [{"id": name, "text": expect.setdefault(name, next(good))}]
        )
    write_jsonl(src / "globbed" / "ignored.json", [{"id": "not-matched", "text": next(good)}])

    out = root / "out"
    started = time.perf_counter()
    result = zhclean(
        "clean", str(txt), str(src / "in.jsonl"), str(src / "in.jsonl.gz"), str(src / "in.jsonl.zst"),
        str(src / "in.parquet"), str(src / "globbed" / "*.jsonl"), "--out", str(out),
    )  # fmt: skip
    return {
        "result": result,
        "seconds": time.perf_counter() - started,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "out": out,
        "expect": expect,
        "no_id": no_id,
    }


def test_messy_run_succeeds_and_publishes_only_a_complete_outdir(prefect_server, messy):
    assert messy["result"].returncode == 0, messy["result"].stderr[-3000:]
    out = messy["out"]
    assert sorted(p.name for p in out.iterdir()) == [
        ".zhclean-manifest.json", "documents.jsonl", "dropped.jsonl", "duplicates.jsonl", "report.json",
    ]  # fmt: skip
    assert siblings(out) == []  # no temporary or work directory left behind
    assert "documents:" in messy["result"].stdout  # the one-screen summary


def test_no_good_document_is_lost_and_each_equals_the_library_output(prefect_server, messy):
    docs = {d["id"]: d for d in read_jsonl(messy["out"] / "documents.jsonl")}
    no_id = [i for i, d in docs.items() if d["text"] == expected_text(messy["no_id"])]
    assert len(no_id) == 1 and no_id[0].startswith("in.jsonl@")  # an id from its position
    expected_ids = set(messy["expect"]) | set(no_id)
    assert set(docs) == expected_ids
    for doc_id, raw in messy["expect"].items():
        assert docs[doc_id]["text"] == expected_text(raw), doc_id
        assert docs[doc_id]["source"]
    assert docs["gbk"]["meta"]["encoding"] == "gb18030" and docs["big5"]["meta"]["encoding"] == "big5"
    assert docs["big5"]["text"].startswith(
        "我们学校坚持立德树人根本任务"
    )  # Big5, then traditional -> simplified
    assert docs["utf16"]["meta"]["encoding"] == "utf-16"
    assert docs["dup#2"]["original_id"] == "dup" and docs["dup"]["original_id"] is None


def test_every_bad_input_is_a_recorded_and_counted_skip(prefect_server, messy):
    dropped = read_jsonl(messy["out"] / "dropped.jsonl")
    skips = {r["doc_id"]: r for r in dropped if r["cleaner"] == "reader"}
    reasons = {doc_id: r["reason"] for doc_id, r in skips.items()}
    assert reasons["empty"] == "empty file" and reasons["blank"] == "empty file"
    assert "exceeds input.max_line_chars" in reasons["huge"]
    assert len(skips["huge"]["text"]) < 300  # the ledger keeps a sample, not 50 MB
    assert reasons["missing-text"] == "missing field 'text'"
    assert reasons["int-text"] == "field 'text' is int, not a string"
    assert reasons["null-text"] == "missing field 'text'"
    assert reasons["empty-text"] == reasons["blank-text"] == "empty document"
    assert reasons["pq-null"] == "missing field 'text'"
    malformed = [r for d, r in reasons.items() if d.startswith("in.jsonl@") and "malformed JSON" in r]
    not_object = [r for d, r in reasons.items() if d.startswith("in.jsonl@") and "JSON list" in r]
    assert len(malformed) == 1 and len(not_object) == 1
    assert len(skips) == 11
    assert all(r["kind"] == "document" and r["line_no"] == 0 for r in skips.values())

    report = orjson.loads((messy["out"] / "report.json").read_bytes())
    docs = report["documents"]
    assert docs["skipped_unusable_input"] == 11
    assert docs["in"] == docs["out"] + 11 + docs["dropped_by_filter"] + docs["dropped_as_duplicates"]
    assert docs["out"] == len(messy["expect"]) + 1 and docs["renamed_duplicate_ids"] == 1
    assert report["characters"]["removed_by_cleaner"]["reader"] > 0


def test_undecodable_bytes_are_recorded_not_fatal(prefect_server, messy):
    dropped = read_jsonl(messy["out"] / "dropped.jsonl")
    for doc_id in ("broken_utf8", "gb18030_corrupt"):
        lost = [r for r in dropped if r["doc_id"] == doc_id]
        assert lost and all(
            r["cleaner"] == "junk_chars" and "REPLACEMENT CHARACTER" in r["reason"] for r in lost
        )


def test_a_50mb_line_is_skipped_with_sane_memory(prefect_server, messy):
    assert messy["max_rss_mb"] < 1024, f"peak RSS {messy['max_rss_mb']:.0f} MB"


# Output formats, and a killed run that resumes ------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A directory of documents, each with a chrome line no pattern knows, in many small shards."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "docs").mkdir()
    for i, text in enumerate(GOOD[:60]):
        (root / "docs" / f"d{i:03d}.txt").write_text(f"学校新闻{i}\n{text}\n{CHROME}\n", encoding="utf-8")
    config = root / "small_shards.toml"
    config.write_text("[input]\nshard_docs = 4\n", encoding="utf-8")
    return {"root": root, "docs": root / "docs", "config": config}


def _documents(out: Path, fmt: str) -> list[dict[str, Any]]:
    return list(iter_documents(out / f"documents.{fmt}"))  # one schema for every format


def test_killed_run_leaves_no_outdir_and_the_rerun_resumes_to_the_same_result(prefect_server, corpus):
    root, args = corpus["root"], [str(corpus["docs"]), "--config", str(corpus["config"])]

    reference = zhclean("clean", *args, "--out", str(root / "reference"), "--format", "parquet")
    assert reference.returncode == 0, reference.stderr[-3000:]
    ref_docs = _documents(root / "reference", "parquet")
    library = Pipeline().clean_corpus(  # the source path: a .txt file's folder is its site
        Document.from_text(p.stem, p.read_text(encoding="utf-8"), str(p))
        for p in sorted(corpus["docs"].glob("*.txt"))
    )
    assert [(d["id"], d["text"]) for d in ref_docs] == [(d.id, d.text) for d in library]
    learned = [
        r for r in read_jsonl(root / "reference" / "dropped.jsonl") if r["cleaner"] == "learned_boilerplate"
    ]
    heads = {f"学校新闻{i}" for i in range(60)}  # one folder's template line, its figure masked
    assert len(learned) == 120 and {r["text"] for r in learned} == {CHROME} | heads  # learned across shards

    # Stopped where prepare_shard has written the 4th shard's documents and not yet its .stats (one thread
    # prepares the shards one after another): three shards done, one half-written, eleven not started. Then
    # killed, as a crash there would leave it.
    out = root / "resumed"
    log = root / "resumed.log"  # what the stopped run said, for an assertion's message
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "clean", *args, "--out", str(out), "--format", "jsonl.zst"],
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "ZHCLEAN_CRASH_AT": "prepare:shard:4:stop"},
        )

    def prepared(work: Path) -> dict[str, int]:
        """mtime of each file of the shards prepare_shard counts as done: its .jsonl AND its .stats exist (it
        writes them one after the other, so a run killed in between leaves a .jsonl alone: not done)."""
        done = [p.with_suffix("") for p in work.glob("prep-*.stats") if p.with_suffix(".jsonl").exists()]
        files = [d.with_suffix(suffix) for d in done for suffix in (".jsonl", ".stats")]
        return {p.name: p.stat().st_mtime_ns for p in files}

    wait_until_stopped(proc.pid, proc.poll, lambda: log.read_text(errors="replace")[-3000:])
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    said = log.read_text(errors="replace")[-3000:]
    assert not out.exists(), said  # never a partial OUTDIR
    (work,) = root.glob(".resumed.work-*")
    before = prepared(work)
    files = sorted(p.name for p in work.iterdir())
    assert len(before) == 2 * 3, (files, said)  # 15 shards in all
    (half_jsonl,) = {p.name for p in work.glob("prep-*.jsonl")} - set(before)
    half_mtime = (work / half_jsonl).stat().st_mtime_ns
    half = half_jsonl.removesuffix(".jsonl") + ".stats"

    rerun = zhclean("clean", *args, "--out", str(out), "--format", "jsonl.zst", "--keep-work")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    after = prepared(work)
    assert all(after[name] == mtime for name, mtime in before.items()), (before, after)  # not redone
    assert after[half_jsonl] != half_mtime and half in after, (half_jsonl, half_mtime, after)  # redone
    assert len(after) == 2 * 15

    assert _documents(out, "jsonl.zst") == ref_docs
    assert read_jsonl(out / "dropped.jsonl") == read_jsonl(root / "reference" / "dropped.jsonl")
    ref_report = orjson.loads((root / "reference" / "report.json").read_bytes())
    report = orjson.loads((out / "report.json").read_bytes())
    assert report["documents"] == ref_report["documents"]
    assert report["characters"] == ref_report["characters"]
    assert report["outputs"]["documents"] == "documents.jsonl.zst"
    assert ref_report["outputs"]["documents"] == "documents.parquet"


# Errors the user can fix: a clear message, exit code != 0, nothing written --------------------------------

runner = CliRunner()


def _fails(args: list[str], message: str, out: Path) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code not in (0, None), result.output
    assert message in " ".join(result.output.split()), result.output
    assert not out.exists() or not any(out.iterdir())
    assert siblings(out) == []


def test_nonexistent_input_is_a_clear_error(tmp_path):
    out = tmp_path / "out"
    _fails(["clean", str(tmp_path / "nope.jsonl"), "--out", str(out)], "input not found", out)
    _fails(["clean", str(tmp_path / "nothing*.jsonl"), "--out", str(out)], "no input matches", out)
    (tmp_path / "empty_dir").mkdir()
    _fails(["clean", str(tmp_path / "empty_dir"), "--out", str(out)], "files in", out)
    (tmp_path / "a.docx").write_bytes(b"PK")
    _fails(["clean", str(tmp_path / "a.docx"), "--out", str(out)], "unsupported input", out)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[junk_chars]\nmax_foreign_run = "three"\n',
            "[junk_chars] max_foreign_run must be int, got 'three'",
        ),
        ('[doc_filter]\nmin_cjk_ratio = "high"\n', "[doc_filter] min_cjk_ratio must be float"),
        ('[input]\nmax_line_chars = "x"\n', "[input] max_line_chars must be int"),
        ("[input]\ntext_field = 3\n", "[input] text_field must be str"),
        ("[input]\nshard_docs = 0\n", "[input] shard_docs must be at least 1"),
        ('[pipeline]\nchain = ["mojibake", "nope"]\n', "unknown cleaner(s) in pipeline.chain: ['nope']"),
        ('[t2s]\nconversion = "s2t"\n', "[t2s] conversion must be one of"),
        ('[watermark]\npatterns = "missing.txt"\n', "pattern file not found: missing.txt"),
        ("[input\nid_field = 1\n", "is not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error_before_any_work(tmp_path, toml: str, message: str):
    config = tmp_path / "bad.toml"
    config.write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    _fails(["clean", str(SEEDS), "--out", str(out), "--config", str(config)], message, out)


def test_missing_config_file_and_bad_format_are_clear_errors(tmp_path):
    out = tmp_path / "out"
    _fails(
        ["clean", str(SEEDS), "--out", str(out), "--config", str(tmp_path / "no.toml")],
        "config file not found",
        out,
    )
    _fails(["clean", str(SEEDS), "--out", str(out), "--format", "csv"], "--format must be one of", out)


def test_an_existing_directory_that_is_not_a_zhclean_output_is_refused(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 2 and "not a zhclean output directory" in " ".join(result.output.split())
    assert [p.name for p in out.iterdir()] == ["thesis.txt"] and siblings(out) == []


# explain ---------------------------------------------------------------------------------------------------


def test_explain_shows_each_cleaner_and_what_it_removed():
    seed = next(SEEDS.glob("000_*.txt"))
    result = runner.invoke(app, ["explain", str(seed)])
    assert result.exit_code == 0, result.output
    for expected in [
        "page_markers", "2/28", "paywall", "免费阅读已结束", "watermark", "三七文档", "资源描述",
        "page counter line", "no_words", "保存成功",
    ]:  # fmt: skip
        assert expected in result.output, expected


def test_explain_picks_a_jsonl_document_by_id(tmp_path):
    path = tmp_path / "in.jsonl"
    write_jsonl(path, [{"id": "a", "text": GOOD[0]}, {"id": "b", "text": GOOD[1] + "\n热门精选\n🎉"}])
    result = runner.invoke(app, ["explain", str(path), "--id", "b"])
    assert result.exit_code == 0, result.output
    assert "watermark" in result.output and "热门精选" in result.output and "junk_chars" in result.output
    missing = runner.invoke(app, ["explain", str(path), "--id", "zzz"])
    assert missing.exit_code != 0 and "no document with id 'zzz'" in missing.output


def test_a_corpus_without_any_short_line_to_learn_from_is_cleaned(prefect_server, tmp_path):
    """Learned boilerplate gets no line statistics at all (one long line): the fit must not fail."""
    (tmp_path / "in").mkdir()
    text = "全区教育系统坚持以立德树人为根本任务,深化教育领域综合改革,推动教育事业高质量发展,办好人民满意的教育。" * 2
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    res = zhclean("clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stdout + res.stderr
    assert [d["text"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == [text]
