"""Learned boilerplate: a short line that recurs verbatim across many unrelated documents is site chrome."""

from __future__ import annotations

from collections.abc import Iterable

import xxhash

from cleaners.base import Cleaner, Document, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import Prefilter

LineStats = dict[int, set[int]]  # line hash -> fingerprints of the documents it was seen in (capped)


@register
class LearnedBoilerplate(Cleaner):
    """CCNet's line-level idea, made repost-safe: copies of one report count once, not once per copy."""

    name = "learned_boilerplate"
    corpus_level = True

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_docs = setting(self.settings, "min_docs", int, self.name)
        self.min_chars = setting(self.settings, "min_line_chars", int, self.name)
        self.max_chars = setting(self.settings, "max_line_chars", int, self.name)
        self.content_chars = setting(self.settings, "fingerprint_min_chars", int, self.name)
        file = setting(self.settings, "skip_patterns", str, self.name)
        self.skip = compile_patterns(patterns(file), file)
        self.skip_filter = Prefilter(self.skip)
        self.boilerplate: set[int] = set()

    @staticmethod
    def key(text: str) -> int:
        return xxhash.xxh64_intdigest(text.encode())

    def fingerprint(self, doc: Document) -> int:
        """Min-hash of the document's long (content) lines: reposts of one report mostly share it."""
        hashes = [self.key(line.text) for line in doc.lines if len(line.text) >= self.content_chars]
        return min(hashes) if hashes else self.key("\x00" + doc.id)

    def eligible(self, text: str) -> bool:
        return self.min_chars <= len(text) <= self.max_chars and not any(
            p.search(text) for p in self.skip_filter.candidates(text)
        )

    def collect(self, doc: Document, stats: LineStats) -> None:
        """Map step: note which eligible lines this document has."""
        fp = self.fingerprint(doc)
        for line in doc.lines:
            if self.eligible(line.text):
                seen = stats.setdefault(self.key(line.text), set())
                if len(seen) < self.min_docs:
                    seen.add(fp)

    def merge(self, parts: Iterable[LineStats]) -> LineStats:
        total: LineStats = {}
        for part in parts:
            for key, fps in part.items():
                seen = total.setdefault(key, set())
                if len(seen) < self.min_docs:
                    seen.update(fps)
        return total

    def fit(self, stats: LineStats) -> set[int]:
        """Reduce step: the lines seen in at least `min_docs` unrelated documents."""
        self.boilerplate = {key for key, fps in stats.items() if len(fps) >= self.min_docs}
        return self.boilerplate

    def run(self, doc: Document) -> Document:
        if self.boilerplate:
            for line in doc.lines:
                if self.eligible(line.text) and self.key(line.text) in self.boilerplate:
                    self.drop_line(doc, line, f"recurs verbatim in >= {self.min_docs} unrelated documents")
            doc.lines = [line for line in doc.lines if line.text]
        return doc
