"""Describe each line of a document once: shape, position and context features for the line classifier."""

from __future__ import annotations

import math
import re

import numpy as np
import xxhash

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_PUNCT = re.compile(r"[，。！？；：、“”‘’（）《》【】,.!?;:()\[\]\"'…—\-·|/<>_~=+*#@%&]")
_SENT_END = re.compile(r"[。！？!?；;…」』”\"）)]$")
_SENT = re.compile(r"[。！？!?；;]")
_COMMA = re.compile(r"[，,、]")
_KEY_VALUE = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}\s*[:：]")
_DATE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2})?|\d{1,2}月\d{1,2}日")
_TIME = re.compile(r"\d{1,2}:\d\d")
_COUNT = re.compile(
    r"\d+(?:\.\d+)?\s*(?:KB|MB|kb|mb|K|M|页|字|次|人|条|元|积分|金币|下载|浏览|阅读|评论|赞|收藏|分钟|小时前|天前|篇)"
)
_URL = re.compile(r"https?://|www\.|\.com|\.cn\b|\.net\b|@")
_ENUM = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+[章节条部分篇课]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]\D"
    r"|[(（][一二三四五六七八九十\d]{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])"
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
]
LEXICAL_NAMES = ["lexical score", "previous lexical score", "next lexical score", "window lexical score"]
FEATURE_NAMES = SHAPE_NAMES + CONTEXT_NAMES + LEXICAL_NAMES
NGRAM_BITS = 18


def line_shape(text: str) -> list[float]:
    n = len(text) or 1
    tokens = text.split()
    return [
        math.log1p(len(text)),
        len(_HAN.findall(text)) / n,
        len(_DIGIT.findall(text)) / n,
        len(_LATIN.findall(text)) / n,
        len(_PUNCT.findall(text)) / n,
        text.count(" ") / n,
        len(_SENT.findall(text)),
        _SENT_END.search(text) is not None,
        text.endswith((":", "：")),
        len(_COMMA.findall(text)),
        len(tokens),
        sum(map(len, tokens)) / len(tokens) if tokens else 0.0,
        len(_KEY_VALUE.findall(text)),
        len(_DATE.findall(text)),
        len(_TIME.findall(text)),
        len(_COUNT.findall(text)),
        _URL.search(text) is not None,
        _ENUM.match(text) is not None,
        len(text) <= 4,
        len(text) <= 10,
        len(text) <= 25,
        *(text.count(s) for s in _SEPARATORS),
    ]


def is_prose(text: str) -> bool:
    return len(text) >= 40 and _SENT.search(text) is not None


def ngram_ids(text: str) -> np.ndarray:
    """Hashed character 1-3-grams of a line (unique ids below 2**NGRAM_BITS)."""
    grams = {text[i : i + k] for k in (1, 2, 3) for i in range(len(text) - k + 1)}
    mask = (1 << NGRAM_BITS) - 1
    return np.fromiter((xxhash.xxh32_intdigest(g.encode()) & mask for g in grams), dtype=np.int64, count=len(grams))


def lexical_scores(texts: list[str], weights: np.ndarray, bias: float) -> np.ndarray:
    """A linear model over hashed n-grams (binary, L2-normalised): the words of chrome, not its shape."""
    out = np.empty(len(texts))
    for i, text in enumerate(texts):
        ids = ngram_ids(text)
        out[i] = bias + (weights[ids].sum() / math.sqrt(len(ids)) if len(ids) else 0.0)
    return out


def document_features(texts: list[str], lexical: np.ndarray) -> np.ndarray:
    """One row of FEATURE_NAMES per line; `lexical` holds each line's lexical score."""
    n = len(texts)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    shape = np.array([line_shape(t) for t in texts], dtype=np.float64)
    lengths = np.array([len(t) for t in texts], dtype=np.float64)
    prose = np.array([is_prose(t) for t in texts])
    short = np.array([len(t) < 30 and _SENT.search(t) is None for t in texts], dtype=np.float64)
    index = np.arange(n)
    prose_at = np.flatnonzero(prose)
    first_prose = prose_at[0] if len(prose_at) else n
    last_prose = prose_at[-1] if len(prose_at) else -1
    if len(prose_at):
        to_prose = np.minimum(np.abs(index[:, None] - prose_at[None, :]).min(axis=1), 20)
    else:
        to_prose = np.full(n, 20)
    title = texts[0]
    title_chars = set(title)
    seen: dict[str, int] = {}
    for t in texts:
        seen[t] = seen.get(t, 0) + 1
    log_len = np.log1p(lengths)
    context = np.empty((n, len(CONTEXT_NAMES)))
    for i, t in enumerate(texts):
        chars = set(t)
        lo, hi = max(0, i - 3), min(n, i + 4)
        context[i] = (
            i / max(1, n - 1),
            min(i, 20),
            min(n - 1 - i, 20),
            i == 0,
            i == n - 1,
            to_prose[i],
            i < first_prose,
            i > last_prose,
            prose[i],
            len(chars & title_chars) / max(1, len(chars | title_chars)),
            i > 0 and (t == title or t in title or (len(title) > 3 and title in t)),
            seen[t] > 1,
            log_len[i - 1] if i > 0 else -1,
            log_len[i + 1] if i < n - 1 else -1,
            prose[i - 1] if i > 0 else -1,
            prose[i + 1] if i < n - 1 else -1,
            log_len[lo:hi].mean(),
            short[lo:hi].mean(),
            math.log1p(n),
            math.log1p(lengths.sum()),
            prose.mean(),
        )
    prev_lex = np.r_[-10.0, lexical[:-1]]
    next_lex = np.r_[lexical[1:], -10.0]
    window = np.convolve(np.r_[lexical[:1], lexical, lexical[-1:]], np.ones(3) / 3, mode="valid")
    return np.hstack([shape, context, np.column_stack([lexical, prev_lex, next_lex, window])])
