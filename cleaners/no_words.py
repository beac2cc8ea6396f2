"""Drop lines left with no words at all: only digits, punctuation or symbols (`×`, `221381`, `---`)."""

from __future__ import annotations

import regex

from cleaners.base import Document, Line, LineCleaner, register

_LETTER = regex.compile(r"\p{L}")


@register
class NoWords(LineCleaner):
    """A line without a single letter or ideograph carries no text for a corpus."""

    name = "no_words"

    def clean_line(self, doc: Document, line: Line) -> None:
        if not _LETTER.search(line.text):
            self.drop_line(doc, line, "no words: only digits, punctuation or symbols")
