"""Remove emoji, pictographs and letters of foreign scripts spliced into Chinese text (思ꦜ政课 -> 思政课)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import ConfigError, setting
from cleaners.prefilter import PatternGroup, shared_scanner


def _char_class(ranges: list[str]) -> str:
    parts = []
    for spec in ranges:
        lo, _, hi = spec.partition("-")
        try:
            lo_cp, hi_cp = int(lo, 16), int(hi or lo, 16)
        except ValueError:
            raise ConfigError(
                f"[junk_chars] bad code point range {spec!r} (want e.g. '1F300-1FAFF')"
            ) from None
        parts.append(f"\\U{lo_cp:08x}-\\U{hi_cp:08x}" if hi_cp != lo_cp else f"\\U{lo_cp:08x}")
    return "".join(parts)


# Plain ASCII, Latin-1 punctuation/letters, general punctuation, CJK punctuation, ideographs, fullwidth forms.
_ORDINARY = re.compile(
    "[\t\x20-\x7e\u00a0-\u024f\u2010-\u2027\u2030-\u205e\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]*"
)


_ORDINARY_DOCUMENT = re.compile(_ORDINARY.pattern.replace("[\t", "[\t\n", 1))
# A character outside _ORDINARY (the scanner's trigger), and runs of them: every junk match is made of such
# characters (the pattern's look-arounds test neighbours, which are ordinary or the line's ends).
_UNUSUAL = regex.compile("[^" + _ORDINARY.pattern[1:-2] + "]")
_UNUSUAL_RUN = re.compile("[^" + _ORDINARY.pattern[1:-2] + "]+")


@cache
def _ordinary_chars() -> str:
    """Every character of _ORDINARY (all in the BMP)."""
    return "".join(
        re.findall(_ORDINARY.pattern[:-1], "".join(map(chr, [*range(0xD800), *range(0xE000, 0x10000)])))
    )


@lru_cache(maxsize=4096)
def _reason(junk: str) -> str:
    return "junk characters: " + ", ".join(describe(c) for c in dict.fromkeys(junk))


def describe(ch: str) -> str:
    """A reason a user can read: the character's code point and Unicode name."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"


@register
class JunkChars(LineCleaner):
    """Remove junk code points (emoji, dingbats, math letters...) and short runs of foreign-script characters."""

    name = "junk_chars"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        allow = regex.escape(setting(self.settings, "allow", str, self.name).replace(" ", ""))
        ranges = _char_class(setting(self.settings, "junk_ranges", list, self.name))
        scripts = setting(self.settings, "allowed_scripts", list, self.name)
        max_run = setting(self.settings, "max_foreign_run", int, self.name)
        try:
            native = "".join(f"\\p{{Script={s}}}" for s in scripts)
            foreign = f"[^{native}]"  # any character of a script not allowed: letters, marks, punctuation
            always = f"[[{ranges}]--[{allow}]]" if allow else f"[{ranges}]"
            self.pattern = regex.compile(
                f"{always}+|(?<!{foreign}){foreign}{{1,{max_run}}}(?!{foreign})", flags=regex.V1
            )
            # Windows of unusual characters find the same matches unless an ordinary character can be junk
            # (a config listing it in junk_ranges, or leaving its script out of allowed_scripts).
            self.windowed = not regex.search(f"{always}|{foreign}", _ordinary_chars(), flags=regex.V1)
        except regex.error as exc:
            raise ConfigError(f"[junk_chars] settings do not make a valid pattern: {exc}") from None
        self.trigger = PatternGroup(shared_scanner(patterns), [_UNUSUAL], shard="triggers")

    def run(self, doc: Document) -> Document:
        lines = doc.lines
        trigger = self.trigger.mask
        for line, mask in zip(lines, self.trigger.masks([line.text for line in lines]), strict=True):
            if mask & trigger and line.text:  # most lines: only ordinary characters
                self.clean_line(doc, line)
        doc.lines = [line for line in lines if line.text]
        return doc

    def may_change(self, doc: Document) -> bool:
        return not _ORDINARY_DOCUMENT.fullmatch(doc.text)

    def clean_line(self, doc: Document, line: Line) -> None:
        if _ORDINARY.fullmatch(line.text):
            return
        text = line.text
        spans = [
            (m.start(), m.end(), _reason(m.group()))
            for start, end in (
                (run.span() for run in _UNUSUAL_RUN.finditer(text)) if self.windowed else [(0, len(text))]
            )
            for m in self.pattern.finditer(text, start, end)
        ]
        if spans:
            self.drop_spans(doc, line, spans)
