"""Remove a line the page shows twice in one document: a verbatim copy, or a summary cut from a paragraph."""

from __future__ import annotations

import bisect

import regex

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import setting

_SPACE = regex.compile(r"\s+")
_HAN = regex.compile(r"\p{Han}")


@register
class RepeatedLines(Cleaner):
    """A line of prose-like text (mostly hanzi) that the page shows twice keeps one copy: the first, unless a
    later copy sits among more prose lines that are not copies (the body's copy of a summary shown above)."""

    name = "repeated_lines"
    whole_document = True  # a copy is recognised against the other lines

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_chars = setting(self.settings, "min_chars", int, self.name)
        self.min_hanzi_share = setting(self.settings, "min_hanzi_share", float, self.name)
        self.prose_chars = setting(self.settings, "prose_chars", int, self.name)
        self.sentence = regex.compile(setting(self.settings, "sentence_marks", str, self.name))
        self.form_row = regex.compile(setting(self.settings, "form_row", str, self.name))
        self.min_prefix_chars = setting(self.settings, "min_prefix_chars", int, self.name)
        self.ellipsis = regex.compile(setting(self.settings, "ellipsis", str, self.name))

    def key(self, text: str) -> str | None:
        key = _SPACE.sub("", text)
        if len(key) < self.min_chars or len(_HAN.findall(key)) < self.min_hanzi_share * len(key):
            return None
        if self.form_row.search(text):  # a form's or an exam's row repeats by design
            return None
        return key

    def is_prose(self, line: Line) -> bool:
        return len(line.text) >= self.prose_chars and self.sentence.search(line.text) is not None

    def run(self, doc: Document) -> Document:
        lines = [line for line in doc.lines if line.text]
        copies: dict[str, list[int]] = {}
        for k, line in enumerate(lines):
            key = self.key(line.text)
            if key is not None:
                copies.setdefault(key, []).append(k)
        repeated = {k for at in copies.values() if len(at) > 1 for k in at}
        for at in copies.values():
            if len(at) < 2:
                continue
            # prose around a copy: neighbours that are prose and not copies themselves (a block shown twice
            # keeps its first copy whole)
            prose = [
                sum(self.is_prose(lines[j]) for j in (k - 1, k + 1) if 0 <= j < len(lines) and j not in repeated)
                for k in at
            ]
            keep = at[prose.index(max(prose))]  # the first among those with the most prose around
            for k in at:
                if k != keep:
                    self.drop_line(doc, lines[k], f"repeats line {lines[keep].no} verbatim (shown twice by the page)")
        self.drop_truncated_copies(doc, [line for line in lines if line.text])
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def drop_truncated_copies(self, doc: Document, lines: list[Line]) -> None:
        """A line (not the title) that is the start of a longer line, an ellipsis aside: a summary cut from
        the paragraph it repeats."""
        whole = sorted((_SPACE.sub("", line.text), k) for k, line in enumerate(lines))
        keys = [key for key, _ in whole]
        for line in lines[1:]:
            key = self.key(line.text)
            if key is None:
                continue
            key = self.ellipsis.sub("", key)
            if len(key) < self.min_prefix_chars:
                continue
            at = bisect.bisect_right(keys, key)  # the lines starting with `key` sort right after it
            while at < len(keys) and keys[at].startswith(key):
                longer = lines[whole[at][1]]
                if len(keys[at]) > len(key) and longer is not line:
                    self.drop_line(doc, line, f"the start of line {longer.no} again (a summary cut from it)")
                    break
                at += 1
