"""Repair mojibake: UTF-8 mis-decoded as GBK (鏁欒偛 -> 教育) and Latin-1 style mojibake via ftfy.

A GBK repair must round-trip: its bytes, read as GBK, give the mojibake back exactly, and a character is
either restored or left a hole (U+FFFD, recorded by junk_chars), never replaced by another one. The lone
byte 0x80 that ends many characters' UTF-8 (局 E5 B1 80 -> 灞€, 一 E4 B8 80 -> 涓€) reads as € in cp936 and
browsers, and GB18030 reads A2 E3 as €: each € is given the bytes the UTF-8 around it needs.
"""

from __future__ import annotations

import codecs
import re

import ftfy

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting
from cleaners.decode import plausibility
from cleaners.normalize import changed_chars


def _gbk_lead_chars(first: int, last: int) -> str:
    """The characters whose GBK encoding starts with a byte in [first, last]."""
    chars = []
    for lead in range(first, last + 1):
        for trail in range(0x80, 0xC0):
            try:
                chars.append(bytes([lead, trail]).decode("gbk"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


# stdlib re: ~10x faster than `regex` on plain character classes, and this runs on every line.
# UTF-8 lead bytes of CJK (E4-E9) decoded as GBK produce these rare ideographs in almost every pair.
_GBK_CHARS = re.escape(_gbk_lead_chars(0xE4, 0xE9))
_GBK_MOJIBAKE = re.compile(f"[{_GBK_CHARS}]")
# A Latin-1 letter or C1 control followed by another high character: the shape of cp1252/latin-1 mojibake.
_LATIN_MOJIBAKE = re.compile(
    "[\u00c0-\u00ff\u0080-\u009f][\u0080-\u00ff\u0152-\u0192\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]"
)
# Either check can only fire on a line holding one of these: one search skips both on a clean line.
_SUSPECT = re.compile(f"[{_GBK_CHARS}\u0080-\u009f\u00c0-\u00ff]")
# A GBK reading of UTF-8 maps the lone byte 0x80 to € (Windows cp936, the WHATWG decoder of browsers), and
# GB18030 maps A2 E3 to € as well: one character, two possible byte sequences. 0xFF stands for a byte the
# reading replaced with U+FFFD: it is never valid UTF-8, so the lost character stays a hole.
_EURO = (b"\x80", b"\xa2\xe3")
_HOLE = b"\xff"
# Bytes still expected after a UTF-8 lead byte (-1: never valid in UTF-8); continuation bytes are 0x80-0xBF.
_UTF8_FOLLOW = [0] * 0x80 + [0] * 0x40 + [-1] * 2 + [1] * 30 + [2] * 16 + [3] * 5 + [-1] * 11
_WILD = 4  # decoder state after a hole: the lost bytes may have begun any character


def _gbk_reading_errors(exc: UnicodeDecodeError) -> tuple[str, int]:
    """What a GBK reading makes of bytes Python's gbk codec rejects: a lone 0x80 is € (cp936, WHATWG), a pair
    only GB18030 maps (A2E3 €, user-defined areas) is that character, anything else one U+FFFD a byte."""
    data, at = exc.object, exc.start
    if data[at] == 0x80:
        return "€", at + 1
    pair = data[at : at + 2]
    if len(pair) == 2 and 0x81 <= pair[0] <= 0xFE and 0x40 <= pair[1] <= 0xFE:
        try:
            return pair.decode("gb18030"), at + 2
        except UnicodeDecodeError:
            pass
    return "\ufffd", at + 1


codecs.register_error("zhclean-gbk-reading", _gbk_reading_errors)


def read_as_gbk(raw: bytes) -> str:
    """`raw` as a GBK reading shows it: how UTF-8 turns into the mojibake `_undo_gbk` repairs."""
    return raw.decode("gbk", errors="zhclean-gbk-reading")


def _utf8_errors(data: bytes, pending: int) -> tuple[int, int]:
    """Read `data` as UTF-8 from decoder state `pending` (continuation bytes still expected, or _WILD):
    (errors, state at the end). A hole (0xFF) is a wildcard: nothing next to it counts as an error."""
    errors = 0
    for byte in data:
        if 0x80 <= byte < 0xC0:
            if pending == _WILD:
                continue
            if pending:
                pending -= 1
            else:
                errors += 1  # a stray continuation byte
            continue
        if byte == 0xFF:
            pending = _WILD
            continue
        errors += 0 < pending < _WILD  # the character before was cut short
        pending = _UTF8_FOLLOW[byte]
        if pending < 0:
            errors, pending = errors + 1, 0
    return errors, pending


def _segment_cost(data: bytes):
    """`_utf8_errors(data, pending)` as a function of `pending`: only the leading continuation bytes and the
    byte after them depend on it, the rest is read once."""
    sync = 0
    while sync < len(data) and 0x80 <= data[sync] < 0xC0:
        sync += 1
    rest = _utf8_errors(data[sync:], 0)

    def cost(pending: int) -> tuple[int, int]:
        if pending == _WILD:
            stray, left = 0, _WILD
        else:
            stray, left = max(0, sync - pending), max(0, pending - sync)
        if sync == len(data):
            return stray, left
        return stray + (0 < left < _WILD and data[sync] != 0xFF) + rest[0], rest[1]

    return cost


def _interleave(parts, seps):
    """parts[0] + seps[0] + parts[1] + ... (str or bytes)."""
    out = [parts[0]]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += [sep, part]
    return parts[0][:0].join(out)


def _end_cost(pending: int) -> int:
    return int(0 < pending < _WILD)  # the line ends inside a character


def _euro_bytes(segments: list[bytes]) -> list[bytes]:
    """For each € between `segments` (the bytes of the text between € signs): 0x80 or A2 E3, whichever gives
    the line fewer UTF-8 errors, and a hole where both give as few (e.g. next to a hole: no evidence, and
    either would complete a different character). Forward and backward minimum costs over the decoder's
    states give, for each € and each choice, the fewest errors of any line making that choice."""
    costs = [_segment_cost(s) for s in segments]

    def through(pending: int, euro: bytes, j: int) -> tuple[int, int]:  # a €, then segment j
        e1, p1 = _utf8_errors(euro, pending)
        e2, p2 = costs[j](p1)
        return e1 + e2, p2

    errors, state = costs[0](0)
    forward = [{state: errors}]  # forward[j]: decoder state after segment j -> fewest errors up to there
    for j in range(1, len(segments)):
        step: dict[int, int] = {}
        for pending, err in forward[-1].items():
            for euro in _EURO:
                e, p = through(pending, euro, j)
                step[p] = min(step.get(p, e + err), e + err)
        forward.append(step)
    backward = {p: _end_cost(p) for p in range(_WILD + 1)}  # state after segment j -> fewest errors after it
    chosen: list[bytes] = []
    for j in range(len(segments) - 1, 0, -1):  # the € before segment j
        best = [min(err + e + backward[p] for pending, err in forward[j - 1].items()
                    for e, p in [through(pending, euro, j)])
                for euro in _EURO]
        chosen.append(_HOLE if best[0] == best[1] else _EURO[best.index(min(best))])
        backward = {pending: min(e + backward[p] for euro in _EURO for e, p in [through(pending, euro, j)])
                    for pending in range(_WILD + 1)}
    return chosen[::-1]


_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # Chinese “ ” are content, not damage
    fix_character_width=False,  # the width cleaner folds only fullwidth ASCII
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)


@register
class Mojibake(Cleaner):
    """Repair mojibake, but only on lines a cheap check flags; clean CJK lines cost one regex search."""

    name = "mojibake"

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_markers = setting(self.settings, "min_gbk_markers", int, self.name)
        self.min_gain = setting(self.settings, "min_plausibility_gain", float, self.name)
        self.max_lost = setting(self.settings, "max_lost_share", float, self.name)

    def run(self, doc: Document) -> Document:
        suspect = _SUSPECT.search(doc.text) is not None  # most documents: no line needs `repair`
        for line in doc.lines:
            fixed = (self.repair(line.text) if suspect else line.text).strip()  # lines stay stripped
            if fixed != line.text:
                doc.edits[self.name] += changed_chars(line.text, fixed)
                line.text = fixed
        return doc

    def repair(self, text: str) -> str:
        if not _SUSPECT.search(text):
            return text
        if _GBK_MOJIBAKE.search(text) and len(_GBK_MOJIBAKE.findall(text)) >= self.min_markers:
            text = self._undo_gbk(text)
        if _LATIN_MOJIBAKE.search(text):
            text = ftfy.fix_text(text, _FTFY)
        return text

    def _undo_gbk(self, text: str) -> str:
        """UTF-8 read as GBK, read back, only if it round-trips: the repair's bytes, read as GBK, give exactly
        `text` again. A character no GBK reading produces (outside GBK, e.g. added to the line later) cancels
        the repair instead of turning into other characters; an undecidable € becomes a hole."""
        parts = text.split("€")
        try:  # a U+FFFD stands for one byte the GBK decoder could not map: an invalid byte keeps the place
            segments = [_HOLE.join(p.encode("gb18030") for p in part.split("\ufffd")) for part in parts]
        except UnicodeEncodeError:
            return text
        euros = _euro_bytes(segments) if len(segments) > 1 else []
        raw = _interleave(segments, euros)
        if read_as_gbk(raw) != _interleave(parts, ["\ufffd" if e == _HOLE else "€" for e in euros]):
            return text
        candidate = raw.decode("utf-8", errors="replace")  # lost characters stay U+FFFD: junk_chars records them
        if candidate.count("\ufffd") > len(candidate) * self.max_lost:
            return text
        if plausibility(candidate) - plausibility(text) >= self.min_gain:
            return candidate
        return text
