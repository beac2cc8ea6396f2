"""Readers: a record's other fields (url, title…) reach documents.jsonl; damaged input loses only what is damaged."""

from __future__ import annotations

import datetime
import decimal
import errno
import gzip
import os
import time
import zlib
from array import array
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from cleaners import load_config
from flows.io import ReadContext, discover, document_row, jsonl_line, plan_shards, read_shard
from flows.outputs import DOCUMENT_FIELDS, iter_documents, write_outputs
from flows.shards import FinishedShard, ShardStats, finish_shard, prepare_shard
from tests.conftest import read_jsonl, zhclean
from tests.test_cli import GOOD, expected_text

TEXT = "区教育局召开全区教育工作会议,部署新学期重点任务,要求各校落实课后服务和安全管理责任。"


def _finish_one_shard(path, tmp_path):
    """(config, shard spec, work directory, finished shard) of an input file cleaned as one shard."""
    cfg = load_config()
    spec = plan_shards(discover([str(path)]), 100, 1 << 30)[0]
    work = tmp_path / "work"
    work.mkdir()
    prepare_shard(spec, cfg, work)
    return cfg, spec, work, finish_shard(spec.index, cfg, work, set())


def _kept_rows(path, tmp_path):
    finished = _finish_one_shard(path, tmp_path)[3]
    return read_jsonl(finished.kept)


