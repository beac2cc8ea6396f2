"""Drop a document left with too little Chinese content after cleaning."""

from __future__ import annotations

import re

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting

_NOT_CJK = re.compile("[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_SPACE = re.compile(r"\s+")


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
        cjk = len(_NOT_CJK.sub("", text))
        chars = len(_SPACE.sub("", text)) or 1
        if cjk < self.min_cjk_chars:
            self.drop_document(doc, f"too little Chinese: {cjk} CJK characters < {self.min_cjk_chars}")
        elif cjk / chars < self.min_cjk_ratio:
            self.drop_document(
                doc, f"too little Chinese: {cjk / chars:.0%} of characters < {self.min_cjk_ratio:.0%}"
            )
        return doc
