"""Remove SEO spam (hospital ads, gambling, fake invoices): the spam span, or the line when little else is left."""

from __future__ import annotations

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import Prefilter

_TRAILING_JUNK = regex.compile(r"[\s|｜/\\_\-–—~>]*")
_CJK = regex.compile(r"\p{Han}")


@register
class SeoSpam(LineCleaner):
    """Spam phrases come from a config list; nearby hits merge into one span, content around them stays."""

    name = "seo_spam"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        self.pattern = compile_patterns(["|".join(f"(?:{p})" for p in patterns(file))], file)[0]
        self.merge_gap = setting(self.settings, "merge_gap", int, self.name)
        self.min_kept_cjk = setting(self.settings, "min_kept_cjk", int, self.name)
        self.prefilter = Prefilter([self.pattern])

    def clean_line(self, doc: Document, line: Line) -> None:
        text = line.text
        if not self.prefilter.candidates(text):
            return
        hits = [(m.start(), m.end()) for m in self.pattern.finditer(text)]
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
        if len(_CJK.findall(kept)) < self.min_kept_cjk:
            self.drop_line(doc, line, "SEO spam line")
        else:
            self.drop_spans(doc, line, [(s, e, "SEO spam phrase") for s, e in spans])
