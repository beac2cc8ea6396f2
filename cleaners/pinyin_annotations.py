"""Remove pinyin readings that SEO mirrors glue after hanzi (發(fā)展 -> 發展), in documents full of them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import opencc
import regex

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import setting
from cleaners.pinyin_spam import Syllables

_TONE_MARKS = frozenset("\u0300\u0301\u0304\u030c")  # grave, acute, macron, caron (after NFD)
_LETTERS = "a-zàáāǎèéēěìíīǐòóōǒùúūǔüǖǘǚǜńňǹḿ"
# A reading in brackets right after an ideograph; fullwidth brackets too (`width` folds them first).
_ANNOTATION = regex.compile(rf"(?<=\p{{Han}})[(（]([{_LETTERS}]{{1,6}})[)）]")
# A reading after a character that mojibake turned into ASCII or a symbol (分析?,F(xiàn)有).
_AFTER_OTHER = regex.compile(rf"(?<=[^\p{{Han}}\s(（])[(（]([{_LETTERS}]{{1,6}})[)）]")
# A reading cut off by the end of the line (an excerpt ends or a line breaks inside it): 標(bi
_CUT = regex.compile(rf"(?<=\p{{Han}})[(（]([{_LETTERS}]{{0,5}})$")
# A reading of 1-4 syllables the main pattern does not take (spaced, hyphenated, run together, capitalised, tone
# digits, other brackets, a space before or inside): cut only in a spam document, every syllable tone-marked.
_WORD = regex.compile(
    r"(?<=\p{Han})\s?[(（【〔\[]\s*((?:[a-zA-ZàáāǎèéēěìíīǐòóōǒùúūǔüǖǘǚǜÀÁĀǍÈÉĒĚÌÍĪǏÒÓŌǑÙÚŪǓǕǗǙǛ]{1,7}[1-5]?[\s\-]*){1,4})[)）】〕\]]"
)
_TONED_VOWEL = regex.compile(r"[àáāǎèéēěìíīǐòóōǒùúūǔǖǘǚǜ]")
_QUICK = re.compile(f"[(（][{_LETTERS}]")  # no match: no annotation in the document (one search)
_HAN = regex.compile(r"\p{Han}")
_T2S = opencc.OpenCC("t2s.json")

Span = tuple[int, int, str]


@lru_cache(maxsize=4096)
def _plain(reading: str) -> tuple[str, bool]:
    """The reading without tone marks (ü as v, as the syllable list spells it) and whether it had one."""
    decomposed = unicodedata.normalize("NFD", reading)
    letters = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", letters).replace("ü", "v"), len(letters) < len(decomposed)


def _distinct(readings: set[str]) -> int:
    """How many readings a character is given, a toneless one counted with its tone-marked form: a mirror writes
    `檔(dàng)` here and `檔(dang)` there (one reading), a 多音字 lesson `为(wèi)` and `为(wéi)` (two)."""
    plain = {r: _plain(r) for r in readings}
    toned = {letters for letters, marked in plain.values() if marked}
    return sum(1 for r, (_, marked) in plain.items() if marked or r not in toned)


def _traditional_page(text: str) -> float:
    """Share of the text's hanzi that t2s changes (a page in traditional script: 0.2-0.3)."""
    han = "".join(_HAN.findall(text))
    return sum(a != b for a, b in zip(han, _T2S.convert(han), strict=False)) / len(han) if han else 0.0


@lru_cache(maxsize=8192)
def _simplified(char: str) -> str:
    return _T2S.convert(char)


class _Found(NamedTuple):
    line: Line
    start: int
    end: int
    char: str  # the annotated character
    reading: str
    toned: bool


