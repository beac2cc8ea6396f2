"""Describe each line of a document once: shape, position and context features for the line classifier."""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np

from cleaners.boilerplate import host_of, site_of_host

_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
_PUNCT = "，。！？；：、“”‘’（）《》【】,.!?;:()[]\"'…—-·|/<>_~=+*#@%&"
_SENT_END_CHARS = frozenset("。！？!?；;…」』”\"）)")
_SENT_MARKS = "。！？!?；;"
_SENT = re.compile(f"[{_SENT_MARKS}]")
_COMMAS = "，,、"
# Counted over the joined lines: none of these may match across a line break ([ \t], never \s).
_KEY_VALUE = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}[ \t]*[:：]")
_DATE = re.compile(r"(?:19|20)\d\d[ \t]*[-/.年][ \t]*\d{1,2}(?:[ \t]*[-/.月][ \t]*\d{1,2})?|\d{1,2}月\d{1,2}日")
_TIME = re.compile(r"\d{1,2}:\d\d")
_COUNT = re.compile(
    r"\d+(?:\.\d+)?[ \t]*(?:KB|MB|kb|mb|K|M|页|字|次|人|条|元|积分|金币|下载|浏览|阅读|评论|赞|收藏|分钟|小时前|天前|篇)"
)
_URL = re.compile(r"https?://|www\.|\.com|\.cn\b|\.net\b|@")
_ENUM = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+[章节条部分篇课]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．][^\d\n]"
    r"|[(（][一二三四五六七八九十\d]{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])",
    re.M,
)
_SEPARATORS = ("|", ">", "·", "_", "/", "-", "»", "›", "•", "【", "《", "[", "(")

SHAPE_NAMES = [
    "log length", "hanzi share", "digit share", "latin share", "punctuation share", "space share",
    "sentence marks", "ends like a sentence", "ends with a colon", "commas", "tokens", "mean token length",
    "key:value fields", "dates", "times", "counts and sizes", "url or address", "enumerated heading",
    "<= 4 chars", "<= 10 chars", "<= 25 chars",
] + [f"'{s}' separators" for s in _SEPARATORS]
CONTEXT_NAMES = [
    "relative position", "lines from the start", "lines from the end", "first line", "last line",
    "distance to prose", "before the main text", "after the main text", "prose line",
    "similarity to the title", "repeats the title", "repeated in the document",
    "previous line length", "next line length", "previous line is prose", "next line is prose",
    "window length", "short lines around", "document lines", "document length", "prose share",
    "title-like run", "lines after the main text", "lines before the main text", "names its own site",
]
LEXICAL_NAMES = ["lexical score", "previous lexical score", "next lexical score", "window lexical score"]
# config/patterns/page_vocabulary.txt: the words of a page's furniture, one group per kind of noise
VOCABULARY_KINDS = ("chrome", "meta", "paywall", "related", "ad", "comment")
VOCABULARY_NAMES = [f"{kind} words" for kind in VOCABULARY_KINDS] + [
    "page words", "letters outside page words", "page words around",
]
FEATURE_NAMES = SHAPE_NAMES + CONTEXT_NAMES + LEXICAL_NAMES + VOCABULARY_NAMES
NGRAM_BITS = 18
LONG_LINE_LEXICAL = -5.0  # the lexical score given to a line too long to be judged (prose)


# One lookup gives every class of a code point (all classes lie in the BMP).
_HAN_BIT, _DIGIT_BIT, _LATIN_BIT, _PUNCT_BIT, _SENT_BIT, _COMMA_BIT = (1, 2, 4, 8, 16, 32)
_CLASS = np.zeros(0x10000, dtype=np.uint8)
for _lo, _hi in _HAN_RANGES:
    _CLASS[_lo : _hi + 1] |= _HAN_BIT
_CLASS[ord("0") : ord("9") + 1] |= _DIGIT_BIT
_CLASS[ord("A") : ord("Z") + 1] |= _LATIN_BIT
_CLASS[ord("a") : ord("z") + 1] |= _LATIN_BIT
for _chars, _bit in ((_PUNCT, _PUNCT_BIT), (_SENT_MARKS, _SENT_BIT), (_COMMAS, _COMMA_BIT)):
    _CLASS[[ord(c) for c in _chars]] |= _bit
_SEPARATOR_CP = [ord(c) for c in _SEPARATORS]


