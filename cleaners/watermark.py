"""Remove site watermarks and chrome lines: site names, copyright/ICP/contact lines, navigation, share prompts."""

from __future__ import annotations

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_labelled, setting
from cleaners.prefilter import PatternGroup, shared_scanner


@register
class Watermark(LineCleaner):
    """Drop a short line that matches a chrome pattern; long lines are content and are never touched."""

    name = "watermark"
    what = "site chrome"  # how a reason names what was removed

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        self.patterns, self.labels = compile_labelled(patterns, file)
        self.max_line_chars = setting(self.settings, "max_line_chars", int, self.name)
        # longer lines are never tried: not scanned for these patterns either
        self.group = PatternGroup(shared_scanner(patterns), self.patterns, max_chars=self.max_line_chars)
        self.reasons = {
            p.pattern: f"{self.what} ({label}): /{p.pattern}/"
            if (label := self.labels[p.pattern])
            else f"{self.what}: /{p.pattern}/"
            for p in self.patterns
        }

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        group = self.group
        limit = self.max_line_chars
        for line, mask in zip(lines, group.masks([line.text for line in lines]), strict=True):
            if mask & group.mask and line.text and len(line.text) <= limit:
                self._drop_if_chrome(doc, line, group.candidates(mask))
        doc.lines = [line for line in lines if line.text]
        return doc

    def clean_line(self, doc: Document, line: Line) -> None:
        if len(line.text) <= self.max_line_chars:
            self._drop_if_chrome(doc, line, self.group.text_candidates(line.text))

    def _drop_if_chrome(self, doc: Document, line: Line, candidates) -> None:
        for pattern in candidates:
            if pattern.search(line.text):
                self.drop_line(doc, line, self.reasons[pattern.pattern])
                return
