"""Normalisers that edit characters: fullwidth folding and traditional-to-simplified conversion."""

from __future__ import annotations

import json
import operator
import re
import subprocess
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import opencc

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import ConfigError, setting
from cleaners.decode import is_common_hanzi

_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")  # stdlib re: ~10x faster than `regex` on a plain class
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FOLD_STR = {chr(k): chr(v) for k, v in _FOLD.items()}


def changed_chars(old: str, new: str) -> int:
    """Characters changed between two versions of a line (length of the differing middle)."""
    if len(old) == len(new):
        if len(old) < 64:
            return sum(map(operator.ne, old, new))
        a = np.frombuffer(old.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        b = np.frombuffer(new.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return int(np.count_nonzero(a != b))  # a converted line: ~20x faster than comparing in Python
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
        if not _FULLWIDTH.search(doc.text):  # most documents: one search instead of one per line
            return doc
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


def _dict_files(node: object) -> list[tuple[str, str]]:
    """(type, file) of every dictionary an OpenCC JSON config uses, nested groups included."""
    if isinstance(node, list):
        return [found for item in node for found in _dict_files(item)]
    if not isinstance(node, dict):
        return []
    own = [(str(node.get("type")), str(node["file"]))] if "file" in node else []
    return own + [found for value in node.values() for found in _dict_files(value)]


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _bmp_class(chars: set[str]) -> str:
    return re.escape("".join(sorted(ch for ch in chars if ch <= "\uffff")))


class Trigger:
    """Could OpenCC change a line? Only if it holds a key of its dictionaries that it would replace.

    Keys are single characters (學 -> 学), or phrases of characters it keeps on their own (回覆 -> 回复):
    those are looked for only on lines holding a character they share (覆), rare in simplified text.
    A stdlib class scans fast if it lists BMP characters and ranges; listing astral characters one by one
    makes it very slow, so astral characters are checked with a set, on the few lines holding any.
    """

    def __init__(self, chars: set[str], phrases: list[str]) -> None:
        shared = Counter(ch for phrase in phrases for ch in set(phrase))
        marks: set[str] = set()
        anchored = []
        for phrase in phrases:
            i, mark = max(enumerate(phrase), key=lambda x: (shared[x[1]], not is_common_hanzi(x[1]), x[1]))
            marks.add(mark)
            # the mark first, so that the search only stops at marks; then the rest of the phrase around it
            anchored.append(
                f"{re.escape(mark)}(?<={re.escape(phrase[: i + 1])})(?={re.escape(phrase[i + 1 :])})"
            )
        self.candidate = re.compile(f"[{_bmp_class(chars | marks)}\U00010000-\U0010ffff]")

        self.chars = re.compile(f"[{_bmp_class(chars)}]") if _bmp_class(chars) else None
        self.char_set = frozenset(ch for ch in chars if ch <= "\uffff")
        self.astral = frozenset(ch for ch in chars if ch > "\uffff")
        self.phrases = re.compile("|".join(anchored)) if anchored else None

    def lines_to_convert(self, lines: list[Line]) -> list[Line]:
        """The lines OpenCC could change; it would give the others back unchanged."""
        search, char_set = self.candidate.search, self.char_set
        return [
            line
            for line in lines
            if (m := search(line.text)) and (m.group() in char_set or self._confirm(line.text))
        ]  # the first candidate is most often a character OpenCC converts: no second search

    def _confirm(self, text: str) -> bool:
        if self.chars is not None and self.chars.search(text):
            return True
        if self.astral and not self.astral.isdisjoint(_ASTRAL.findall(text)):  # the few astral characters
            return True
        return self.phrases is not None and self.phrases.search(text) is not None


@cache
def opencc_trigger(conversion: str) -> Trigger | None:
    """The Trigger of `conversion`, from its dictionaries read with the `opencc_dict` tool the wheel ships;
    None (convert every line) wherever that is not possible."""
    clib = Path(opencc.__file__).parent / "clib"
    share, tool = clib / "share" / "opencc", clib / "bin" / "opencc_dict"
    keys: list[str] = []
    try:
        config = json.loads((share / f"{conversion}.json").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            for kind, file in _dict_files(config):
                if kind == "ocd2":
                    dump = Path(tmp) / f"{file}.txt"
                    cmd = [str(tool), "-i", str(share / file), "-o", str(dump), "-f", "ocd2", "-t", "text"]
                    subprocess.run(cmd, check=True, capture_output=True, timeout=60)
                elif kind == "text":
                    dump = share / file
                else:
                    return None
                for entry in dump.read_text(encoding="utf-8").splitlines():
                    key, _, values = entry.partition("\t")
                    if key and values.split(" ")[0] != key:  # OpenCC writes the first value
                        keys.append(key)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    chars = {key for key in keys if len(key) == 1}
    return Trigger(chars, [key for key in keys if chars.isdisjoint(key)])


def _gb2312_table() -> np.ndarray:
    """A lookup table over the BMP: True for the characters of GB2312, the simplified character set."""
    table = np.zeros(0x10000, dtype=bool)
    pairs = bytes(b for hi in range(0xA1, 0xF8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    chars = pairs.decode("gb2312", errors="replace").replace("\ufffd", "")
    table[np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)] = True
    return table


def keep_simplified(old: str, new: str, simplified: np.ndarray) -> str:
    """Undo OpenCC's changes to runs made only of valid simplified characters: t2s reads its input as
    traditional, so it turns the simplified 坏 (bad) into 坯 (打坏了 -> 打坯了). A changed run holding a
    traditional character is a real conversion, phrase included (網路 -> 网络). `simplified`: the BMP
    lookup table of characters that count as simplified."""
    if len(old) != len(new):
        return new
    a = np.frombuffer(old.encode("utf-32-le"), dtype=np.uint32)
    b = np.frombuffer(new.encode("utf-32-le"), dtype=np.uint32).copy()
    changed = np.flatnonzero(a != b)
    if not len(changed):
        return new
    traditional = ~(simplified[np.minimum(a[changed], 0xFFFF)] & (a[changed] <= 0xFFFF))
    run = np.concatenate(([0], np.cumsum(np.diff(changed) != 1)))  # run number of each changed position
    idx = changed[np.bincount(run, weights=traditional)[run] == 0]  # positions in runs with no traditional
    if not len(idx):
        return new
    b[idx] = a[idx]
    return b.tobytes().decode("utf-32-le")


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
        self.trigger = opencc_trigger(conversion)
        self.keep_simplified = setting(self.settings, "keep_simplified_chars", bool, self.name)
        self.simplified = _gb2312_table()
        traditional = (
            setting(self.settings, "traditional_in_gb2312", str, self.name) if self.keep_simplified else ""
        )
        self.simplified[[ord(ch) for ch in traditional if ord(ch) <= 0xFFFF]] = False

    def run(self, doc: Document) -> Document:
        lines = doc.lines if self.trigger is None else self.trigger.lines_to_convert(doc.lines)
        if not lines:
            return doc
        text = "\n".join(line.text for line in lines)
        converted = self.converter.convert(text)
        if converted == text:
            return doc
        new_lines = converted.split("\n")
        if len(new_lines) != len(lines):  # never expected: OpenCC keeps newlines; be safe per line
            new_lines = [self.converter.convert(line.text) for line in lines]
        elif self.keep_simplified and self._all_at_once(doc, lines, text, converted, new_lines):
            return doc
        for line, new in zip(lines, new_lines, strict=True):
            if new != line.text and self.keep_simplified:
                new = keep_simplified(line.text, new, self.simplified)
            if new != line.text:
                doc.edits[self.name] += changed_chars(line.text, new)
                line.text = new
        return doc

    def _all_at_once(
        self, doc: Document, lines: list[Line], text: str, converted: str, new_lines: list[str]
    ) -> bool:
        """keep_simplified and changed_chars over the joined lines in one numpy pass, when every line kept its
        length (the usual case: ~20 us of numpy calls a line otherwise). A run of changed characters never
        spans a line break (OpenCC keeps them), so the result is the same as line by line."""
        if len(converted) != len(text) or any(
            map(operator.ne, map(len, new_lines), (len(ln.text) for ln in lines))
        ):
            return False
        try:
            final = keep_simplified(text, converted, self.simplified)
            old = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            new = np.frombuffer(final.encode("utf-32-le"), dtype=np.uint32)
        except UnicodeEncodeError:  # lone surrogates: line by line, as before
            return False
        changed = np.flatnonzero(old != new)
        counts = np.bincount(np.searchsorted(np.flatnonzero(old == 10), changed), minlength=len(lines))
        for line, new_text, count in zip(lines, final.split("\n"), counts.tolist(), strict=True):
            if new_text != line.text:
                doc.edits[self.name] += count
                line.text = new_text
        return True