@register
class PinyinAnnotations(Cleaner):
    """Cut one-syllable readings after hanzi where a document has many, on everyday characters, one reading
    per character; a lesson that annotates a few hard characters (嗔(chēn)怪) is left alone."""

    name = "pinyin_annotations"
    whole_document = True  # the decision counts the annotations of the whole document

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.syllables = Syllables(patterns(setting(self.settings, "syllables", str, self.name)))
        self.common = frozenset("".join(patterns(setting(self.settings, "common_chars", str, self.name))))
        self.min_annotations = setting(self.settings, "min_annotations", int, self.name)
        self.min_annotations_dense = setting(self.settings, "min_annotations_dense", int, self.name)
        self.min_per_100 = setting(self.settings, "min_per_100_hanzi", float, self.name)
        self.min_per_100_trad = setting(self.settings, "min_per_100_hanzi_traditional", float, self.name)
        self.min_traditional = setting(self.settings, "min_traditional_share", float, self.name)
        self.min_common = setting(self.settings, "min_common_share", float, self.name)
        self.max_multi = setting(self.settings, "max_multi_reading_share", float, self.name)
        self.lesson_cues = setting(self.settings, "lesson_cues", list, self.name)
        self.min_toned = setting(self.settings, "min_toned_share", float, self.name)
        self.min_traditional_mixed = setting(self.settings, "min_traditional_share_mixed", float, self.name)
        self.min_traditional_page = setting(self.settings, "min_traditional_page_share", float, self.name)
        self.max_cue_line_share = setting(self.settings, "max_cue_line_share", float, self.name)

    def _reading(self, letters: str) -> tuple[bool, bool]:
        """(one pinyin syllable, tone-marked); a toneless one needs 2+ letters (`(a)` labels a list item)."""
        plain, toned = _plain(letters)
        return plain in self.syllables.syllables and (toned or len(plain) >= 2), toned

    def run(self, doc: Document) -> Document:
        if not _QUICK.search(doc.text):  # most documents
            return doc
        found = []
        for line in doc.lines:
            for m in _ANNOTATION.finditer(line.text) if "(" in line.text or "（" in line.text else ():
                one, toned = self._reading(m.group(1))
                if one:
                    char = line.text[m.start() - 1]
                    found.append(_Found(line, m.start(), m.end(), char, m.group(1), toned))
        if not found:
            return doc
        why = self._spam(found, doc.text)
        if not why:
            return doc
        by_line: dict[int, list[Span]] = {}
        for f in found:
            reason = f"pinyin annotation after a character ({f.char}({f.reading})): {why}"
            by_line.setdefault(id(f.line), []).append((f.start, f.end, reason))
        for line in doc.lines:
            spans = by_line.get(id(line), []) + self._leftovers(line.text)
            if spans:
                self.drop_spans(doc, line, spans)
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def _spam(self, found: list[_Found], text: str) -> str:
        """Why the document's readings are spam; "" if they may be a lesson's or a dictionary's."""
        if len(found) < self.min_annotations:
            return ""
        per_100 = 100 * len(found) / max(len(_HAN.findall(text)), 1)
        common = sum(_simplified(f.char) in self.common for f in found) / len(found)
        readings: dict[str, set[str]] = {}
        for f in found:
            readings.setdefault(f.char, set()).add(f.reading)
        multi = sum(_distinct(r) > 1 for r in readings.values()) / len(readings)
        # A converter's output (tone-marked readings on the traditional forms it wrote) is spam even when
        # sparse; other readings must be many and dense: English words in brackets look like toneless ones.
        traditional = sum(f.toned and _simplified(f.char) != f.char for f in found) / len(found)
        # A mirror annotates 年(nián), 工(gōng), 我(wǒ) too: tone-marked readings, part of them on traditional
        # forms, on a page in traditional script.
        toned = sum(f.toned for f in found) / len(found)
        converted = traditional >= self.min_traditional or (
            toned >= self.min_toned
            and traditional >= self.min_traditional_mixed
            and _traditional_page(text) >= self.min_traditional_page
        )
        if converted:
            enough = per_100 >= self.min_per_100_trad
        else:
            enough = per_100 >= self.min_per_100 and len(found) >= self.min_annotations_dense
        if not enough or common < self.min_common or multi > self.max_multi:
            return ""
        simplified = _T2S.convert(text)
        if any(cue in simplified for cue in self.lesson_cues):  # a page that talks about readings: a lesson ...
            # ... unless a converter's readings are many, dense and away from the cue words (a mirror of a 语文
            # lesson plan says 生字 and 读准字音 in its own text; a lesson marks polyphones next to 注意读音)
            if not converted or len(found) < self.min_annotations_dense or per_100 < self.min_per_100:
                return ""
            texts = {id(f.line): f.line.text for f in found}
            cued = {k for k, t in texts.items() if any(c in _T2S.convert(t) for c in self.lesson_cues)}
            if sum(id(f.line) in cued for f in found) / len(found) >= self.max_cue_line_share:
                return ""
        kind = "tone-marked on traditional forms" if converted else "dense"
        return f"{len(found)} {kind}, {per_100:.1f} per 100 hanzi, {common:.0%} on common characters"

    def _word_syllables(self, parts: list[str]) -> int:
        """Syllables of a reading every syllable of which is tone-marked (a tone digit only on a lowercase syllable
        of 2+ letters: (A4) is a paper size); 0 if it is no such reading or over 4 syllables."""
        n = 0
        for part in parts:
            digit = part[-1].isdigit()
            if digit and (not part.islower() or len(part) < 3):
                return 0
            plain = _plain(part.rstrip("12345").lower())[0]
            k = self.syllables.count(plain) if plain.isascii() and plain.isalpha() else 0
            marks = 1 if digit else len(_TONED_VOWEL.findall(unicodedata.normalize("NFC", part.lower())))
            if not k or marks != k:
                return 0
            n += k
        return n if n <= 4 else 0

    def _leftovers(self, text: str) -> list[Span]:
        """In a spam document: tone-marked readings after a garbled character, a reading cut by the line end."""
        spans = []
        for m in _AFTER_OTHER.finditer(text):
            one, toned = self._reading(m.group(1))
            if one and toned:
                what = text[m.start() - 1 : m.end()]
                spans.append((m.start(), m.end(), f"pinyin annotation after a garbled character ({what})"))
        for m in _WORD.finditer(text):
            parts = regex.split(r"[\s\-]+", m.group(1).strip(" -"))
            whole = m.group(0)
            if whole.startswith("(") and len(parts) == 1 and whole == whole.strip().replace(" ", "") and \
                    m.group(1).islower() and self._reading(m.group(1))[0]:
                continue  # one syllable in the main pattern's shape: the main pass cuts it
            if self._word_syllables(parts):
                what = text[max(m.start() - 2, 0) : m.end()]
                spans.append((m.start(), m.end(), f"pinyin reading of a word after its characters ({what})"))
        cut = _CUT.search(text)
        if cut and (not cut.group(1) or _plain(cut.group(1))[0] in self.syllables.prefixes):
            what = text[cut.start() - 1 :]
            spans.append((cut.start(), cut.end(), f"pinyin annotation cut off at the line end ({what})"))
        return spans
