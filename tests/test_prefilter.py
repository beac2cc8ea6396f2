"""The speed-ups must never change what the cleaners find: the Hyperscan pre-filter (a superset of every
pattern's matches), the shortcuts of pinyin_spam and junk_chars, and the OpenCC line trigger."""

from __future__ import annotations

import random
import re
from functools import cache

import opencc
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import prefilter
from cleaners.base import Document, Line
from cleaners.config import load_config, pattern_loader
from cleaners.normalize import opencc_trigger
from cleaners.prefilter import Engine, PatternGroup, Prefilter, Scanner, Untranslatable, translate

PATTERN_FILES = [
    "watermark.txt",
    "late_chrome.txt",
    "paywall_notice.txt",
    "paywall_line.txt",
    "seo_spam.txt",
    "page_counter.txt",
    "page_counter_glued.txt",
    "watermark_spans.txt",
    "related_heading.txt",
    "boilerplate_skip.txt",
]
FULLMATCH = {"page_counter.txt"}  # page_markers fullmatches its counter lines

needs_hyperscan = pytest.mark.skipif(prefilter.hyperscan is None, reason="hyperscan is not installed")


def _patterns(file: str) -> list[str]:
    return pattern_loader(load_config())(file)


@cache
def _group(file: str) -> PatternGroup:
    return PatternGroup(Scanner(), [regex.compile(p) for p in _patterns(file)], fullmatch=file in FULLMATCH)


def _matches(file: str, pattern: regex.Pattern[str], text: str) -> bool:
    return bool(pattern.fullmatch(text) if file in FULLMATCH else pattern.search(text))


# Translation ------------------------------------------------------------------------------------------------


@needs_hyperscan
@pytest.mark.parametrize("file", PATTERN_FILES)
def test_every_shipped_pattern_goes_into_hyperscan(file: str) -> None:
    """No shipped pattern falls back to "a candidate on every line" (slow, silently)."""
    for p in _patterns(file):
        translate(p, file in FULLMATCH)  # raises Untranslatable
    group = _group(file)
    for engine, _, always in group.scanner.engines:
        assert engine.db is not None and always == 0


@needs_hyperscan
def test_the_default_pipeline_scans_every_pattern() -> None:
    from cleaners import Pipeline

    pipeline = Pipeline()
    scanner = next(c for c in pipeline.cleaners if c.name == "watermark").group.scanner
    assert len(scanner.entries) > 100
    assert all(always == 0 for _, _, always in scanner.engines)


