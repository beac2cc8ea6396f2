"""Remove romanized (pinyin) spam: whole pinyin lines, pinyin headings and pinyin tails after Chinese text."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting

_URL = regex.compile(
    r"(?:https?://|www\.)\S+|[\w.\-]+@[\w\-]+\.[\w.]+|\b[\w\-]+\.(?:com|cn|net|org)\b", regex.I
)
_WORD = regex.compile(r"[A-Za-z]+")
_CJK = regex.compile(r"\p{Han}")


class Syllables:
    """Segments a lowercase run into valid pinyin syllables (dynamic programming, no backtracking blow-up)."""

    def __init__(self, syllables: list[str]) -> None:
        self.syllables = frozenset(syllables)
        self.longest = max(map(len, self.syllables))
        self.prefixes = frozenset(s[:i] for s in self.syllables for i in range(1, len(s) + 1))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per config, lives as long as the process
    def count(self, word: str) -> int:
        """Number of syllables in the segmentation of `word` using the fewest syllables; 0 if none."""
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
        # `[a-z][a-z]{n-1}`, not `[a-z]{n}`: a leading class lets stdlib re scan for it (~5x faster)
        self.long_run = re.compile(f"[a-z][a-z]{{{max(self.min_run - 1, 0)}}}")

    def is_pinyin(self, word: str) -> bool:
        return word.islower() and self.syllables.count(word) > 0

    def is_long_pinyin(self, word: str) -> bool:
        return (
            len(word) >= self.min_run and word.islower() and self.syllables.count(word) >= self.min_syllables
        )

    def may_change(self, doc: Document) -> bool:
        return self.long_run.search(doc.text) is not None

    def clean_line(self, doc: Document, line: Line) -> None:
        if not self.long_run.search(line.text):  # the common case: no candidate, one regex search
            return
        text = line.text
        if "." in text or "@" in text or "://" in text:  # every _URL match holds one; _URL is slow on long runs
            text = _URL.sub(lambda m: " " * len(m.group()), text)  # URLs in content are never pinyin spam
        words = list(_WORD.finditer(text))
        if not any(self.is_long_pinyin(w.group()) for w in words):
            return
        if not _CJK.search(text):
            letters = sum(len(w.group()) for w in words)
            pinyin = sum(len(w.group()) for w in words if self.is_pinyin(w.group()))
            if pinyin >= self.min_line_letters and pinyin >= self.line_share * letters:
                self.drop_line(doc, line, f"pinyin spam line ({pinyin}/{letters} letters are pinyin)")
            return
        for w in words:
            if self.is_long_pinyin(w.group()) and self._is_tail(text, w.start()):
                self.drop_spans(doc, line, [(w.start(), len(text), "pinyin spam tail")])
                return

    def _is_tail(self, text: str, start: int) -> bool:
        tail = text[start:]
        cjk = len(_CJK.findall(tail))
        letters = [w.group() for w in _WORD.finditer(tail)]
        pinyin = sum(len(w) for w in letters if self.is_pinyin(w))
        return cjk <= self.tail_max_cjk * len(tail) and pinyin >= self.line_share * sum(map(len, letters))
