"""Remove paywall notices: whole notice lines, and notices glued to the end of a content line."""

from __future__ import annotations

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import Prefilter

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
        self.notice_filter = Prefilter(self.notices)
        self.line_filter = Prefilter(self.lines)

    def may_change(self, doc: Document) -> bool:
        return self.notice_filter.may_match(doc.text) or self.line_filter.may_match(doc.text)

    def clean_line(self, doc: Document, line: Line) -> None:
        starts = [m.start() for p in self.notice_filter.candidates(line.text) if (m := p.search(line.text))]
        if starts:
            start = min(starts)
            lead = _LEADING_ELLIPSIS.search(line.text, 0, start)
            start = lead.start() if lead else start
            self.drop_spans(doc, line, [(start, len(line.text), "paywall notice (rest of line)")])
            return
        if len(line.text) <= self.max_line_chars and any(
            p.search(line.text) for p in self.line_filter.candidates(line.text)
        ):
            self.drop_line(doc, line, "paywall/price line")
