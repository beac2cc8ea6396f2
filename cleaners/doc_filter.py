"""Drop a document left with too little Chinese content after cleaning."""

from __future__ import annotations

import numpy as np

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def count_cjk(text: str) -> int:
    """Ideographs in `text`, counted on its code points with numpy (~5x faster than a regex sub)."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mask = np.zeros(len(cps), dtype=bool)
    for lo, hi in _CJK_RANGES:
        mask |= (cps >= lo) & (cps <= hi)
    return int(np.count_nonzero(mask))


@register
class DocFilter(Cleaner):
    """Keep a document only with enough Chinese characters, and a large enough share of them."""

    name = "doc_filter"
    whole_document = True

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_cjk_chars = setting(self.settings, "min_cjk_chars", int, self.name)
        self.min_cjk_ratio = setting(self.settings, "min_cjk_ratio", float, self.name)

    def run(self, doc: Document) -> Document:
        text = doc.text
        cjk = count_cjk(text)
        chars = sum(map(len, text.split())) or 1  # non-space characters (str.split and re's \s agree)
        if cjk < self.min_cjk_chars:
            self.drop_document(doc, f"too little Chinese: {cjk} CJK characters < {self.min_cjk_chars}")
        elif cjk / chars < self.min_cjk_ratio:
            self.drop_document(
                doc, f"too little Chinese: {cjk / chars:.0%} of characters < {self.min_cjk_ratio:.0%}"
            )
        return doc
