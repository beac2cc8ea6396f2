"""Remove a line the page shows twice in one document: a verbatim copy, or a summary cut from its body."""

from __future__ import annotations

import bisect
from collections import Counter

import regex

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import setting
from cleaners.line_features import is_prose

_HAN = regex.compile(r"\p{Han}")
# what a line is compared by: its letters and digits (a copy often differs in spaces and punctuation, a
# summary glues the body's lines together)
_NOT_COMPARED = regex.compile(r"[\s\p{P}\p{S}]+")
_PREFIX = 8  # lines are indexed by the first characters of their key


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

    def eligible(self, key: str, text: str) -> bool:
        """Prose-like enough to be a page's copy: long, mostly hanzi, not a form's or an exam's row (those
        repeat by design). Asked only of lines that do recur, so the regexes run on few lines."""
        if len(key) < self.min_chars or len(_HAN.findall(key)) < self.min_hanzi_share * len(key):
            return False
        return self.form_row.search(text) is None

    def run(self, doc: Document) -> Document:
        lines = [line for line in doc.lines if line.text]
        keys = [_NOT_COMPARED.sub("", line.text) for line in lines]
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
            # and, between copies that differ in punctuation, whether the copy itself reads as prose
            prose = [
                (sum(is_prose(lines[j].text) for j in (k - 1, k + 1) if 0 <= j < len(lines) and j not in repeated),
                 is_prose(lines[k].text))
                for k in at
            ]
            # the first among those with the most prose around; the title (the first line) always stays
            keep = 0 if at[0] == 0 else at[prose.index(max(prose))]
            for k in at:
                if k != keep:
                    self.drop_line(doc, lines[k], f"repeats line {lines[keep].no} word for word (shown twice by the page)")
        kept = [k for k, line in enumerate(lines) if line.text]
        self.drop_summaries(doc, [lines[k] for k in kept], [keys[k] for k in kept])
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def drop_summaries(self, doc: Document, lines: list[Line], keys: list[str]) -> None:
        """A line (not the title) whose text the page shows again from the start of another line: the start of
        a longer paragraph (a summary cut from it), or the text of the next lines glued together (a page's
        description: the body's first lines as one line, cut short). The body's lines stay."""
        starts, at = [], 0
        for key in keys:
            starts.append(at)
            at += len(key)
        body = "".join(keys)
        by_prefix: dict[str, list[int]] = {}  # a line under its first _PREFIX characters (a shorter one: all)
        for j, key in enumerate(keys):
            if key:
                by_prefix.setdefault(key[:_PREFIX], []).append(j)
        for k in range(1, len(lines)):
            key = keys[k]
            if len(key) < self.min_prefix_chars:
                continue
            candidates = [j for n in range(1, _PREFIX + 1) for j in by_prefix.get(key[:n], ())]
            for j in sorted(candidates):
                start, end = starts[j], starts[j] + len(key)
                if j == k or (start < starts[k] + len(key) and starts[k] < end) or body[start:end] != key:
                    continue  # itself, a span that overlaps it, or another text
                if end == starts[j] + len(keys[j]):
                    break  # the same words: the rule above chose which copy stays
                if not self.eligible(key, lines[k].text):
                    break
                if end < starts[j] + len(keys[j]):
                    why = f"the start of line {lines[j].no} again (a summary cut from it)"
                else:
                    last = bisect.bisect_right(starts, end - 1) - 1
                    why = f"lines {lines[j].no}-{lines[last].no} again as one line (a summary of the body)"
                self.drop_line(doc, lines[k], why)
                break
