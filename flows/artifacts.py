"""What a flow run shows in the Prefect UI: a summary, the dropped lines per cleaner, duplicates, progress.

Artifacts are a view of OUTDIR, never the data itself: tables hold a sample (`[artifacts] sample_rows`)
with the total stated, and a link points to the full `dropped.jsonl`. The dropped rows are streamed from
the per-shard ledgers, so memory stays bounded by the sample size, whatever the corpus size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.settings import get_current_settings

from flows.shards import FinishedShard

PREFIX = "zhclean"
TEXT_CHARS = 100  # table cells longer than this are cut (the UI does not wrap them); dropped.jsonl has all
REASON_CHARS = 80
MAX_RAW_REASONS = 50_000  # distinct reasons counted as written
MAX_REASONS = 5000  # reason groups counted past that; later new ones are counted as "(other reasons)"
DEFAULT_SAMPLE_ROWS = 200


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
        self.id: UUID = create_progress_artifact(
            0.0, key=PROGRESS_KEY, description=f"Shard tasks finished (prepare + finish: {total} in all)"
        )

    def advance(self) -> None:
        self.done += 1
        percent = min(100.0, 100.0 * self.done / self.total)
        if int(percent) > self._shown or self.done >= self.total:  # at most ~100 updates a run
            self._shown = int(percent)
            update_progress_artifact(self.id, percent)


# ---- markdown: the UI renders every string table cell as markdown ----

_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|!&#])")  # characters markdown could take for syntax
_MD_LIST_START = re.compile(r"^([>+\-=])")  # a quote, list or heading underline at the start
_MD_ORDERED_START = re.compile(r"^(\d+)([.)])")  # "1. foo" would become a list


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… (+{len(text) - limit} chars)"


def md_literal(text: str, limit: int = TEXT_CHARS) -> str:
    """Markdown that renders as exactly `text` (cut to `limit`) on one line, so that `^\\s*(?:…)` or
    `**注意**` keep every character instead of turning into emphasis."""
    text = re.sub(r"\s*\n\s*", " ", cut(text, limit)).strip()  # newlines and indentation would start blocks
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LIST_START.sub(r"\\\1", text)
    return _MD_ORDERED_START.sub(r"\1\\\2", text)


def md_link(path: Path) -> str:
    """The path as text (browsers refuse file:// links from an http page) linking to its file:// URL."""
    return f"[{md_literal(str(path), 1000)}]({path.as_uri()})"


# ---- reading the dropped rows ----


_NUMBER = re.compile(r"(?<![\w+])\d+(?!\w)")


def _reason_group(reason: str) -> str:
    """Reasons differing only in numbers count together ('pinyin spam line (63/63 …)'), not U+1F483."""
    return _NUMBER.sub("N", reason)


@dataclass
class DroppedSample:
    """Per cleaner: the first `limit` rows of the ledger, the total number of rows, and reason counts.

    Reasons are counted as written (cheap) up to MAX_RAW_REASONS distinct ones, grouped at the end;
    past that, grouped as they come, at most MAX_REASONS groups: memory stays bounded either way.
    """

    limit: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    totals: Counter[str] = field(default_factory=Counter)
    raw: Counter[tuple[str, str]] = field(default_factory=Counter)
    overflow: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, row: dict[str, Any]) -> None:
        cleaner, reason = row["cleaner"], row["reason"]
        self.totals[cleaner] += 1
        if self.totals[cleaner] <= self.limit:
            self.rows.setdefault(cleaner, []).append(table_row(row))
        key = (cleaner, reason)
        if key in self.raw or len(self.raw) < MAX_RAW_REASONS:
            self.raw[key] += 1
            return
        group = (cleaner, _reason_group(reason))
        if group not in self.overflow and len(self.overflow) >= MAX_REASONS:
            group = (cleaner, "(other reasons)")
        self.overflow[group] += 1

    @cached_property
    def grouped(self) -> Counter[tuple[str, str]]:
        """Reason counts by (cleaner, reason group); read once every row is added."""
        grouped = Counter(self.overflow)
        for (c, r), k in self.raw.items():
            grouped[(c, _reason_group(r))] += k
        return grouped

    def top_reasons(self, cleaner: str | None = None, n: int = 10) -> list[tuple[str, str, int]]:
        hits = ((c, r, k) for (c, r), k in self.grouped.items() if cleaner is None or c == cleaner)
        return sorted(hits, key=lambda h: (-h[2], h[0], h[1]))[:n]


def table_row(row: dict[str, Any]) -> dict[str, Any]:
    """One row of a dropped-lines table; the columns in the order the UI shows them."""
    return {
        "doc id": row["doc_id"],
        "line": row["line_no"],
        "dropped text": md_literal(row["text"]),
        "reason": md_literal(row["reason"], REASON_CHARS),
        "kind": row["kind"],
    }


