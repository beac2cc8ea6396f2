"""Remove SEO spam (hospital ads, gambling, fake invoices): the spam span, or the line when little else is left."""

from __future__ import annotations

from itertools import islice

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import PatternGroup, shared_scanner

_TRAILING_JUNK = regex.compile(r"[\s|｜/\\_\-–—~>]*")
_CJK = regex.compile(r"\p{Han}")


@register
class SeoSpam(LineCleaner):
    """Spam phrases come from a config list; nearby hits merge into one span, content around them stays."""

    name = "seo_spam"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        self.branches = patterns(file)
        self.pattern = compile_patterns(["|".join(f"(?:{p})" for p in self.branches)], file)[0]
        self.merge_gap = setting(self.settings, "merge_gap", int, self.name)
        self.min_kept_cjk = setting(self.settings, "min_kept_cjk", int, self.name)
        # each line of the file apart in the shared scanner, so that they are ruled out one by one
        self.group = PatternGroup(shared_scanner(patterns), compile_patterns(self.branches, file))
        self._subsets: dict[tuple[int, ...], regex.Pattern[str]] = {}

    def _pattern_for(self, text: str, mask: int | None = None) -> regex.Pattern[str] | None:
        """The combined pattern less the lines that cannot match `text`: the same matches, found faster."""
        branches = self.group.indices(self.group.masks([text])[0] if mask is None else mask)
        if not branches:
            return None
        if len(branches) == len(self.branches):
            return self.pattern
        if branches not in self._subsets:
            self._subsets[branches] = regex.compile("|".join(f"(?:{self.branches[i]})" for i in branches))
        return self._subsets[branches]

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        group = self.group
        for line, mask in zip(lines, group.masks([line.text for line in lines]), strict=True):
            if mask & group.mask and line.text:
                self._clean(doc, line, self._pattern_for(line.text, mask))
        doc.lines = [line for line in lines if line.text]
        return doc

    def clean_line(self, doc: Document, line: Line) -> None:
        self._clean(doc, line, self._pattern_for(line.text))

    def _clean(self, doc: Document, line: Line, pattern: regex.Pattern[str] | None) -> None:
        text = line.text
        if pattern is None:
            return
        hits = [(m.start(), m.end()) for m in pattern.finditer(text)]
        if not hits:
            return
        spans: list[list[int]] = []
        for start, end in hits:
            if spans and start - spans[-1][1] <= self.merge_gap:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        for span in spans:  # swallow separators such as " |" left dangling after the spam
            span[1] = _TRAILING_JUNK.match(text, span[1]).end()
        kept = text
        for start, end in reversed(spans):
            kept = kept[:start] + kept[end:]
        if sum(1 for _ in islice(_CJK.finditer(kept), self.min_kept_cjk)) < self.min_kept_cjk:
            self.drop_line(doc, line, "SEO spam line")
        else:
            self.drop_spans(doc, line, [(s, e, "SEO spam phrase") for s, e in spans])
