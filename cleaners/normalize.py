"""Normalisers that edit characters: fullwidth folding and traditional-to-simplified conversion."""

from __future__ import annotations

import re

import opencc

from cleaners.base import Cleaner, Document, register
from cleaners.config import ConfigError

_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")  # stdlib re: ~10x faster than `regex` on a plain class
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FOLD_STR = {chr(k): chr(v) for k, v in _FOLD.items()}


def changed_chars(old: str, new: str) -> int:
    """Characters changed between two versions of a line (length of the differing middle)."""
    if len(old) == len(new):
        return sum(a != b for a, b in zip(old, new, strict=True))
    prefix = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        prefix += 1
    suffix = 0
    for a, b in zip(reversed(old[prefix:]), reversed(new[prefix:]), strict=False):
        if a != b:
            break
        suffix += 1
    return max(len(old), len(new)) - prefix - suffix


@register
class Width(Cleaner):
    """Fold fullwidth ASCII (U+FF01-FF5E) and the ideographic space to halfwidth; nothing else (no NFKC)."""

    name = "width"

    def run(self, doc: Document) -> Document:
        for line in doc.lines:
            if _FULLWIDTH.search(line.text):
                found = _FULLWIDTH.findall(line.text)
                doc.edits[self.name] += len(found)
                text = line.text
                # = text.translate(_FOLD), ~3x faster: a line holds few distinct fullwidth characters
                for ch in set(found):
                    text = text.replace(ch, _FOLD_STR[ch])
                line.text = text.strip()
        return doc


@register
class TraditionalToSimplified(Cleaner):
    """Convert traditional characters to simplified with OpenCC (t2s, tw2sp or hk2s)."""

    name = "t2s"
    CONVERSIONS = ("t2s", "tw2sp", "hk2s", "tw2s")

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        conversion = self.settings.get("conversion", "t2s")
        if conversion not in self.CONVERSIONS:
            raise ConfigError(f"[t2s] conversion must be one of {self.CONVERSIONS}, got {conversion!r}")
        self.converter = opencc.OpenCC(f"{conversion}.json")

    def run(self, doc: Document) -> Document:
        text = "\n".join(line.text for line in doc.lines)
        converted = self.converter.convert(text)
        if converted == text:
            return doc
        new_lines = converted.split("\n")
        if len(new_lines) != len(doc.lines):  # never expected: OpenCC keeps newlines; be safe per line
            new_lines = [self.converter.convert(line.text) for line in doc.lines]
        for line, new in zip(doc.lines, new_lines, strict=True):
            if new != line.text:
                doc.edits[self.name] += changed_chars(line.text, new)
                line.text = new
        return doc
