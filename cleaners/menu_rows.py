"""Drop a row of a site's menu: many short words separated by spaces or bullets, no punctuation, several ending alike."""

from __future__ import annotations

from collections import Counter

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import setting

_PUNCTUATION = regex.compile(r"[,。!?;:、,!?;:()（）《》“”\"'|]|\.(?![A-Za-z])")  # a dot in a name (.NET) is none
_WORD = regex.compile(r"[\p{Han}A-Za-z0-9+#.]+")
_LATIN_RUN = regex.compile(r"[A-Za-z0-9+#.]+")  # a Latin name counts as one character of a word's length
_PARTICLE = regex.compile(r"[了的着过啊吗呢吧呀啦]")  # "春天来了 夏天来了 …": a rhyme's refrain, not a section
_HAN_ENDING = regex.compile(r"\p{Han}")
_ORDINAL = regex.compile(r"第?[一二三四五六七八九十百\d]+")  # "一年级 二年级 …", "第一章 第二章 …": a table's header
_SEPARATOR = regex.compile(r"[\s•·]+")  # spaces, or a menu's bullets: "•教育理论论文•基础教育论文•…"


@register
class MenuRows(LineCleaner):
    """`Java开发 Python开发 Kotlin开发 …`, `个人范本 行业范本 行政范本 …`: a menu's items share their ending (the
    section they belong to), which a list of names, idioms or subjects in the text does not; a rhyme's refrain
    (`…来了`) and an enumeration (`一年级 二年级 …`) stay."""

    name = "menu_rows"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_words = setting(self.settings, "min_words", int, self.name)
        self.max_word_chars = setting(self.settings, "max_word_chars", int, self.name)
        self.ending_chars = setting(self.settings, "ending_chars", int, self.name)
        self.min_shared_ending = setting(self.settings, "min_shared_ending", int, self.name)

    def clean_line(self, doc: Document, line: Line) -> None:
        text = line.text
        words = [w for w in _SEPARATOR.split(text) if w] if "•" in text or "·" in text else text.split()
        if len(words) < self.min_words or _PUNCTUATION.search(text):
            return
        if not all(len(_LATIN_RUN.sub("A", w)) <= self.max_word_chars and _WORD.fullmatch(w) for w in words):
            return
        # endings of hanzi only: Latin words sharing their last letters are English (`the`, `she`) or names (`Ming`, `Wang`)
        endings = Counter(
            w[-self.ending_chars :] for w in words if len(w) > self.ending_chars and _HAN_ENDING.search(w[-self.ending_chars :])
        )
        if not endings:
            return
        ending, count = endings.most_common(1)[0]
        if count < self.min_shared_ending or _PARTICLE.search(ending):
            return
        heads = [w[: -self.ending_chars] for w in words if len(w) > self.ending_chars and w.endswith(ending)]
        if 2 * sum(bool(_ORDINAL.fullmatch(h)) for h in heads) < len(heads):
            self.drop_line(doc, line, f"menu row: {len(words)} short words, {count} of them ending in {ending!r}")
