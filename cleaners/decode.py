"""Turn raw bytes into text: UTF-8 (with or without BOM), GB18030/GBK or Big5, chosen by plausibility."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

CANDIDATES = ("gb18030", "big5")


@lru_cache(maxsize=65536)
def is_common_hanzi(ch: str) -> bool:
    """In GB2312 level 1 (3755 commonest simplified) or Big5 level 1 (5401 commonest traditional)."""
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and 0xA4 <= b[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0002ffff"


def plausibility(text: str) -> float:
    """Share of CJK ideographs that are common ones; mis-decoded text is full of rare ideographs."""
    cjk = [c for c in text if is_cjk(c)]
    if not cjk:
        return 0.0
    return sum(is_common_hanzi(c) for c in cjk) / len(cjk)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # undecodable byte sequences replaced by U+FFFD


def decode_bytes(data: bytes, sample: int = 65536) -> Decoded:
    """Decode a file's bytes; never raises: undecodable bytes become U+FFFD and are counted."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows "Unicode" text files)
        return _lenient(data, "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    best: tuple[float, str] | None = None
    for enc in CANDIDATES:
        head = data[:sample]
        if len(data) > sample:  # a character cut at the sample's end is no evidence
            head = head[: len(head) - 4]
        text = head.decode(enc, errors="replace")
        if text.count("\ufffd") > max(2, len(text) // 100):  # a few corrupt bytes do not rule it out
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, enc)
    if best is not None and best[0] >= 0.5:
        return _lenient(data, best[1])
    return _lenient(data, "utf-8")


def _lenient(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count("\ufffd"))
