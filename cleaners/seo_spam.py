"""Remove SEO spam (hospital ads, gambling, fake invoices): the spam span, or the line when little else is left."""

from __future__ import annotations

from itertools import islice

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import PatternGroup, shared_scanner

_TRAILING_JUNK = regex.compile(r"[\s|｜/\\_\-–—~>]*")
_CJK = regex.compile(r"\p{Han}")


@register
class SeoSpam(LineCleaner):
    """Spam phrases come from a config list; nearby hits merge into one span, content around them stays."""

    name = "seo_spam"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "patterns", str, self.name)
        self.branches = patterns(file)
        self.pattern = compile_patterns(["|".join(f"(?:{p})" for p in self.branches)], file)[0]
        self.merge_gap = setting(self.settings, "merge_gap", int, self.name)
        self.min_kept_cjk = setting(self.settings, "min_kept_cjk", int, self.name)
        # each line of the file apart in the shared scanner, so that they are ruled out one by one
        self.group = PatternGroup(shared_scanner(patterns), compile_patterns(self.branches, file))
        self._subsets: dict[tuple[int, ...], regex.Pattern[str]] = {}

    def _combined(self, branches: tuple[int, ...]) -> regex.Pattern[str]:
        """The alternation of these lines of the file (all of them: the file's pattern)."""
        if len(branches) == len(self.branches):
            return self.pattern
        if branches not in self._subsets:
            self._subsets[branches] = regex.compile("|".join(f"(?:{self.branches[i]})" for i in branches))
        return self._subsets[branches]

    def _hits(self, text: str, mask: int | None = None) -> list[tuple[int, int]]:
        """The spans the file's pattern finds in `text` (finditer of the alternation of its lines), found with
        each line that may match on its own: the leftmost match next, the earlier line's at one start. The
        alternation tries every line at every position (2x slower on the seeds' long spam lines)."""
        branches = self.group.indices(self.group.masks([text])[0] if mask is None else mask)
        if len(branches) == 1:
            return [m.span() for m in self.group.patterns[branches[0]].finditer(text)]
        patterns = [self.group.patterns[i] for i in branches]
        found = [pattern.search(text) for pattern in patterns]  # each line's leftmost match from `pos`
        hits: list[tuple[int, int]] = []
        pos = 0
        while True:
            best = None
            for k, m in enumerate(found):
                if m is not None and m.start() < pos:  # overlaps the last hit: that line's next match
                    m = found[k] = patterns[k].search(text, pos)
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return hits
            if best.end() == best.start():  # an empty match: finditer's own rules for what follows it
                return [m.span() for m in self._combined(branches).finditer(text)]
            hits.append(best.span())
            pos = best.end()

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        group = self.group
        for line, mask in zip(lines, group.masks([line.text for line in lines]), strict=True):
            if mask & group.mask and line.text:
                self._clean(doc, line, self._hits(line.text, mask))
        doc.lines = [line for line in lines if line.text]
        return doc

    def clean_line(self, doc: Document, line: Line) -> None:
        self._clean(doc, line, self._hits(line.text))

    def _clean(self, doc: Document, line: Line, hits: list[tuple[int, int]]) -> None:
        text = line.text
        if not hits:
            return
        spans: list[list[int]] = []
        for start, end in hits:
            if spans and start - spans[-1][1] <= self.merge_gap:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        for span in spans:  # swallow separators such as " |" left dangling after the spam
            span[1] = _TRAILING_JUNK.match(text, span[1]).end()
        kept = text
        for start, end in reversed(spans):
            kept = kept[:start] + kept[end:]
        if sum(1 for _ in islice(_CJK.finditer(kept), self.min_kept_cjk)) < self.min_kept_cjk:
            self.drop_line(doc, line, "SEO spam line")
        else:
            self.drop_spans(doc, line, [(s, e, "SEO spam phrase") for s, e in spans])