@cache
def _all_lines() -> tuple[str, list[int]]:
    """Every code point but surrogates and "\\n", one a line; the UTF-8 offset one past each line's end."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and c != 10]
    ends, pos = [], 0
    for ch in chars:
        pos += len(ch.encode()) + 1
        ends.append(pos)
    return "\n".join(chars), ends


@needs_hyperscan
@pytest.mark.parametrize(
    "pattern",
    [r"\d", r"\s", r"\w", r"\D", r"\S", r"\W", r"\p{Han}", r"\P{Han}", r"\p{L}", ".", r"[^\s|｜]",
     r"[\w.\-]", r"[\d,.]", r"[\u4e00-\u9fff]", r"[^。!?;,\n]", r"\b\w\b"]
    + [f"(?i:{c})" for c in "aiksyzAIKSYZ"]  # k, s and i fold with non-ASCII letters
    + ["(?i:[a-z])", "(?i:[A-Z0-9])"],
)  # fmt: skip
def test_translated_classes_match_every_character_regex_does(pattern: str) -> None:
    """Hyperscan's own Unicode tables are older than `regex`'s (its \\p{Han} misses 27k ideographs): the
    translation spells classes out from `regex`, so a class never misses a character."""
    from bisect import bisect_left

    text, ends = _all_lines()
    expression, pre = translate(pattern)
    db = prefilter._compile([(0, expression, pre)])
    lines = text.split("\n")
    found: set[int] = set()

    def on_match(i: int, start: int, end: int, flags: int, context: object) -> None:
        found.add(bisect_left(ends, end + 1))

    db.scan(text.encode(), match_event_handler=on_match)
    compiled = regex.compile(pattern)
    missed = [hex(ord(lines[i])) for i in range(len(lines)) if i not in found and compiled.search(lines[i])]
    assert not missed, missed[:20]


@pytest.mark.parametrize(
    "pattern",
    ["(?i)abc", "(?:abc){e<=1}", "[[:alpha:]]x", "(?V1)[a--b]c", r"(a)\1", "a{", r"\Gab", "(?P=x)", "(?>ab)c",
     r"(?a:\w)", "(?x: a b )", "[a-z--q]"],
)  # fmt: skip
def test_syntax_it_cannot_be_sure_of_is_untranslatable(pattern: str) -> None:
    with pytest.raises(Untranslatable):
        translate(pattern)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [("(?i)abc", "xABC"), ("(?:abc){e<=1}", "abd"), (r"(a)\1", "aa"), (r"(?a:\w)x", "_x"), ("(?<=a)b", "ab"),
     ("ab+?c", "abbc"), ("a++b", "aab"), (r"\bword\b", "a word."), ("x{20,30}", "x" * 25), (r"\Aab\Z", "ab")],
)  # fmt: skip
def test_a_pattern_is_a_candidate_wherever_it_matches(pattern: str, text: str) -> None:
    compiled = regex.compile(pattern)
    assert compiled.search(text)
    assert Prefilter([compiled]).candidates(text) == [compiled]
    assert Prefilter([compiled]).candidates(f"first line\n{text}\nlast line") == [compiled]


# Look-aheads whose body stands for the pattern (prefilter mode dropped them: a candidate on every line), each
# with lines it matches (they must be candidates) and a line without the body's literals (it must not be one)
LOOKAHEAD_PATTERNS = [
    (r"^(?=[^。]{4,60}$)(?=.*(?:正品保障|送药上门|\d+\s*小时送药|满\s*\d+\s*元(?:包邮|减)))\S.*$",
     ["正品保障 满99元包邮", "24小时送药 到家"], "今天的天气很好,我们去公园散步"),
    (r"^(?=(?:.*?(?:资源类型|适用年级|所属学科)\s*[:]){2})(?=.{0,120}$)[^。!?]*$|^\s*(?:资源类型|资源格式)\s*[:]\s*\S{1,20}\s*$",
     ["资源类型:课件 适用年级:七年级", "资源格式: PPT"], "这份资源类型丰富,适用年级广"),
    (r"^(?=(?:.*?(?:学校概况|学校简介|机构设置|领导班子)){3})\s*\p{Han}{2,6}(?:\s*[|/·]?\s*\p{Han}{2,6}){3,}\s*$",
     ["学校概况 学校简介 机构设置 领导班子", "首页|学校简介|机构设置|领导班子"], "首页 新闻 通知 公告 校园"),
    (r"^\s*\d{1,2}\s*[.、)]\s*(?=[^。]*(?:本站|该文档))(?=[^。]*(?:上传者|下载)).{10,160}$",
     ["1. 本站文档由上传者提供,仅供下载学习参考之用"], "1. 今天我们学习第一课的内容,认真听讲做好笔记"),
    (r"^\s*[Tt][Aa][Gg][Ss]?\s*[:]\s*\S+(?:\s+\S+)+\s*$|^\s*下载次数\s*[:]\s*[\d,]+\s*次?\s*$",
     ["Tags: 语文 教案", "下载次数: 1,024 次"], "我们 一起 去 公园"),
]  # fmt: skip


@needs_hyperscan
@pytest.mark.parametrize(("pattern", "matching", "other"), LOOKAHEAD_PATTERNS)
def test_a_lookahead_body_or_a_branch_stands_for_the_pattern(
    pattern: str, matching: list[str], other: str
) -> None:
    compiled = regex.compile(pattern)
    expression, pre = translate(pattern)
    assert not pre  # Hyperscan drops no look-around: the pieces it gets hold none
    for text in matching:
        assert compiled.search(text), text
        assert Prefilter([compiled]).candidates(text) == [compiled], (expression, text)
        assert Prefilter([compiled]).candidates(f"第一行\n{text}\n最后一行") == [compiled]
    assert not compiled.search(other)
    assert Prefilter([compiled]).candidates(other) == [], expression


def test_min_literals_counts_what_every_match_holds() -> None:
    from cleaners.prefilter import _min_literals, _strip_head, _Translator

    def tokens(pattern: str) -> list[str]:
        translator = _Translator(pattern)
        translator.run()
        return translator.out

    assert _min_literals(tokens("(?:.*?(?:ab|cde)){3}")) == 6
    assert _min_literals(tokens(r"\d+[:]?x*y+")) == 1
    assert _min_literals(tokens("[|/·]\\s*[Tt]")) == 2  # small classes count as one
    assert _min_literals(tokens(r"(?=abc)\w+")) == 0
    assert _strip_head(tokens(r".*[^。]*x?abc")) == ["a", "b", "c"]


def test_texts_hyperscan_cannot_read_are_candidates_for_everything() -> None:
    group = PatternGroup(Scanner(), [regex.compile("abc"), regex.compile("xyz")])
    everything = group.mask
    assert group.masks(["abc\ud800", "a\nb", "plain", "abc"]) == [
        everything,
        everything,
        0,
        1 << group.offset,
    ]


def test_a_full_cache_emptied_in_the_middle_of_a_call_loses_no_text(monkeypatch) -> None:
    # found by bench_flow at 128 MB: the cache was cleared after some of a call's texts were found in it
    monkeypatch.setattr(prefilter, "_MAX_CACHED_TEXTS", 3)
    group = PatternGroup(Scanner(), [regex.compile("abc"), regex.compile("xyz")])
    abc, xyz = 1 << group.offset, 1 << (group.offset + 1)
    assert group.masks(["abc 1", "xyz 2", "3", "4"]) == [abc, xyz, 0, 0]  # 4 texts cached: over the limit
    assert group.masks(["abc 1", "new xyz", "4", "abc 1"]) == [abc, xyz, 0, abc]
    assert group.masks(["xyz 2", "abc 5"]) == [xyz, abc]


@needs_hyperscan
def test_an_engine_is_cached_on_disk(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZHCLEAN_CACHE_DIR", str(tmp_path))
    entries = [("版权所有\\s*[©(]", False), ("(?:abc){e<=1}", False), ("第\\s*\\d+\\s*页", True)]
    built = Engine(entries)
    assert len(list(tmp_path.glob("hyperscan-*.db"))) == 1

    def no_build(self: Engine) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(Engine, "_build", no_build)
    loaded = Engine(entries)
    assert loaded.always == built.always == 0b010
    found = []
    loaded.db.scan(
        "第 3 页".encode(), match_event_handler=lambda i, *_: found.append(i), scratch=loaded.scratch()
    )
    assert found == [2]


def test_groups_share_a_scanner_and_keep_their_bits() -> None:
    scanner = Scanner()
    search = PatternGroup(scanner, [regex.compile("版权所有\\s*[©(]"), regex.compile("(?:abc){e<=1}")])
    full = PatternGroup(scanner, [regex.compile("第\\s*\\d+\\s*页")], fullmatch=True)
    masks = scanner.masks(["版权所有 ©", "第 3 页", "第 3 页了"])
    assert [search.indices(m) for m in masks] == [(0, 1), (1,), (1,)]
    assert [full.indices(m) for m in masks] == [(), (0,), ()]


def test_a_group_limited_to_short_texts_is_scanned_in_them_only() -> None:
    scanner = Scanner()
    anywhere = PatternGroup(scanner, [regex.compile("版权所有")])
    short = PatternGroup(scanner, [regex.compile("版权所有"), regex.compile("登录")], max_chars=6)
    texts = ["正文" * 5 + "版权所有 登录", "版权所有", "x", "登录 注册", "登录" * 4, "版权所有"]
    masks = scanner.masks(texts)
    assert [anywhere.indices(m) for m in masks] == [(0,), (0,), (), (), (), (0,)]
    assert [short.indices(m) for m in masks] == [(), (0,), (), (1,), (), (0,)]
    scanner._masks.clear()  # one text at a time
    assert [short.indices(scanner.masks([t])[0]) for t in texts] == [(), (0,), (), (1,), (), (0,)]


# The superset, on generated text ------------------------------------------------------------------------------


def _alphabet() -> list[str]:
    """Literal pieces of the shipped patterns, plus ordinary content characters."""
    pieces: set[str] = set("0123456789 /-:.,()|>【】«»·•©_@!?。,;:“”…○●教育局工作总结年月日页第共")
    pieces.update(["http://", "www.", ".com", "VIP", "QQ", "QQ:", "Word", "admin ", "END", " - "])
    for file in PATTERN_FILES:
        for p in _patterns(file):
            pieces.update(regex.findall(r"\p{Han}+|[A-Za-z]+", p))
            pieces.update(ch for ch in p if not ch.isascii())
    return sorted(pieces)


TEXTS = st.lists(st.sampled_from(_alphabet()), max_size=25).map("".join)


@needs_hyperscan
@pytest.mark.parametrize("file", PATTERN_FILES)
@settings(max_examples=400, deadline=None)
@given(lines=st.lists(TEXTS, min_size=1, max_size=4))
def test_the_scanner_never_rules_out_a_pattern_that_matches(file: str, lines: list[str]) -> None:
    group = _group(file)
    group.scanner._masks.clear()  # scan these lines together, as a document
    for text, mask in zip(lines, group.masks(lines), strict=True):
        candidates = group.candidates(mask)
        for p in group.patterns:
            if _matches(file, p, text):
                assert p in candidates, (p.pattern, text)


def test_the_scanner_finds_what_each_pattern_finds_on_the_real_pages() -> None:
    """Every shipped pattern on every line of the seeds and the held-out pages: no match is missed."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = [
        *sorted((root / "fixtures" / "seeds").glob("*.txt")),
        *sorted((root / "bench").glob("heldout*/*.txt")),
    ]
    lines = [ln.strip() for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) > 500
    for file in PATTERN_FILES:
        group = _group(file)
        group.scanner._masks.clear()
        for text, mask in zip(lines, group.masks(lines), strict=True):
            candidates = group.candidates(mask)
            for p in group.patterns:
                if _matches(file, p, text):
                    assert p in candidates, (file, p.pattern, text)


