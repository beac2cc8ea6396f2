"""The artifacts a flow run publishes, read back from a real Prefect server through the Prefect client."""

from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from markdown_it import MarkdownIt

from flows.artifacts import (
    DOC_CELL,
    HARD_BREAK,
    LEDGER_KEY,
    REASON_CELL,
    RULE_CELL,
    TEXT_CELL,
    artifact_key,
    display_units,
    dropped_key,
    md_cell,
    md_literal,
    split_reason,
    table_row,
    text_cell,
)
from tests.conftest import SEEDS
from tests.seed_run import SAMPLE_ROWS, SeedRun, seed_run

# Seed noise lines and the cleaner that must list them (verbatim lines of the seed files).
NOISE = [
    ("watermark", "000_8a9076920fd3a3a0", "备案号:鲁ICP备2024069028号-1 客服联系 QQ:2149211541"),
    ("page_markers", "000_8a9076920fd3a3a0", "1 / 28"),
    (
        "pinyin_spam",
        "002_71f7a3fe08d2f94d",
        "(yi)zhongzhuadangjianxuanchuanjiguannianxingzhuang,bazhengjinzhanhangdao",
    ),
]


@pytest.fixture(scope="module")
def run(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> SeedRun:
    return seed_run(prefect_server, tmp_path_factory.mktemp("seed-run"))


@pytest.fixture(scope="module")
def artifacts(prefect_server: str, run: SeedRun) -> dict[str, Any]:
    """The run's artifacts by key, read through the Prefect client with a filter on the flow run."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    only_this_run = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.flow_run_id]))
    with temporary_settings({PREFECT_API_URL: prefect_server}), get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=only_this_run)
    by_key = {a.key: a for a in found}
    assert len(by_key) == len(found), f"one artifact per key expected: {[a.key for a in found]}"
    return by_key


def _table(artifacts: dict[str, Any], cleaner: str) -> list[dict[str, Any]]:
    data = artifacts[dropped_key(cleaner)].data
    return json.loads(data) if isinstance(data, str) else data


def _seed_line_no(doc_id: str, text: str) -> int:
    lines = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()
    return lines.index(text) + 1


def test_keys_follow_prefect_rules_and_cover_every_cleaner_that_dropped_something(run, artifacts):
    cleaners = {r["cleaner"] for r in run.dropped()} - {"dedup"}
    expected = {dropped_key(c) for c in cleaners} | {
        "zhclean-summary",
        "zhclean-dropped-jsonl",
        "zhclean-duplicate-pairs",
        "zhclean-shard-progress",
    }
    assert set(artifacts) == expected
    assert all(re.fullmatch(r"[a-z0-9-]+", key) for key in artifacts)
    assert dropped_key("learned_boilerplate") == "zhclean-dropped-learned-boilerplate"
    assert artifact_key("Dedup", "LSH_index") == "zhclean-dedup-lsh-index"


def _cell(text: str) -> str:
    return md_cell([(text, False)], DOC_CELL)


@pytest.mark.parametrize(("cleaner", "doc_id", "text"), NOISE, ids=[c for c, _, _ in NOISE])
def test_seed_noise_line_is_listed_under_its_cleaner(artifacts, cleaner: str, doc_id: str, text: str):
    shown = text_cell({"kind": "line", "text": text}, None)
    rows = [r for r in _table(artifacts, cleaner) if r["text"] == shown]
    assert rows, f"{text!r} not in the {cleaner} table: {[r['text'] for r in _table(artifacts, cleaner)]}"
    assert rows[0]["doc"] == _cell(doc_id)
    assert rows[0]["line"] == _seed_line_no(doc_id, text)
    assert rows[0]["kind"] == "line" and rows[0]["reason"]
    others = [k for k, a in artifacts.items() if a.type == "table" and k != dropped_key(cleaner)]
    assert not [k for k in others if json.dumps(shown) in str(artifacts[k].data)], (
        "listed under another cleaner"
    )


def test_tables_hold_the_first_rows_of_the_ledger_capped_with_the_total_stated(run, artifacts):
    ledger = [r for r in run.dropped() if r["cleaner"] != "dedup"]
    totals = Counter(r["cleaner"] for r in ledger)
    assert max(totals.values()) > SAMPLE_ROWS, "the seeds no longer exercise the cap"
    for cleaner, total in totals.items():
        rows = _table(artifacts, cleaner)
        first = [(_cell(r["doc_id"]), r["line_no"]) for r in ledger if r["cleaner"] == cleaner][:SAMPLE_ROWS]
        assert [(r["doc"], r["line"]) for r in rows] == first, cleaner
        description = artifacts[dropped_key(cleaner)].description
        assert f"dropped **{total}**" in description and f"first {len(rows)} of {total}" in description


_MD = MarkdownIt("commonmark").enable("strikethrough")  # the UI's markdown has GFM strikethrough


def _lines(cell: str) -> list[str]:
    """A cell as the UI shows it: its lines of plain text (struck text between ~~ marks)."""
    rendered = _MD.render(cell).replace("<s>", "~~").replace("</s>", "~~")
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1, rendered  # one paragraph, no block
    return [html.unescape(re.sub(r"<[^>]+>", "", line)).strip() for line in re.split(r"<br />", rendered)]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_reason_in_words_then_the_rule_and_the_kind(run, artifacts):
    """Issue 9 item 12: the reason column held `site chrome (…): /^\\s*(?:…)/`, the regex first to read."""
    rows = {r["line"]: r for r in _table(artifacts, "watermark") if r["doc"] == _cell(NOISE[0][1])}
    row = rows[_seed_line_no(NOISE[0][1], NOISE[0][2])]
    ledger = next(r for r in run.dropped() if r["cleaner"] == "watermark" and r["text"] == NOISE[0][2])
    why, rule = ledger["reason"].split(": /", 1)
    assert (
        _squeeze(" ".join(_lines(row["reason"])))
        == _squeeze(why)
        == _squeeze("site chrome (copyright and filing footers (any site))")
    )
    shown_rule = "".join(_lines(row["rule"]))  # the regex, cut short: dropped.jsonl has all of it
    assert shown_rule.startswith("/") and _squeeze("/" + rule).startswith(_squeeze(shown_rule.rstrip("…")))
    assert row["kind"] == "line"
    assert list(row) == ["doc", "line", "kind", "reason", "rule", "text"]


@pytest.mark.parametrize("cleaner", ["junk_chars", "page_markers"])
def test_a_removed_span_is_shown_between_the_words_around_it(run, artifacts, cleaner: str):
    """`…今年【~~𝔍~~】县教育局…`: the span struck through, in its line as the original document has it."""
    rows = [r for r in _table(artifacts, cleaner) if r["kind"] == "span"]
    assert rows, f"no span in the {cleaner} table"
    for row in rows:
        shown = "".join(_lines(row["text"]))
        m = re.fullmatch(r"…?(.*?)【~~(.+?)~~】(.*?)…?", shown.replace("~~~~", ""))
        assert m, shown
        before, span, after = m.groups()
        assert before or after, f"no context: {shown}"
        line = (SEEDS / f"{row['doc']}.txt").read_text(encoding="utf-8").splitlines()[row["line"] - 1]
        assert before + span + after in line, (shown, line)


def test_the_ledger_is_named_with_how_to_read_it_and_no_file_link(run, artifacts):
    """A browser opens no file:// link from an http page: the ledger artifact states the path and the
    commands, and every table links to it (an http link into the UI, which opens)."""
    ledger = artifacts[LEDGER_KEY]
    assert ledger.type == "markdown"
    assert str(run.out / "dropped.jsonl") in ledger.data and "zhclean explain" in ledger.data
    assert "grep -F" in ledger.data
    assert not [k for k, a in artifacts.items() if "file:///" in f"{a.data} {a.description}"]  # no file URL
    for key, artifact in artifacts.items():
        if key.startswith("zhclean-dropped-") and key != LEDGER_KEY:
            assert f"[{LEDGER_KEY}](" in artifact.description, key
            assert f"/artifacts/artifact/{ledger.id})" in artifact.description, key
            assert str(run.out / "dropped.jsonl") in artifact.description, key


def _md_rows(markdown: str) -> dict[str, list[str]]:
    """Markdown table rows by their first cell (a link's text when the cell is a link)."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]
            rows[re.sub(r"^\[(.*?)\]\(.*\)$", r"\1", cells[0])] = cells[1:]
    return rows


def test_summary_numbers_match_report_json(run, artifacts):
    rows = _md_rows(artifacts["zhclean-summary"].data)
    docs = run.report["documents"]
    assert rows["in"][0] == str(docs["in"])
    assert rows["kept (written)"][0] == str(docs["out"])
    assert rows["dropped as duplicates"][0] == str(docs["dropped_as_duplicates"])
    removed = run.report["characters"]["removed_by_cleaner"]
    assert removed, "the seeds lost no characters?"
    for cleaner, chars in removed.items():
        lines = run.report["lines_removed_by_cleaner"].get(cleaner, 0)
        spans = run.report["spans_removed_by_cleaner"].get(cleaner, 0)
        assert rows[cleaner][:3] == [str(lines), str(spans), str(chars)], cleaner
    assert rows["total"][0] == f"{run.report['timings']['stage_seconds']['total']:.2f}"


def test_summary_links_each_cleaner_to_this_runs_table(artifacts):
    summary = artifacts["zhclean-summary"].data
    table = artifacts[dropped_key("watermark")]
    assert "[watermark](" in summary and f"/artifacts/artifact/{table.id})" in summary


def test_duplicates_and_progress(run, artifacts):
    duplicates = (run.out / "duplicates.jsonl").read_bytes().splitlines()
    pairs = json.loads(artifacts["zhclean-duplicate-pairs"].data)
    assert len(pairs) == min(len(duplicates), SAMPLE_ROWS)
    assert (
        f"**{len(duplicates)}** documents dropped as duplicates"
        in artifacts["zhclean-duplicate-pairs"].description
    )
    for pair, raw in zip(pairs, duplicates, strict=False):
        dup = orjson.loads(raw)
        assert pair["dropped id"] == md_literal(dup["id"]) and pair["similarity"] == round(
            dup["similarity"], 4
        )
    assert float(artifacts["zhclean-shard-progress"].data) == 100.0


@pytest.mark.parametrize(
    "text",
    [
        r"site chrome (copyright and filing footers (any site)): /^\s*(?:©|\(c\)|copyright\b|版权所有)/",
        "**注意** 下载_文档_ [链接](http://x) <b>粗</b> `code` ~~删~~ &amp; | 竖线",
        "1. 第一条",
        "- 列表",
        "# 标题",
        "> 引用",
        "    缩进的行",
        "第一行\n第二行",
        "=====",
        "2/28",
    ],
)
def test_md_literal_renders_as_the_text_itself(text: str):
    rendered = MarkdownIt("commonmark").render(md_literal(text))
    assert rendered.startswith("<p>"), rendered  # one paragraph: no list, heading, quote or code block
    plain = html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
    assert plain == " ".join(line.strip() for line in text.splitlines()).strip()
    assert "<em>" not in rendered and "<strong>" not in rendered and "<a " not in rendered


def test_ledger_sampling_streams_in_shard_order(tmp_path: Path):
    from flows.dropped import sample_dropped

    paths = []
    for shard in range(3):
        path = tmp_path / f"dropped-{shard}.jsonl"
        rows = [
            {
                "doc_id": f"d{shard}",
                "line_no": i,
                "kind": "line",
                "cleaner": "c",
                "reason": f"r ({i})",
                "text": "x",
            }
            for i in range(4)
        ]
        path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
        paths.append(path)
    sample = sample_dropped(iter(paths), 5)
    assert sample.totals["c"] == 12
    assert [(r["doc_id"], r["line_no"]) for r in sample.rows["c"]] == [("d0", i) for i in range(4)] + [
        ("d1", 0)
    ]
    assert sample.shard_of["c"] == [0, 0, 0, 0, 1]
    assert sample.top_reasons("c") == [("c", "r (N)", 12)]


def test_reason_counts_stay_bounded_and_sum_to_the_total(monkeypatch):
    import flows.dropped as dropped

    monkeypatch.setattr(dropped, "MAX_RAW_REASONS", 3)
    monkeypatch.setattr(dropped, "MAX_REASONS", 2)
    sample = dropped.DroppedSample(limit=1)
    for i in range(10):
        reason = f"pattern {'abcdefghij'[i]} ({i}/9)"
        sample.add(
            {"doc_id": "d", "line_no": i, "kind": "span", "cleaner": "c", "reason": reason, "text": "x"}
        )
    assert len(sample.raw) == 3 and len(sample.overflow) == 3  # 2 groups + "(other reasons)"
    assert sum(sample.grouped.values()) == sample.totals["c"] == 10
    assert ("c", "(other reasons)", 5) in sample.top_reasons("c")
    assert len(sample.rows["c"]) == 1


def _ledger(shards: int, rows: int, seed: int = 7) -> list[list[dict[str, Any]]]:
    """Rows of a ledger split into shards: 3 cleaners, reasons in 12 groups of up to 9 spellings each."""
    rng = random.Random(seed)
    return [
        [
            {
                "doc_id": f"d{shard}-{i // 4}",
                "line_no": i % 4,
                "kind": rng.choice(("line", "span", "document")),
                "cleaner": (cleaner := rng.choice("abc")),
                "reason": f"{cleaner} pattern {'klmnopqrstuv'[rng.randrange(12)]} ({rng.randrange(9)}/9)",
                "text": f"x{i}",
            }
            for i in range(rows)
        ]
        for shard in range(shards)
    ]


def _distinct(rows: list[dict[str, Any]]) -> int:
    return len({(r["cleaner"], r["reason"]) for r in rows})


@pytest.mark.parametrize(
    "caps",
    [
        "under the caps",
        "over the run's raw cap, each shard under it",
        "over a shard's raw cap, under the group cap",
        "over both caps",
    ],
)
def test_merged_shard_samples_equal_the_sample_of_the_whole_ledger(monkeypatch, caps: str):
    """The flow merges the samples each shard built (flows.shards.finish_shard) instead of reading every
    ledger row again: the tables and counts must be those of one pass over the ledger in shard order."""
    import flows.dropped as dropped

    shards = _ledger(shards=5, rows=150)
    every = [row for rows in shards for row in rows]
    max_raw, max_groups = {
        "under the caps": (10**6, 10**6),
        "over the run's raw cap, each shard under it": (max(map(_distinct, shards)), 10**6),
        "over a shard's raw cap, under the group cap": (20, 10**6),
        "over both caps": (20, 8),
    }[caps]
    monkeypatch.setattr(dropped, "MAX_RAW_REASONS", max_raw)
    monkeypatch.setattr(dropped, "MAX_REASONS", max_groups)

    def whole() -> dropped.DroppedSample:
        sample = dropped.DroppedSample(limit=70)
        for index, rows in enumerate(shards):
            for row in rows:
                sample.add(row, index)
        return sample

    def per_shard() -> list[dropped.DroppedSample]:
        out = []
        for index, rows in enumerate(shards):
            sample = dropped.DroppedSample(limit=70)
            for row in rows:
                sample.add(row, index)
            out.append(sample)
        return out

    sequential, merged = whole(), dropped.merge_samples(per_shard(), 70)
    # the tables: the first 70 rows of each cleaner in shard order, several shards deep, and the totals
    assert merged.rows == sequential.rows and merged.shard_of == sequential.shard_of
    assert list(merged.rows) == list(sequential.rows)  # cleaners in the order they first dropped something
    assert max(max(s) for s in merged.shard_of.values()) >= 1
    assert merged.totals == sequential.totals == Counter(r["cleaner"] for r in every)
    assert sum(merged.grouped.values()) == len(every)
    if caps == "over both caps":
        others = {c for c, g in merged.grouped if g == dropped.OTHER_REASONS}
        assert others and {c for c, g in sequential.grouped if g == dropped.OTHER_REASONS}
        assert len(merged.overflow) <= max_groups + 3  # bounded: the capped groups + one "(other)" a cleaner
        again = dropped.merge_samples(per_shard(), 70)
        assert again.grouped == merged.grouped and list(again.overflow) == list(merged.overflow)  # determined
        return
    assert merged.grouped == sequential.grouped
    assert merged.top_reasons() == sequential.top_reasons()
    if caps == "over a shard's raw cap, under the group cap":
        assert max(map(_distinct, shards)) > max_raw
        return
    # no shard alone past the raw cap: the very same counters, as written and grouped
    assert merged.raw == sequential.raw and merged.overflow == sequential.overflow
    assert bool(sequential.overflow) == (caps != "under the caps")


def test_a_shard_sample_is_saved_whole_and_loads_back(tmp_path: Path):
    from flows.dropped import DroppedSample

    [rows] = _ledger(shards=1, rows=40)
    sample = DroppedSample(limit=5)
    for row in rows:
        sample.add(row, 3)
    sample.top_reasons()  # a cached view is not saved with it
    path = tmp_path / "dropped-00003.sample"
    sample.save(path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left
    loaded = DroppedSample.load(path)
    assert "grouped" not in vars(loaded)
    assert (loaded.rows, loaded.shard_of, loaded.totals, loaded.raw) == (
        sample.rows,
        sample.shard_of,
        sample.totals,
        sample.raw,
    )


def test_split_reason():
    assert split_reason(r"site chrome (repost notices): /^\s*(?:转载请注明|转载请保留)/") == (
        "site chrome (repost notices)",
        r"/^\s*(?:转载请注明|转载请保留)/",
    )
    assert split_reason("line classifier: p(noise)=0.93 (lexical score +1.01, short line +0.40)") == (
        "line classifier: p(noise)=0.93",
        "lexical score +1.01, short line +0.40",
    )
    assert split_reason("pinyin spam line (63/63 letters are pinyin)") == (
        "pinyin spam line (63/63 letters are pinyin)",
        "",
    )


WORST = {  # cells as long and as wide as they come
    "doc_id": "https://www.example.com/2023/05/01/a-very-long-article-path-name.html",
    "line_no": 123456,
    "kind": "document",
    "cleaner": "watermark",
    "reason": "site chrome (copyright and filing footers (any site)): /^\\s*(?:©|\\(c\\)|copyright\\b|版权所有)/",
    "text": "WWWWMMMMmmmmwwww" * 4 + "备案号:鲁ICP备2024069028号-1 客服联系 QQ:2149211541" * 3,
}


@pytest.mark.parametrize(
    "row",
    [
        WORST,
        {**WORST, "text": "版" * 200},
        {**WORST, "kind": "span", "text": "点击关注,了解更多" * 5},
        {**WORST, "reason": "line classifier: p(noise)=0.93 (" + "lexical score +1.01, " * 20 + ")"},
    ],
)
def test_dropped_table_cells_stay_within_their_width(row: dict):
    """Issue 9 item 12: the UI draws a cell on one line per hard break, as wide as its widest line (a
    1,579 px table in an 834 px pane). Every cell keeps to its width in display units and its lines."""
    context = ("今年𝔍县教育局WWWWWWWWWWWWWW", "成立局机关党委mmmmmmmmmmmmmmmm")
    cells = table_row(row, context if row["kind"] == "span" else None)
    for column, (width, max_lines) in {
        "doc": DOC_CELL,
        "reason": REASON_CELL,
        "rule": RULE_CELL,
        "text": TEXT_CELL,
    }.items():
        lines = _lines(cells[column])
        assert len(lines) <= max_lines, (column, lines)
        for line in lines:
            assert sum(display_units(ch) for ch in line.replace("~~", "")) <= width, (column, line)
    assert cells["kind"] == row["kind"] and cells["line"] == 123456


def test_md_cell_wraps_without_losing_or_changing_a_character():
    text = "转载请注明地址:http://www.yingxianglia.com/yxlsj/18 **注意** - 1. #标题 <b>`x`</b> a_b _c_ |"
    cell = md_cell([(text, False)], (20, 20))
    assert HARD_BREAK in cell
    lines = _lines(cell)
    assert _squeeze("".join(lines)) == _squeeze(text)
    assert all(len(line) > 0 for line in lines)
    struck = md_cell([("前文", False), (" 删掉的 ", True), ("后文", False)], (40, 1))
    assert _lines(struck) == ["前文 ~~删掉的~~ 后文"]


def test_a_span_whose_place_is_unknown_is_shown_alone():
    assert _lines(text_cell({"kind": "span", "text": "💃"}, None)) == ["【~~💃~~】"]
    long = text_cell({"kind": "span", "text": "点击关注了解更多" * 4}, ("前" * 30, "后" * 30))
    shown = "".join(_lines(long))
    assert shown.startswith("…" + "前" * 10 + "【~~") and shown.endswith("~~】" + "后" * 10 + "…"), shown


# ---- README claims outside the UI section (issue 9 item 13); the UI section: tests/test_ui_browser.py ----

README = (SEEDS.parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_iter_corpus_call_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The README showed `iter_corpus(corpus)` beside shell examples naming the corpus `corpus/`: a string
    there is a TypeError (it takes a Path). Its call, run as written, reads the newest version of each id."""
    import flows.refresh

    call = re.search(r"`(flows\.refresh\.iter_corpus\([^`]*\))`", README)
    assert call, "the README no longer shows an iter_corpus call"
    manifest = {**flows.refresh.empty_manifest(), "shards": [{"name": "part-00000"}, {"name": "part-00001"}]}
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "manifest.json").write_bytes(orjson.dumps(manifest))
    for name, docs in [("part-00000", ["a", "b"]), ("part-00001", ["a"])]:
        shard = tmp_path / "corpus" / "shards" / name
        shard.mkdir(parents=True)
        rows = [{"id": doc, "text": f"{doc} of {name}"} for doc in docs]
        (shard / "documents.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    monkeypatch.chdir(tmp_path)
    names = {"flows": flows, "Path": Path, "corpus": "corpus"}  # `corpus` as the shell examples name it
    rows = list(eval(call[1], names))  # noqa: S307 - the README's own expression
    assert [(r["id"], r["text"]) for r in rows] == [("a", "a of part-00001"), ("b", "b of part-00000")]


def test_the_readme_says_what_dedup_verification_is_with_the_default_figures():
    """'each verified before anything is dropped' read as a check of the texts; it is an estimate from the
    MinHash signatures (cleaners/dedup/engine.py verify), with the thresholds of the default config."""
    from cleaners import load_config

    section = README.split("## Near-duplicate removal", 1)[1].split("\n## ", 1)[0]
    paragraph = " ".join(section.strip().split("\n\n", 1)[0].split())
    dedup = load_config(None)["dedup"]
    assert f"{dedup['bands']} bands x {dedup['rows']} rows" in paragraph
    assert "not by comparing their texts" in paragraph
    near = re.search(r"estimated Jaccard similarity ≥ ([\d.]+) of their (\d+)-gram sets", paragraph)
    assert near and float(near[1]) == dedup["threshold"] and int(near[2]) == dedup["shingle_size"], paragraph
    contained = re.search(r"an estimated ≥ ([\d.]+) of the shorter one's", paragraph)
    assert contained and float(contained[1]) == dedup["containment_threshold"], paragraph
