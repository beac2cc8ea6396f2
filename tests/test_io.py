"""Readers carry a record's other fields (url, title…) through to documents.jsonl."""

from __future__ import annotations

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from cleaners import load_config
from flows.io import ReadContext, discover, plan_shards, read_shard
from flows.shards import finish_shard, prepare_shard

TEXT = "区教育局召开全区教育工作会议,部署新学期重点任务,要求各校落实课后服务和安全管理责任。"


def _kept_rows(path, tmp_path):
    cfg = load_config()
    spec = plan_shards(discover([str(path)]), 100, 1 << 30)[0]
    work = tmp_path / "work"
    work.mkdir()
    prepare_shard(spec, cfg, work)
    finished = finish_shard(spec.index, cfg, work, set())
    return [orjson.loads(line) for line in finished.kept.read_bytes().splitlines()]


def test_jsonl_extra_fields_are_kept(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(orjson.dumps({"id": "a", "text": TEXT, "url": "http://example.cn/a", "title": "会议"}) + b"\n")
    [row] = _kept_rows(path, tmp_path)
    assert (row["id"], row["url"], row["title"], row["text"]) == ("a", "http://example.cn/a", "会议", TEXT)


def test_parquet_extra_columns_are_kept_and_ours_win(tmp_path):
    path = tmp_path / "docs.parquet"
    table = pa.Table.from_pylist([{"id": "p1", "text": TEXT, "url": "http://example.cn/p1", "source": "spoofed"}])
    pq.write_table(table, path)
    [row] = _kept_rows(path, tmp_path)
    assert row["url"] == "http://example.cn/p1"
    assert row["source"] == str(path)  # the input file, not a field of the record


def test_reader_meta_without_id_names_the_position(tmp_path):
    path = tmp_path / "noid.jsonl"
    path.write_bytes(orjson.dumps({"text": TEXT}) + b"\n")
    ctx = ReadContext("id", "text", 1000)
    [doc] = list(read_shard(plan_shards(discover([str(path)]), 10, 1 << 30)[0], ctx))
    assert doc.id == "noid.jsonl@0" and doc.meta == {"id_from": "position (no id field)"}
