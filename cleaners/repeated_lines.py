"""Remove a line the page shows twice in one document: a verbatim copy, or a summary cut from a paragraph."""

from __future__ import annotations

import bisect
from collections import Counter

import regex

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import setting
from cleaners.line_features import is_prose

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
        self.form_row = regex.compile(setting(self.settings, "form_row", str, self.name))
        self.min_prefix_chars = setting(self.settings, "min_prefix_chars", int, self.name)
        self.ellipsis = regex.compile(setting(self.settings, "ellipsis", str, self.name))

    def eligible(self, key: str, text: str) -> bool:
        """Prose-like enough to be a page's copy: long, mostly hanzi, not a form's or an exam's row (those
        repeat by design). Asked only of lines that do recur, so the regexes run on few lines."""
        if len(key) < self.min_chars or len(_HAN.findall(key)) < self.min_hanzi_share * len(key):
            return False
        return self.form_row.search(text) is None

    def run(self, doc: Document) -> Document:
        lines = [line for line in doc.lines if line.text]
        keys = ["".join(line.text.split()) for line in lines]  # whitespace aside
        counts = Counter(keys)
        copies: dict[str, list[int]] = {}
        for k, key in enumerate(keys):
            if counts[key] > 1:
                copies.setdefault(key, []).append(k)
        copies = {key: at for key, at in copies.items() if self.eligible(key, lines[at[0]].text)}
        repeated = {k for at in copies.values() for k in at}
        for at in copies.values():
            # prose around a copy (line_features.is_prose, as the classifier sees it): neighbours that are
            # prose and not copies themselves (a block shown twice keeps its first copy whole)
            prose = [
                sum(is_prose(lines[j].text) for j in (k - 1, k + 1) if 0 <= j < len(lines) and j not in repeated)
                for k in at
            ]
            # the first among those with the most prose around; the title (the first line) always stays
            keep = 0 if at[0] == 0 else at[prose.index(max(prose))]
            for k in at:
                if k != keep:
                    self.drop_line(doc, lines[k], f"repeats line {lines[keep].no} verbatim (shown twice by the page)")
        kept = [k for k, line in enumerate(lines) if line.text]
        self.drop_truncated_copies(doc, [lines[k] for k in kept], [keys[k] for k in kept])
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def drop_truncated_copies(self, doc: Document, lines: list[Line], keys: list[str]) -> None:
        """A line (not the title) that is the start of a longer line, an ellipsis aside: a summary cut from
        the paragraph it repeats."""
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ordered = [keys[k] for k in order]
        for k in range(1, len(lines)):
            key = keys[k]
            if len(key) < self.min_prefix_chars:
                continue
            key = self.ellipsis.sub("", key)
            if len(key) < self.min_prefix_chars:
                continue
            at = bisect.bisect_right(ordered, key)  # the lines starting with `key` sort right after it
            while at < len(ordered) and ordered[at].startswith(key):
                longer = order[at]
                if len(ordered[at]) > len(key) and longer != k:
                    if self.eligible(key, lines[k].text):
                        why = f"the start of line {lines[longer].no} again (a summary cut from it)"
                        self.drop_line(doc, lines[k], why)
                    break
                at += 1
