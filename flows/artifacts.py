"""What a flow run shows in the Prefect UI: a summary, the dropped lines per cleaner, duplicates, progress.

Artifacts are a view of OUTDIR, never the data itself: tables hold a sample (`[artifacts] sample_rows`)
with the total stated, and the ledger artifact gives the path of the full `dropped.jsonl` and the commands
that read it. The tables' rows and counts come from the samples each shard's finish step saved while it
wrote its ledger (flows.dropped), merged here in shard order: no ledger is read again, and memory stays
bounded by the sample size, whatever the corpus size.

The UI (Prefect 3.8) draws every table cell on one line and sizes each column to its longest cell: with
100-character cells the dropped-lines table was 1,579 px wide in the 834 px pane of a 1400 px window, which
cut `reason` and pushed `kind` out of sight. So the cells are cut and wrapped here, with markdown hard line
breaks, to a display width counted in units of ~7 px (a CJK character is 2, `m` 1.7, `i` 0.5: the UI's
14 px Inter): a dropped-lines table stays under ~830 px whatever its rows (tests/test_ui_browser.py).
"""

from __future__ import annotations

import glob
import re
import shlex
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from cleaners import Document, Pipeline
from cleaners.base import Cleaner
from flows.dropped import DroppedSample, merge_samples, sample_rows, split_reason
from flows.io import InputError, ReadContext, discover, plan_shards, read_shard
from flows.runners import in_local_run
from flows.shards import FinishedShard, pipeline_for

PREFIX = "zhclean"
# Dropped-lines table cells: (display units a line, lines at most); see the module docstring.
DOC_CELL = (24, 2)
REASON_CELL = (20, 3)
RULE_CELL = (14, 2)
TEXT_CELL = (24, 4)
TEXT_CHARS = 44  # a dropped line's first characters (dropped.jsonl has all of them)
SPAN_CHARS = 16  # a removed span's first characters, shown between its context
CONTEXT_CHARS = 10  # characters shown before and after a removed span
SUMMARY_REASON_CELL = (26, 2)  # the summary's top reason per cleaner
TOP_REASON_CELL = (44, 2)  # the summary's top reasons overall
MAX_CONTEXT_DOCS = 1000  # documents read again to find where their sampled spans were
MAX_CONTEXT_READ = 20_000  # input documents read at most while looking for them


# Prefect is imported when an artifact is created, not with this module (a run without Prefect, in
# flows.runners.local_run, creates none and never imports it).
def create_markdown_artifact(*args: Any, **kwargs: Any) -> UUID:
    from prefect.artifacts import create_markdown_artifact as create

    return create(*args, **kwargs)


def create_progress_artifact(*args: Any, **kwargs: Any) -> UUID:
    from prefect.artifacts import create_progress_artifact as create

    return create(*args, **kwargs)


def create_table_artifact(*args: Any, **kwargs: Any) -> UUID:
    from prefect.artifacts import create_table_artifact as create

    return create(*args, **kwargs)


def update_progress_artifact(*args: Any, **kwargs: Any) -> UUID:
    from prefect.artifacts import update_progress_artifact as update

    return update(*args, **kwargs)


def get_current_settings() -> Any:
    from prefect.settings import get_current_settings as current

    return current()


def artifact_key(*parts: str) -> str:
    """A key Prefect accepts (lowercase letters, digits, dashes): learned_boilerplate -> learned-boilerplate."""
    return re.sub(r"[^a-z0-9]+", "-", "-".join((PREFIX, *parts)).lower()).strip("-")


def dropped_key(cleaner: str) -> str:
    return artifact_key("dropped", cleaner)


SUMMARY_KEY = artifact_key("summary")
LEDGER_KEY = artifact_key("dropped-jsonl")
DUPLICATES_KEY = artifact_key("duplicate-pairs")
PROGRESS_KEY = artifact_key("shard-progress")