class Vocabulary:
    """Literal terms grouped by kind of noise, matched in one pass (longest term first at each position)."""

    def __init__(self, terms: list[tuple[str, str]]) -> None:
        unknown = sorted({kind for _, kind in terms} - set(VOCABULARY_KINDS))
        if unknown:
            raise ValueError(f"page vocabulary: unknown kind(s) {unknown}; known: {list(VOCABULARY_KINDS)}")
        self.kind_of = {term.lower(): VOCABULARY_KINDS.index(kind) for term, kind in terms}
        ordered = sorted(self.kind_of, key=len, reverse=True)
        alternation = "|".join(map(re.escape, ordered))
        # matched on lower-cased text (6x faster than re.IGNORECASE); the latter only where lower() would
        # change the text's length (positions must map back)
        self.pattern = re.compile(alternation) if ordered else None
        self.pattern_ignorecase = re.compile(alternation, re.IGNORECASE) if ordered else None
        self.digest = hashlib.sha256("\n".join(f"{k}\t{t}" for t, k in sorted(terms)).encode()).hexdigest()[:16]

    def coverage(self, joined: str, at: np.ndarray, letters: np.ndarray, m: int) -> np.ndarray:
        """Per line of `joined` (m lines; `at` maps positions to lines): the share of its letters each kind's
        terms cover, all kinds together, and the share of letters no term covers (terms never overlap)."""
        out = np.zeros((m, len(VOCABULARY_KINDS) + 2))
        total = np.bincount(at, weights=letters, minlength=m)
        size = np.maximum(total, 1)
        kind_of = self.kind_of
        spans = []
        if self.pattern is not None:
            lowered = joined.lower()
            if len(lowered) == len(joined):
                spans = [(x.start(), x.end(), kind_of[x.group()]) for x in self.pattern.finditer(lowered)]
            else:
                found = self.pattern_ignorecase.finditer(joined)
                spans = [(x.start(), x.end(), kind_of[x.group().lower()]) for x in found]
        if spans:
            start, end, kind = np.array(spans, dtype=np.int64).T
            cum = np.concatenate(([0.0], np.cumsum(letters)))
            covered = cum[end] - cum[start]
            line = at[start]
            kinds = len(VOCABULARY_KINDS)
            out[:, :kinds] = np.bincount(line * kinds + kind, weights=covered, minlength=m * kinds).reshape(m, kinds)
            out[:, :kinds] /= size[:, None]
        out[:, -2] = out[:, :-2].sum(axis=1)
        out[:, -1] = (total - out[:, -2] * size) / size
        return out


def _after(values: np.ndarray, fill) -> np.ndarray:
    """values[i - 1] at i (`fill` at 0): each line's previous line."""
    out = np.empty_like(values)
    out[:1] = fill
    out[1:] = values[:-1]
    return out


def _before(values: np.ndarray, fill) -> np.ndarray:
    """values[i + 1] at i (`fill` at the end): each line's next line."""
    out = np.empty_like(values)
    out[-1:] = fill
    out[:-1] = values[1:]
    return out


def _joined(texts: list[str], lines: np.ndarray) -> tuple[str, np.ndarray, np.ndarray]:
    """The given lines joined by line breaks, their code points, and which of `lines` each position is in."""
    joined = "\n".join(texts[i] for i in lines)  # a line never holds a line break
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return joined, cp, np.cumsum(cp == 10)