@cache
def _seo_spam():
    from cleaners.seo_spam import SeoSpam

    cfg = load_config()
    return SeoSpam(cfg["seo_spam"], pattern_loader(cfg))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_seo_spam_lines_one_by_one_find_the_alternations_spans(text: str) -> None:
    cleaner = _seo_spam()
    assert cleaner._hits(text) == [m.span() for m in cleaner.pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "白癜风医院哪家好 治疗白癜风医院排名 看白癜风最好的医院是哪家 北京白癜风专科医院排名",
        "牛皮癣哪家好牛皮癣多少钱,最好的牛皮癣医院 治牛皮癣哪家医院最好",
        "本市各区县人民医院哪家好 正规的男科医院 看男科哪家好 看男科哪家好",
        "白癜风白癜风医院哪家好好 癫痫癫痫的医院排行",
        "白癜风医院排名哪家好 看男科哪家好",
    ],
    ids=["look-alike: four lines of the file in one row", "look-alike: two lines' matches touching",
         "look-alike: the same query twice", "look-alike: matches starting inside another's",
         "look-alike: two lines match at one start (the earlier line's shorter span is the alternation's)"],
)
def test_seo_spam_overlapping_lines_find_the_alternations_spans(text: str) -> None:
    cleaner = _seo_spam()
    full = [m.span() for m in cleaner.pattern.finditer(text)]
    assert len(full) >= 2 and cleaner._hits(text) == full


