"""Remove site watermarks and chrome lines: site names, copyright/ICP/contact lines, navigation, share prompts."""

from __future__ import annotations

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_labelled, setting
from cleaners.prefilter import Prefilter


@register
class Watermark(LineCleaner):
    """Drop a short line that matches a chrome pattern; long lines are content and are never touched."""

    name = "watermark"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        self.patterns, self.labels = compile_labelled(patterns, file)
        self.max_line_chars = setting(self.settings, "max_line_chars", int, self.name)
        self.prefilter = Prefilter(self.patterns)

    def clean_line(self, doc: Document, line: Line) -> None:
        if len(line.text) > self.max_line_chars:
            return
        for pattern in self.prefilter.candidates(line.text):
            if pattern.search(line.text):
                label = self.labels[pattern.pattern]
                self.drop_line(doc, line, f"site chrome ({label}): /{pattern.pattern}/" if label else f"site chrome: /{pattern.pattern}/")
                return