class ShardProgress:
    """A progress artifact over all shard tasks of a run (both stages), updated as they finish."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._shown = 0
        self.id: UUID | None = None  # none in a run without Prefect
        if not in_local_run():
            self.id = create_progress_artifact(
                0.0, key=PROGRESS_KEY, description=f"Shard tasks finished (prepare + finish: {total} in all)"
            )

    def advance(self) -> None:
        self.done += 1
        percent = min(100.0, 100.0 * self.done / self.total)
        if self.id is None:
            return
        if int(percent) > self._shown or self.done >= self.total:  # at most ~100 updates a run
            self._shown = int(percent)
            update_progress_artifact(self.id, percent)


# ---- markdown: the UI renders every string table cell as markdown ----

# What markdown could take for syntax; an underscore between two letters or digits cannot start emphasis
# and stays as it is, so that ids read the same in a table's raw data (and its search box finds them).
_MD_INLINE = re.compile(r"([\\`*\[\]<>~|!&#])|(?<![^\W_])_|_(?![^\W_])")
_MD_LIST_START = re.compile(r"^([>+\-=])")  # a quote, list or heading underline at the start
_MD_ORDERED_START = re.compile(r"^(\d+)([.)])")  # "1. foo" would become a list
HARD_BREAK = "  \n"  # a line break inside a table cell: two spaces, then a newline (a URL ends at the spaces)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… (+{len(text) - limit} chars)"


def _escape_inline(text: str) -> str:
    return _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)


def md_escape(text: str) -> str:
    """Markdown that renders as exactly `text` (one line, no newline in it)."""
    text = _MD_LIST_START.sub(r"\\\1", _escape_inline(text))
    return _MD_ORDERED_START.sub(r"\1\\\2", text)


def md_literal(text: str, limit: int = 100) -> str:
    """Markdown that renders as exactly `text` (cut to `limit`) on one line, so that `^\\s*(?:…)` or
    `**注意**` keep every character instead of turning into emphasis."""
    return md_escape(re.sub(r"\s*\n\s*", " ", cut(text, limit)).strip())  # newlines would start blocks


def md_code(text: str) -> str:
    """A code span holding `text` as it is (for a path or a command to copy)."""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    return (
        f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"
    )


# ---- table cells that fit the pane ----

_NARROW = set("ijl.,:;'!|` ")
_SLIM = set('frt()[]{}/\\-"')
_WIDE = set("mwMW@%")


def display_units(ch: str) -> float:
    """About how wide the UI draws `ch`, in units of ~7 px (half a CJK character)."""
    if ch in _NARROW:
        return 0.6
    if ch in _SLIM:
        return 0.8
    if ch in _WIDE:
        return 1.9
    if ch.isascii():
        return 1.4 if ch.isupper() else 1.2
    if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf":
        return 0.0
    return 2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.4


_TOKEN = re.compile(r" |[!-~]+|.", re.S)  # a space, a run of ASCII (a word), any other single character
_OPENING = set("【「『（《〈“‘([{")  # not left at the end of a line
_CLOSING = set("】」』）》〉”’)]}，。、；：！？…,.;:!?")  # not put at the start of one
Chars = list[tuple[str, bool]]  # characters, each with its mark


def _units(chars: Chars) -> float:
    return sum(display_units(ch) for ch, _ in chars)


def md_cell(parts: list[tuple[str, bool]], cell: tuple[int, int], joiner: str = HARD_BREAK) -> str:
    """A table cell showing the text of `parts` (those marked True struck through): whitespace folded,
    wrapped into lines of at most `cell[0]` units (at spaces where it can, never after an opening bracket
    or before a closing one), at most `cell[1]` lines, cut with `…` beyond that. The lines are joined by
    `joiner`: a hard line break, or `<br>` in a markdown table (whose cells cannot hold a newline)."""
    width, max_lines = cell
    chars = [(ch, mark) for text, mark in parts for ch in re.sub(r"\s+", " ", text)]
    while chars and chars[0][0] == " ":
        chars.pop(0)
    while chars and chars[-1][0] == " ":
        chars.pop()
    text = "".join(ch for ch, _ in chars)
    lines: list[Chars] = [[]]

    def new_line(before: str) -> bool:
        """Start a line for `before` to go on; False when the cell has no more lines."""
        if len(lines) == max_lines:
            return False
        line, carry = lines[-1], []
        if before in _CLOSING and len(line) > 1:
            carry.append(line.pop())
        while len(line) > 1 and line[-1][0] in _OPENING:
            carry.append(line.pop())
        while line and line[-1][0] == " ":
            line.pop()
        lines.append(carry[::-1])
        return True

    pos, full = 0, False
    for token in _TOKEN.finditer(text):
        piece, pos = chars[pos : token.end()], token.end()
        size = _units(piece)
        if _units(lines[-1]) + size > width and lines[-1] and size <= width:  # the word goes on the next line
            if not new_line(piece[0][0]):
                full = True
                break
            if token.group() == " ":
                continue
        for ch, mark in piece:  # a word longer than a line is cut where the line ends
            if _units(lines[-1]) + display_units(ch) > width and lines[-1] and not new_line(ch):
                full = True
                break
            lines[-1].append((ch, mark))
        if full:
            break
    if full:
        last = lines[-1]
        while last and (_units(last) + 1 > width or last[-1][0] == " "):
            last.pop()
        last.append(("…", False))
    return joiner.join(_md_line(line) for line in lines if line)


def _md_line(line: list[tuple[str, bool]]) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        mark = line[i][1]
        j = i
        while j < len(line) and line[j][1] == mark:
            j += 1
        text = "".join(ch for ch, _ in line[i:j])
        body = text.strip()
        if mark and body:  # GFM strikethrough: the ~~ must touch the text on both sides
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}~~{_escape_inline(body)}~~{trail}")
        else:
            out.append(_escape_inline(text))
        i = j
    rendered = "".join(out).strip()
    rendered = _MD_LIST_START.sub(r"\\\1", rendered)
    return _MD_ORDERED_START.sub(r"\1\\\2", rendered)


Context = tuple[str, str]  # the text of the line right before and right after a removed span


def text_cell(row: dict[str, Any], context: Context | None) -> str:
    """A dropped line's first characters; a span between the words around it (`…前文【~~span~~】后文…`),
    or alone when where it was is not known."""
    text = row["text"]
    if row["kind"] != "span":
        return md_cell([(text[:TEXT_CHARS] + ("…" if len(text) > TEXT_CHARS else ""), False)], TEXT_CELL)
    span = text[:SPAN_CHARS] + ("…" if len(text) > SPAN_CHARS else "")
    before, after = context or ("", "")
    parts = [
        ("…" if len(before) > CONTEXT_CHARS else "", False),
        (before[-CONTEXT_CHARS:], False),
        ("【", False),
        (span, True),
        ("】", False),
        (after[:CONTEXT_CHARS], False),
        ("…" if len(after) > CONTEXT_CHARS else "", False),
    ]
    return md_cell(parts, TEXT_CELL)


def table_row(row: dict[str, Any], context: Context | None = None) -> dict[str, Any]:
    """One row of a dropped-lines table; the columns in the order the UI shows them."""
    reason, rule = split_reason(row["reason"])
    return {
        "doc": md_cell([(row["doc_id"], False)], DOC_CELL),
        "line": row["line_no"],
        "kind": row["kind"],
        "reason": md_cell([(reason, False)], REASON_CELL),
        "rule": md_cell([(rule, False)], RULE_CELL),
        "text": text_cell(row, context),
    }


# ---- where a sampled span was: the words around it ----

SpanKey = tuple[str, int, str, str]  # doc id, line number, cleaner, span text


def span_contexts(
    cfg: dict[str, Any], shards: list[FinishedShard], sample: DroppedSample
) -> dict[SpanKey, list[Context]]:
    """The words around each sampled span removal, found by cleaning its document again.

    The ledger records a span's text, not where it was, and OUTDIR holds only the cleaned text. So the
    documents of the sampled spans are read again from their input (stage 1 recorded each document's input
    file in the work directory) and run through the chain, noting each span's line as the cleaner that cut
    it saw the line. Bounded: at most MAX_CONTEXT_DOCS documents, found in at most MAX_CONTEXT_READ
    input documents read; a span not placed (its document not found, or cleaned differently now) is shown
    alone. Each key's contexts are in the order the chain removed them, which is the ledger's order.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for shard, row in sample.spans():
        wanted[shard].add(row["doc_id"])
    sources = _sources(shards, wanted)
    if not sources:
        return {}
    pipeline = pipeline_for(cfg)
    contexts: dict[SpanKey, list[Context]] = defaultdict(list)
    for doc in _read_again(cfg, sources):
        _trace(pipeline, doc, contexts)
    return contexts


