"""Every line pattern of every cleaner matched in one pass: Hyperscan finds the candidates, `regex` confirms.

A cleaner used to run one `regex` search per pattern per line (behind a hand-written literal pre-filter).
Here the patterns of all cleaners of a pipeline go into one Hyperscan database; one scan of a document
gives each line a bit mask of the patterns that may match it, and a cleaner runs `regex` only for the
patterns whose bits are set (most lines: none). A changed line is scanned again when a cleaner asks for it.

Hyperscan is only a pre-filter, so each pattern is translated into a Hyperscan expression that matches a
*superset* of what the `regex` pattern matches on a line:
- character classes and escapes (`\\d`, `\\s`, `\\p{Han}`, ...) become explicit code point ranges read from
  `regex` itself (Hyperscan's Unicode tables are older: its `\\p{Han}` misses 27k ideographs); the very
  large ones (`\\w`, `\\S`, `\\W`, `\\D`) are widened to "any character but a line break";
- `\\b` and a leading `^` are dropped, repeats bounded above 4 become unbounded (compile time), lazy and
  possessive marks go; a head of classes, optional items and look-arounds before the first literal or
  group goes too (whether a line holds a match is all that counts, so any piece of the pattern will do);
- lookarounds are left to Hyperscan's prefilter mode (HS_FLAG_PREFILTER: a superset by construction);
- a pattern it cannot translate with certainty (other syntax of `regex`: fuzzy matching, set operations,
  back-references, most inline flags...) is a candidate on every line, searched with `regex` as before.
Lines never hold a line break (Document.from_text splits on them; a text holding one is a candidate for
every pattern), so each translated class excludes "\\n" and a match never runs from one line into the next;
`.*$` ends each expression, so that a pattern is reported once per line (Hyperscan reports every end offset).
`tests/test_prefilter.py` checks the superset on the shipped patterns and generated text, and that each
translated class holds every code point its `regex` counterpart matches.

Without the `hyperscan` package (it is built for x86-64) every pattern is a candidate on every line: the
same output, slower. Compiling the shipped patterns takes a few seconds; the database is cached on disk
($ZHCLEAN_CACHE_DIR, else $XDG_CACHE_HOME/zhclean or ~/.cache/zhclean) under a hash of its inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import unicodedata
import weakref
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import regex

try:
    import hyperscan
except ImportError:  # pragma: no cover - the dependency is only installed on x86-64
    hyperscan = None

TRANSLATOR_VERSION = 7  # bump when `translate` changes: cached databases are keyed by it
MAX_BOUND = 4  # x{m,n} with n above this is x{m,} for Hyperscan: its compile time grows with the bounds
MAX_COUNT = 32  # ... and m is at most this
_PLAIN_FLAGS = regex.compile("").flags
_MAX_CACHED_TEXTS = 50_000  # texts -> masks remembered per scanner (a few documents' lines)
_LINE_BREAK = re.compile(rb"\n")


class Untranslatable(Exception):
    """A pattern `translate` cannot turn into an equivalent-or-wider Hyperscan expression."""


# Character classes, read from `regex` ---------------------------------------------------------------------


@cache
def _all_chars() -> str:
    return "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))


def _spans(codes: Iterable[int]) -> list[list[int]]:
    """Sorted code points as [low, high] runs, "\\n" left out (a line never holds one)."""
    runs: list[list[int]] = []
    for code in sorted(set(codes) - {10}):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return runs


def _span(lo: int, hi: int) -> str:
    return f"\\x{{{lo:x}}}" if lo == hi else f"\\x{{{lo:x}}}-\\x{{{hi:x}}}"


# Where the text this cleans lives: ASCII, Latin-1, general punctuation, CJK, Hangul, private use, fullwidth
# forms, CJK extensions. A class read from `regex` in many runs (`\d` is 65 runs of 10 digits in many scripts) is
# widened over the gaps between its runs that stay out of these blocks: a handful of ranges compile much
# faster and rule out the same Chinese text.
_TEXT_BLOCKS = (
    (0, 0xFF), (0x2000, 0x206F), (0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xE000, 0xFAFF), (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)  # fmt: skip
_MANY_RUNS = 16


def _widened(runs: list[list[int]]) -> list[list[int]]:
    if len(runs) <= _MANY_RUNS:
        return runs
    out: list[list[int]] = []
    for lo, hi in runs:
        gap = (out[-1][1] + 1, lo - 1) if out else None
        if gap and not any(a <= gap[1] and gap[0] <= b for a, b in _TEXT_BLOCKS):
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return out


@cache
def class_codes(escape: str) -> frozenset[int]:
    """The code points (surrogates aside) that `regex` matches with a one-character pattern (escape, property,
    case-insensitive letter)."""
    return frozenset(map(ord, regex.findall(escape, _all_chars())))


@cache
def _class_body(escape: str, negated: bool = False) -> str:
    """A class escape or property of `regex` (or its complement) as a Hyperscan class body: a superset."""
    codes = class_codes(escape)
    if negated:
        codes = frozenset(range(0x110000)) - codes - frozenset(range(0xD800, 0xE000))
    runs = _widened(_spans(codes))
    if not runs:
        raise Untranslatable(escape)
    return "".join(_span(lo, hi) for lo, hi in runs)


_ANY = "[^\\n]"  # what the large classes widen to (a line never holds a line break)
_WIDENED = {"S": _ANY, "W": _ANY, "D": _ANY}
_CONTROL = {"t": 9, "n": 10, "r": 13, "f": 12, "v": 11, "a": 7}
_HEX = {"x": 2, "u": 4, "U": 8}
_GROUP_FLAGS = set("is")


# Translation ---------------------------------------------------------------------------------------------


_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def _has_lookaround(tokens: list[str]) -> bool:
    return any(t.startswith(_LOOKAROUNDS) for t in tokens)


def _group_end(tokens: list[str], start: int) -> int:
    """The index of the token closing the group opened by token `start`."""
    depth = 0
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.startswith("("):
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens)


def _quantifier(token: str) -> bool:
    return token in ("*", "+", "?") or token.startswith("{")


def _strip_head(tokens: list[str]) -> list[str]:
    """Tokens less their leading optional single items (`.*`, `[^。]*`, `x?`, `\\s{0,}`): what is left
    matches wherever they matched (a superset, searched anywhere in a line)."""
    i = 0
    while (
        i + 1 < len(tokens)
        and not tokens[i].startswith(("(", ")", "|", "^", "$"))
        and not _quantifier(tokens[i])
        and (tokens[i + 1] in ("*", "?") or tokens[i + 1].startswith("{0,"))
    ):
        i += 2
    return tokens[i:]


_SELECTIVE = 2  # literal characters a piece must hold to be kept as it is (see `_Translator._piece`)
_SMALL_CLASS = 4  # a class of at most this many characters counts as a literal (`[|/·]`, `[Tt]`)
_CLASS_RUN = re.compile(r"\\x\{([0-9a-f]+)\}(?:-\\x\{([0-9a-f]+)\})?")


def _class_size(token: str) -> int:
    """How many characters a translated class holds (its items are all written as \\x{..} runs)."""
    if token.startswith("[^"):
        return 0x110000
    return sum(int(hi or lo, 16) - int(lo, 16) + 1 for lo, hi in _CLASS_RUN.findall(token))


def _min_literals(tokens: list[str]) -> int:
    """The fewest literal characters a match of these tokens holds (a small class counts as one, other
    classes as none): how selective a piece of a pattern is for Hyperscan."""
    pos = 0

    def sequence() -> int:
        nonlocal pos
        fewest = None
        total = 0
        while pos < len(tokens) and tokens[pos] != ")":
            token = tokens[pos]
            pos += 1
            if token == "|":
                fewest = total if fewest is None else min(fewest, total)
                total = 0
                continue
            if token.startswith("("):
                inner = sequence()
                pos += 1  # its ")"
                weight = 0 if token.startswith(_LOOKAROUNDS) else inner
            else:
                weight = 0 if token in (".", "^", "$") or _quantifier(token) else 1
                if token.startswith("["):
                    weight = int(_class_size(token) <= _SMALL_CLASS)
            if pos < len(tokens) and _quantifier(tokens[pos]):
                quantifier = tokens[pos]
                pos += 1
                if quantifier in ("*", "?"):
                    weight = 0
                elif quantifier.startswith("{"):
                    weight *= int(quantifier[1:].split(",")[0])
            total += weight
        return total if fewest is None else min(fewest, total)

    return sequence()


class _Translator:
    """Reads one pattern (the `regex` module's syntax, VERSION0) and writes a Hyperscan expression."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.out: list[str] = []
        self.caseless = [False]  # per open group
        self.atom = False  # the last item written can take a quantifier
        # the top-level items: [first token, kind, optional (repeated from 0)]
        self.items: list[list[Any]] = []
        self.bars: list[int] = []  # the tokens of the top-level `|`

    def run(self) -> str:
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            self.i += 1
            top = len(self.caseless) == 1
            if top and c not in "*+?{)|":
                self.items.append([len(self.out), c, False])
            if c == "\\":
                self.escape()
            elif c == "[":
                self.out.append(self.char_class())
                self.atom = True
            elif c == "(":
                self.group()
            elif c == ")":
                if len(self.caseless) == 1:
                    raise Untranslatable("unbalanced )")
                self.caseless.pop()
                self.out.append(")")
                self.atom = True
            elif c == "|":
                if top:
                    self.bars.append(len(self.out))
                self.out.append("|")
                self.atom = False
            elif c in "^$":
                self.out.append(c)
                self.atom = False
            elif c == ".":
                self.out.append(".")
                self.atom = True
            elif c in "*+?":
                self.quantifier(c)
            elif c == "{":
                self.bounded()
            else:
                self.literal(c)
        if len(self.caseless) != 1:
            raise Untranslatable("unbalanced (")
        return "".join(self.out)

    def expression(self, fullmatch: bool = False) -> tuple[str, bool]:
        """(Hyperscan expression, needs prefilter mode): a cheaper expression, still matching every line the
        pattern matches, one top-level branch at a time (`_piece`).

        A match is reported once per line, at its end: Hyperscan reports every end offset of every match, one
        callback each (a traditional-character class in a traditional document: thousands a line), so `.*$`
        ends each branch that holds no `$` (Hyperscan takes no `$` before the end). A leading `^` goes:
        Hyperscan runs an anchored pattern's automaton from every line start of the document (the anchored
        ones made two thirds of the scan); the candidates are confirmed anyway."""
        out = self.out
        bounds = [-1, *self.bars, len(out)]
        parts = []
        prefilter = False
        for lo, hi in pairwise(bounds):
            items = [
                (start - lo - 1, kind, optional) for start, kind, optional in self.items if lo < start <= hi
            ]
            tokens, floating = self._piece(out[lo + 1 : hi], items)
            prefilter |= _has_lookaround(tokens)
            expression = "".join(tokens)
            if expression.startswith("^") and not fullmatch:
                expression = expression[1:]
            if len(bounds) == 2 and fullmatch and not floating:
                return f"(?:{expression})$", prefilter
            if "$" in tokens:
                parts.append(expression)
            elif fullmatch and not floating:
                parts.append(f"(?:{expression})$")
            else:
                parts.append(f"(?:{expression}).*$")
        return "|".join(parts), prefilter

    @staticmethod
    def _piece(out: list[str], items: list[tuple[int, str, bool]]) -> tuple[list[str], bool]:
        """The tokens of one top-level branch to give Hyperscan, and whether they match anywhere in the line
        (a look-ahead's body) rather than where the branch ends.

        Whether a line holds a match is all that counts, so any piece of the branch's sequence will do: its
        head of look-arounds, optional items and character classes goes (`^\\s*[\\p{Han}]{2,10}(?:文库|文档)...`
        starts at the literals; Hyperscan tried the head's classes at every character), or the body of one
        of its positive look-aheads stands for it (the body holds a match where the look-ahead holds, and
        `^(?=[^。]{4,60}$)(?=.*(?:正品保障|送药上门))\\S.*$` then needs only the literals of its second one,
        `^(?=(?:.*?(?:资源类型|适用年级)){2})...` only its repeated group). The head-trimmed sequence, unless
        a match of it holds fewer than _SELECTIVE literal characters (`_min_literals`): then the piece that
        holds the most (the whole branch if its head is what holds them)."""
        suffix = out
        for k, (start, kind, optional) in enumerate(items):
            token = out[start] if start < len(out) else ""
            head = (
                optional
                or kind in "[.^$"
                or kind == "\\"
                and (token.startswith(("[", "^", "$")) or not token)
            )
            if kind == "(" and token.startswith(_LOOKAROUNDS) or not token:
                head = True  # a look-around, or a comment
            if not head:
                suffix = out if k == 0 else out[start:]
                break
        most = _min_literals(suffix)
        if most >= _SELECTIVE:
            return suffix, False
        best = suffix, False
        if (weight := _min_literals(out)) > most:  # a head of small classes: `[Tt][Aa][Gg]\\s*:...`
            best, most = (out, False), weight
        for start, kind, optional in items:
            if kind != "(" or optional or start >= len(out) or out[start] != "(?=":
                continue
            body = _strip_head(out[start + 1 : _group_end(out, start)])
            if body and not _has_lookaround(body) and (weight := _min_literals(body)) > most:
                best, most = (body, True), weight
        return best

    def literal(self, c: str) -> None:
        if self.caseless[-1] and c.lower() != c.upper():
            if not c.isascii():
                raise Untranslatable("case-insensitive non-ASCII letter")
            # what `regex` folds it with, spelled out: Hyperscan's folding differs (regex: i matches U+0130)
            self.out.append(f"[{_class_body(f'(?i){c}')}]")
        else:
            self.out.append(f"\\x{{{ord(c):x}}}" if c.isascii() and not c.isalnum() else c)
        self.atom = True

    def quantifier(self, c: str) -> None:
        if not self.atom:
            raise Untranslatable("quantifier without an item")
        self.out.append(c)
        self._optional(c in "*?")
        self._lazy_or_possessive()

    def _optional(self, optional: bool) -> None:
        if optional and len(self.caseless) == 1 and self.items:
            self.items[-1][2] = True

    def bounded(self) -> None:
        m = regex.compile(r"(\d*)(?:(,)(\d*))?\}").match(self.p, self.i)
        if not m or not (m.group(1) or m.group(3)) or not self.atom:
            raise Untranslatable("a brace that is no bounded repeat")  # fuzzy matching, a literal brace...
        self.i = m.end()
        low = int(m.group(1) or 0)
        high = None if m.group(2) and not m.group(3) else int(m.group(3) or low)
        if high is not None and high < low:
            raise Untranslatable("bad bounds")
        if high is not None and high > MAX_BOUND and high != low:
            high = None
        if low > MAX_COUNT:
            low, high = MAX_COUNT, None
        self.out.append(f"{{{low},}}" if high is None else f"{{{low},{high}}}")
        self._optional(low == 0)
        self._lazy_or_possessive()

    def _lazy_or_possessive(self) -> None:
        # lazy: the same language; possessive may match less than greedy: dropping it widens
        if self.i < len(self.p) and self.p[self.i] in "?+":
            self.i += 1
        self.atom = False

    def group(self) -> None:
        p, i = self.p, self.i
        caseless = self.caseless[-1]
        if not p.startswith("?", i):
            self.i = i
            self.out.append("(?:")
        elif p.startswith("?:", i):
            self.i = i + 2
            self.out.append("(?:")
        elif p.startswith(("?=", "?!", "?<=", "?<!"), i):
            size = 3 if p.startswith("?<", i) else 2
            self.out.append("(" + p[i : i + size])
            self.i = i + size
        elif p.startswith(("?P<", "?<"), i):
            end = p.find(">", i)
            if end < 0 or not p[p.index("<", i) + 1 : end].isidentifier():
                raise Untranslatable("group name")
            self.i = end + 1
            self.out.append("(?:")
        elif p.startswith("?#", i):
            end = p.find(")", i)
            if end < 0:
                raise Untranslatable("comment")
            self.i = end + 1
            return
        else:
            m = regex.compile(r"\?([a-zA-Z]+):").match(p, i)
            if not m or not set(m.group(1)) <= _GROUP_FLAGS:
                raise Untranslatable("inline flags")  # global flags, ASCII/VERSION1/fuzzy/... switches
            self.i = m.end()
            caseless = caseless or "i" in m.group(1)
            self.out.append(f"(?{m.group(1)}:")
        self.caseless.append(caseless)
        self.atom = False

    def _escape_code(self, letter: str) -> int | None:
        """The code point of a hex escape (\\xHH, \\uHHHH, \\UHHHHHHHH, \\x{H...}) or a control escape."""
        p = self.p
        if letter in _CONTROL:
            return _CONTROL[letter]
        if letter not in _HEX:
            return None
        if letter == "x" and p.startswith("{", self.i):
            end = p.find("}", self.i)
            digits = p[self.i + 1 : end] if end > 0 else ""
            self.i = end + 1
        else:
            digits = p[self.i : self.i + _HEX[letter]]
            if len(digits) != _HEX[letter]:
                raise Untranslatable("hex escape")
            self.i += _HEX[letter]
        try:
            code = int(digits, 16)
        except ValueError:
            raise Untranslatable("hex escape") from None
        if not 0 <= code < 0x110000 or 0xD800 <= code < 0xE000:
            raise Untranslatable("hex escape")
        return code

    def _property(self, letter: str) -> str:
        p = self.p
        if p.startswith("{", self.i):
            end = p.find("}", self.i)
            if end < 0:
                raise Untranslatable("property")
            name = p[self.i : end + 1]
            self.i = end + 1
        else:
            name = p[self.i : self.i + 1]
            self.i += 1
        try:
            regex.compile(f"\\p{name}")
        except regex.error:
            raise Untranslatable("property") from None
        return _class_body(f"\\p{name}", negated=letter == "P")

    def escape(self) -> None:
        p = self.p
        if self.i >= len(p):
            raise Untranslatable("trailing backslash")
        c = p[self.i]
        self.i += 1
        if c in "dsw":
            body = _class_body(f"\\{c}")
            self.out.append(_ANY if c == "w" and len(body) > 1000 else f"[{body}]")
            self.atom = True
        elif c in "DSW":
            self.out.append(_WIDENED[c])
            self.atom = True
        elif c in "pP":
            self.out.append(f"[{self._property(c)}]")
            self.atom = True
        elif c in "bB":
            self.atom = False  # dropped: a zero-width test, without it more text matches
        elif c == "A":
            self.out.append("^")
            self.atom = False
        elif c == "Z":
            self.out.append("$")
            self.atom = False
        elif (code := self._escape_code(c)) is not None:
            self.literal(chr(code))
        elif not c.isalnum():
            self.literal(c)
        else:
            raise Untranslatable(f"escape \\{c}")  # back-references, \\G, \\K, \\X, \\N{...}, \\m ...

    def char_class(self) -> str:
        p = self.p
        negated = p.startswith("^", self.i)
        self.i += negated
        items: list[str] = []  # bodies of class escapes and properties
        runs: list[list[int]] = []  # single characters and ranges, as [low, high]
        first = True
        last_single = False  # the last item is a single character: a following "-" makes a range
        while True:
            if self.i >= len(p):
                raise Untranslatable("unterminated class")
            c = p[self.i]
            self.i += 1
            if c == "]" and not first:
                break
            first = False
            if c == "[":
                raise Untranslatable("nested set or POSIX class")
            if c == "-" and last_single and not p.startswith("]", self.i):
                hi = self._class_char()
                if hi is None or hi < runs[-1][0]:
                    raise Untranslatable("range")
                self._check_case(runs[-1][0], hi)
                runs[-1][1] = hi
                last_single = False
                if p.startswith("-", self.i) and not p.startswith("-]", self.i):
                    raise Untranslatable("set operation")  # VERSION1 syntax, or an ambiguous range
                continue
            if c == "\\":
                if self.i >= len(p):
                    raise Untranslatable("trailing backslash")
                letter = p[self.i]
                if letter in "dswDSW":
                    self.i += 1
                    items.append(_class_body(f"\\{letter.lower()}", negated=letter.isupper()))
                    last_single = False
                    continue
                if letter in "pP":
                    self.i += 1
                    items.append(self._property(letter))
                    last_single = False
                    continue
            code = self._class_char(first_char=c)
            if code is None:
                raise Untranslatable("class item")
            self._check_case(code, code)
            runs.append([code, code])
            last_single = True
        if self.caseless[-1]:  # ASCII letters with what `regex` folds them with (_check_case: no others)
            for lo, hi in list(runs):
                for code in range(lo, min(hi, 0x7F) + 1):
                    if chr(code).lower() != chr(code).upper():
                        runs.extend([c, c] for c in class_codes(f"(?i){chr(code)}"))
        merged: list[list[int]] = []
        for lo, hi in sorted(runs):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        body = "".join(items) + "".join(_span(lo, hi) for lo, hi in merged if (lo, hi) != (10, 10))
        if negated:
            return f"[^{body}\\n]"  # a line holds no line break
        if not body:
            raise Untranslatable("empty class")
        return f"[{body}]"

    def _class_char(self, first_char: str | None = None) -> int | None:
        """The next single character of a class (already read as `first_char`, unless None)."""
        p = self.p
        if first_char is None:
            if self.i >= len(p):
                return None
            first_char = p[self.i]
            self.i += 1
        if first_char != "\\":
            return ord(first_char)
        if self.i >= len(p):
            return None
        c = p[self.i]
        self.i += 1
        if c == "b":
            return 8
        code = self._escape_code(c)
        if code is not None:
            return code
        if not c.isalnum():
            return ord(c)
        return None

    def _check_case(self, lo: int, hi: int) -> None:
        if (
            self.caseless[-1]
            and hi > 0x7F
            and any(chr(x).lower() != chr(x).upper() for x in range(lo, hi + 1))
        ):
            raise Untranslatable("case-insensitive non-ASCII class")


def translate(pattern: regex.Pattern[str] | str, fullmatch: bool = False) -> tuple[str, bool]:
    """(Hyperscan expression, needs prefilter mode) matching a superset of `pattern` on a line.

    Raises Untranslatable where it cannot be sure of that."""
    if isinstance(pattern, regex.Pattern):
        if pattern.flags != _PLAIN_FLAGS:
            raise Untranslatable("flags")
        pattern = pattern.pattern
    translator = _Translator(pattern)
    translator.run()
    return translator.expression(fullmatch)


# Compiled databases ---------------------------------------------------------------------------------------

Entry = tuple[str, bool]  # (pattern, fullmatch)


def _cache_dir() -> Path:
    if os.environ.get("ZHCLEAN_CACHE_DIR"):
        return Path(os.environ["ZHCLEAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhclean"


def _hs_flags(prefilter: bool) -> int:
    flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_MULTILINE
    return flags | hyperscan.HS_FLAG_PREFILTER if prefilter else flags


def _compile(expressions: list[tuple[int, str, bool]]) -> Any:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=[e.encode() for _, e, _ in expressions],
        ids=[i for i, _, _ in expressions],
        elements=len(expressions),
        flags=[_hs_flags(pre) for _, _, pre in expressions],
    )
    return db


class Engine:
    """One Hyperscan database for a list of patterns, and which of them it cannot rule out (`always`)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        self.size = len(entries)
        self.db: Any = None
        self.always = 0  # bit mask of the patterns searched on every line
        self._local = threading.local()
        if hyperscan is None:
            self.always = (1 << self.size) - 1
        elif self.entries:
            self._load_or_build()

    def _key(self) -> str:
        inputs = [TRANSLATOR_VERSION, MAX_BOUND, MAX_COUNT, regex.__version__, hyperscan.__version__]
        inputs += [unicodedata.unidata_version, self.entries]
        return hashlib.sha256(json.dumps(inputs).encode()).hexdigest()[:32]

    def _load_or_build(self) -> None:
        path = _cache_dir() / f"hyperscan-{self._key()}.db"
        try:
            header, _, blob = path.read_bytes().partition(b"\n")
            self.always = int(json.loads(header)["always"])
            self.db = hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK) if blob else None
            return
        except (OSError, ValueError, KeyError, TypeError, hyperscan.error):
            pass
        self._build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            blob = hyperscan.dumpb(self.db) if self.db is not None else b""
            tmp.write_bytes(json.dumps({"always": self.always}).encode() + b"\n" + blob)
            tmp.replace(path)
        except OSError:
            pass  # a read-only home: compile again next time

    def _build(self) -> None:
        expressions: list[tuple[int, str, bool]] = []
        for i, (pattern, fullmatch) in enumerate(self.entries):
            try:
                expression, prefilter = translate(pattern, fullmatch)
            except (Untranslatable, regex.error, RecursionError):
                self.always |= 1 << i
                continue
            expressions.append((i, expression, prefilter))
        try:
            self.db = _compile(expressions) if expressions else None
            return
        except hyperscan.error:
            pass
        kept = []  # one of them does not compile: find which, alone, in prefilter mode if need be
        for i, expression, prefilter in expressions:
            for mode in dict.fromkeys((prefilter, True)):
                try:
                    _compile([(i, expression, mode)])
                except hyperscan.error:
                    continue
                kept.append((i, expression, mode))
                break
            else:
                self.always |= 1 << i  # e.g. a pattern that matches the empty string
        self.db = _compile(kept) if kept else None

    def scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self.db)
        return scratch

    def __getstate__(self) -> dict[str, Any]:
        return {"entries": self.entries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["entries"])  # type: ignore[misc]


_ENGINES: dict[tuple[Entry, ...], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(entries: Sequence[Entry]) -> Engine:
    """The Engine of these patterns, compiled once per process (and cached on disk)."""
    key = tuple(entries)
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(key)
        return _ENGINES[key]


# Scanning -------------------------------------------------------------------------------------------------


class Scanner:
    """The patterns of every cleaner of a pipeline, and the bit mask of candidate patterns of each text.

    Cleaners register their pattern lists (`PatternGroup`); the databases are built at the first scan. Masks
    are remembered by text, so a cleaner after the first sees the masks of unchanged lines for free.
    Patterns go to one database per shard: the pattern files' (`shard="patterns"`, the same for every
    config that keeps the shipped files) and the triggers built from settings (small, quick to compile), each
    split by the longest text its patterns are asked about (`add`'s max_chars)."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        # (shard, max_chars) -> bits of its patterns, in order: see `add`
        self.shards: dict[tuple[str, int | None], list[int]] = {}
        self._engines: list[tuple[Engine, list[int], int]] | None = None
        self._masks: dict[str, int] = {}

    def add(
        self,
        patterns: Sequence[regex.Pattern[str]],
        fullmatch: bool = False,
        shard: str = "patterns",
        max_chars: int | None = None,
    ) -> int:
        """Register patterns; returns the bit of the first one (the rest follow in order).

        With `max_chars`, their bits are only looked for in texts of at most that many characters (a longer
        text's bits of them are 0, whatever it holds): for patterns whose cleaner never asks about a longer
        line (chrome patterns are tried on short lines only). They go to a database of their own, scanned
        over those texts alone."""
        offset = len(self.entries)
        self.entries.extend(
            (p.pattern if p.flags == _PLAIN_FLAGS else f"(?flags={p.flags}){p.pattern}", fullmatch)
            for p in patterns
        )
        self.shards.setdefault((shard, max_chars), []).extend(range(offset, len(self.entries)))
        self._engines = None
        self._masks.clear()
        return offset

    @property
    def engines(self) -> list[tuple[Engine, list[int], int]]:
        """Per shard: its engine, the scanner bit (1 << i) of each of its patterns, and its `always` bits."""
        if self._engines is None:
            self._engines = []
            for bits in self.shards.values():
                engine = engine_for([self.entries[b] for b in bits])
                always = sum(1 << b for local, b in enumerate(bits) if engine.always >> local & 1)
                self._engines.append((engine, [1 << b for b in bits], always))
        return self._engines

    def masks(self, texts: Sequence[str]) -> list[int]:
        """The candidate mask of each text (bit i: pattern i may match it)."""
        known = self._masks
        out = list(map(known.get, texts))
        if None in out:
            if len(known) > _MAX_CACHED_TEXTS:
                known.clear()  # the texts found above are gone too: all of them are scanned again
            missing = list(dict.fromkeys(t for t in texts if t not in known))
            known.update(zip(missing, self.scan(missing), strict=True))
            out = list(map(known.__getitem__, texts))
        return out  # type: ignore[return-value]

    def scan(self, texts: list[str]) -> list[int]:
        """The masks of `texts`, lines (one Hyperscan call per database for all of them)."""
        engines = self.engines
        always = 0
        for _, _, shard_always in engines:
            always |= shard_always
        try:
            data = "\n".join(texts).encode()
        except UnicodeEncodeError:  # lone surrogates (not UTF-8): one by one
            if len(texts) == 1:
                return [(1 << len(self.entries)) - 1]
            return [mask for text in texts for mask in self.scan([text])]
        if data.count(b"\n") != len(texts) - 1:  # a text holding a line break: one by one
            if len(texts) == 1:
                return [(1 << len(self.entries)) - 1]  # not a line: anything could match one of its lines
            return [mask for text in texts for mask in self.scan([text])]
        found = [always] * len(texts)
        longest = max(map(len, texts))
        short: dict[int, tuple[bytes, list[int]]] = {}  # max_chars -> the texts that short, joined; their indices
        for (engine, bits, _), (_, max_chars) in zip(engines, self.shards, strict=True):
            if engine.db is None:
                continue
            if max_chars is None or longest <= max_chars:
                _scan_lines(engine, bits, data, found, None)
                continue
            if max_chars not in short:
                kept = [k for k, text in enumerate(texts) if len(text) <= max_chars]
                short[max_chars] = ("\n".join([texts[k] for k in kept]).encode(), kept)
            subset, kept = short[max_chars]
            if kept:
                _scan_lines(engine, bits, subset, found, kept)
        return found


def _scan_lines(engine: Engine, bits: list[int], data: bytes, found: list[int], index: list[int] | None) -> None:
    """Scan lines joined by "\n" with one engine, setting the bits of what it finds in `found`: at the line's
    own place, or at index[line] (the lines are a subset)."""
    if data.count(b"\n") == 0:
        at = 0 if index is None else index[0]

        def on_match(pattern: int, start: int, end: int, flags: int, bits: list[int]) -> None:
            found[at] |= bits[pattern]

    else:
        ends = [m.end() for m in _LINE_BREAK.finditer(data)]  # one past each line's "\n"
        ends.append(len(data) + 1)
        if index is None:

            def on_match(pattern: int, start: int, end: int, flags: int, bits: list[int]) -> None:
                found[bisect_left(ends, end + 1)] |= bits[pattern]

        else:

            def on_match(pattern: int, start: int, end: int, flags: int, bits: list[int]) -> None:
                found[index[bisect_left(ends, end + 1)]] |= bits[pattern]

    engine.db.scan(data, match_event_handler=on_match, context=bits, scratch=engine.scratch())


_SHARED: weakref.WeakKeyDictionary[Any, Scanner] = weakref.WeakKeyDictionary()


def shared_scanner(owner: Any) -> Scanner:
    """The Scanner shared by the cleaners built with one pattern loader (one pipeline)."""
    try:
        scanner = _SHARED.get(owner)
        if scanner is None:
            scanner = _SHARED[owner] = Scanner()
        return scanner
    except TypeError:  # not weak-referenceable: a scanner of its own
        return Scanner()


class PatternGroup:
    """One cleaner's list of patterns in a Scanner: its bits, and its candidates for a mask."""

    def __init__(
        self,
        scanner: Scanner,
        patterns: Sequence[regex.Pattern[str]],
        fullmatch: bool = False,
        shard: str = "patterns",
        max_chars: int | None = None,
    ) -> None:
        """`max_chars`: the cleaner only asks about texts this short; a longer text's mask may lack (and its
        candidates then miss) patterns that match it (see Scanner.add)."""
        self.scanner = scanner
        self.patterns = list(patterns)
        self.offset = scanner.add(self.patterns, fullmatch, shard, max_chars)
        self.mask = ((1 << len(self.patterns)) - 1) << self.offset
        self._lists: dict[int, list[regex.Pattern[str]]] = {0: []}
        self._indices: dict[int, tuple[int, ...]] = {0: ()}

    def masks(self, texts: Sequence[str]) -> list[int]:
        return self.scanner.masks(texts)

    def indices(self, mask: int) -> tuple[int, ...]:
        """Indices (in order) of this group's patterns that may match a text of this mask."""
        mine = (mask & self.mask) >> self.offset
        found = self._indices.get(mine)
        if found is None:
            found = self._indices[mine] = tuple(i for i in range(len(self.patterns)) if mine >> i & 1)
        return found

    def candidates(self, mask: int) -> list[regex.Pattern[str]]:
        """This group's patterns, in order, less those that cannot match a text of this mask."""
        mine = (mask & self.mask) >> self.offset
        found = self._lists.get(mine)
        if found is None:
            found = self._lists[mine] = [self.patterns[i] for i in self.indices(mask)]
        return found

    def text_candidates(self, text: str) -> list[regex.Pattern[str]]:
        return self.candidates(self.scanner.masks([text])[0])


class Prefilter:
    """A list of patterns on its own scanner: which of them could match a text (a line, or lines)."""

    def __init__(self, patterns: Sequence[regex.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self.group = PatternGroup(Scanner(), self.patterns)

    def _mask(self, text: str) -> int:
        if "\n" not in text:
            return self.group.scanner.masks([text])[0]
        mask = 0  # several lines: what any of them could match
        for m in self.group.scanner.masks(text.split("\n")):
            mask |= m
        return mask

    def candidates(self, text: str) -> list[regex.Pattern[str]]:
        """The patterns, in order, less those that provably cannot match `text`."""
        return self.group.candidates(self._mask(text))
