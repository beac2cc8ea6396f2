"""Drop a row of search keywords built on one term (`红烧肉的做法 红烧肉怎么做 …`): a content farm's keyword row."""

from __future__ import annotations

from collections import Counter

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting

_CLAUSE = regex.compile(r"[,。!?;:、,!?;:]")  # a sentence's punctuation (after width folding)
_HAN = regex.compile(r"\p{Han}")


@register
class SearchTerms(LineCleaner):
    """A line without a clause mark that repeats one term of hanzi min_repeats times or more, in min_variants or
    more different phrasings, the term making up min_share of its hanzi: the queries a content farm targets
    (`卫生间防水哪家好卫生间防水多少钱…`, `红烧肉的做法 红烧肉的家常做法 红烧肉怎么做 …`). A refrain repeats one
    phrase (`一二一 一二一 一二一 一二一`: one phrasing), a rhyme's lines end alike (`春天来了 夏天来了 …`: the queries
    start with their term), a sentence has its punctuation, a formula its operators and a menu its separators."""

    name = "search_terms"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_chars = setting(self.settings, "min_line_chars", int, self.name)
        self.max_chars = setting(self.settings, "max_line_chars", int, self.name)
        self.term_chars = setting(self.settings, "term_chars", list, self.name)
        self.min_repeats = setting(self.settings, "min_repeats", int, self.name)
        self.min_variants = setting(self.settings, "min_variants", int, self.name)
        self.min_share = setting(self.settings, "min_share", float, self.name)
        self.not_queries = regex.compile(setting(self.settings, "not_queries", str, self.name))
        self.not_short_queries = regex.compile(setting(self.settings, "not_short_queries", str, self.name))
        self.min_short_variant = setting(self.settings, "min_short_variant_chars", int, self.name)

    def clean_line(self, doc: Document, line: Line) -> None:
        text = line.text
        if not self.min_chars <= len(text) <= self.max_chars or _CLAUSE.search(text) or self.not_queries.search(text):
            return
        compact = "".join(text.split())
        if max(Counter(compact).values()) < self.min_repeats:  # no character comes back often enough
            return
        han = len(_HAN.findall(compact))
        for size in self.term_chars:
            short = size <= 2
            if short and self.not_short_queries.search(text):
                continue
            shortest = self.min_short_variant if short else 1  # a short term's phrasings are words
            grams = Counter(compact[i:i + size] for i in range(len(compact) - size + 1))
            for term, _ in grams.most_common(3):
                if len(_HAN.findall(term)) < size:
                    continue
                pieces = compact.split(term)
                variants = {p for p in pieces[1:] if len(p) >= shortest}  # what follows each occurrence up to the next
                # the queries start with the term: the line does, or min_variants of its space-separated phrases
                leads = compact.startswith(term) or sum(w.startswith(term) for w in text.split()) >= self.min_variants
                if (leads and len(pieces) - 1 >= self.min_repeats and len(variants) >= self.min_variants
                        and (len(pieces) - 1) * size >= self.min_share * han):
                    self.drop_line(
                        doc, line,
                        f"a row of search keywords on one term: {term!r} {len(pieces) - 1} times, "
                        f"{len(variants)} phrasings",
                    )
                    return