def _sources(shards: list[FinishedShard], wanted: dict[int, set[str]]) -> dict[str, str]:
    """doc id -> input file, from the prepared shards of the work directory (stage 1 wrote them)."""
    found: dict[str, str] = {}
    for shard in sorted(shards, key=lambda s: s.index):
        ids = wanted.get(shard.index, set()) - set(found)
        if not ids:
            continue
        prepared = shard.kept.parent / f"prep-{shard.index:05d}.jsonl"
        if not prepared.exists():
            continue
        with open(prepared, "rb") as fh:
            for raw in fh:
                state = orjson.loads(raw)
                if state["id"] in ids:
                    found[state["id"]] = state["source"]
                    ids.discard(state["id"])
                    if not ids or len(found) >= MAX_CONTEXT_DOCS:
                        break
        if len(found) >= MAX_CONTEXT_DOCS:
            break
    return found


def _read_again(cfg: dict[str, Any], sources: dict[str, str]) -> Iterable[Document]:
    """The documents again, as the reader makes them, input file by input file; a .txt file holds one
    document, whatever id its directory gave it."""
    inp = cfg["input"]
    ctx = ReadContext(inp["id_field"], inp["text_field"], inp["max_line_chars"])
    by_file: dict[str, set[str]] = defaultdict(set)
    for doc_id, source in sources.items():
        by_file[source].add(doc_id)
    budget = MAX_CONTEXT_READ
    for source, ids in by_file.items():
        try:
            files = discover([glob.escape(source)])
        except InputError:
            continue
        for spec in plan_shards(files, 1 << 30, 1 << 62):
            for doc in read_shard(spec, ctx):
                budget -= 1
                if files[0].kind == "txt" and len(ids) == 1:
                    doc.id = next(iter(ids))
                if doc.id in ids and not doc.dropped:
                    ids.discard(doc.id)
                    yield doc
                if not ids or budget <= 0:
                    break
            if not ids or budget <= 0:
                break
        if budget <= 0:
            return