def test_jsonl_extra_fields_are_kept(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(orjson.dumps({"id": "a", "text": TEXT, "url": "http://example.cn/a", "title": "会议"}) + b"\n")
    [row] = _kept_rows(path, tmp_path)  # in final form: the input's other fields under meta
    assert (row["id"], row["meta"], row["text"]) == ("a", {"url": "http://example.cn/a", "title": "会议"}, TEXT)


def test_parquet_extra_columns_are_kept_and_ours_win(tmp_path):
    path = tmp_path / "docs.parquet"
    table = pa.Table.from_pylist([{"id": "p1", "text": TEXT, "url": "http://example.cn/p1", "source": "spoofed"}])
    pq.write_table(table, path)
    [row] = _kept_rows(path, tmp_path)
    assert row["meta"] == {"url": "http://example.cn/p1"}
    assert row["source"] == str(path)  # the input file, not a field of the record


def test_reader_meta_without_id_names_the_position(tmp_path):
    path = tmp_path / "noid.jsonl"
    path.write_bytes(orjson.dumps({"text": TEXT}) + b"\n")
    ctx = ReadContext("id", "text", 1000)
    [doc] = list(read_shard(plan_shards(discover([str(path)]), 10, 1 << 30)[0], ctx))
    assert doc.id == "noid.jsonl@0" and doc.meta == {"id_from": "position (no id field)"}


# A damaged input loses only what is damaged (issue 9 item 6) ----------------------------------------------------


def _read(path, max_line_chars: int = 1_000_000) -> list:
    ctx = ReadContext("id", "text", max_line_chars)
    return [doc for spec in plan_shards(discover([str(path)]), 10, 1 << 30) for doc in read_shard(spec, ctx)]


ROWS = [{"id": f"d{i}", "text": f"{TEXT}第{i}号通知,编号{i * 7919 % 10007}。"} for i in range(3000)]
DATA = b"".join(orjson.dumps(row) + b"\n" for row in ROWS)
CODECS = {
    ".jsonl.gz": (gzip.compress, lambda: zlib.decompressobj(wbits=31)),
    ".jsonl.zst": (zstandard.ZstdCompressor().compress, zstandard.ZstdDecompressor().decompressobj),
}


@pytest.mark.parametrize("suffix", CODECS)
def test_a_truncated_compressed_file_keeps_every_complete_record_and_says_where_it_ends(tmp_path, suffix):
    compress, decompressor = CODECS[suffix]
    blob = compress(DATA)
    cut = len(blob) * 2 // 3
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(blob[:cut])
    decodable = decompressor().decompress(blob[:cut])  # all that any decoder gets out of these bytes
    complete = decodable.count(b"\n")
    assert 0 < complete < len(ROWS)

    docs = _read(path)
    kept = [d for d in docs if not d.dropped]
    assert [(d.id, d.text) for d in kept] == [(r["id"], r["text"]) for r in ROWS[:complete]]
    (cut_doc,) = [d for d in docs if d.dropped]
    assert docs[-1] is cut_doc  # the last thing read
    (removal,) = cut_doc.removals
    offset = decodable.rindex(b"\n") + 1
    assert (removal.doc_id, removal.kind, removal.cleaner) == (f"cut{suffix}@{offset}", "document", "reader")
    assert f"(compressed byte {cut} of {cut}, decompressed byte {offset})" in removal.reason
    assert f"the {complete} records before it are kept" in removal.reason
    assert removal.text == decodable[offset:].decode("utf-8", "replace")  # what was decoded of the record it cut


@pytest.mark.parametrize("suffix", CODECS)
def test_concatenated_members_and_frames_are_all_read(tmp_path, suffix):
    compress, _ = CODECS[suffix]
    half = DATA.index(b"\n", len(DATA) // 2) + 1
    path = tmp_path / f"two{suffix}"
    path.write_bytes(compress(DATA[:half]) + compress(DATA[half:]))
    assert [d.id for d in _read(path) if not d.dropped] == [r["id"] for r in ROWS]


def test_a_corrupt_compressed_file_is_a_recorded_skip(tmp_path):
    path = tmp_path / "not.jsonl.gz"
    path.write_bytes(b"this was never gzip")
    (doc,) = _read(path)
    assert doc.dropped and doc.removals[0].cleaner == "reader"
    assert "corrupt gzip data" in doc.removals[0].reason and "no record could be read" in doc.removals[0].reason


def test_a_damaged_parquet_row_group_loses_only_its_rows(tmp_path):
    path = tmp_path / "groups.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS[:100]), path, row_group_size=50)
    chunk = pq.ParquetFile(path).metadata.row_group(1).column(1)
    data = bytearray(path.read_bytes())
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data[start : start + 16] = b"\xff" * 16  # the page header of the second group's text column
    path.write_bytes(bytes(data))
    docs = _read(path)
    assert [d.id for d in docs if not d.dropped] == [r["id"] for r in ROWS[:50]]
    (skipped,) = [d for d in docs if d.dropped]
    assert skipped.id == "groups.parquet@group1" and "unreadable Parquet row group 1" in skipped.removals[0].reason


def test_a_giant_line_is_cut_and_the_rest_of_its_document_kept(tmp_path):
    giant = "图" * 5000
    path = tmp_path / "giant.jsonl"
    path.write_bytes(orjson.dumps({"id": "g", "text": f"{TEXT}\n{giant}\n第二段:{TEXT}"}) + b"\n")
    (doc,) = _read(path, max_line_chars=1000)
    assert not doc.dropped and doc.text == f"{TEXT}\n第二段:{TEXT}"
    assert [line.no for line in doc.lines] == [1, 3]  # numbers of the original document
    (removal,) = doc.removals
    assert (removal.doc_id, removal.line_no, removal.kind, removal.cleaner) == ("g", 2, "line", "reader")
    assert removal.reason == "a line of 5000 characters exceeds input.max_line_chars=1000"
    assert removal.text == "图" * 200 + "… [5000 characters]"  # its start, not the whole line


def test_a_document_of_giant_lines_only_is_a_skip(tmp_path):
    path = tmp_path / "giant.jsonl"
    path.write_bytes(orjson.dumps({"id": "g", "text": "图" * 5000 + "\n\n" + "书" * 3000}) + b"\n")
    (doc,) = _read(path, max_line_chars=1000)
    assert doc.dropped and [(r.kind, r.line_no) for r in doc.removals] == [("document", 0)]
    assert "a line of 5000 characters exceeds input.max_line_chars=1000" in doc.removals[0].reason
    assert len(doc.removals[0].text) < 300


def test_the_run_finishes_and_counts_what_the_reader_cut(prefect_server, tmp_path):
    """A truncated .jsonl.gz beside good files and a document with a 17 MB line: nothing good is lost."""
    good = GOOD[:4]
    src = tmp_path / "src"
    src.mkdir()
    rows = [orjson.dumps({"id": f"g{i}", "text": t}) + b"\n" for i, t in enumerate(good[:2])]
    (src / "good.jsonl").write_bytes(b"".join(rows))
    blob = gzip.compress(b"".join(orjson.dumps({"id": f"z{i}", "text": t}) + b"\n" for i, t in enumerate(GOOD[4:12])))
    cut = len(blob) * 3 // 4
    (src / "cut.jsonl.gz").write_bytes(blob[:cut])
    complete = zlib.decompressobj(wbits=31).decompress(blob[:cut]).count(b"\n")
    giant = "乱" * (17 << 20)
    text = f"{good[2]}\n{giant}\n{good[3]}"
    record = orjson.dumps({"id": "big", "text": text}) + b"\n"
    (src / "giant.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(record))

    result = zhclean("clean", str(src), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    docs = {d["id"]: d["text"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    assert set(docs) == {"g0", "g1", "big"} | {f"z{i}" for i in range(complete)} and complete >= 2
    assert docs["big"] == f"{expected_text(good[2])}\n{expected_text(good[3])}"
    reader = [r for r in read_jsonl(tmp_path / "out" / "dropped.jsonl") if r["cleaner"] == "reader"]
    assert [(r["doc_id"], r["line_no"]) for r in reader if r["kind"] == "line"] == [("big", 2)]
    (truncated,) = [r for r in reader if r["kind"] == "document"]
    assert truncated["doc_id"].startswith("cut.jsonl.gz@") and "truncated or corrupt" in truncated["reason"]
    assert all(len(r["text"]) < 300 for r in reader)  # the ledger holds a sample, not 17 MB
    assert (tmp_path / "out" / "dropped.jsonl").stat().st_size < 1 << 20
    report = orjson.loads((tmp_path / "out" / "report.json").read_bytes())
    assert report["documents"]["skipped_unusable_input"] == 1  # the lost end of cut.jsonl.gz
    assert report["lines_removed_by_cleaner"]["reader"] == 1
    assert report["documents"]["out"] == 3 + complete


# One schema for every documents format (issue 9 item 11) ------------------------------------------------------

KEPT = [  # kept documents, the input record's other fields beside ours (finish_shard writes document_row of each)
    {"url": "http://example.cn/a", "title": "会议", "id": "a", "text": TEXT, "source": "/in/a.jsonl", "removed_chars": 12},
    {"id": "a", "text": TEXT + "二", "source": "/in/a.jsonl", "removed_chars": 0},  # a repeated id: renamed a#2
    {"encoding": "gb18030", "tags": ["教育", 3], "deep": {"k": None, "x": 1.5}, "id": "b", "text": "乙", "source": "/in/b.txt", "removed_chars": 7},
    {"id_from": "position (no id field)", "id": "c.jsonl@0", "text": "丙", "source": "/in/c.jsonl", "removed_chars": 0},
]  # fmt: skip


def _published(tmp_path, fmt: str) -> Path:
    work = tmp_path / f"work-{fmt}"
    work.mkdir()
    (work / "kept.jsonl").write_bytes(b"".join(jsonl_line(document_row(row)) for row in KEPT))
    (work / "dropped.jsonl").write_bytes(b"")
    shard = FinishedShard(0, work / "kept.jsonl", work / "dropped.jsonl", ShardStats(), [r["id"] for r in KEPT])
    report: dict = {"documents": {}, "timings": {}}
    write_outputs(tmp_path / f"out-{fmt}", fmt, [shard], [], report, time.perf_counter())
    return tmp_path / f"out-{fmt}" / report["outputs"]["documents"]


def test_every_documents_format_holds_the_same_fields_of_the_same_types(tmp_path):
    paths = {fmt: _published(tmp_path, fmt) for fmt in ("jsonl", "jsonl.zst", "parquet")}
    rows = {fmt: list(iter_documents(path)) for fmt, path in paths.items()}
    assert rows["jsonl"] == rows["jsonl.zst"] == rows["parquet"]
    assert all(list(row) == list(DOCUMENT_FIELDS) for fmt in rows for row in rows[fmt])  # same fields, same order
    first, renamed, gbk, no_id = rows["parquet"]
    assert (first["id"], first["original_id"], renamed["id"], renamed["original_id"]) == ("a", None, "a#2", "a")
    assert first["meta"] == {"url": "http://example.cn/a", "title": "会议"} and renamed["meta"] == {}
    assert gbk["meta"] == {"encoding": "gb18030", "tags": ["教育", 3], "deep": {"k": None, "x": 1.5}}
    assert no_id["meta"] == {"id_from": "position (no id field)"} and gbk["removed_chars"] == 7

    # The files as any reader sees them: JSONL objects; Parquet columns of the same names and types, meta JSON.
    assert read_jsonl(paths["jsonl"]) == rows["jsonl"]
    table = pq.read_table(paths["parquet"])
    assert table.column_names == list(DOCUMENT_FIELDS)
    types = {field.name: str(field.type) for field in table.schema}
    assert types == {
        "id": "string", "text": "string", "source": "string", "removed_chars": "int64",
        "original_id": "string", "meta": "extension<arrow.json>",
    }  # fmt: skip
    assert [{**row, "meta": orjson.loads(row["meta"])} for row in table.to_pylist()] == rows["jsonl"]


# dropped.jsonl: the shards' ledgers copied as bytes (issue 10) ---------------------------------------------------

ODD_TEXTS = [
    'a "quoted" \\ back\\slash / slash',
    "controls \x00\x01\x1f\x7f\t tab\r return",
    "line\u2028separator\u2029paragraph, BOM \ufeff, zero width \u200b",
    "astral 𝔍💃 and CJK 今年县教育局, combining é",
    "</script><!-- -->",
    "",
]


def old_ledger(shards: list[FinishedShard], duplicates: list[dict]) -> bytes:
    """dropped.jsonl as the write stage made it before issue 10: each shard's ledger parsed and serialised
    again row by row (JsonlWriter.write), then that shard's documents dropped as duplicates."""
    from flows.outputs import _dedup_removal, iter_kept, unique_ids

    out, drop_ids, renames = [], {d["id"]: d for d in duplicates}, unique_ids(shards)
    for shard in sorted(shards, key=lambda s: s.index):
        out += [orjson.dumps(orjson.loads(raw)) + b"\n" for raw in shard.dropped.read_bytes().splitlines()]
        out += [
            orjson.dumps(_dedup_removal(row, drop_ids[row["id"]])) + b"\n"
            for row in iter_kept(shard, renames.get(shard.index, {}))
            if row["id"] in drop_ids
        ]
    return b"".join(out)


def test_dropped_jsonl_holds_the_bytes_the_row_by_row_rewrite_gave(tmp_path):
    from cleaners import Removal

    work = tmp_path / "work"
    work.mkdir()
    shards = []
    for index in (1, 0):  # out of order: written in shard order
        removals = [
            Removal(f"doc-{index}-{i}", i, kind, f"cleaner_{i % 3}", f"reason {text!r}", text)
            for i, text in enumerate(ODD_TEXTS)
            for kind in ("line", "span", "document")
        ]
        dropped = work / f"dropped-{index:05d}.jsonl"
        dropped.write_bytes(b"".join(orjson.dumps(r.to_dict()) + b"\n" for r in removals))  # as finish_shard
        kept = [{"id": "a", "text": TEXT + ODD_TEXTS[index], "source": "/in/a", "removed_chars": 1}]
        kept.append({"id": f"k{index}", "text": ODD_TEXTS[2], "source": "/in/k", "removed_chars": 0})
        (work / f"kept-{index:05d}.jsonl").write_bytes(b"".join(jsonl_line(document_row(r)) for r in kept))
        shards.append(FinishedShard(index, work / f"kept-{index:05d}.jsonl", dropped, ShardStats(), ["a", f"k{index}"]))
    (work / "dropped-00001.jsonl").write_bytes(b"")  # a shard that dropped nothing: its ledger is empty
    duplicates = [{"id": "a#2", "duplicate_of": "a", "similarity": 0.91, "relation": "near-duplicate"},
                  {"id": "k0", "duplicate_of": "k1", "similarity": 1.0, "relation": "exact"}]  # fmt: skip
    report: dict = {"documents": {}, "timings": {}}
    write_outputs(tmp_path / "out", "jsonl", shards, duplicates, report, time.perf_counter())
    written = (tmp_path / "out" / "dropped.jsonl").read_bytes()
    assert written == old_ledger(shards, duplicates)
    rows = [orjson.loads(line) for line in written.splitlines()]
    assert len(rows) == 3 * len(ODD_TEXTS) + 2 and rows[0]["doc_id"] == "doc-0-0"
    assert [r["doc_id"] for r in rows if r["cleaner"] == "dedup"] == ["k0", "a#2"]
    assert not list(tmp_path.glob(".out.*"))  # written beside OUTDIR, then swapped in: nothing left


# documents.jsonl: the shards' kept files copied as bytes, only renamed and duplicate rows rewritten (issue 10) -------

ODD_META = {  # input fields kept under meta, with values JSON has no type for (a Parquet input's): str()'d
    "url": "http://example.cn/a?q=\"x\"&y=\u2028", "title": "会议 𝔍💃", "original_id": "from the input",
    "n": 2**64 - 1, "neg": -(2**63), "f": 0.1 + 0.2, "tiny": 1.5e-7, "nan": float("nan"), "z": -0.0,
    "when": datetime.datetime(2020, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC), "day": datetime.date(2020, 1, 2),
    "dec": decimal.Decimal("1.10"), "raw": b"ab\x00", "tags": ("教育", 3, None, True), "deep": {"k": [{"x": "\ufeff"}]},
}  # fmt: skip


def _flat(doc_id: str, text: str, meta: dict | None = None) -> dict:
    """A kept document as finish_shard builds it: the input's other fields beside ours."""
    return {**(meta or {}), "id": doc_id, "text": text, "source": f"/in/{doc_id}.jsonl", "removed_chars": len(text) % 7}


CASES = {  # shards of kept documents (in input order), and the ids (final, after renaming) the dedup stage drops
    "one-shard-nothing-to-change": ([[_flat(f"d{i}", TEXT + str(i)) for i in range(5)]], []),
    "ids-repeat-across-shards": ([[_flat("a", TEXT), _flat("b", TEXT)], [_flat("a", "二"), _flat("c", "三")],
                                  [_flat("a", "四"), _flat("b", "五")]], []),
    "ids-repeat-in-a-shard-first-and-last-rows": ([[_flat("x", "1"), _flat("y", "2"), _flat("x", "3")],
                                                   [_flat("x", "4")]], []),
    "duplicates-first-middle-last": ([[_flat(f"d{i}", TEXT + str(i)) for i in range(6)]], ["d0", "d3", "d5"]),
    "every-document-a-duplicate": ([[_flat("p", "1"), _flat("q", "2")], [_flat("r", "3")]], ["p", "q", "r"]),
    "renamed-duplicates-and-renamed-survivors": ([[_flat("a", "1"), _flat("a", "2"), _flat("a", "3")],
                                                  [_flat("a", "4"), _flat("b", "5")]], ["a#2", "a#4", "b"]),
    "duplicate-named-by-original-id-only": ([[_flat("a", "1")], [_flat("a", "2")]], ["a"]),
    "odd-characters-and-meta": ([[_flat(f"o{i}", t, ODD_META) for i, t in enumerate(ODD_TEXTS)],
                                 [_flat("o1", ODD_TEXTS[1], ODD_META), _flat("o9", ODD_TEXTS[3], {"id_from": "x"})]],
                                ["o2", "o1#2"]),
    "empty-shards": ([[], [_flat("a", "1"), _flat("a", "2")], []], ["a"]),
}  # fmt: skip


def _old_documents(flat_files: list[Path], ids: list[list[str]], duplicates: list[dict], fmt: str, out: Path) -> Path:
    """documents.* as the write stage made them before this change: the kept files held flat rows (the input's
    fields beside ours, orjson.dumps(row, default=str)); each was parsed, renamed, mapped to document_row and
    written row by row, a duplicate's removal going to the ledger instead."""
    from flows.io import document_writer
    from flows.outputs import unique_ids

    shards = [FinishedShard(i, f, f, ShardStats(), ids[i]) for i, f in enumerate(flat_files)]
    renames, drop_ids = unique_ids(shards), {d["id"] for d in duplicates}
    out.mkdir()
    name, writer = document_writer(out, fmt)
    for shard in shards:
        for position, raw in enumerate(shard.kept.read_bytes().splitlines()):
            row = orjson.loads(raw)
            new_id = renames.get(shard.index, {}).get(position)
            if new_id is not None:
                row["original_id"], row["id"] = row["id"], new_id
            if row["id"] not in drop_ids:
                writer.write(document_row(row))
    writer.close()
    return out / name


def _kept_shards(tmp_path: Path, case: list[list[dict]], sizes: bool) -> tuple[list[Path], list[FinishedShard]]:
    work = tmp_path / "work"
    work.mkdir()
    flat_files, shards = [], []
    for index, rows in enumerate(case):
        flat = work / f"flat-{index:05d}.jsonl"
        flat.write_bytes(b"".join(orjson.dumps(row, default=str) + b"\n" for row in rows))  # the old kept file
        flat_files.append(flat)
        lines = [jsonl_line(document_row(row)) for row in rows]  # the new one, as finish_shard writes it
        (work / f"kept-{index:05d}.jsonl").write_bytes(b"".join(lines))
        (work / f"dropped-{index:05d}.jsonl").write_bytes(b"")
        shards.append(FinishedShard(index, work / f"kept-{index:05d}.jsonl", work / f"dropped-{index:05d}.jsonl",
                                    ShardStats(), [row["id"] for row in rows], array("Q", map(len, lines)) if sizes else None))  # fmt: skip
    return flat_files, shards


@pytest.mark.parametrize("sizes", [True, False], ids=["row-lengths-from-the-done-file", "rows-found-by-newlines"])
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_documents_jsonl_holds_the_bytes_the_row_by_row_rewrite_gave(tmp_path, case, sizes):
    rows, drop = CASES[case]
    flat_files, shards = _kept_shards(tmp_path, rows, sizes)
    duplicates = [{"id": i, "duplicate_of": "z", "similarity": 1.0, "relation": "exact"} for i in drop]
    old = _old_documents(flat_files, [s.ids for s in shards], duplicates, "jsonl", tmp_path / "old")
    report: dict = {"documents": {}, "timings": {}}
    write_outputs(tmp_path / "out", "jsonl", shards[::-1], duplicates, report, time.perf_counter())
    written = (tmp_path / "out" / "documents.jsonl").read_bytes()
    assert written == old.read_bytes()
    assert (tmp_path / "out" / "dropped.jsonl").read_bytes() == old_ledger(shards, duplicates)
    kept = [orjson.loads(line) for line in written.splitlines()]
    assert len(kept) == sum(map(len, rows)) - len(drop)
    assert len({row["id"] for row in kept}) == len(kept)  # unique ids


@pytest.mark.parametrize("fmt", ["jsonl.zst", "parquet"])
@pytest.mark.parametrize("case", ["renamed-duplicates-and-renamed-survivors", "odd-characters-and-meta"])
def test_the_other_formats_hold_the_documents_the_row_by_row_rewrite_gave(tmp_path, case, fmt):
    """.jsonl.zst: the kept bytes compressed (the same decompressed bytes); .parquet: rows parsed and written."""
    rows, drop = CASES[case]
    flat_files, shards = _kept_shards(tmp_path, rows, True)
    duplicates = [{"id": i, "duplicate_of": "z", "similarity": 1.0, "relation": "exact"} for i in drop]
    old = _old_documents(flat_files, [s.ids for s in shards], duplicates, fmt, tmp_path / "old")
    report: dict = {"documents": {}, "timings": {}}
    write_outputs(tmp_path / "out", fmt, shards, duplicates, report, time.perf_counter())
    new = tmp_path / "out" / report["outputs"]["documents"]
    if fmt == "parquet":
        assert pq.read_table(new).equals(pq.read_table(old))
    else:
        unzst = zstandard.ZstdDecompressor()
        assert unzst.decompressobj().decompress(new.read_bytes()) == unzst.decompressobj().decompress(old.read_bytes())
    assert (tmp_path / "out" / "dropped.jsonl").read_bytes() == old_ledger(shards, duplicates)


def _refuse(*args):
    raise OSError(errno.EXDEV, "Invalid cross-device link")


def _copy_nothing(*args):
    return 0


@pytest.mark.parametrize(
    "kernel_copy",
    [pytest.param(_refuse, id="refused-across-devices"), pytest.param(_copy_nothing, id="copies-nothing-fuse-like")],
)
def test_kept_rows_copied_by_read_and_write_where_the_kernel_will_not_copy(tmp_path, monkeypatch, kernel_copy):
    """copy_file_range refused (another file system, an old kernel) or copying nothing (some FUSE and network
    file systems): the same bytes, copied through Python."""
    monkeypatch.setattr(os, "copy_file_range", kernel_copy)
    rows, drop = CASES["renamed-duplicates-and-renamed-survivors"]
    flat_files, shards = _kept_shards(tmp_path, rows, True)
    duplicates = [{"id": i, "duplicate_of": "z", "similarity": 1.0, "relation": "exact"} for i in drop]
    old = _old_documents(flat_files, [s.ids for s in shards], duplicates, "jsonl", tmp_path / "old")
    write_outputs(tmp_path / "out", "jsonl", shards, duplicates, {"documents": {}, "timings": {}}, 0.0)
    assert (tmp_path / "out" / "documents.jsonl").read_bytes() == old.read_bytes()


def test_a_kept_file_that_does_not_match_its_done_file_stops_the_write(tmp_path):
    rows, _ = CASES["ids-repeat-across-shards"]
    _, shards = _kept_shards(tmp_path, rows, True)
    with open(shards[1].kept, "ab") as fh:
        fh.write(b"{}\n")  # a row the done-file does not know
    with pytest.raises(RuntimeError, match="the shard records 2 ids"):
        write_outputs(tmp_path / "out", "jsonl", shards, [], {"documents": {}, "timings": {}}, 0.0)
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.*"))


def test_finish_shard_writes_final_rows_and_their_lengths_before_its_done_file(tmp_path):
    """The kept file holds documents.jsonl's rows; the done-file their ids and byte lengths; a resumed shard
    (done-file there) gives the same."""
    path = tmp_path / "docs.jsonl"
    records = [{"id": "a", "text": TEXT, "url": "u\u2028", "n": 1}, {"id": "a", "text": TEXT + "二", "title": "𝔍"}]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    cfg, spec, work, finished = _finish_one_shard(path, tmp_path)
    assert finished.sample_path.exists()  # the UI's sample, saved before the done-file
    lines = finished.kept.read_bytes().splitlines(keepends=True)
    assert list(finished.sizes) == [len(line) for line in lines] and finished.ids == ["a", "a"]
    rows = [orjson.loads(line) for line in lines]
    assert all(list(row) == list(DOCUMENT_FIELDS) for row in rows)
    assert [jsonl_line(row) for row in rows] == lines  # what JsonlWriter.write writes of each
    assert [row["meta"] for row in rows] == [{"url": "u\u2028", "n": 1}, {"title": "𝔍"}]
    again = finish_shard(spec.index, cfg, work, set())
    assert (again.ids, list(again.sizes)) == (finished.ids, list(finished.sizes))