# pinyin_spam and junk_chars shortcuts -----------------------------------------------------------------------


@cache
def _pinyin():
    from cleaners.pinyin_spam import PinyinSpam

    cfg = load_config()
    return PinyinSpam(cfg["pinyin_spam"], pattern_loader(cfg))


SYLLABLE_TEXT = st.lists(
    st.sampled_from(
        ["zhong", "guo", "xue", "xiao", "a", "n", "g", "e", "r", "shi", "x", "q", "v", "ng", "er"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(word=SYLLABLE_TEXT)
def test_compiled_segmentation_counts_as_the_python_one(word: str) -> None:
    syllables = _pinyin().syllables
    assert syllables.count.__wrapped__(syllables, word) == syllables._count(word)


def test_compiled_segmentation_on_long_runs() -> None:
    syllables = _pinyin().syllables
    plain = sorted(s for s in syllables.syllables if s.isascii())
    rng = random.Random(7)
    for _ in range(300):
        word = "".join(rng.choice(plain) for _ in range(rng.randint(1, 80)))
        if rng.random() < 0.3:
            at = rng.randrange(len(word))
            word = word[:at] + rng.choice("qvxiu") + word[at:]
        assert syllables.count.__wrapped__(syllables, word) == syllables._count(word), word


URL_TEXT = st.lists(
    st.sampled_from(["www.", "WWW.", "http://", "https://", "@", ".com", ".CN", ".net", ".org", "abc", "xue", "-",
                     "_", ".", " ", "教育", ",", "/", "x.y", "mail", "3"]),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(text=URL_TEXT)
def test_blanking_urls_by_runs_is_the_same_as_substituting(text: str) -> None:
    from cleaners.pinyin_spam import _URL, _blank_urls

    assert _blank_urls(text) == _URL.sub(lambda m: " " * len(m.group()), text)


def _junk(settings_override: dict | None = None):
    from cleaners.junk_chars import JunkChars

    cfg = load_config()
    return JunkChars({**cfg["junk_chars"], **(settings_override or {})}, pattern_loader(cfg))


JUNK_TEXT = st.lists(
    st.sampled_from(list("教育局工作a1 ,。ꦜꦦ෴ܫမ𒀀😀✓★●↑") + ["\ufe0f", "\u200b", "𝔍", "ᠠᠡ", "ꦜꦦꩵ෴"]),
    max_size=20,
).map("".join)


@cache
def _junk_pair():
    windowed, whole = _junk(), _junk()
    whole.windowed = False
    return windowed, whole


@settings(max_examples=500, deadline=None)
@given(text=JUNK_TEXT)
def test_junk_chars_windows_find_what_the_whole_line_finds(text: str) -> None:
    windowed, whole = _junk_pair()
    assert windowed.windowed
    docs = [Document("d", [Line(1, text)]) for _ in range(2)]
    for cleaner, doc in zip((windowed, whole), docs, strict=True):
        cleaner.clean_line(doc, doc.lines[0])
    assert docs[0].lines[0].text == docs[1].lines[0].text
    assert docs[0].removals == docs[1].removals


def test_junk_chars_looks_at_whole_lines_when_an_ordinary_character_can_be_junk() -> None:
    assert not _junk({"junk_ranges": ["4E00-4E10"]}).windowed
    assert not _junk({"allowed_scripts": ["Latin", "Common"]}).windowed


# OpenCC trigger -------------------------------------------------------------------------------------------


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
        line = f"{word}回覆"  # a phrase after a candidate character that is not converted alone
        if converter.convert(line) != line:
            assert trigger.lines_to_convert([Line(1, line)]), word


def test_stdlib_hint_folds_at_least_what_regex_folds() -> None:
    """pinyin_spam's URL hint (stdlib re) must hold wherever its `regex` URL pattern can match."""
    chars = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    for letter in "wcomnetrgph":
        assert set(regex.findall(f"(?i){letter}", chars)) <= set(re.findall(letter, chars, re.I)), letter


# Literal vocabularies as tries ------------------------------------------------------------------------------

TERM_ALPHABET = st.sampled_from(list("首页面登录ab.|(*") + ["\\", "?"])


@settings(max_examples=500, deadline=None)
@given(
    terms=st.lists(st.lists(TERM_ALPHABET, min_size=1, max_size=5).map("".join), min_size=1, max_size=12),
    text=st.lists(TERM_ALPHABET, max_size=40).map("".join),
)
def test_a_trie_of_terms_finds_what_their_longest_first_alternation_finds(
    terms: list[str], text: str
) -> None:
    from cleaners.config import longest_term

    ordered = sorted(set(terms), key=len, reverse=True)
    alternation = re.compile("|".join(map(re.escape, ordered)))
    trie = re.compile(longest_term(ordered))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    assert trie.findall(text) == alternation.findall(text)


def test_the_shipped_vocabularies_match_as_their_alternations_on_the_real_pages() -> None:
    from pathlib import Path

    from cleaners.config import longest_term

    root = Path(__file__).resolve().parent.parent
    files = [
        *sorted((root / "fixtures" / "seeds").glob("*.txt")),
        *sorted((root / "bench").glob("heldout*/*.txt")),
    ]
    text = "\n".join(f.read_text(encoding="utf-8") for f in files).lower()
    cfg = load_config()
    load = pattern_loader(cfg)
    vocabularies = [
        [term.lower() for term, _ in load.labelled(cfg["line_classifier"]["vocabulary"])],
        [w.lower() for w in load(cfg["keyword_spam"]["keywords"]) if w],
    ]
    for words in vocabularies:
        ordered = sorted(set(words), key=len, reverse=True)
        alternation = re.compile("|".join(map(re.escape, ordered)))
        assert [m.span() for m in re.compile(longest_term(ordered)).finditer(text)] == [
            m.span() for m in alternation.finditer(text)
        ]
