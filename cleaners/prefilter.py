"""Literal pre-filters for config patterns: skip a `regex` search that provably cannot match.

`required_literals(pattern)` reads a pattern (the `regex` module's syntax, as in config/patterns/) and returns
strings of which every match holds at least one, or None when it cannot tell. A line holding none of them
cannot match, and checking that with stdlib `re` costs a fraction of the `regex` search it saves. The reader
understands a plain subset of the syntax (literals, escapes, groups, alternation, quantifiers, classes without
ranges); anything else counts as "matches anything" or, where it could change how the rest reads (flags,
POSIX classes, fuzzy `{e<=1}`), makes it give up on the whole pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

Literals = frozenset[str] | None  # None: no literal is required (or the pattern is not understood)

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

    def alternation(self) -> Literals:
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]

    def sequence(self) -> Literals:
        """Required literals of a sequence: the best of its items', joining runs of plain characters."""
        options: list[frozenset[str]] = []
        run = ""
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            char, item = self.atom()
            low, high = self.quantifier()
            if char is not None and low == 1 and high == 1:
                run += char
                continue
            if run:
                options.append(frozenset([run]))
                run = ""
            if char is not None and low >= 1:
                options.append(frozenset([char * low]))
            elif item is not None and low >= 1:
                options.append(item)
        if run:
            options.append(frozenset([run]))
        if not options:
            return None
        # fewer false hits: prefer the longest shortest literal, then the fewest literals
        return max(options, key=lambda lits: (min(map(len, lits)), -len(lits)))

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

    def atom(self) -> tuple[str | None, Literals]:
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
            return None, None
        if c in "*+?{":
            raise _GiveUp
        return c, None

    def group(self) -> Literals:
        p = self.p
        opaque = False
        if p.startswith("?", self.i):
            if p.startswith(("?:", "?P<", "?<", "?#"), self.i) and not p.startswith(("?<=", "?<!"), self.i):
                if p.startswith("?#", self.i):
                    end = p.index(")", self.i)
                    self.i = end + 1
                    return None
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
        return None if opaque else inner

    def char_class(self) -> Literals:
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
                return frozenset(chars)
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

    def _skip_class(self, start: int) -> Literals:
        p = self.p
        end = start + (1 if start < len(p) and p[start] == "]" else 0)
        while end < len(p) and p[end] != "]":
            if p[end] == "[":
                raise _GiveUp
            end += 2 if p[end] == "\\" else 1
        if end >= len(p):
            raise _GiveUp
        self.i = end + 1
        return None

    def escape(self) -> tuple[str | None, Literals]:
        p = self.p
        if self.i >= len(p):
            raise _GiveUp
        c = p[self.i]
        self.i += 1
        if c in _ESCAPED_LITERAL:
            return c, None
        if c in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[c], None
        if c in _OPAQUE_ESCAPES:
            return None, None
        if c in "pP":
            if p.startswith("{", self.i):
                self.i = p.index("}", self.i) + 1
            else:
                self.i += 1
            return None, None
        if c in "uUx":
            size = {"u": 4, "U": 8, "x": 2}[c]
            digits = p[self.i : self.i + size]
            if len(digits) != size or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise _GiveUp
            self.i += size
            return chr(int(digits, 16)), None
        raise _GiveUp  # back-references, named characters, named lists, octal ...


def required_literals(pattern: str) -> Literals:
    """Strings of which every match of `pattern` holds one; None if there are none or it cannot tell."""
    reader = _Reader(pattern)
    try:
        found = reader.alternation()
    except (_GiveUp, ValueError, IndexError):
        return None
    if reader.i != len(pattern):
        return None  # an unbalanced ")": not read here
    return found


_PLAIN_FLAGS = regex.compile("").flags


class Prefilter:
    """A list of compiled patterns, and which of them could match a text: one stdlib `re` search decides."""

    def __init__(self, patterns: Sequence[regex.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        found = [required_literals(p.pattern) if p.flags == _PLAIN_FLAGS else None for p in self.patterns]
        self.always = [p for p, lits in zip(self.patterns, found, strict=True) if lits is None]
        literals = sorted(set().union(*(lits for lits in found if lits is not None)), key=len, reverse=True)
        self.literals = re.compile("|".join(map(re.escape, literals))) if literals else None

    def candidates(self, text: str) -> list[regex.Pattern[str]]:
        """The patterns, in order, less those that provably cannot match `text`."""
        if self.literals is not None and self.literals.search(text):
            return self.patterns
        return self.always