def shapes(texts: list[str], scored: np.ndarray, vocabulary: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """SHAPE_NAMES for each scored line (one numpy pass over their code points, one regex pass for each
    pattern over the joined lines); a line that is not scored gets its log length alone. Also the
    vocabulary's coverage of each scored line (zero for the others)."""
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    out = np.zeros((n, len(SHAPE_NAMES)))
    out[:, 0] = np.log1p(lengths)
    words = np.zeros((n, len(VOCABULARY_KINDS) + 2))
    lines = np.flatnonzero(scored)
    if not len(lines):
        return out, words
    joined, cp, at = _joined(texts, lines)
    m = len(lines)

    def per_line(mask: np.ndarray) -> np.ndarray:
        return np.bincount(at, weights=mask, minlength=m)

    def matches(pattern: re.Pattern[str]) -> np.ndarray:
        starts = np.fromiter((x.start() for x in pattern.finditer(joined)), dtype=np.int64)
        return np.bincount(at[starts], minlength=m).astype(np.float64) if len(starts) else np.zeros(m)

    length = lengths[lines]
    size = np.maximum(length, 1)
    cls = _CLASS[np.minimum(cp, 0xFFFF)]
    space = cp == 32
    word = ~space & (cp != 10)
    token_starts = word.copy()
    token_starts[1:] &= ~word[:-1]
    tokens = per_line(token_starts)
    last = [texts[i][-1:] for i in lines]
    columns = [
        per_line(cls & _HAN_BIT != 0) / size,
        per_line(cls & _DIGIT_BIT != 0) / size,
        per_line(cls & _LATIN_BIT != 0) / size,
        per_line(cls & _PUNCT_BIT != 0) / size,
        per_line(space) / size,
        per_line(cls & _SENT_BIT != 0),
        [c in _SENT_END_CHARS for c in last],
        [c in (":", "：") for c in last],
        per_line(cls & _COMMA_BIT != 0),
        tokens,
        per_line(word) / np.maximum(tokens, 1),
        matches(_KEY_VALUE),
        matches(_DATE),
        matches(_TIME),
        matches(_COUNT),
        matches(_URL) > 0,
        matches(_ENUM) > 0,
        length <= 4,
        length <= 10,
        length <= 25,
        *(per_line(cp == c) for c in _SEPARATOR_CP),
    ]
    block = np.empty((m, len(columns)))
    for k, column in enumerate(columns):  # column by column: np.column_stack converts each list slowly
        block[:, k] = column
    out[lines, 1:] = block
    words[lines] = vocabulary.coverage(joined, at, ((cls & (_HAN_BIT | _LATIN_BIT)) != 0).astype(np.float64), m)
    return out, words


_SENT_END_TABLE = np.zeros(0x10001, dtype=bool)  # indexed by a line's last code point (0x10000: empty line)
_SENT_END_TABLE[[ord(c) for c in _SENT_END_CHARS]] = True


def _line_facts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every line, from one pass over their code points: its length, whether it holds a sentence mark,
    and its last code point (0x10000 for an empty line; astral ones folded to 0xFFFF)."""
    n = len(texts)
    cp = np.frombuffer("\n".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(cp == 10)
    at = np.zeros(len(cp), dtype=np.int64)
    at[breaks] = 1
    at = np.cumsum(at)
    marks = np.bincount(at, weights=((_CLASS[np.minimum(cp, 0xFFFF)] & _SENT_BIT) != 0).astype(np.float64), minlength=n)
    ends = np.append(breaks, len(cp))
    starts = np.concatenate(([0], breaks + 1))
    lengths = (ends - starts).astype(np.float64)
    last = np.where(ends > starts, np.minimum(cp[np.maximum(ends - 1, 0)], 0xFFFF), 0x10000) if len(cp) else np.full(n, 0x10000)
    return lengths, marks > 0, last


def is_prose(text: str) -> bool:
    return len(text) >= 40 and _SENT.search(text) is not None


_GRAM_MULT = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_SPREAD = np.uint64(0xD6E8FEB86659FD93)


def ngrams(texts: list[str], scored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(line index, gram id) pairs, unique per line: the character 1-3-grams of the scored lines, ASCII digits
    masked (`浏览:1288` and `浏览:52` share their grams), hashed below 2**NGRAM_BITS; one numpy pass."""
    lines = np.flatnonzero(scored)
    if not len(lines):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cp = _joined(texts, lines)[1].astype(np.uint64)
    digit = (cp >= 48) & (cp <= 57)
    cp = cp[~(digit & _after(digit, False))]  # a run of digits is one '0'
    cp[(cp >= 48) & (cp <= 57)] = 48
    brk = cp == 10
    line_at = np.cumsum(brk)  # which scored line each position belongs to
    keys, owners = [], []
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 on purpose
        for k in (1, 2, 3):
            if len(cp) < k:
                break
            span = len(cp) - k + 1
            h = np.zeros(span, dtype=np.uint64)
            ok = np.ones(span, dtype=bool)
            for j in range(k):
                h = (h + cp[j : j + span]) * _GRAM_MULT[j]
                ok &= ~brk[j : j + span]
            keys.append(((h + np.uint64(k)) * _SPREAD)[ok] >> np.uint64(64 - NGRAM_BITS))
            owners.append(line_at[:span][ok])
    pairs = np.sort(np.concatenate(owners).astype(np.int64) << NGRAM_BITS | np.concatenate(keys).astype(np.int64))
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # unique: faster than np.unique when small
    return lines[pairs >> NGRAM_BITS], pairs & ((1 << NGRAM_BITS) - 1)


def lexical_scores(texts: list[str], scored: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """A linear model over the hashed n-grams of each scored line (binary, L2-normalised): the words of chrome,
    not its shape. Lines that are not scored (long prose) get LONG_LINE_LEXICAL."""
    line, gram = ngrams(texts, scored)
    n = len(texts)
    count = np.bincount(line, minlength=n)
    total = np.bincount(line, weights=weights[gram], minlength=n)
    out = np.full(n, LONG_LINE_LEXICAL)
    out[scored] = bias + total[scored] / np.sqrt(np.maximum(count[scored], 1))
    return out


def scored_lines(texts: list[str], max_chars: int) -> np.ndarray:
    """The lines the model judges (short enough to be furniture); longer ones are only context."""
    return np.fromiter((len(t) <= max_chars for t in texts), dtype=bool, count=len(texts))


def site_name(url: str) -> str:
    """The name a site gives itself in its domain (`21cnjy` of www.21cnjy.com): '' if unknown or too short."""
    host = host_of(url) if url else ""
    label = site_of_host(host).split(".")[0] if host else ""
    return label if len(label) >= 3 and not label.isdigit() else ""


def document_features(
    texts: list[str], scored: np.ndarray, lexical: np.ndarray, vocabulary: Vocabulary, site: str = ""
) -> np.ndarray:
    """One row of FEATURE_NAMES per line; `lexical` holds each line's lexical score. Lines not `scored` are
    context only: their shape is their length alone (the work stays proportional to the short lines).
    `site` is the document's site_name()."""
    n = len(texts)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    shape, words = shapes(texts, scored, vocabulary)
    lengths, has_sentence, last = _line_facts(texts)
    prose = (lengths >= 40) & has_sentence  # is_prose() for every line at once
    short = ((lengths < 30) & ~has_sentence).astype(np.float64)
    # runs of title-like lines (6-60 characters, not ending like a sentence): related lists, menus, a TOC
    title_like = (lengths >= 6) & (lengths <= 60) & ~_SENT_END_TABLE[last]
    edges = np.flatnonzero(np.diff(np.concatenate(([0], title_like.view(np.int8), [0]))))
    run = np.zeros(n)
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        run[begin:end] = min(end - begin, 20)
    index = np.arange(n, dtype=np.float64)
    prose_at = np.flatnonzero(prose)
    first_prose = prose_at[0] if len(prose_at) else n
    last_prose = prose_at[-1] if len(prose_at) else -1
    if len(prose_at):  # distance to the nearest prose line
        right = np.searchsorted(prose_at, index).clip(max=len(prose_at) - 1)
        left = (right - 1).clip(min=0)
        to_prose = np.minimum(np.abs(prose_at[right] - index), np.abs(prose_at[left] - index)).clip(max=20)
    else:
        to_prose = np.full(n, 20.0)
    title = texts[0]
    title_chars = set(title)
    seen: dict[str, int] = {}
    for t in texts:
        seen[t] = seen.get(t, 0) + 1
    similarity = np.zeros(n)
    repeats_title = np.zeros(n)
    for i in np.flatnonzero(scored):
        t = texts[i]
        chars = set(t)
        similarity[i] = len(chars & title_chars) / max(1, len(chars | title_chars))
        repeats_title[i] = i > 0 and (t == title or t in title or (len(title) > 3 and title in t))
    repeated = np.array([seen[t] > 1 for t in texts], dtype=np.float64)
    log_len = np.log1p(lengths)
    fprose = prose.astype(np.float64)
    lo, hi = (index - 3).clip(min=0).astype(int), (index + 4).clip(max=n).astype(int)

    def window_mean(values: np.ndarray) -> np.ndarray:  # mean over the lines i-3 .. i+3 that exist
        cum = np.concatenate(([0.0], np.cumsum(values)))
        return (cum[hi] - cum[lo]) / (hi - lo)

    context = np.column_stack([
        index / max(1, n - 1),
        index.clip(max=20),
        (n - 1 - index).clip(max=20),
        index == 0,
        index == n - 1,
        to_prose,
        index < first_prose,
        index > last_prose,
        fprose,
        similarity,
        repeats_title,
        repeated,
        _after(log_len, -1.0),
        _before(log_len, -1.0),
        _after(fprose, -1.0),
        _before(fprose, -1.0),
        window_mean(log_len),
        window_mean(short),
        np.full(n, math.log1p(n)),
        np.full(n, math.log1p(lengths.sum())),
        np.full(n, fprose.mean()),
        run,
        (index - last_prose).clip(min=0, max=20) if last_prose >= 0 else np.full(n, 20.0),
        (first_prose - index).clip(min=0, max=20),
        [bool(site) and scored[i] and site in texts[i].lower() for i in range(n)],
    ]).astype(np.float64)
    prev_lex = _after(lexical, -10.0)
    next_lex = _before(lexical, -10.0)
    window = np.convolve(np.concatenate((lexical[:1], lexical, lexical[-1:])), np.ones(3) / 3, mode="valid")
    around = window_mean(words[:, -2])
    return np.hstack([shape, context, np.column_stack([lexical, prev_lex, next_lex, window]), words, around[:, None]])
