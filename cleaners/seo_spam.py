"""Remove SEO spam (hospital ads, gambling, fake invoices): the spam span, or the line when little else is left."""

from __future__ import annotations

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import Prefilter, split_alternatives

_TRAILING_JUNK = regex.compile(r"[\s|｜/\\_\-–—~>]*")
_CJK = regex.compile(r"\p{Han}")


@register
class SeoSpam(LineCleaner):
    """Spam phrases come from a config list; nearby hits merge into one span, content around them stays."""

    name = "seo_spam"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        lines = patterns(file)
        self.pattern = compile_patterns(["|".join(f"(?:{p})" for p in lines)], file)[0]
        # each line's top-level alternatives apart, so that the pre-filter can rule them out one by one
        self.branches = [alternative for p in lines for alternative in split_alternatives(p)]
        self.merge_gap = setting(self.settings, "merge_gap", int, self.name)
        self.min_kept_cjk = setting(self.settings, "min_kept_cjk", int, self.name)
        self.prefilter = Prefilter(compile_patterns(self.branches, file), gated=True)
        self._subsets: dict[tuple[int, ...], regex.Pattern[str]] = {}

    def _pattern_for(self, text: str) -> regex.Pattern[str] | None:
        """The combined pattern less the branches that cannot match `text`: the same matches, found faster."""
        branches = self.prefilter.indices(text)
        if not branches:
            return None
        if len(branches) == len(self.branches):
            return self.pattern
        if branches not in self._subsets:
            self._subsets[branches] = regex.compile("|".join(f"(?:{self.branches[i]})" for i in branches))
        return self._subsets[branches]

    def may_change(self, doc: Document) -> bool:
        return bool(self.prefilter.indices(doc.text))  # most documents hold no spam phrase's strings

    def clean_line(self, doc: Document, line: Line) -> None:
        text = line.text
        pattern = self._pattern_for(text)
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
        if len(_CJK.findall(kept)) < self.min_kept_cjk:
            self.drop_line(doc, line, "SEO spam line")
        else:
            self.drop_spans(doc, line, [(s, e, "SEO spam phrase") for s, e in spans])
