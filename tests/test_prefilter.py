"""The speed-ups must never change what the cleaners find: literal pre-filters and the OpenCC line trigger."""

from __future__ import annotations

from functools import cache

import opencc
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.base import Line
from cleaners.config import load_config, pattern_loader
from cleaners.normalize import opencc_trigger
from cleaners.prefilter import Prefilter, required_clauses, split_alternatives

PATTERN_FILES = [
    "watermark.txt",
    "paywall_notice.txt",
    "paywall_line.txt",
    "seo_spam.txt",
    "page_counter.txt",
    "page_counter_glued.txt",
    "watermark_spans.txt",
    "related_heading.txt",
    "boilerplate_skip.txt",
]


def _patterns(file: str) -> list[str]:
    return pattern_loader(load_config())(file)


@pytest.mark.parametrize(
    ("pattern", "clauses"),
    [
        ("此处隐藏\\s*[:]?\\s*\\d+\\s*字", [{"此处隐藏"}, {"字"}]),
        ("(?:开通|升级)\\s*(?i:vip)", [{"开通", "升级"}]),
        ("https?://\\S+", [{"http"}, {"://"}]),
        ("[-—–]\\s*\\d{1,4}", [{"-", "—", "–"}]),
        ("ab{2,3}c", [{"a"}, {"bb"}, {"c"}]),
        ("(?:a|b)x|c", [{"x", "c"}]),
    ],
)
def test_required_clauses(pattern: str, clauses: list[set[str]]) -> None:
    assert [set(c) for c in required_clauses(pattern) or []] == clauses


@pytest.mark.parametrize(
    "pattern",
    [
        "(?i)abc",
        "(?:abc){e<=1}",
        "[[:alpha:]]x",
        "\\p{Han}+",
        "a|",
        "x?",
        "(?=abc)",
        "\\1abc",
        "a{",
        "(?V1)[a--b]c",
    ],
)
def test_no_clauses_when_nothing_is_required_or_the_syntax_is_not_read(pattern: str) -> None:
    assert required_clauses(pattern) is None


def test_split_alternatives_only_at_top_level() -> None:
    assert split_alternatives("(?:a|b)c|d|[|]") == ["(?:a|b)c", "d", "[|]"]
    assert split_alternatives("(?i)a|b") == ["(?i)a|b"]


def _alphabet() -> list[str]:
    """Characters and literal pieces of the shipped patterns, plus ordinary content characters."""
    pieces: set[str] = set("0123456789 /-:.,()教育局工作总结年月日页第共")
    for file in PATTERN_FILES:
        for p in _patterns(file):
            for clause in required_clauses(p) or []:
                pieces.update(clause)
            pieces.update(ch for ch in p if not ch.isascii() or ch.isalnum())
    return sorted(pieces)


@cache
def _compiled(file: str) -> tuple[list[regex.Pattern[str]], tuple[Prefilter, Prefilter]]:
    patterns = [regex.compile(p) for p in _patterns(file)]
    return patterns, (Prefilter(patterns), Prefilter(patterns, gated=True))


@cache
def _seo_spam():
    from cleaners.seo_spam import SeoSpam

    cfg = load_config()
    return SeoSpam(cfg["seo_spam"], pattern_loader(cfg))


TEXTS = st.lists(st.sampled_from(_alphabet()), max_size=25).map("".join)


@pytest.mark.parametrize("file", PATTERN_FILES)
@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_prefilter_never_rules_out_a_pattern_that_matches(file: str, text: str) -> None:
    patterns, prefilters = _compiled(file)
    for prefilter in prefilters:
        kept = prefilter.candidates(text)
        for p in patterns:
            if p.search(text):
                assert p in kept, (p.pattern, text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_seo_spam_subset_pattern_finds_the_same_spans(text: str) -> None:
    cleaner = _seo_spam()
    subset = cleaner._pattern_for(text)
    full = [m.span() for m in cleaner.pattern.finditer(text)]
    assert full == ([] if subset is None else [m.span() for m in subset.finditer(text)])


@pytest.mark.parametrize("conversion", ["t2s", "hk2s"])
def test_opencc_trigger_flags_every_line_opencc_would_change(conversion: str) -> None:
    trigger = opencc_trigger(conversion)
    if trigger is None:
        pytest.skip("opencc_dict is not available: every line is converted")
    converter = opencc.OpenCC(f"{conversion}.json")
    samples = ["學校", "回覆", "深沈", "英哩", "乾隆", "著名", "覆盖", "教育局", "𠀾", "𡒄", "😀", "ＡＢＣ"]
    for word in samples:
        line = f"今年{word}工作"
        if converter.convert(line) != line:
            assert trigger.lines_to_convert([Line(1, line)]), word
