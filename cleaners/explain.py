"""Per-line account of what the chain did to one document: the data behind `zhclean explain`."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.base import Cleaner, Document, Removal
from cleaners.pipeline import Pipeline


@dataclass
class LineReport:
    no: int
    original: str
    final: str | None  # None: the line is gone
    removals: list[Removal] = field(default_factory=list)
    edited_by: list[str] = field(default_factory=list)  # normalisers that changed characters


def explain(pipeline: Pipeline, doc: Document) -> tuple[list[LineReport], list[Removal]]:
    """Run the chain cleaner by cleaner; returns one report per original line and document removals."""
    reports = {line.no: LineReport(line.no, line.text, line.text) for line in doc.lines}

    def step(cleaner: Cleaner, target: Document) -> None:  # the pipeline's passes, observed cleaner by cleaner
        before = {line.no: line.text for line in target.lines}
        edits_before = target.edits[cleaner.name]
        seen = len(target.removals)
        cleaner.run(target)
        touched = {r.line_no for r in target.removals[seen:]}
        for r in target.removals[seen:]:
            if r.line_no in reports:
                reports[r.line_no].removals.append(r)
        if target.edits[cleaner.name] > edits_before:
            for line in target.lines:
                if line.no not in touched and before.get(line.no) != line.text:
                    reports[line.no].edited_by.append(cleaner.name)

    pipeline.run_chain(doc, step)
    final = {line.no: line.text for line in doc.lines}
    for no, report in reports.items():
        report.final = final.get(no) or None
    doc_removals = [r for r in doc.removals if r.kind == "document"]
    return sorted(reports.values(), key=lambda r: r.no), doc_removals
