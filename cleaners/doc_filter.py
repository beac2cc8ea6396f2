"""Drop a document left with too little Chinese content after cleaning."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting

_CJK = regex.compile(r"\p{Han}")
_SPACE = regex.compile(r"\s")


@register
class DocFilter(Cleaner):
    """Keep a document only with enough Chinese characters, and a large enough share of them."""

    name = "doc_filter"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_cjk_chars = setting(self.settings, "min_cjk_chars", int, self.name)
        self.min_cjk_ratio = setting(self.settings, "min_cjk_ratio", float, self.name)

    def run(self, doc: Document) -> Document:
        text = doc.text
        cjk = len(_CJK.findall(text))
        chars = len(text) - len(_SPACE.findall(text))
        if cjk < self.min_cjk_chars:
            self.drop_document(doc, f"too little Chinese: {cjk} CJK characters < {self.min_cjk_chars}")
        elif cjk / chars < self.min_cjk_ratio:
            self.drop_document(doc, f"too little Chinese: {cjk / chars:.0%} of characters < {self.min_cjk_ratio:.0%}")
        return doc