def _trace(pipeline: Pipeline, doc: Document, contexts: dict[SpanKey, list[Context]]) -> None:
    """Clean `doc`, noting for each span removal the text of its line around it, as the cleaner saw it."""

    def step(cleaner: Cleaner, target: Document) -> None:  # as cleaners.explain observes the chain
        before = {line.no: line.text for line in target.lines}
        seen = len(target.removals)
        cleaner.run(target)
        searched_from: dict[tuple[int, str], int] = {}
        for r in target.removals[seen:]:
            line = before.get(r.line_no)
            if r.kind != "span" or line is None:
                continue
            at = line.find(r.text, searched_from.get((r.line_no, r.text), 0))
            if at < 0:
                continue
            searched_from[(r.line_no, r.text)] = at + len(r.text)
            contexts[(doc.id, r.line_no, r.cleaner, r.text)].append((line[:at], line[at + len(r.text) :]))

    pipeline.run_chain(doc, step)


# ---- the artifacts ----


def _kinds(report: dict[str, Any], cleaner: str, total: int) -> str:
    lines = report["lines_removed_by_cleaner"].get(cleaner, 0)
    spans = report["spans_removed_by_cleaner"].get(cleaner, 0)
    counts = {"line": lines, "span": spans, "document": total - lines - spans}
    return ", ".join(f"{n} {what}{'s' if n > 1 else ''}" for what, n in counts.items() if n > 0)


