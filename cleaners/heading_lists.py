"""Remove the titles listed right under a list heading that an earlier cleaner removed (`本刊其他文章`, `相关文档`)."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import compile_patterns, setting


@register
class HeadingLists(Cleaner):
    """The titles right under a list heading that the model, late_chrome or learned boilerplate removed: two or
    more short lines, none ending like a sentence, up to the next removed line or the page's end. related_lists
    takes the lists under the headings it knows; these headings are in new wording (only the model saw them) or
    the site's own (learned from its pages at the corpus stage, so the chain runs this cleaner in both stages).
    Not a list with a line the model never removes (a book with its author in a reading list under `推荐阅读`)."""

    name = "heading_lists"
    whole_document = True  # a list is recognised by the removed heading above it

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.removed_by = frozenset(setting(self.settings, "heading_removed_by", list, self.name))
        self.heading_word = regex.compile(setting(self.settings, "heading_word", str, self.name))
        self.max_heading_chars = setting(self.settings, "max_heading_chars", int, self.name)
        self.max_item_chars = setting(self.settings, "max_item_chars", int, self.name)
        self.sentence = regex.compile(setting(self.settings, "sentence_mark", str, self.name))
        file = setting(self.settings, "item_protect", str, self.name)
        self.item_protect = compile_patterns(patterns(file), file)

    def run(self, doc: Document) -> Document:
        removed = doc.line_removals()
        if not removed:
            return doc
        kept = {line.no: line for line in doc.lines if line.text}
        order = sorted([*removed, *kept])
        doomed = []
        for k, no in enumerate(order):
            heading = removed.get(no)
            if heading is None or heading.cleaner not in self.removed_by:
                continue
            text = heading.text.strip()
            if len(text) > self.max_heading_chars or self.sentence.search(text) or not self.heading_word.search(text):
                continue
            items = []
            for item in order[k + 1:]:
                if item in removed:
                    break
                line = kept[item]
                if len(line.text.strip()) > self.max_item_chars or self.sentence.search(line.text.strip()[-1:]):
                    items = []
                    break
                items.append(line)
            if len(items) >= 2 and not any(r.search(line.text) for line in items for r in self.item_protect):
                doomed += [(line, heading) for line in items]
        for line, heading in doomed:  # each item under one heading: a run stops at the next removed line
            self.drop_line(doc, line, f"item of a list under the removed heading {heading.text.strip()!r} (removed by {heading.cleaner})")
        doc.lines = [line for line in doc.lines if line.text]
        return doc
