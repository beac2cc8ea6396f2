"""Describe each line of a document once: shape, position and context features for the line classifier."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable

import numba
import numpy as np

from cleaners.boilerplate import host_of, site_of_host
from cleaners.config import longest_term

HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
_PUNCT = "，。！？；：、“”‘’（）《》【】,.!?;:()[]\"'…—-·|/<>_~=+*#@%&"
_SENT_END_CHARS = frozenset("。！？!?；;…」』”\"）)")
_SENT_MARKS = "。！？!?；;"
_SENT = re.compile(f"[{_SENT_MARKS}]")
_COMMAS = "，,、"
# Counted over the joined lines: none of these may match across a line break ([ \t], never \s).
# "key:value fields" count the matches of [\u4e00-\u9fffA-Za-z]{1,8}[ \t]*[:：], which is the colons whose
# nearest character before them other than a space or tab is a hanzi or a Latin letter: counted in
# _count_code_points (one match ends at each such colon; the regex was 10% of the classifier's time).
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
for _lo, _hi in HAN_RANGES:
    _CLASS[_lo : _hi + 1] |= _HAN_BIT
_CLASS[ord("0") : ord("9") + 1] |= _DIGIT_BIT
_CLASS[ord("A") : ord("Z") + 1] |= _LATIN_BIT
_CLASS[ord("a") : ord("z") + 1] |= _LATIN_BIT
for _chars, _bit in ((_PUNCT, _PUNCT_BIT), (_SENT_MARKS, _SENT_BIT), (_COMMAS, _COMMA_BIT)):
    _CLASS[[ord(c) for c in _chars]] |= _bit
_SEPARATOR_ARRAY = np.array([ord(c) for c in _SEPARATORS], dtype=np.uint32)


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
        self.pattern = re.compile(longest_term(ordered)) if ordered else None  # the same matches as `alternation`
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


def joined_lines(texts: Iterable[str]) -> tuple[str, np.ndarray]:
    """The lines joined by line breaks (a line never holds one), and the code points of that."""
    joined = "\n".join(texts)
    return joined, np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_SENT_END_TABLE = np.zeros(0x10001, dtype=bool)  # indexed by a line's last code point (0x10000: empty line)
_SENT_END_TABLE[[ord(c) for c in _SENT_END_CHARS]] = True
# columns of _count_code_points
_HANZI, _DIGITS, _LATIN, _PUNCTUATION, _SPACES, _SENT_MARK, _COMMA, _WORD, _SENT_END, _COLON, _TOKENS, _KEYS = range(12)
_FIRST_SEPARATOR = 12
_CLASS_COLUMNS = (
    (_HAN_BIT, _HANZI), (_DIGIT_BIT, _DIGITS), (_LATIN_BIT, _LATIN), (_PUNCT_BIT, _PUNCTUATION),
    (_SENT_BIT, _SENT_MARK), (_COMMA_BIT, _COMMA),
)


@numba.njit(cache=True, nogil=True)
def _count_code_points(cp, m, classes, separators, sent_end):  # pragma: no cover - compiled
    """One pass over the code points of m lines joined by line breaks: per line the counts of hanzi, digits,
    Latin letters, punctuation, spaces, sentence marks, commas, word characters (not spaces), whether its
    last character ends a sentence or is a colon, its tokens (runs of word characters), its key:value fields
    (colons after a hanzi or a letter, spaces or tabs between) and the count of each separator; per position
    its line (a line break counts with the next line) and whether it is a letter."""
    n = cp.shape[0]
    counts = np.zeros((m, _FIRST_SEPARATOR + separators.shape[0]))
    at = np.empty(n, dtype=np.int64)
    letters = np.zeros(n)
    line = 0
    in_word = False
    after_key = False  # the last character other than a space or tab is a hanzi or a Latin letter
    last = -1
    for i in range(n + 1):
        c = cp[i] if i < n else 10
        if c == 10:  # the end of a line
            if last >= 0:
                counts[line, _SENT_END] = sent_end[last]
                counts[line, _COLON] = last == 58 or last == 0xFF1A
            if i == n:
                break
            if line < m - 1:  # a line holding a line break (never, from Document) stays in bounds
                line += 1
            at[i] = line
            in_word = False
            after_key = False
            last = -1
            continue
        at[i] = line
        if c == 58 or c == 0xFF1A:
            if after_key:
                counts[line, _KEYS] += 1
            after_key = False
        elif c != 32 and c != 9:
            after_key = (0x4E00 <= c <= 0x9FFF) or (65 <= c <= 90) or (97 <= c <= 122)
        k = classes[c] if c < 0x10000 else 0
        for bit, column in _CLASS_COLUMNS:
            if k & bit:
                counts[line, column] += 1
        if k & (_HAN_BIT | _LATIN_BIT):
            letters[i] = 1.0
        if c == 32:
            counts[line, _SPACES] += 1
            in_word = False
        else:
            counts[line, _WORD] += 1
            if not in_word:
                counts[line, _TOKENS] += 1
            in_word = True
        for s in range(separators.shape[0]):
            if c == separators[s]:
                counts[line, _FIRST_SEPARATOR + s] += 1
        last = c if c < 0x10000 else 0xFFFF
    return counts, at, letters


def shapes(texts: list[str], scored: np.ndarray, vocabulary: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """SHAPE_NAMES for each scored line (one compiled pass over their code points, one regex pass for each
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
    joined, cp = joined_lines(texts[i] for i in lines)
    m = len(lines)
    counts, at, letters = _count_code_points(cp, m, _CLASS, _SEPARATOR_ARRAY, _SENT_END_TABLE)
    tokens = counts[:, _TOKENS]

    def matches(pattern: re.Pattern[str]) -> np.ndarray | int:
        """Per line, the count of the pattern's matches (0 where none matches the joined lines: most)."""
        starts = [x.start() for x in pattern.finditer(joined)]
        return np.bincount(at[starts], minlength=m) if starts else 0

    length = lengths[lines]
    size = np.maximum(length, 1)
    block = np.empty((m, len(SHAPE_NAMES) - 1))
    block[:, 0:5] = counts[:, _HANZI : _SPACES + 1] / size[:, None]  # shares of hanzi ... spaces
    block[:, 5] = counts[:, _SENT_MARK]
    block[:, 6] = counts[:, _SENT_END]
    block[:, 7] = counts[:, _COLON]
    block[:, 8] = counts[:, _COMMA]
    block[:, 9] = tokens
    block[:, 10] = counts[:, _WORD] / np.maximum(tokens, 1)
    block[:, 11] = counts[:, _KEYS]
    for k, pattern in enumerate((_DATE, _TIME, _COUNT)):
        block[:, 12 + k] = matches(pattern)
    block[:, 15] = matches(_URL) > 0
    block[:, 16] = matches(_ENUM) > 0
    block[:, 17] = length <= 4
    block[:, 18] = length <= 10
    block[:, 19] = length <= 25
    block[:, 20:] = counts[:, _FIRST_SEPARATOR:]
    out[lines, 1:] = block
    words[lines] = vocabulary.coverage(joined, at, letters, m)
    return out, words


@numba.njit(cache=True, nogil=True)
def _context_kernel(cp, n, classes, sent_end, log_len, page_words):  # pragma: no cover - compiled
    """CONTEXT_NAMES but the four text comparisons (similarity to the title, repeats the title, repeated in
    the document, names its own site: columns 9, 10, 11 and 24 are left 0) for the n lines joined by line
    breaks in `cp` (one pass over their code points), and the mean of `page_words` over each line's window."""
    lengths = np.zeros(n)
    has_sentence = np.zeros(n, dtype=np.bool_)
    last = np.full(n, 0x10000)
    line = 0
    for i in range(cp.shape[0]):
        c = cp[i]
        if c == 10:
            if line < n - 1:
                line += 1
            continue
        lengths[line] += 1
        if c < 0x10000:
            if classes[c] & _SENT_BIT:
                has_sentence[line] = True
            last[line] = c
        else:
            last[line] = 0xFFFF
    prose = np.zeros(n)
    short = np.zeros(n)
    first_prose, last_prose, prose_lines = n, -1, 0
    for i in range(n):
        if lengths[i] >= 40 and has_sentence[i]:  # is_prose()
            prose[i] = 1.0
            prose_lines += 1
            first_prose = min(first_prose, i)
            last_prose = i
        if lengths[i] < 30 and not has_sentence[i]:
            short[i] = 1.0
    out = np.zeros((n, 25))
    # distance to the nearest prose line, from a pass each way
    to_prose = np.full(n, 20.0)
    nearest = -1
    for i in range(n):
        if prose[i]:
            nearest = i
        if nearest >= 0:
            to_prose[i] = min(to_prose[i], i - nearest)
    nearest = -1
    for i in range(n - 1, -1, -1):
        if prose[i]:
            nearest = i
        if nearest >= 0:
            to_prose[i] = min(to_prose[i], nearest - i)
    # runs of title-like lines (6-60 characters, not ending like a sentence)
    run = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and 6 <= lengths[j] <= 60 and not sent_end[last[j]]:
            j += 1
        for k in range(i, j):
            run[k] = min(j - i, 20)
        i = j + 1
    cum_len = np.zeros(n + 1)
    cum_short = np.zeros(n + 1)
    cum_words = np.zeros(n + 1)
    total = 0.0
    for i in range(n):
        cum_len[i + 1] = cum_len[i] + log_len[i]
        cum_short[i + 1] = cum_short[i] + short[i]
        cum_words[i + 1] = cum_words[i] + page_words[i]
        total += lengths[i]
    around = np.zeros(n)
    for i in range(n):
        lo, hi = max(i - 3, 0), min(i + 4, n)
        out[i, 0] = i / max(1, n - 1)
        out[i, 1] = min(i, 20)
        out[i, 2] = min(n - 1 - i, 20)
        out[i, 3] = i == 0
        out[i, 4] = i == n - 1
        out[i, 5] = to_prose[i]
        out[i, 6] = i < first_prose
        out[i, 7] = i > last_prose
        out[i, 8] = prose[i]
        out[i, 12] = log_len[i - 1] if i > 0 else -1.0
        out[i, 13] = log_len[i + 1] if i < n - 1 else -1.0
        out[i, 14] = prose[i - 1] if i > 0 else -1.0
        out[i, 15] = prose[i + 1] if i < n - 1 else -1.0
        out[i, 16] = (cum_len[hi] - cum_len[lo]) / (hi - lo)
        out[i, 17] = (cum_short[hi] - cum_short[lo]) / (hi - lo)
        out[i, 18] = np.log1p(n)
        out[i, 19] = np.log1p(total)
        out[i, 20] = prose_lines / n
        out[i, 21] = run[i]
        out[i, 22] = min(max(i - last_prose, 0), 20) if last_prose >= 0 else 20.0
        out[i, 23] = min(max(first_prose - i, 0), 20)
        around[i] = (cum_words[hi] - cum_words[lo]) / (hi - lo)
    return out, around


@numba.njit(cache=True, nogil=True)
def _title_similarity_kernel(cp, n, scored, seen, in_title, stamp):  # pragma: no cover - compiled
    """For each scored line of the n lines joined by line breaks in `cp`: the Jaccard similarity of its set of
    characters and the first line's (len(set(a) & set(t)) / max(1, len(set(a) | set(t))); 0 elsewhere. One
    pass: a character is new to a line where `seen` does not hold the line's stamp (stamp + 1 + its index),
    and the title's where `in_title` holds `stamp` (stamps only grow: the arrays are never cleared)."""
    out = np.zeros(n)
    size = 0
    i = 0
    while i < cp.shape[0] and (cp[i] != 10 or n == 1):  # (a line holding a line break: never, from Document)
        c = cp[i]
        if in_title[c] != stamp:
            in_title[c] = stamp
            size += 1
        i += 1
    line = 0
    mark = stamp + 1
    distinct = 0
    shared = 0
    for j in range(cp.shape[0] + 1):
        c = cp[j] if j < cp.shape[0] else 10
        if j == cp.shape[0] or c == 10 and line < n - 1:
            if scored[line]:
                out[line] = shared / max(1, distinct + size - shared)
            line += 1
            mark += 1
            distinct = 0
            shared = 0
        elif scored[line] and seen[c] != mark:
            seen[c] = mark
            distinct += 1
            if in_title[c] == stamp:
                shared += 1
    return out


class _Stamps(threading.local):
    """Per thread: the marks of _title_similarity_kernel (one per code point) and the next free stamp."""

    def __init__(self) -> None:
        self.seen = np.zeros(0x110000, dtype=np.int64)
        self.in_title = np.zeros(0x110000, dtype=np.int64)
        self.next = 1


_STAMPS = _Stamps()


def _title_similarity(cp: np.ndarray, n: int, scored: np.ndarray) -> np.ndarray:
    stamps = _STAMPS
    stamp = stamps.next
    stamps.next += n + 2
    return _title_similarity_kernel(cp, n, scored, stamps.seen, stamps.in_title, stamp)


def is_prose(text: str) -> bool:
    return len(text) >= 40 and _SENT.search(text) is not None


# A full date alone on its line, in figures or in Chinese numerals: the date under an official document's signature
# (line_classifier and title_repeats spare the office's signature right above it: signs_above_date)
SIGNATURE_DATE = re.compile(
    r"\s*(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*$"
)


def signs_above_date(text: str, next_text: str, offices: Iterable) -> bool:
    """Whether `text` is an office's signature: an office by its kind (`offices`, signature.txt) right above a
    full date alone on its line (`next_text`)."""
    return SIGNATURE_DATE.match(next_text) is not None and any(r.search(text) for r in offices)


_GRAM_MULT = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_SPREAD = np.uint64(0xD6E8FEB86659FD93)


def ngrams(texts: list[str], scored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(line index, gram id) pairs, unique per line: the character 1-3-grams of the scored lines, ASCII digits
    masked (`浏览:1288` and `浏览:52` share their grams), hashed below 2**NGRAM_BITS; one numpy pass."""
    lines = np.flatnonzero(scored)
    if not len(lines):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cp = joined_lines(texts[i] for i in lines)[1].astype(np.uint64)
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


@numba.njit(cache=True, nogil=True)
def _lexical_kernel(cp, lines, n, weights, bias, bits, long_line):  # pragma: no cover - compiled
    """lexical_scores() for the scored `lines` (their code points joined by line breaks in `cp`): the same
    grams as ngrams(), each line's unique grams summed in ascending order (as np.bincount over ngrams() does)."""
    out = np.full(n, long_line)
    mult0, mult1, mult2 = _GRAM_MULT
    spread = _SPREAD
    shift = np.uint64(64 - bits)
    size = cp.shape[0]
    masked = np.empty(size, dtype=np.uint64)  # digits masked, a run of digits one '0'
    k = 0
    for i in range(size):
        c = np.uint64(cp[i])
        digit = 48 <= cp[i] <= 57
        if digit and i > 0 and 48 <= cp[i - 1] <= 57:
            continue
        masked[k] = np.uint64(48) if digit else c
        k += 1
    start = 0
    grams = np.empty(3 * (k + 1), dtype=np.int64)
    for line in range(lines.shape[0]):
        end = start
        while end < k and masked[end] != 10:
            end += 1
        g = 0
        for p in range(start, end):
            h = (np.uint64(0) + masked[p]) * mult0
            grams[g] = np.int64(((h + np.uint64(1)) * spread) >> shift)
            g += 1
            if p + 1 < end:
                h = (h + masked[p + 1]) * mult1
                grams[g] = np.int64(((h + np.uint64(2)) * spread) >> shift)
                g += 1
                if p + 2 < end:
                    h = (h + masked[p + 2]) * mult2
                    grams[g] = np.int64(((h + np.uint64(3)) * spread) >> shift)
                    g += 1
        unique = np.sort(grams[:g])
        total = 0.0
        count = 0
        for j in range(g):
            if j == 0 or unique[j] != unique[j - 1]:
                total += weights[unique[j]]
                count += 1
        out[lines[line]] = bias + total / np.sqrt(max(count, 1))
        start = end + 1
    return out


def lexical_scores(texts: list[str], scored: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """A linear model over the hashed n-grams of each scored line (binary, L2-normalised): the words of chrome,
    not its shape. Lines that are not scored (long prose) get LONG_LINE_LEXICAL. (ngrams() is the same grams
    for training; this is its compiled twin, one pass.)"""
    lines = np.flatnonzero(scored)
    if not len(lines):
        return np.full(len(texts), LONG_LINE_LEXICAL)
    cp = joined_lines(texts[i] for i in lines)[1]
    return _lexical_kernel(cp, lines, len(texts), weights, float(bias), NGRAM_BITS, LONG_LINE_LEXICAL)


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
    cp = joined_lines(texts)[1]
    context, around = _context_kernel(cp, n, _CLASS, _SENT_END_TABLE, shape[:, 0], words[:, -2])
    # the comparisons of texts: with the title (the first line), with each other, with the site's name
    judged = np.flatnonzero(scored)
    context[:, 9] = _title_similarity(cp, n, scored)
    title = texts[0]
    long_title = len(title) > 3

    def repeats_title(t: str) -> bool:
        return t == title or t in title or (long_title and title in t)

    context[judged, 10] = [i > 0 and repeats_title(texts[i]) for i in judged]
    if site:
        context[judged, 24] = [site in texts[i].lower() for i in judged]
    seen: dict[str, int] = {}
    for t in texts:
        seen[t] = seen.get(t, 0) + 1
    context[:, 11] = [seen[t] > 1 for t in texts]
    prev_lex = _after(lexical, -10.0)
    next_lex = _before(lexical, -10.0)
    window = np.convolve(np.concatenate((lexical[:1], lexical, lexical[-1:])), np.ones(3) / 3, mode="valid")
    return np.hstack([shape, context, np.column_stack([lexical, prev_lex, next_lex, window]), words, around[:, None]])


def contents_entries(texts: list[str]) -> set[int]:
    """The lines of a contents list and the headings it names: two or more short lines of one run (no paragraph
    between them) that come back further down, in the same order, each right above a paragraph (a manual's
    `心肺复苏 / 海姆立克急救法` listed, then each heading its section). A repeat is the model's evidence of a page's
    furniture (a menu shown twice), but a menu's second copy heads no paragraph. The line right above the list,
    if no sentence, is its heading or the document's title: listed too."""
    prose = [is_prose(t) for t in texts]
    headings: dict[str, list[int]] = {}
    for j in range(1, len(texts) - 1):
        if prose[j + 1] and not prose[j]:
            headings.setdefault(texts[j], []).append(j)
    listed: set[int] = set()
    start = 0
    while start < len(texts):
        end = start
        while end < len(texts) and not prose[end]:
            end += 1
        pairs, after = [], start  # each entry's heading below it and below the previous entry's heading
        for i in range(start, end):
            below = [j for j in headings.get(texts[i], ()) if j > max(i, after)]
            if below:
                pairs.append((i, below[0]))
                after = below[0]
        if len(pairs) >= 2:
            listed.update(k for pair in pairs for k in pair)
            if pairs[0][0] > 0 and not prose[pairs[0][0] - 1]:
                listed.add(pairs[0][0] - 1)
        start = end + 1
    return listed
