"""Remove a line the page shows twice in one document: a verbatim copy, or a summary cut from its body."""

from __future__ import annotations

import unicodedata
from functools import cache

import numba
import numpy as np
import regex

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import setting
from cleaners.line_features import HAN_RANGES, is_prose, joined_lines

# What a line is compared by: its letters and digits (a copy often differs in spaces and punctuation, a
# summary glues the body's lines together): no whitespace, punctuation, symbol (emoji too) or format
# character. Lines are compared by 64-bit polynomial hashes of those (one compiled pass); a removal is
# confirmed on the compared characters themselves.
_PLANES = 0x20000  # the BMP and the SMP by category; above, ideographs (compared) up to the tag and private planes
_PRIVATE = 0xE0000
_MULT = np.uint64(0x100000001B3)
_PREFIX = 8  # lines are indexed by the first characters of their key
_MASK = (1 << 64) - 1
# keeps the prefix hashes of different lengths apart
_SALTS = np.arange(_PREFIX + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Which code points below _PLANES are compared, and which are hanzi (built once a process, ~30 ms)."""
    compared = np.array(
        [not (unicodedata.category(chr(c))[0] in "PSZC" or chr(c).isspace()) for c in range(_PLANES)], dtype=np.bool_
    )
    hanzi = np.zeros(_PLANES, dtype=np.bool_)
    for lo, hi in HAN_RANGES:
        hanzi[lo : hi + 1] = True
    return compared, hanzi


@cache
def _kept(keep_breaks: bool) -> np.ndarray:
    """Per code point (all of Unicode): whether _compared keeps it (one lookup a character)."""
    kept = np.zeros(0x110000, dtype=np.bool_)
    kept[:_PLANES] = _tables()[0]
    kept[_PLANES:_PRIVATE] = True
    kept[10] |= keep_breaks
    return kept


def _compared(text: str, keep_breaks: bool = False) -> str:
    """The characters of `text` that lines are compared by (and its line breaks, if `keep_breaks`)."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return cp[_kept(keep_breaks)[cp]].tobytes().decode("utf-32-le", "surrogatepass")


@numba.njit(cache=True, nogil=True)
def _hash_lines(cp, m, compared, hanzi, private, mult, width):  # pragma: no cover - compiled
    """m lines joined by line breaks: per line its compared characters' count, its hanzi among them, its hash
    and the hashes of its first 1..width of them; over their concatenation (line breaks left out) the prefix
    hashes and the powers of `mult`."""
    n = np.zeros(m, np.int64)
    first = np.zeros((m, width), np.uint64)
    han = np.zeros(m, np.int64)
    h = np.zeros(m, np.uint64)
    prefix = np.zeros(cp.shape[0] + 1, np.uint64)
    power = np.ones(cp.shape[0] + 1, np.uint64)
    line = 0
    total = 0
    for i in range(cp.shape[0]):
        c = cp[i]
        if c == 10:
            if line < m - 1:
                line += 1
            continue
        if (c < compared.shape[0] and not compared[c]) or c >= private:
            continue
        if n[line] < width:
            first[line, n[line]] = (first[line, n[line] - 1] if n[line] else np.uint64(0)) * mult + np.uint64(c + 1)
        n[line] += 1
        if c < hanzi.shape[0] and hanzi[c]:
            han[line] += 1
        h[line] = h[line] * mult + np.uint64(c + 1)
        prefix[total + 1] = prefix[total] * mult + np.uint64(c + 1)
        power[total + 1] = power[total] * mult
        total += 1
    return n, han, h, first, prefix[: total + 1], power[: total + 1]


@numba.njit(cache=True, nogil=True)
def _candidates(n, h, first, min_chars, min_prefix, salt):  # pragma: no cover - compiled
    """Which lines may be copies, in one pass over the hashes (most documents have none): a line of at least
    min_chars whose hash another such line shares; a line of at least min_prefix (not the first) the hash of
    whose first 1..width characters is the hash of another line's first min(its count, width) (salted by that
    count)."""
    m, width = first.shape
    recurs = np.zeros(m, np.bool_)
    starts = np.zeros(m, np.bool_)
    full = np.sort(h[n >= min_chars])
    keys = np.empty(m, np.uint64)
    size = 0
    for j in range(m):
        fill = min(n[j], width)
        if fill:
            keys[size] = first[j, fill - 1] ^ salt[fill]
            size += 1
    keys = np.sort(keys[:size])
    for k in range(m):
        if n[k] >= min_chars:
            at = np.searchsorted(full, h[k])
            recurs[k] = at + 1 < full.shape[0] and full[at + 1] == h[k]
        if k and n[k] >= min_prefix:
            for p in range(1, width + 1):
                key = first[k, p - 1] ^ salt[p]
                at = np.searchsorted(keys, key)
                own = 1 if p == width else 0  # the line's own key is among them
                if at + own < keys.shape[0] and keys[at + own] == key:
                    starts[k] = True
                    break
    return recurs, starts


def _shingle_hashes(text: str, size: int) -> np.ndarray:
    """A 64-bit hash of each run of `size` characters of `text`, by its start (uint64 arithmetic wraps)."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    n = len(cp) - size + 1
    out = np.zeros(max(n, 0), np.uint64)
    for i in range(size):
        out = out * _MULT + cp[i : i + n] + np.uint64(1)
    return out


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) (sorted, each once) by a sort: numpy's hashing unique is several times slower here."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _found(keys: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """np.isin(keys, sorted_values) for sorted values, by a binary search (np.isin sorts both together)."""
    if not len(sorted_values):
        return np.zeros(len(keys), dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_values, keys), len(sorted_values) - 1)
    return sorted_values[at] == keys


def _substrings(text: str, size: int) -> set[str]:
    """The distinct substrings of `size` characters of `text`."""
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def _hanzi_count(compared: str) -> int:
    """How many of the characters are hanzi."""
    cp = np.frombuffer(compared.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return int(_tables()[1][cp[cp < _PLANES]].sum())


class _Hashes:
    """The compared characters of some lines: per line count, hanzi, hash, start in their concatenation."""

    def __init__(self, texts: list[str]) -> None:
        cp = joined_lines(texts)[1] if texts else np.zeros(0, np.uint32)
        self.n, self.han, self.h, self.first, self.prefix, self.power = _hash_lines(
            cp, len(texts), *_tables(), _PRIVATE, _MULT, _PREFIX
        )
        self.starts = np.concatenate(([0], np.cumsum(self.n)[:-1])).astype(np.int64) if texts else self.n

    def span(self, start: int, length: int) -> int:
        """The hash of `length` compared characters of the concatenation from `start`."""
        return (int(self.prefix[start + length]) - int(self.prefix[start]) * int(self.power[length])) & _MASK


@register
class RepeatedLines(Cleaner):
    """A line of prose-like text (mostly hanzi) that the page shows twice keeps one copy: the first, unless a
    later copy sits among more prose lines that are not copies (the body's copy of a summary shown above)."""

    name = "repeated_lines"
    whole_document = True  # a copy is recognised against the other lines

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_chars = setting(self.settings, "min_chars", int, self.name)
        self.min_hanzi_share = setting(self.settings, "min_hanzi_share", float, self.name)
        self.form_row = regex.compile(setting(self.settings, "form_row", str, self.name))
        self.min_prefix_chars = setting(self.settings, "min_prefix_chars", int, self.name)
        self.summary_label = regex.compile(setting(self.settings, "summary_label", str, self.name))
        self.ellipsis = regex.compile(setting(self.settings, "ellipsis", str, self.name))
        self.min_overlap_chars = setting(self.settings, "min_overlap_chars", int, self.name)
        self.min_overlap_share = setting(self.settings, "min_overlap_share", float, self.name)
        self.shingle = setting(self.settings, "shingle_chars", int, self.name)
        self.max_summary_line = setting(self.settings, "max_summary_line", int, self.name)
        self.own_summary = regex.compile(setting(self.settings, "own_summary", str, self.name))
        self.summary_heading = regex.compile(setting(self.settings, "summary_heading", str, self.name))
        self.sentence_end = regex.compile(setting(self.settings, "sentence_end", str, self.name))
        self.page_label = regex.compile(setting(self.settings, "page_label", str, self.name))
        self.answer_row = regex.compile(setting(self.settings, "answer_row", str, self.name))

    def eligible(self, n: int, hanzi: int, text: str) -> bool:
        """Prose-like enough to be a page's copy: long, mostly hanzi (of its compared characters), not a form's
        or an exam's row (those repeat by design). Asked only of lines that do recur."""
        if n < self.min_chars or hanzi < self.min_hanzi_share * n:
            return False
        return self.form_row.search(text) is None

    def answers_to_different_questions(self, texts: list[str], at: list[int]) -> bool:
        """Copies of a labelled answer (`答:`, `A:`) each right under a different line: answers to different
        questions. A Q&A block the page shows twice repeats its question too."""
        if not self.answer_row.match(texts[at[0]]) or at[0] == 0:
            return False
        return len({_compared(texts[k - 1]) for k in at}) == len(at)

    def candidates(self, hashes: _Hashes) -> tuple[np.ndarray, np.ndarray]:
        """Per line: whether its hash recurs (a copy), whether its start starts another line (a summary)."""
        return _candidates(hashes.n, hashes.h, hashes.first, self.min_chars, self.min_prefix_chars, _SALTS)

    def run(self, doc: Document) -> Document:
        lines = [line for line in doc.lines if line.text]
        texts = [line.text for line in lines]
        hashes = _Hashes(texts)
        recurs, starts = self.candidates(hashes)
        groups: dict[int, list[int]] = {}  # lines whose hash recurs (most documents: none)
        for k in np.flatnonzero(recurs).tolist():
            groups.setdefault(int(hashes.h[k]), []).append(k)
        copies = []
        for at in groups.values():
            if self.eligible(int(hashes.n[at[0]]), int(hashes.han[at[0]]), texts[at[0]]):
                by_key: dict[str, list[int]] = {}  # confirmed on the strings (a hash may collide)
                for k in at:
                    by_key.setdefault(_compared(texts[k]), []).append(k)
                copies += [same for same in by_key.values() if len(same) > 1]
        # an answer given to two different questions (a FAQ's "答:同上…" written out twice) is each question's own
        copies = [at for at in copies if not self.answers_to_different_questions(texts, at)]
        repeated = {k for at in copies for k in at}
        for at in copies:
            # prose around a copy (line_features.is_prose, as the classifier sees it): neighbours that are
            # prose and not copies themselves (a block shown twice keeps its first copy whole), and between
            # copies that differ in punctuation, whether the copy itself reads as prose
            prose = [
                (sum(is_prose(texts[j]) for j in (k - 1, k + 1) if 0 <= j < len(lines) and j not in repeated),
                 is_prose(texts[k]))
                for k in at
            ]
            # the first among those with the most prose around; the title (the first line) always stays
            keep = 0 if at[0] == 0 else at[prose.index(max(prose))]
            for k in at:
                if k != keep:
                    self.drop_line(doc, lines[k], f"repeats line {lines[keep].no} word for word (shown twice by the page)")
        if copies:  # the summaries are looked for among the lines left
            lines = [line for line in lines if line.text]
            hashes = _Hashes([line.text for line in lines])
            starts = self.candidates(hashes)[1]
        if starts.any():
            self.drop_summaries(doc, lines, hashes, np.flatnonzero(starts))
        self.drop_labelled_summaries(doc, lines, hashes)
        self.drop_pieced_summaries(doc, [line for line in lines if line.text])
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def drop_pieced_summaries(self, doc: Document, lines: list[Line]) -> None:
        """A long line near the top (not the title) whose words mostly recur in the lines after it: a page's
        description or summary pieced from its body's sentences, reordered or shortened. Compared by their
        substrings of `shingle_chars` compared characters (the lines after it read as one text, so one may run
        over a line break): eight spread over the line first, all of them if those recur. The body stays."""
        size = self.shingle
        if not any(len(line.text) >= self.min_overlap_chars for line in lines[1 : self.max_summary_line + 1]):
            return
        after = _compared("\n".join(line.text for line in lines[1:]), keep_breaks=True).split("\n")
        top = after[: self.max_summary_line]
        rest = "".join(after)
        allowed = int((1 - self.min_overlap_share) * 8)  # sampled substrings that may be missing
        shingle_hashes = None  # of `rest`, from its first position (built for the first line the sample passes)
        offset = 0
        for k, own in enumerate(top, start=1):
            offset += len(own)
            if len(own) < self.min_overlap_chars:
                continue
            text = lines[k].text
            label = self.page_label.match(text)
            if label:  # `简介:`: the page's word, not the body's
                own = own[len(_compared(label.group())) :]
            step = max(1, (len(own) - size) // 7)
            missing = 0
            for i in range(0, len(own) - size + 1, step):
                missing += rest.find(own[i : i + size], offset) < 0  # not in rest[offset:] (no copy of it)
                if missing > allowed:
                    break
            if missing > allowed or not self.eligible(len(own), _hanzi_count(own), text) or self.authors(lines, k, label):
                continue
            if shingle_hashes is None:
                shingle_hashes = _shingle_hashes(rest, size)
            mine = _distinct(shingle_hashes[offset - len(own) : offset - size + 1])
            share = float(_found(mine, np.sort(shingle_hashes[offset:])).mean())
            if share >= self.min_overlap_share and not self.near_copy(own, after[k:], size):
                self.drop_line(doc, lines[k], f"{share:.0%} of its words recur in the lines after it (a summary pieced from the body)")

    def authors(self, lines: list[Line], k: int, label: regex.Match[str] | None) -> bool:
        """Whether line k is the author's own text, whatever the body repeats of it: an abstract (under its
        label or a bare `摘要` heading), or a whole sentence (a lead, a claim, a contract's preamble, an exam's
        prompt) unless a page's label opens it (`label`: `简介:`). A page's description is labelled or cut short."""
        text = lines[k].text
        if self.own_summary.match(text) or self.summary_heading.fullmatch(lines[k - 1].text):
            return True
        return bool(self.sentence_end.search(text)) and label is None

    def near_copy(self, own: str, others: list[str], size: int) -> bool:
        """Whether one of `others` and the line `own` are mostly each other's words: rows of one pattern (a
        list's items, a patent's claims, a form repeated) or a copy with a word changed; not a summary."""
        share = self.min_overlap_share
        mine = _substrings(own, size)
        for other in others:
            # each holding most of the other's words: their lengths differ by less than that share
            if share * len(own) <= len(other) <= len(own) / share:
                theirs = _substrings(other, size)
                common = len(mine & theirs)
                if common >= share * len(mine) and common >= share * len(theirs):
                    return True
        return False

    def drop_labelled_summaries(self, doc: Document, lines: list[Line], hashes: _Hashes) -> None:
        """A page's summary under a label (`简介:…`, `推荐阅读:…`) or pieced from the body with an ellipsis
        (`…框架…今天我们…`): its text after the label, up to the first ellipsis, is the start of another line or
        of the next lines glued together. The body's lines stay; the title (the first line) too. `hashes`: of
        `lines` (some emptied since by the other rules)."""
        heads: dict[int, str] = {}
        for k in range(1, len(lines)):
            text = lines[k].text
            label = self.summary_label.match(text) if ":" in text[:12] else None  # width folding made every colon ASCII
            head = text[label.end():] if label else text
            parts = self.ellipsis.split(head, maxsplit=1) if "…" in head or "..." in head else [head]
            if label or len(parts) > 1:
                heads[k] = parts[0]
        if not heads:
            return
        cut = _Hashes(list(heads.values()))  # the heads' compared characters: counts, hanzi, hashes
        starts, ends = hashes.starts, hashes.starts + hashes.n
        total = len(hashes.prefix) - 1
        lined = np.flatnonzero(hashes.n > 0)
        for (k, head), size, hanzi, want in zip(heads.items(), cut.n.tolist(), cut.han.tolist(), cut.h, strict=True):
            if size < self.min_prefix_chars or not self.eligible(size, hanzi, head):
                continue
            at = lined[(lined != k) & (starts[lined] + size <= total)]
            # the hash of `size` compared characters from the start of each line, all at once (uint64 wraps)
            span = hashes.prefix[starts[at] + size] - hashes.prefix[starts[at]] * hashes.power[size]
            for j in at[span == want].tolist():
                end = int(starts[j]) + size
                if not lines[j].text or not (end <= starts[k] or starts[j] >= ends[k]):
                    continue  # emptied since, or a span over the summary itself
                last = int(np.searchsorted(ends, end, side="left"))
                if not "".join(_compared(lines[i].text) for i in range(j, last + 1)).startswith(_compared(head)):
                    continue  # a hash collision, or a line emptied inside the span
                span_no = f"line {lines[j].no}" if last == j else f"lines {lines[j].no}-{lines[last].no}"
                self.drop_line(doc, lines[k], f"{span_no} again after a label or up to an ellipsis (a summary of the body)")
                break

    def drop_summaries(self, doc: Document, lines: list[Line], hashes: _Hashes, long: np.ndarray) -> None:
        """A line (not the title) whose text the page shows again from the start of another line below it (a
        summary sits above its body; a body line that starts a longer line above is that line's source): the start of
        a longer paragraph (a summary cut from it), or the text of the next lines glued together (a page's
        description: the body's first lines as one line, cut short). The body's lines stay. `long`: the lines
        whose first characters start another line too (_candidates)."""
        n, starts = hashes.n, hashes.starts
        filled = np.minimum(n, _PREFIX)  # how many of a line's first characters its prefix hash covers
        present = np.flatnonzero(filled)
        by_prefix: dict[tuple[int, int], list[int]] = {}
        first = hashes.first.tolist()
        for j, fill in zip(present.tolist(), filled[present].tolist(), strict=True):
            by_prefix.setdefault((fill, first[j][fill - 1]), []).append(j)
        ends = starts + n
        total = int(ends[-1])
        for k in long:
            k, size, start_k = int(k), int(n[k]), int(starts[k])
            want = int(hashes.h[k])
            candidates = [j for p in range(1, _PREFIX + 1) for j in by_prefix.get((p, first[k][p - 1]), ())]
            for j in sorted(candidates):
                start, end = int(starts[j]), int(starts[j]) + size
                if j <= k or end > total or (start < start_k + size and start_k < end) or hashes.span(start, size) != want:
                    continue  # itself or a line above it, a span past the end or over itself, or another text
                if end == ends[j]:
                    break  # the same words: the rule above chose which copy stays
                text = lines[k].text
                if not self.eligible(size, int(hashes.han[k]), text):
                    break
                last = int(np.searchsorted(ends, end, side="left"))  # the line the span ends in
                body = "".join(_compared(lines[i].text) for i in range(j, last + 1))
                if not body.startswith(_compared(text)):
                    continue  # a hash collision
                if last == j:
                    why = f"the start of line {lines[j].no} again (a summary cut from it)"
                else:
                    why = f"lines {lines[j].no}-{lines[last].no} again as one line (a summary of the body)"
                self.drop_line(doc, lines[k], why)
                break
