"""Cut site watermarks glued into a content line ("…确定像的____。原创精品资源学科网独家享有版权,侵权必究!实验时…")."""

from __future__ import annotations

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_labelled, setting
from cleaners.prefilter import PatternGroup, shared_scanner


@register
class WatermarkSpans(LineCleaner):
    """Remove each match of a glued-watermark pattern wherever it is; the text around it stays."""

    name = "watermark_spans"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        compiled, self.labels = compile_labelled(patterns, file)
        self.patterns = PatternGroup(shared_scanner(patterns), compiled)

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        group = self.patterns
        for line, mask in zip(lines, group.masks([line.text for line in lines]), strict=True):
            if mask & group.mask and line.text:
                self._cut(doc, line, group.candidates(mask))
        doc.lines = [line for line in lines if line.text]
        return doc

    def clean_line(self, doc: Document, line: Line) -> None:
        self._cut(doc, line, self.patterns.text_candidates(line.text))

    def _cut(self, doc: Document, line: Line, candidates) -> None:
        spans = [
            (m.start(), m.end(), f"site watermark inside a line ({self.labels[p.pattern]})")
            for p in candidates
            for m in p.finditer(line.text)
            if m.end() > m.start()
        ]
        if spans:
            self.drop_spans(doc, line, spans)
