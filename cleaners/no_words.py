"""Drop lines left with no words at all: only digits, punctuation or symbols (`×`, `221381`, `---`)."""

from __future__ import annotations

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting

_LETTER = regex.compile(r"\p{L}")
_LONGEST_FORMULA = 200  # characters: longer letterless lines are never arithmetic worth keeping


@register
class NoWords(LineCleaner):
    """A line without a single letter or ideograph carries no text for a corpus, unless it is arithmetic."""

    name = "no_words"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.keep = regex.compile(setting(self.settings, "keep_pattern", str, self.name))

    def clean_line(self, doc: Document, line: Line) -> None:
        if _LETTER.search(line.text):
            return
        if len(line.text) <= _LONGEST_FORMULA and self.keep.fullmatch(line.text):
            return
        self.drop_line(doc, line, "no words: only digits, punctuation or symbols")
