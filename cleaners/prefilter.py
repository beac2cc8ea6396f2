"""Literal pre-filters for config patterns: skip a `regex` search that provably cannot match.

`required_clauses(pattern)` reads a pattern (the `regex` module's syntax, as in config/patterns/) and returns
sets of strings such that every match holds one string of each set, or None when it cannot tell. A line that
misses a set cannot match, and checking that with stdlib `re` costs a fraction of the `regex` search it saves
(`医院|诊所` and `哪家好|哪个好` for a hospital ad, `澳门|在线` and `赌场|博彩` for a gambling one). The reader
understands a plain subset of the syntax (literals, escapes, groups, alternation, quantifiers, classes without
ranges); anything else counts as "matches anything" or, where it could change how the rest reads (flags,
POSIX classes, fuzzy `{e<=1}`), makes it give up on the whole pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

Clause = frozenset[str]  # a match holds one of these strings

_ESCAPED_LITERAL = set(r".^$*+?{}[]()|\/-#&~<>=!:,;'\"%@` ")
_CHAR_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_OPAQUE_ESCAPES = set("dDwWsSbBAZhHXRmMK")  # classes and zero-width assertions
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


class _GiveUp(Exception):
    pass


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def alternation(self) -> list[Clause]:
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        if not all(branches):
            return []  # a branch requires nothing: neither does the alternation
        return [frozenset().union(*(_best(b) for b in branches))]

    def sequence(self) -> list[Clause]:
        """Every item a match must contain, with runs of plain characters joined into one string."""
        clauses: list[Clause] = []
        run = ""
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            char, item = self.atom()
            low, high = self.quantifier()
            if char is not None and low == 1 and high == 1:
                run += char
                continue
            if run:
                clauses.append(frozenset([run]))
                run = ""
            if char is not None and low >= 1:
                clauses.append(frozenset([char * low]))
            elif low >= 1:
                clauses.extend(item)
        if run:
            clauses.append(frozenset([run]))
        return clauses

    def quantifier(self) -> tuple[int, float]:
        p = self.p
        if self.i >= len(p):
            return 1, 1
        c = p[self.i]
        if c in "*+?":
            self.i += 1
            low, high = {"*": (0, float("inf")), "+": (1, float("inf")), "?": (0, 1)}[c]
        elif c == "{":
            m = _QUANTIFIER.match(p, self.i)
            if not m or not (m.group(1) or m.group(3)):
                raise _GiveUp  # fuzzy matching or a literal brace: not read here
            self.i = m.end()
            low = int(m.group(1) or 0)
            high = float("inf") if m.group(2) and not m.group(3) else int(m.group(3) or low)
        else:
            return 1, 1
        if self.i < len(p) and p[self.i] in "?+":  # lazy or possessive: same characters
            self.i += 1
        return low, high

    def atom(self) -> tuple[str | None, list[Clause]]:
        """(a literal character, or None) and the literals an occurrence of the atom requires."""
        p = self.p
        c = p[self.i]
        self.i += 1
        if c == "(":
            return None, self.group()
        if c == "[":
            return None, self.char_class()
        if c == "\\":
            return self.escape()
        if c in ".^$":
            return None, []
        if c in "*+?{":
            raise _GiveUp
        return c, []

    def group(self) -> list[Clause]:
        p = self.p
        opaque = False
        if p.startswith("?", self.i):
            if p.startswith(("?:", "?P<", "?<", "?#"), self.i) and not p.startswith(("?<=", "?<!"), self.i):
                if p.startswith("?#", self.i):
                    end = p.index(")", self.i)
                    self.i = end + 1
                    return []
                if p.startswith(":", self.i + 1):
                    self.i += 2
                else:
                    self.i = p.index(">", self.i) + 1
            elif p.startswith(("?=", "?!", "?<=", "?<!"), self.i):
                self.i += 3 if p.startswith("?<", self.i) else 2
                opaque = True  # a lookaround is not part of the match
            else:
                m = re.compile(r"\?[a-zA-Z0-9\-]*:").match(p, self.i)
                if not m:
                    raise _GiveUp  # global flags, conditionals, branch reset, atomic groups ...
                self.i = m.end()
                opaque = True  # scoped flags (case-insensitive ...) change what the literals match
        inner = self.alternation()
        if self.i >= len(p) or p[self.i] != ")":
            raise _GiveUp
        self.i += 1
        return [] if opaque else inner

    def char_class(self) -> list[Clause]:
        p = self.p
        end = self.i
        if end < len(p) and p[end] == "^":
            return self._skip_class(end + 1)
        chars: set[str] = set()
        first = True
        while end < len(p):
            c = p[end]
            if c == "]" and not first:
                self.i = end + 1
                return [frozenset(chars)]
            if c == "[":
                raise _GiveUp  # POSIX classes, nested sets
            if c == "\\":
                nxt = p[end + 1 : end + 2]
                if nxt in _ESCAPED_LITERAL:
                    chars.add(nxt)
                    end += 2
                    first = False
                    continue
                return self._skip_class(end)
            if c == "-" and not first and p[end + 1 : end + 2] not in ("]", ""):
                return self._skip_class(end)  # a range: not expanded
            chars.add(c)
            end += 1
            first = False
        raise _GiveUp

    def _skip_class(self, start: int) -> list[Clause]:
        p = self.p
        end = start + (1 if start < len(p) and p[start] == "]" else 0)
        while end < len(p) and p[end] != "]":
            if p[end] == "[":
                raise _GiveUp
            end += 2 if p[end] == "\\" else 1
        if end >= len(p):
            raise _GiveUp
        self.i = end + 1
        return []

    def escape(self) -> tuple[str | None, list[Clause]]:
        p = self.p
        if self.i >= len(p):
            raise _GiveUp
        c = p[self.i]
        self.i += 1
        if c in _ESCAPED_LITERAL:
            return c, []
        if c in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[c], []
        if c in _OPAQUE_ESCAPES:
            return None, []
        if c in "pP":
            if p.startswith("{", self.i):
                self.i = p.index("}", self.i) + 1
            else:
                self.i += 1
            return None, []
        if c in "uUx":
            size = {"u": 4, "U": 8, "x": 2}[c]
            digits = p[self.i : self.i + size]
            if len(digits) != size or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise _GiveUp
            self.i += size
            return chr(int(digits, 16)), []
        raise _GiveUp  # back-references, named characters, named lists, octal ...


def _best(clauses: list[Clause]) -> Clause:
    """The clause likeliest to rule a line out: the longest shortest string (digits count for nothing:
    `20` is in every date), then the fewest strings."""
    return max(clauses, key=lambda c: (min(0 if s.isdigit() else len(s) for s in c), -len(c)))


def required_clauses(pattern: str) -> list[Clause] | None:
    """Sets of strings such that every match of `pattern` holds one string of each; None if it cannot tell."""
    reader = _Reader(pattern)
    try:
        found = reader.alternation()
    except (_GiveUp, ValueError, IndexError):
        return None
    if reader.i != len(pattern) or not found:
        return None  # an unbalanced ")", or nothing required
    return list(dict.fromkeys(found))


def split_alternatives(pattern: str) -> list[str]:
    """`A|B|C` -> [A, B, C] (top-level alternatives: `(?:A)|(?:B)|(?:C)` matches the same); else [pattern]."""
    reader = _Reader(pattern)
    cuts = []
    try:
        reader.sequence()
        while reader.i < len(pattern) and pattern[reader.i] == "|":
            cuts.append(reader.i)
            reader.i += 1
            reader.sequence()
    except (_GiveUp, ValueError, IndexError):
        return [pattern]
    if reader.i != len(pattern):
        return [pattern]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[a + 1 : b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _alternation(strings: frozenset[str] | set[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(strings, key=len, reverse=True))))


_PLAIN_FLAGS = regex.compile("").flags


class Prefilter:
    """A list of compiled patterns, and which of them could match a text, decided with stdlib `re`.

    One search for the strings of every pattern's best clause rules most lines out at once. With `gated`,
    the strings present are then listed (one search per occurrence) and each pattern needs all its clauses
    met: worth it for slow patterns, and for a whole document at once.
    """

    def __init__(self, patterns: Sequence[regex.Pattern[str]], gated: bool = False) -> None:
        self.patterns = list(patterns)
        found = [required_clauses(p.pattern) if p.flags == _PLAIN_FLAGS else None for p in self.patterns]
        # gating leaves out clauses holding a single character (字, 后): common, so many occurrences to list
        self.clauses = [
            None if c is None else [x for x in c if min(map(len, x)) > 1] or [_best(c)] for c in found
        ]
        self.always = tuple(i for i, clauses in enumerate(found) if clauses is None)
        self.always_patterns = [self.patterns[i] for i in self.always]
        first = set().union(*(_best(c) for c in found if c is not None))
        self.literals = _alternation(first) if first else None
        self.gated = gated
        self.everything = tuple(range(len(self.patterns)))
        strings = set().union(*(s for c in self.clauses if c is not None for s in c))
        self._strings = _alternation(strings) if strings else None
        # strings found at one position are all prefixes of the longest one found there
        self._prefixes = {s: frozenset(t for t in strings if s.startswith(t)) for s in strings}

    def present(self, text: str) -> set[str]:
        """The clause strings `text` holds (overlapping ones too)."""
        found: set[str] = set()
        if self._strings is None:
            return found
        search, pos = self._strings.search, 0
        while m := search(text, pos):
            found |= self._prefixes[m.group()]
            pos = m.start() + 1
        return found

    def may_match(self, text: str) -> bool:
        """False only if no pattern can match `text` (or any part of it)."""
        return bool(self.always) or (self.literals is not None and self.literals.search(text) is not None)

    def indices(self, text: str) -> tuple[int, ...]:
        """Indices of the patterns, in order, less those that provably cannot match `text`."""
        if self.literals is None or not self.literals.search(text):
            return self.always
        if not self.gated:
            return self.everything
        found = self.present(text)
        return tuple(
            i
            for i, clauses in enumerate(self.clauses)
            if clauses is None or all(not c.isdisjoint(found) for c in clauses)
        )

    def candidates(self, text: str) -> list[regex.Pattern[str]]:
        """The patterns, in order, less those that provably cannot match `text`."""
        if self.literals is None or not self.literals.search(text):
            return self.always_patterns
        if not self.gated:
            return self.patterns
        return [self.patterns[i] for i in self.indices(text)]
