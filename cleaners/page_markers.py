"""Remove PDF page markers: `k/N` sequences spliced into sentences (局机2/28关党委) and page-counter lines."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import PatternGroup, shared_scanner

_MARKER = regex.compile(r"(?<![\d./\-:])(\d{1,4})\s?/\s?(\d{1,4})(?![\d./%\-:])")


@register
class PageMarkers(Cleaner):
    """Remove `k/N` markers that form an increasing page sequence within a document, and `1 / 28` lines."""

    name = "page_markers"
    whole_document = True  # a sequence spans the document

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_sequence = setting(self.settings, "min_sequence", int, self.name)
        self.max_step = setting(self.settings, "max_step", int, self.name)
        self.min_page_chars = setting(self.settings, "min_page_chars", int, self.name)
        self.min_sequence_from_page_one = setting(self.settings, "min_sequence_from_page_one", int, self.name)
        self.min_total_from_page_one = setting(self.settings, "min_total_from_page_one", int, self.name)
        file = setting(self.settings, "counter_lines", str, self.name)
        self.counter_lines = compile_patterns(patterns(file), file)
        scanner = shared_scanner(patterns)
        self.counter_filter = PatternGroup(scanner, self.counter_lines, fullmatch=True)
        glued = setting(self.settings, "glued_counters", str, self.name)
        self.glued = PatternGroup(scanner, compile_patterns(patterns(glued), glued))
        self.marker = PatternGroup(scanner, [_MARKER], shard="triggers")

    def run(self, doc: Document) -> Document:
        counter, glued = self.counter_filter, self.glued
        masks = counter.masks([line.text for line in doc.lines])
        for line, mask in zip(doc.lines, masks, strict=True):
            if (
                mask & counter.mask
                and line.text
                and any(p.fullmatch(line.text) for p in counter.candidates(mask))
            ):
                self.drop_line(doc, line, "page counter line")
        masks = glued.masks([line.text for line in doc.lines])  # the dropped lines are "" now
        spans_by_line: dict[int, list[tuple[int, int, str]]] = {}
        for index, (line, mask) in enumerate(zip(doc.lines, masks, strict=True)):
            if mask & glued.mask:  # most documents: none
                for pattern in glued.candidates(mask):
                    for m in pattern.finditer(line.text):
                        spans_by_line.setdefault(index, []).append(
                            (m.start(), m.end(), "page counter inside a line")
                        )
        for index, start, end, total in self._sequence(doc, masks):
            spans_by_line.setdefault(index, []).append((start, end, f"page marker of a 1..{total} sequence"))
        for index, spans in spans_by_line.items():
            self.drop_spans(doc, doc.lines[index], spans)
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def _sequence(self, doc: Document, masks: list[int]) -> list[tuple[int, int, int, int]]:
        """Markers (line index, start, end, N) of the longest increasing k/N run, if long enough."""
        by_total: dict[int, list[tuple[int, int, int, int, int]]] = {}
        offset = 0  # where the line starts in the document: markers must be a page of text apart
        marker = self.marker.mask
        for index, (line, mask) in enumerate(zip(doc.lines, masks, strict=True)):
            line_start, offset = offset, offset + len(line.text) + 1
            if not mask & marker:
                continue
            for m in _MARKER.finditer(line.text):
                k, total = int(m.group(1)), int(m.group(2))
                if 1 <= k <= total:
                    by_total.setdefault(total, []).append((index, m.start(), m.end(), k, line_start))
        found: list[tuple[int, int, int, int]] = []
        least = min(self.min_sequence, self.min_sequence_from_page_one)
        for total, markers in by_total.items():
            if len(markers) < least:
                continue
            run: list[tuple[int, int, int, int, int]] = []
            best: list[tuple[int, int, int, int, int]] = []
            for marker in markers:
                if (
                    run
                    and 0 < marker[3] - run[-1][3] <= self.max_step
                    and marker[4] + marker[1] - (run[-1][4] + run[-1][2]) >= self.min_page_chars
                ):
                    run.append(marker)
                else:
                    run = [marker]
                if len(run) > len(best):
                    best = list(run)
            # page 1's marker opening a line, the next spliced into the text: the first page starts there (an
            # export cut after page 2); a fraction opening a sentence (1/5的同学… 2/5的同学…) opens its line again
            from_page_one = (
                best[0][3] == 1 and best[0][1] == 0 and total >= self.min_total_from_page_one
                and all(start > 0 for _, start, _, _, _ in best[1:])
            )
            if len(best) >= self.min_sequence or (from_page_one and len(best) >= self.min_sequence_from_page_one):
                found.extend((i, s, e, total) for i, s, e, _, _ in best)
        return found