def publish_dropped_tables(
    sample: DroppedSample,
    report: dict[str, Any],
    ledger: Path,
    ledger_link: str,
    contexts: dict[SpanKey, list[Context]] | None = None,
) -> dict[str, UUID]:
    """One table per cleaner that dropped something; returns the artifact ids by cleaner."""
    contexts = {k: list(v) for k, v in (contexts or {}).items()}  # consumed in ledger order below
    ids: dict[str, UUID] = {}
    for cleaner in report["chain"] + ["reader"]:
        total = sample.totals.get(cleaner, 0)
        if not total:
            continue
        rows = []
        for row in sample.rows[cleaner]:
            found = (
                contexts.get((row["doc_id"], row["line_no"], cleaner, row["text"]))
                if row["kind"] == "span"
                else None
            )
            rows.append(table_row(row, found.pop(0) if found else None))
        ids[cleaner] = create_table_artifact(
            rows,
            key=dropped_key(cleaner),
            description=(
                f"**{cleaner}** dropped **{total}** ({_kinds(report, cleaner, total)}); "
                f"showing the first {len(rows)} of {total}. A span is shown between the words around it, "
                f"【~~struck through~~】. Every removal: [{LEDGER_KEY}]({ledger_link}), "
                f"{md_code(str(ledger))}"
            ),
        )
    return ids


def ledger_markdown(outdir: Path, sample: DroppedSample, duplicates: int) -> str:
    ledger, pairs = outdir / "dropped.jsonl", outdir / "duplicates.jsonl"
    grep = f'grep -F \'"doc_id":"DOC_ID"\' {shlex.quote(str(ledger))}'  # orjson writes no spaces
    return "\n".join(
        [
            "# Every removal of this run",
            "",
            f"{md_code(str(ledger))}: {sum(sample.totals.values())} removals by the cleaners, one JSON "
            "object a line (`doc_id`, `line_no`, `kind`, `cleaner`, `reason`, `text`); "
            f"{md_code(str(pairs))}: {duplicates} documents dropped as duplicates.",
            "",
            "A browser does not open a local file from this page (it refuses `file://` links on an http page) "
            "and the Prefect server does not serve files: copy the path. In a shell on the machine that ran it:",
            "",
            f"- a document's removals: {md_code(grep)}",
            "- its lines one by one, what each cleaner removed and why: "
            + md_code("zhclean explain INPUT_FILE --id DOC_ID")
            + " (INPUT_FILE: the document's input file, see the run's Parameters tab; add "
            + md_code("--config FILE")
            + " if the run had one)",
        ]
    )


def publish_duplicates(duplicates: list[dict[str, Any]], limit: int, path: Path) -> None:
    rows = [
        {
            "dropped id": md_literal(d["id"]),
            "duplicate of (kept)": md_literal(d["duplicate_of"]),
            "similarity": round(float(d["similarity"]), 4),
            "relation": md_literal(str(d.get("relation", ""))),
        }
        for d in duplicates[:limit]
    ]
    create_table_artifact(
        rows,
        key=DUPLICATES_KEY,
        description=f"**{len(duplicates)}** documents dropped as duplicates of a kept copy; "
        f"showing the first {len(rows)} of {len(duplicates)}. All pairs: {md_code(str(path))}",
    )


def summary_markdown(
    report: dict[str, Any], sample: DroppedSample, outdir: Path, links: dict[str, str]
) -> str:
    docs, chars = report["documents"], report["characters"]
    ledger = f"[{LEDGER_KEY}]({links[LEDGER_KEY]})" if LEDGER_KEY in links else LEDGER_KEY
    return "\n".join(
        [
            f"# zhclean run: `{outdir}`",
            "",
            "| documents | count |",
            "|---|---:|",
            f"| in | {docs['in']} |",
            f"| kept (written) | {docs['out']} |",
            f"| dropped as duplicates | {docs['dropped_as_duplicates']} |",
            f"| dropped by the document filter | {docs['dropped_by_filter']} |",
            f"| unusable input (skipped) | {docs['skipped_unusable_input']} |",
            "",
            f"Characters: {chars['in']} in, {chars['out_before_dedup']} kept before dedup.",
            "",
            *_cleaner_table(report, sample, links),
            "",
            *_reasons_table(sample),
            "",
            *_timings_table(report),
            "",
            f"Every removal: {md_code(str(outdir / 'dropped.jsonl'))} (how to read it: {ledger}); each "
            f"cleaner's table shows the first {sample.limit} (`[artifacts] sample_rows`).",
        ]
    )


