"""Remove lines that are only markup or symbol noise: HTML tags or entities left by a scraper, anti-copy symbol pairs, a
comment form's smiley codes."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting
from cleaners.no_words import holds_code

_TAG = regex.compile(r"<[/!]?([A-Za-z][A-Za-z0-9]*)[^<>]*>|<([A-Za-z][A-Za-z0-9]*)[^<>]*$")
_LETTER = regex.compile(r"\p{L}")
_HAN = regex.compile(r"\p{Han}")
_SYMBOL = regex.compile(r"[^\p{L}\p{N}\s]")


@register
class MarkupResidue(Cleaner):
    """A line of HTML tags and nothing a reader sees (unless the document is about code), a line of HTML entities
    (`&nbsp;&nbsp;`), or a line of short random symbol-and-letter pairs (`{* t6 p8 g2 v; y3`), the anti-copy
    noise of forum mirrors."""

    name = "markup_residue"
    whole_document = True  # tags are content in a document that holds code

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.code_line = regex.compile(setting(self.settings, "code_line", str, self.name))
        self.html_tags = frozenset(setting(self.settings, "html_tags", str, self.name).split())
        self.min_tokens = setting(self.settings, "min_noise_tokens", int, self.name)
        self.max_token_chars = setting(self.settings, "max_noise_token_chars", int, self.name)
        self.min_symbol_share = setting(self.settings, "min_noise_symbol_share", float, self.name)
        self.smiley_codes = regex.compile(setting(self.settings, "smiley_codes", str, self.name))
        self.entities = regex.compile(setting(self.settings, "entities", str, self.name))

    def run(self, doc: Document) -> Document:
        code: bool | None = None  # whether the document holds code: looked at once, only if a line needs it
        for line in doc.lines:
            text = line.text
            if "<" in text and _TAG.search(text) and self.only_html_tags(text):
                    if code is None:
                        code = holds_code(doc.lines, self.code_line)
                    if not code:
                        self.drop_line(doc, line, "markup residue: HTML tags only")
                        continue
            if self.is_symbol_noise(text):
                self.drop_line(doc, line, "symbol noise: short random symbol-and-letter pairs (anti-copy filler)")
            elif ":" in text and self.smiley_codes.match(text):
                self.drop_line(doc, line, "smiley codes of a comment form (:razz: :smile: …)")
            elif "&" in text and self.entities.match(text):
                self.drop_line(doc, line, "markup residue: HTML entities only (&nbsp; …)")
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def only_html_tags(self, text: str) -> bool:
        """Tags of HTML itself and nothing a reader sees (bullets and numbers aside); XML of a config file
        names its own tags and stays."""
        if _LETTER.search(_TAG.sub("", text)):
            return False
        return all((m.group(1) or m.group(2)).lower() in self.html_tags for m in _TAG.finditer(text))

    def is_symbol_noise(self, text: str) -> bool:
        tokens = text.split()
        if len(tokens) < self.min_tokens or _HAN.search(text):
            return False
        if any(len(t) > self.max_token_chars for t in tokens):
            return False
        return sum(1 for t in tokens if _SYMBOL.search(t)) >= self.min_symbol_share * len(tokens)
