"""GBK mojibake repair never substitutes a character: each one comes back or is left a hole (U+FFFD).

UTF-8 read as GBK depends on the reader. cp936 (Windows) and browsers (WHATWG) read the lone byte 0x80 as
€, Python's gbk and gb18030 codecs replace it with U+FFFD, and GB18030 also reads A2 E3 as €. `局` is E5 B1
80: read as cp936 it is `灞€`, and re-encoding € with GB18030 (A2 E3) once gave E5 B1 A2 E3 = `屢` + a hole
(issue 9 item 10). The cases are generated over the 3755 commonest hanzi in every reading and alignment.
"""

from __future__ import annotations

import codecs
import random
import re
from functools import cache

import pytest

from cleaners import REGISTRY, load_config
from cleaners.config import pattern_loader
from cleaners.mojibake import Mojibake, read_as_gbk

PAD = "全区教育系统坚持以立德树人为根本任务,深化教育领域综合改革,推动教育事业高质量发展。"


def _euro_for_0x80(exc: UnicodeDecodeError) -> tuple[str, int]:
    if exc.object[exc.start] == 0x80:
        return "€", exc.start + 1
    return "\ufffd", exc.start + 1


codecs.register_error("test-euro-for-0x80", _euro_for_0x80)

READINGS = {  # how a scraper may have turned UTF-8 bytes into GBK mojibake
    "cp936": lambda b: b.decode("gbk", "test-euro-for-0x80"),  # Windows code page 936: 0x80 is €
    "whatwg": lambda b: b.decode("gb18030", "test-euro-for-0x80"),  # browsers: 0x80 and A2E3 are €
    "gbk-replace": lambda b: b.decode("gbk", "replace"),
    "gb18030-replace": lambda b: b.decode("gb18030", "replace"),  # A2E3 is €, 0x80 a U+FFFD
    "gbk-ignore": lambda b: b.decode("gbk", "ignore"),
}


@cache
def mojibake() -> Mojibake:
    cfg = load_config()
    return REGISTRY["mojibake"](cfg.get("mojibake", {}), pattern_loader(cfg))


@cache
def common_hanzi() -> list[str]:
    """GB2312 level 1: the 3755 commonest simplified characters."""
    return [bytes([a, b]).decode("gb2312") for a in range(0xB0, 0xD8) for b in range(0xA1, 0xFF)
            if (a, b) < (0xD7, 0xFA)]


def faithful(original: str, repaired: str) -> bool:
    """`repaired` is `original` with some characters lost as runs of U+FFFD (a run stands for one or more):
    the pieces between runs appear in order, each run covering at least one character."""
    parts = re.split("\ufffd+", repaired)
    if len(parts) == 1:
        return repaired == original
    first, *middle, last = parts
    if not original.startswith(first):
        return False
    at = len(first)
    for piece in middle:
        at = original.find(piece, at + 1)
        if at < 0:
            return False
        at += len(piece)
    return len(original) - len(last) >= at + 1 and original.endswith(last)


def even(line: str) -> str:
    """`line`, with an ASCII letter appended if its UTF-8 has an odd length (GBK reads bytes in pairs: an odd
    last byte is a hole of its own)."""
    return line + "a" * (len(line.encode()) % 2)


def assert_restored_or_untouched(original: str, garbled: str) -> str:
    repaired = mojibake().repair(garbled)
    assert repaired == garbled or faithful(original, repaired), (original, garbled, repaired)
    return repaired


def test_faithful_accepts_holes_and_rejects_another_character():
    assert faithful("教育局落实", "教育局落实") and faithful("教育局落实", "教育\ufffd\ufffd落实")
    assert faithful("教育局落实", "\ufffd落实") and faithful("教育局落实", "教育\ufffd")
    assert not faithful("教育局落实", "教育屢\ufffd落实") and not faithful("教育局落实", "教育局\ufffd局落实")
    assert not faithful("教育局", "教育局\ufffd") and not faithful("教育局", "教育")