def _reason_md(group: str, cell: tuple[int, int]) -> str:
    return md_cell([(group, False)], cell, "<br>")


def _cleaner_table(report: dict[str, Any], sample: DroppedSample, links: dict[str, str]) -> list[str]:
    chars = report["characters"]
    out = [
        "## Removed per cleaner (click a cleaner for its dropped lines)",
        "",
        "| cleaner | lines | spans | characters removed | characters edited | top reason |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in report["chain"] + ["reader"]:
        removed = chars["removed_by_cleaner"].get(name, 0)
        edited = chars["edited_by_normaliser"].get(name, 0)
        if not (removed or edited or sample.totals.get(name)):
            continue
        top = sample.top_reasons(name, 1)
        reason = f"{_reason_md(top[0][1], SUMMARY_REASON_CELL)} ({top[0][2]}×)" if top else ""
        label = f"[{name}]({links[name]})" if name in links else name
        out.append(
            f"| {label} | {report['lines_removed_by_cleaner'].get(name, 0)} "
            f"| {report['spans_removed_by_cleaner'].get(name, 0)} | {removed} | {edited} | {reason} |"
        )
    return out


def _reasons_table(sample: DroppedSample) -> list[str]:
    out = ["## Top reasons", "", "| removals | cleaner | reason |", "|---:|---|---|"]
    out += [f"| {n} | {c} | {_reason_md(r, TOP_REASON_CELL)} |" for c, r, n in sample.top_reasons(n=10)]
    return out


def _timings_table(report: dict[str, Any]) -> list[str]:
    timings = report["timings"]
    out = ["## Timings", "", "| stage | seconds |", "|---|---:|"]
    out += [f"| {k} | {v:.2f} |" for k, v in timings.get("stage_seconds", {}).items()]
    slow = sorted(timings.get("cleaner_seconds", {}).items(), key=lambda kv: -kv[1])
    out += [f"| cleaner {k} (sum over shards) | {v:.3f} |" for k, v in slow if v > 0]
    return out


def artifact_url(artifact_id: UUID) -> str:
    """A link to an artifact's page in the UI; relative when there is no UI URL (a run on the ephemeral API
    is stored in PREFECT_HOME's database and shown later by `zhclean ui`, which serves the UI at /)."""
    ui = get_current_settings().ui_url
    base = ui.rstrip("/") if ui else ""
    return f"{base}/artifacts/artifact/{artifact_id}"


def publish_run_artifacts(
    cfg: dict[str, Any],
    outdir: Path,
    report: dict[str, Any],
    shards: list[FinishedShard],
    duplicates: list[dict[str, Any]],
) -> None:
    """All artifacts of a finished run; call after OUTDIR is written, before the work dir is removed.
    A run without Prefect (flows.runners.local_run) has no API to publish to: nothing is done."""
    if in_local_run():
        return
    limit = sample_rows(cfg)
    ordered = sorted(shards, key=lambda s: s.index)
    sample = merge_samples((DroppedSample.load(s.sample_path) for s in ordered), limit)
    try:
        contexts = span_contexts(cfg, ordered, sample)
    except Exception:  # a view: spans are then shown alone
        contexts = {}
    ledger_id = create_markdown_artifact(
        ledger_markdown(outdir, sample, len(duplicates)),
        key=LEDGER_KEY,
        description="Where the full ledger of dropped lines, spans and documents is, and how to read it",
    )
    ledger_link = artifact_url(ledger_id)
    ids = publish_dropped_tables(sample, report, outdir / "dropped.jsonl", ledger_link, contexts)
    publish_duplicates(duplicates, limit, outdir / "duplicates.jsonl")
    links = {name: artifact_url(i) for name, i in ids.items()} | {LEDGER_KEY: ledger_link}
    create_markdown_artifact(
        summary_markdown(report, sample, outdir, links),
        key=SUMMARY_KEY,
        description="zhclean run summary: documents, removals per cleaner, top reasons, timings",
    )
