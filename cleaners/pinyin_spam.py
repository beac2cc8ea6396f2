"""Remove romanized (pinyin) spam: whole pinyin lines, pinyin headings and pinyin tails after Chinese text."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import regex
from numba import njit

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting
from cleaners.prefilter import PatternGroup, shared_scanner

_URL = regex.compile(
    r"(?:https?://|www\.)\S+|[\w.\-]+@[\w\-]+\.[\w.]+|\b[\w\-]+\.(?:com|cn|net|org)\b", regex.I
)
# Every _URL match holds one of these, and lies in a run of non-space characters. _URL backtracks over
# every start in a long run of letters (a pinyin line: seconds): it runs only on the runs holding a hint.
_URL_HINT = re.compile(r"://|www\.|@|\.(?:com|cn|net|org)", re.I)  # stdlib: folds at least as regex.I
_NON_SPACE = regex.compile(r"\S+")
_WORD = re.compile(r"[A-Za-z]+")
_CJK = regex.compile(r"\p{Han}")


@njit(cache=True, nogil=True)
def _fewest_syllables(codes: np.ndarray, trans: np.ndarray, accept: np.ndarray) -> int:
    """Syllable.count's dynamic programme over ASCII codes, walking the syllables' trie (state 0: root)."""
    n = codes.shape[0]
    best = np.full(n + 1, -1, np.int64)
    best[0] = 0
    for start in range(n):
        prev = best[start]
        if prev < 0:
            continue
        state = 0
        for end in range(start, n):
            state = trans[state, codes[end]]
            if state < 0:
                break  # no syllable starts with this piece
            if accept[state] and (best[end + 1] < 0 or prev + 1 < best[end + 1]):
                best[end + 1] = prev + 1
    return max(best[n], 0)


class Syllables:
    """Segments a lowercase run into valid pinyin syllables (dynamic programming, no backtracking blow-up).

    ASCII words go through a compiled kernel walking a trie of the syllables (~0.3 us a letter in Python:
    a page of fresh pinyin spam took longer than the rest of the chain)."""

    def __init__(self, syllables: list[str]) -> None:
        self.syllables = frozenset(syllables)
        self.longest = max(map(len, self.syllables))
        self.prefixes = frozenset(s[:i] for s in self.syllables for i in range(1, len(s) + 1))
        # the trie of the ASCII syllables: trans[state, byte] -> state (-1: none), accept[state]
        ascii_prefixes = sorted(p for p in self.prefixes if p.isascii())
        state_of = {"": 0} | {p: i for i, p in enumerate(ascii_prefixes, start=1)}
        self._trans = np.full((len(state_of), 128), -1, dtype=np.int32)
        self._accept = np.zeros(len(state_of), dtype=np.bool_)
        for prefix, state in state_of.items():
            if prefix:
                self._trans[state_of[prefix[:-1]], ord(prefix[-1])] = state
                self._accept[state] = prefix in self.syllables

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per config, lives as long as the process
    def count(self, word: str) -> int:
        """Number of syllables in the segmentation of `word` using the fewest syllables; 0 if none."""
        if word.isascii():
            return int(
                _fewest_syllables(np.frombuffer(word.encode(), dtype=np.uint8), self._trans, self._accept)
            )
        return self._count(word)

    def _count(self, word: str) -> int:
        # Forward DP from reachable positions only; a piece that is no syllable's prefix ends the inner loop.
        n = len(word)
        best = [0] + [-1] * n
        syllables, prefixes = self.syllables, self.prefixes
        for start in range(n):
            prev = best[start]
            if prev < 0:
                continue
            for end in range(start + 1, min(n, start + self.longest) + 1):
                piece = word[start:end]
                if piece not in prefixes:
                    break
                if piece in syllables and (best[end] < 0 or prev + 1 < best[end]):
                    best[end] = prev + 1
        return max(best[-1], 0)


@register
class PinyinSpam(LineCleaner):
    """Detects pinyin by syllable segmentation: English words, acronyms, URLs (STEAM, IPv6, G60) survive."""

    name = "pinyin_spam"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.syllables = Syllables(patterns(setting(self.settings, "syllables", str, self.name)))
        self.min_run = setting(self.settings, "min_run_letters", int, self.name)
        self.min_syllables = setting(self.settings, "min_run_syllables", int, self.name)
        self.line_share = setting(self.settings, "min_line_pinyin_share", float, self.name)
        self.min_line_letters = setting(self.settings, "min_line_pinyin_letters", int, self.name)
        self.tail_max_cjk = setting(self.settings, "tail_max_cjk_share", float, self.name)
        self.min_spaced = setting(self.settings, "min_spaced_words", int, self.name)
        # `[a-z][a-z]{n-1}`, not `[a-z]{n}`: a leading class lets stdlib re scan for it (~5x faster)
        self.long_run = re.compile(f"[a-z][a-z]{{{max(self.min_run - 1, 0)}}}")
        # ... or min_spaced_words short lowercase words in a row: pinyin written word by word
        self.spaced_run = re.compile(f"(?:[a-z]{{2,{self.min_run}}}[ \t]+){{{max(self.min_spaced - 1, 0)}}}[a-z]{{2,{self.min_run}}}")
        self.trigger = PatternGroup(
            shared_scanner(patterns),
            [regex.compile(self.long_run.pattern), regex.compile(self.spaced_run.pattern)],
            shard="triggers",
        )

    def is_pinyin(self, word: str) -> bool:
        return word.islower() and self.syllables.count(word) > 0

    def is_long_pinyin(self, word: str) -> bool:
        return (
            len(word) >= self.min_run and word.islower() and self.syllables.count(word) >= self.min_syllables
        )

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        trigger = self.trigger.mask
        for line, mask in zip(lines, self.trigger.masks([line.text for line in lines]), strict=True):
            if mask & trigger and line.text:  # the common case: no run of letters long enough
                self.clean_line(doc, line)
        doc.lines = [line for line in lines if line.text]
        return doc

    def clean_line(self, doc: Document, line: Line) -> None:
        if not self.long_run.search(line.text):
            if self.spaced_run.search(line.text):
                self.drop_spaced_line(doc, line)
            return
        text = _blank_urls(line.text)  # URLs in content are never pinyin spam
        words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
        long_pinyin = [self.is_long_pinyin(w) for _, w in words]
        if not any(long_pinyin):
            return
        if not _CJK.search(text):
            letters = sum(len(w) for _, w in words)
            pinyin = sum(len(w) for _, w in words if self.is_pinyin(w))
            if pinyin >= self.min_line_letters and pinyin >= self.line_share * letters:
                self.drop_line(doc, line, f"pinyin spam line ({pinyin}/{letters} letters are pinyin)")
            return
        for k, (start, _) in enumerate(words):
            if long_pinyin[k] and self._is_tail(text, start, [w for _, w in words[k:]]):
                self.drop_spans(doc, line, [(start, len(text), "pinyin spam tail")])
                return

    def drop_spaced_line(self, doc: Document, line: Line) -> None:
        """A line of no hanzi written in pinyin word by word (`ershouche maimai xieyishu fanben xiazai`): at least
        min_spaced_words words of two or more syllables, and its pinyin words most of its letters (English fails
        on its `the`, `of`, `and`, `in`, `is`)."""
        text = _blank_urls(line.text)
        if _CJK.search(text):
            return
        words = _WORD.findall(text)
        letters = sum(map(len, words))
        pinyin = [w for w in words if self.is_pinyin(w)]
        joined = sum(1 for w in pinyin if self.syllables.count(w) >= 2)
        share = sum(map(len, pinyin))
        if joined >= self.min_spaced and share >= self.min_line_letters and share >= self.line_share * letters:
            self.drop_line(doc, line, f"pinyin spam line ({joined} words of pinyin syllables, {share}/{letters} letters)")

    def _is_tail(self, text: str, start: int, letters: list[str]) -> bool:
        """Is text[start:] a pinyin tail? `letters`: its words (the line's, from the one at `start`)."""
        cjk = len(_CJK.findall(text, start))
        pinyin = sum(len(w) for w in letters if self.is_pinyin(w))
        return cjk <= self.tail_max_cjk * (len(text) - start) and pinyin >= self.line_share * sum(
            map(len, letters)
        )


def _blank_urls(text: str) -> str:
    """`text` with each _URL match replaced by as many spaces (what `_URL.sub` gives, found faster)."""
    if not _URL_HINT.search(text):
        return text
    spans = [
        m.span()
        for run in _NON_SPACE.finditer(text)
        if _URL_HINT.search(run.group())
        for m in _URL.finditer(text, run.start(), run.end())
    ]
    for start, end in reversed(spans):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
