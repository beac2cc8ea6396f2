"""Drop lines left with no words at all: only digits, punctuation or symbols (`×`, `221381`, `---`)."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting

_LETTER = regex.compile(r"\p{L}")
_LONGEST_FORMULA = 200  # characters: longer letterless lines are never arithmetic worth keeping


def holds_code(texts: Iterable[str], code_line: regex.Pattern[str]) -> bool:
    """A document holds code (or a Markdown table) when a line with a letter matches `code_line`."""
    return any(code_line.search(text) and _LETTER.search(text) for text in texts)


@register
class NoWords(LineCleaner):
    """A line without a single letter or ideograph carries no text for a corpus, unless it is arithmetic,
    a list of numbers, or code punctuation in a document that holds code or a Markdown table."""

    name = "no_words"
    # whether a line of code punctuation stays hangs on the other lines (does the document hold code?): a later
    # pass looks at every line again once the document changed (a span cut from a line may take its code away)
    whole_document = True

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.keep = regex.compile(setting(self.settings, "keep_pattern", str, self.name))
        self.code_line = regex.compile(setting(self.settings, "code_line", str, self.name))
        self.code_punctuation = regex.compile(setting(self.settings, "code_punctuation", str, self.name))

    def run(self, doc: Document) -> Document:
        code: list[bool] = []  # whether the document holds code: looked at once, only if a line needs it
        for line in doc.lines:
            if line.text:
                self._clean(doc, line, code)
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def holds_code(self, doc: Document) -> bool:
        return holds_code((line.text for line in doc.lines), self.code_line)

    def clean_line(self, doc: Document, line: Line) -> None:
        self._clean(doc, line, [])

    def _clean(self, doc: Document, line: Line, code: list[bool]) -> None:
        if _LETTER.search(line.text):
            return
        if len(line.text) <= _LONGEST_FORMULA and self.keep.fullmatch(line.text):
            return
        if self.code_punctuation.fullmatch(line.text):
            if not code:
                code.append(self.holds_code(doc))
            if code[0]:
                return
        self.drop_line(doc, line, "no words: only digits, punctuation or symbols")
