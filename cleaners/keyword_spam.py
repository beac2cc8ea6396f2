"""Remove keyword-stuffed spam lines: strings of adult or gambling site keywords glued into a page."""

from __future__ import annotations

import re

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting

_HAN = regex.compile(r"\p{Han}")


@register
class KeywordSpam(LineCleaner):
    """A line is spam when it strings together several distinct keywords of a spam vocabulary (config data)
    and they make up a large share of its Chinese; one keyword in a sentence (a news report) is content."""

    name = "keyword_spam"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        words = {w.lower() for w in patterns(setting(self.settings, "keywords", str, self.name)) if w}
        # longest first; matched on the lower-cased line with `re` (3x faster than regex.I on the same hits)
        self.vocabulary = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
        self.min_keywords = setting(self.settings, "min_distinct_keywords", int, self.name)
        self.min_share = setting(self.settings, "min_keyword_share", float, self.name)

    def clean_line(self, doc: Document, line: Line) -> None:
        hits = self.vocabulary.findall(line.text.lower())
        distinct = list(dict.fromkeys(hits))  # in the order found
        if len(distinct) < self.min_keywords:
            return
        han = len(_HAN.findall(line.text)) or 1
        share = sum(len(_HAN.findall(h)) for h in hits) / han
        if share >= self.min_share:
            self.drop_line(doc, line, f"keyword stuffing: {len(distinct)} spam keywords ({', '.join(distinct[:4])} …)")