def test_the_reported_case_gives_back_the_character():
    line = even("教育局" + PAD)
    garbled = READINGS["cp936"](line.encode())
    assert garbled.startswith("鏁欒偛灞€")
    assert mojibake().repair(garbled) == line  # was 屢 + U+FFFD, which t2s then turned into 屡


# Characters whose UTF-8 ends in the byte 0x80 (一 局 发 ...): read at an even offset, 0x80 stands alone.
ENDS_IN_0X80 = [c for c in common_hanzi() if c.encode()[-1] == 0x80]


@pytest.mark.parametrize("reading", ["cp936", "whatwg"])
def test_characters_ending_in_0x80_read_as_euro_come_back(reading: str):
    assert len(ENDS_IN_0X80) >= 40 and "局" in ENDS_IN_0X80 and "一" in ENDS_IN_0X80
    for c in ENDS_IN_0X80:
        lines = (f"教育{c}{PAD}", f"{PAD[:18]}{c}", f"{PAD[:10]}{c}{c}{c}{PAD[10:]}", f"{c}。{PAD}")
        for line in map(even, lines):
            garbled = READINGS[reading](line.encode())
            assert "€" in garbled
            repaired = assert_restored_or_untouched(line, garbled)  # holes: bytes the reader lost elsewhere
            assert repaired.count(c) == line.count(c), (c, line, repaired)


@pytest.mark.parametrize("reading", ["gbk-replace", "gb18030-replace", "gbk-ignore"])
def test_characters_ending_in_0x80_replaced_by_the_reader_are_holes_not_other_characters(reading: str):
    for c in ENDS_IN_0X80:
        line = even(f"教育{c}{PAD}")
        repaired = assert_restored_or_untouched(line, READINGS[reading](line.encode()))
        assert repaired.startswith("教育")


# A2 E3 is € in GB18030: the end of a character in A2 (丢 E4 B8 A2) before one that starts with E3 (。 、 《).
ENDS_IN_A2 = [c for c in common_hanzi() if c.encode()[-1] == 0xA2]


@pytest.mark.parametrize("reading", list(READINGS))
def test_a2_e3_read_as_euro_is_never_another_character(reading: str):
    assert len(ENDS_IN_A2) >= 40
    for c in ENDS_IN_A2:
        for after in "。、《「":
            for line in (f"教育{c}{after}{PAD}", f"教{c}{after}{PAD}", f"{PAD}{c}{after}"):
                assert_restored_or_untouched(line, READINGS[reading](line.encode()))


@pytest.mark.parametrize("reading", list(READINGS))
def test_every_common_hanzi_in_every_alignment_comes_back_or_is_a_hole(reading: str):
    rng = random.Random(10)
    chars = common_hanzi()
    repaired = 0
    for offset in ("", "a", "ab"):  # shifts the GBK pairing across the UTF-8 bytes
        for start in range(0, len(chars), 24):
            picked = chars[start : start + 24]
            line = offset + "".join(c + rng.choice(["", "", "。", "、", "1", "的", "一"]) for c in picked)
            garbled = READINGS[reading](line.encode())
            repaired += assert_restored_or_untouched(line, garbled) != garbled
    assert repaired >= 0.8 * 3 * len(chars) / 24  # most lines are repaired, not just left alone


def test_a_character_no_gbk_reading_produces_cancels_the_repair():
    garbled = READINGS["cp936"](even(PAD[:-1]).encode())
    for foreign in ("😀", "𠀀", "•"):  # added after the mojibake: GB18030 would make them 4 bytes of junk
        line = garbled + foreign
        assert mojibake().repair(line) == line
    assert mojibake().repair(garbled) == even(PAD[:-1])


def test_read_as_gbk_is_how_the_readers_garble():
    line = "局一发" + PAD
    assert read_as_gbk(line.encode()) == READINGS["whatwg"](line.encode())
    assert read_as_gbk(b"\xa2\xe3") == "€" and read_as_gbk(b"\xff") == "\ufffd"