def sample_dropped(ledgers: Iterable[Path], limit: int) -> DroppedSample:
    """Stream the per-shard ledgers (in shard order), one row at a time."""
    sample = DroppedSample(limit)
    for path in ledgers:
        with open(path, "rb") as fh:
            for raw in fh:
                sample.add(orjson.loads(raw))
    return sample


# ---- the artifacts ----


def _kinds(report: dict[str, Any], cleaner: str, total: int) -> str:
    lines = report["lines_removed_by_cleaner"].get(cleaner, 0)
    spans = report["spans_removed_by_cleaner"].get(cleaner, 0)
    counts = {"line": lines, "span": spans, "document": total - lines - spans}
    return ", ".join(f"{n} {what}{'s' if n > 1 else ''}" for what, n in counts.items() if n > 0)


def publish_dropped_tables(sample: DroppedSample, report: dict[str, Any], ledger: Path) -> dict[str, UUID]:
    """One table per cleaner that dropped something; returns the artifact ids by cleaner."""
    ids: dict[str, UUID] = {}
    for cleaner in report["chain"] + ["reader"]:
        total = sample.totals.get(cleaner, 0)
        if not total:
            continue
        rows = sample.rows[cleaner]
        ids[cleaner] = create_table_artifact(
            rows,
            key=dropped_key(cleaner),
            description=(
                f"**{cleaner}** dropped **{total}** ({_kinds(report, cleaner, total)}); "
                f"showing the first {len(rows)} of {total}. Every removal: {md_link(ledger)}"
            ),
        )
    return ids


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
        f"showing the first {len(rows)} of {len(duplicates)}. All pairs: {md_link(path)}",
    )


def summary_markdown(
    report: dict[str, Any], sample: DroppedSample, outdir: Path, links: dict[str, str]
) -> str:
    docs, chars = report["documents"], report["characters"]
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
            f"Every removal: {md_link(outdir / 'dropped.jsonl')}; each cleaner's table shows the first "
            f"{sample.limit} (`[artifacts] sample_rows`).",
        ]
    )


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
        reason = f"{md_literal(top[0][1], 60)} ({top[0][2]}×)" if top else ""
        label = f"[{name}]({links[name]})" if name in links else name
        out.append(
            f"| {label} | {report['lines_removed_by_cleaner'].get(name, 0)} "
            f"| {report['spans_removed_by_cleaner'].get(name, 0)} | {removed} | {edited} | {reason} |"
        )
    return out


def _reasons_table(sample: DroppedSample) -> list[str]:
    out = ["## Top reasons", "", "| removals | cleaner | reason |", "|---:|---|---|"]
    out += [f"| {n} | {c} | {md_literal(r, REASON_CHARS)} |" for c, r, n in sample.top_reasons(n=10)]
    return out


def _timings_table(report: dict[str, Any]) -> list[str]:
    timings = report["timings"]
    out = ["## Timings", "", "| stage | seconds |", "|---|---:|"]
    out += [f"| {k} | {v:.2f} |" for k, v in timings.get("stage_seconds", {}).items()]
    slow = sorted(timings.get("cleaner_seconds", {}).items(), key=lambda kv: -kv[1])
    out += [f"| cleaner {k} (sum over shards) | {v:.3f} |" for k, v in slow if v > 0]
    return out


def _artifact_links(ids: dict[str, UUID]) -> dict[str, str]:
    """Links to this run's tables; relative when there is no UI URL (a run on the ephemeral API is
    stored in PREFECT_HOME's database and shown later by `zhclean ui`, which serves the UI at /)."""
    ui = get_current_settings().ui_url
    base = ui.rstrip("/") if ui else ""
    return {name: f"{base}/artifacts/artifact/{i}" for name, i in ids.items()}


def publish_run_artifacts(
    cfg: dict[str, Any],
    outdir: Path,
    report: dict[str, Any],
    shards: list[FinishedShard],
    duplicates: list[dict[str, Any]],
) -> None:
    """All artifacts of a finished run; call after OUTDIR is written, before the work dir is removed."""
    limit = int(cfg.get("artifacts", {}).get("sample_rows", DEFAULT_SAMPLE_ROWS))
    sample = sample_dropped((s.dropped for s in sorted(shards, key=lambda s: s.index)), limit)
    ledger = outdir / "dropped.jsonl"
    ids = publish_dropped_tables(sample, report, ledger)
    create_link_artifact(
        ledger.as_uri(),
        link_text=md_literal(
            f"{ledger}: every removal ({sum(sample.totals.values())} by cleaners, "
            f"{len(duplicates)} duplicate documents)",
            1000,
        ),
        key=LEDGER_KEY,
        description="The full ledger of dropped lines, spans and documents",
    )
    publish_duplicates(duplicates, limit, outdir / "duplicates.jsonl")
    create_markdown_artifact(
        summary_markdown(report, sample, outdir, _artifact_links(ids)),
        key=SUMMARY_KEY,
        description="zhclean run summary: documents, removals per cleaner, top reasons, timings",
    )
