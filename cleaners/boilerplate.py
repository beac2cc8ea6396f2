"""Learned boilerplate: a short line that recurs verbatim across many unrelated documents is site chrome."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xxhash

from cleaners.base import Cleaner, Document, register
from cleaners.config import compile_patterns, setting
from cleaners.prefilter import Prefilter


class LineStats:
    """Which documents (by fingerprint) each eligible line was seen in: unique (line hash, fingerprint)
    pairs, at most `cap` per line, as one sorted (N, 2) uint64 array: 16 bytes a pair, where a dict of
    sets took ~350 bytes a line. New pairs are staged and merged in once they outnumber the packed ones."""

    BUFFER = 1 << 16  # pairs buffered as Python ints before they become an array

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.pairs = np.empty((0, 2), dtype=np.uint64)
        self._keys: list[int] = []
        self._fps: list[int] = []
        self._chunks: list[np.ndarray] = []
        self._staged = 0

    def add(self, key: int, fp: int) -> None:
        self._keys.append(key)
        self._fps.append(fp)
        if len(self._keys) >= self.BUFFER:
            self._stage_buffer()

    def update(self, other: LineStats) -> None:
        """Merge in another shard's statistics."""
        self._stage(other.pack())

    def pack(self) -> np.ndarray:
        """All pairs, sorted, unique and capped."""
        self._stage_buffer()
        if self._chunks:
            self._compact()
        return self.pairs

    def _stage_buffer(self) -> None:
        if self._keys:
            keys, fps = np.array(self._keys, dtype=np.uint64), np.array(self._fps, dtype=np.uint64)
            self._keys, self._fps = [], []
            self._stage(self._capped(np.column_stack([keys, fps])))

    def _stage(self, pairs: np.ndarray) -> None:
        self._chunks.append(pairs)
        self._staged += len(pairs)
        if self._staged > max(len(self.pairs), self.BUFFER):  # geometric: each pair is re-sorted O(log n) times
            self._compact()

    def _compact(self) -> None:
        self.pairs = self._capped(np.concatenate([self.pairs, *self._chunks]))
        self._chunks, self._staged = [], 0

    def __getstate__(self) -> dict[str, object]:
        return {"cap": self.cap, "pairs": self.pack()}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["cap"])  # type: ignore[misc]
        self.pairs = state["pairs"]  # type: ignore[assignment]

    def _capped(self, pairs: np.ndarray) -> np.ndarray:
        if not len(pairs):
            return pairs
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        new = np.r_[True, (pairs[1:] != pairs[:-1]).any(axis=1)]
        pairs = pairs[new]
        first = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
        starts = np.flatnonzero(first)
        rank = np.arange(len(pairs)) - np.repeat(starts, np.diff(np.r_[starts, len(pairs)]))
        return pairs[rank < self.cap]

    def lines_seen_in(self, min_docs: int) -> set[int]:
        """Hashes of the lines seen in at least `min_docs` distinct documents."""
        keys = self.pack()[:, 0]
        if not len(keys):
            return set()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        counts = np.diff(np.r_[starts, len(keys)])
        return set(keys[starts[counts >= min_docs]].tolist())

    def __len__(self) -> int:
        """Distinct lines."""
        keys = self.pack()[:, 0]
        return int(np.count_nonzero(np.r_[True, keys[1:] != keys[:-1]])) if len(keys) else 0


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

    def new_stats(self) -> LineStats:
        return LineStats(self.min_docs)

    def collect(self, doc: Document, stats: LineStats) -> None:
        """Map step: note which eligible lines this document has."""
        fp = self.fingerprint(doc)
        for line in doc.lines:
            if self.eligible(line.text):
                stats.add(self.key(line.text), fp)

    def merge(self, parts: Iterable[LineStats]) -> LineStats:
        total = self.new_stats()
        for part in parts:
            total.update(part)
        return total

    def fit(self, stats: LineStats) -> set[int]:
        """Reduce step: the lines seen in at least `min_docs` unrelated documents."""
        self.boilerplate = stats.lines_seen_in(self.min_docs)
        return self.boilerplate

    def run(self, doc: Document) -> Document:
        if self.boilerplate:
            for line in doc.lines:
                if self.eligible(line.text) and self.key(line.text) in self.boilerplate:
                    self.drop_line(doc, line, f"recurs verbatim in >= {self.min_docs} unrelated documents")
            doc.lines = [line for line in doc.lines if line.text]
        return doc
