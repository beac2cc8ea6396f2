"""Remove emoji, pictographs and letters of foreign scripts spliced into Chinese text (思ꦜ政课 -> 思政课)."""

from __future__ import annotations

import re
import unicodedata

import regex

from cleaners.base import Document, Line, LineCleaner, register
from cleaners.config import ConfigError, setting


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
        except regex.error as exc:
            raise ConfigError(f"[junk_chars] settings do not make a valid pattern: {exc}") from None

    def may_change(self, doc: Document) -> bool:
        return not _ORDINARY_DOCUMENT.fullmatch(doc.text)

    def clean_line(self, doc: Document, line: Line) -> None:
        if _ORDINARY.fullmatch(line.text):
            return
        spans = [
            (
                m.start(),
                m.end(),
                "junk characters: " + ", ".join(describe(c) for c in dict.fromkeys(m.group())),
            )
            for m in self.pattern.finditer(line.text)
        ]
        if spans:
            self.drop_spans(doc, line, spans)
