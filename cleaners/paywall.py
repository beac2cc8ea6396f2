"""Remove paywall notices: whole notice lines, and notices glued to the end of a content line."""

from __future__ import annotations

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import PatternGroup, shared_scanner

_LEADING_ELLIPSIS = regex.compile(r"(?:…+|\.{3,}|。{3,})\s*$")


@register
class Paywall(LineCleaner):
    """Cut a notice and everything after it on its line (truncated text); drop short price/VIP lines."""

    name = "paywall"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        notice_file = setting(self.settings, "notice_patterns", str, self.name)
        line_file = setting(self.settings, "line_patterns", str, self.name)
        self.notices = compile_patterns(patterns(notice_file), notice_file)
        self.lines = compile_patterns(patterns(line_file), line_file)
        self.max_line_chars = setting(self.settings, "max_line_chars", int, self.name)
        scanner = shared_scanner(patterns)
        self.notice_filter = PatternGroup(scanner, self.notices)
        self.line_filter = PatternGroup(scanner, self.lines, max_chars=self.max_line_chars)  # whole short lines

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        either = self.notice_filter.mask | self.line_filter.mask
        for line, mask in zip(lines, self.notice_filter.masks([line.text for line in lines]), strict=True):
            if mask & either and line.text:
                self._clean(doc, line, mask)
        doc.lines = [line for line in lines if line.text]
        return doc

    def clean_line(self, doc: Document, line: Line) -> None:
        self._clean(doc, line, self.notice_filter.masks([line.text])[0])

    def _clean(self, doc: Document, line: Line, mask: int) -> None:
        text = line.text
        starts = [m.start() for p in self.notice_filter.candidates(mask) if (m := p.search(text))]
        if starts:
            start = min(starts)
            lead = _LEADING_ELLIPSIS.search(text, 0, start)
            start = lead.start() if lead else start
            self.drop_spans(doc, line, [(start, len(text), "paywall notice (rest of line)")])
            return
        if len(text) <= self.max_line_chars and any(
            p.search(text) for p in self.line_filter.candidates(mask)
        ):
            self.drop_line(doc, line, "paywall/price line")
