"""Remove "related documents" lists: a heading such as 相关文档 / 猜你喜欢 / 往期推荐 and the titles under it."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import PatternGroup, shared_scanner

_SENTENCE_END = regex.compile(r"[。!?;:]\s*$")


@register
class RelatedLists(Cleaner):
    """A list heading goes with the run of short, unpunctuated title lines that follows it."""

    name = "related_lists"
    whole_document = True  # an item is recognised by the heading above it

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "headings", str, self.name)
        self.headings = PatternGroup(shared_scanner(patterns), compile_patterns(patterns(file), file))
        self.max_item_chars = setting(self.settings, "max_item_chars", int, self.name)
        self.max_heading_chars = setting(self.settings, "max_heading_chars", int, self.name)

    def run(self, doc: Document) -> Document:
        heading = None
        group = self.headings
        for line, mask in zip(doc.lines, group.masks([line.text for line in doc.lines]), strict=True):
            text = line.text
            if not text:
                continue
            if (
                mask & group.mask
                and len(text) <= self.max_heading_chars
                and any(p.search(text) for p in group.candidates(mask))
            ):
                heading = text
                self.drop_line(doc, line, "related-documents list heading")
            elif heading is not None and self._is_item(text):
                self.drop_line(doc, line, f"item of the related-documents list under {heading!r}")
            else:
                heading = None
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def _is_item(self, text: str) -> bool:
        return len(text) <= self.max_item_chars and not _SENTENCE_END.search(text)
