"""The shared interface of every cleaner: documents, removal records and the registry."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from cleaners.config import PatternFiles

RemovalKind = Literal["line", "span", "document"]
# str.splitlines() minus U+0085: in Latin-1 mojibake that is the byte 0x85 of a character, not a line break
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Removal:
    """One row of dropped.jsonl: why something disappeared."""

    doc_id: str
    line_no: int  # 1-based line number in the original document; 0 for a whole document
    kind: RemovalKind
    cleaner: str
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}  # dataclasses.asdict deep-copies: slow


@dataclass(slots=True)
class Line:
    no: int  # 1-based number in the original document: stable while cleaners drop lines
    text: str


@dataclass
class Document:
    """A document being cleaned: its lines keep their original numbers so removals can be traced."""

    id: str
    lines: list[Line]
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)
    edits: Counter[str] = field(default_factory=Counter)  # normalisers: cleaner -> characters changed
    dropped: bool = False

    @classmethod
    def from_text(
        cls, doc_id: str, text: str, source: str = "", meta: dict[str, Any] | None = None
    ) -> Document:
        if "\x85" in text:
            parts = _LINE_BREAK.split(text)
            if parts[-1] == "":
                parts.pop()
        else:  # the same lines, ~2x faster
            parts = text.splitlines()
        lines = [Line(i, t.strip()) for i, t in enumerate(parts, start=1)]
        return cls(doc_id, lines, source, dict(meta or {}))

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines if line.text)

    def line_removals(self) -> dict[int, Removal]:
        """The removals of whole lines so far, by line number (the last one of a line): which cleaner removed a
        line, and why."""
        return {r.line_no: r for r in self.removals if r.kind == "line" and r.line_no > 0}

    def removed_chars(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for r in self.removals:
            counts[r.cleaner] += len(r.text)
        return counts


class Cleaner:
    """A pipeline block: `run` edits one document in place and records what it removed."""

    name: ClassVar[str]
    corpus_level: ClassVar[bool] = False  # needs corpus statistics (see cleaners.boilerplate)
    whole_document: ClassVar[bool] = False  # decides from the whole document, not line by line

    def __init__(self, settings: Mapping[str, Any], patterns: PatternFiles) -> None:
        self.settings = dict(settings)

    def run(self, doc: Document) -> Document:
        raise NotImplementedError

    # Helpers shared by the removers -------------------------------------------------------------
    def drop_line(self, doc: Document, line: Line, reason: str) -> None:
        doc.removals.append(Removal(doc.id, line.no, "line", self.name, reason, line.text))
        line.text = ""

    def drop_spans(self, doc: Document, line: Line, spans: list[tuple[int, int, str]]) -> None:
        """Remove (start, end, reason) spans of one line, recording each; overlapping spans merge."""
        merged: list[list[Any]] = []
        for start, end, reason in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end, reason])
        text = line.text
        if len(merged) == 1 and merged[0][0] == 0 and merged[0][1] >= len(text):
            self.drop_line(doc, line, merged[0][2])  # the span is the whole line: record a line removal
            return
        for start, end, reason in merged:
            if end > start:
                doc.removals.append(Removal(doc.id, line.no, "span", self.name, reason, text[start:end]))
        for start, end, _ in reversed(merged):
            text = text[:start] + text[end:]
        line.text = text.strip()

    def drop_document(self, doc: Document, reason: str) -> None:
        doc.removals.append(Removal(doc.id, 0, "document", self.name, reason, doc.text))
        doc.lines = []
        doc.dropped = True


class LineCleaner(Cleaner):
    """A cleaner that looks at one line at a time; `clean_line` does the work."""

    def run(self, doc: Document) -> Document:
        if self.may_change(doc):
            for line in doc.lines:
                if line.text:
                    self.clean_line(doc, line)
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def may_change(self, doc: Document) -> bool:
        """False only if `clean_line` would leave every line alone: one search over the document skips it."""
        return True

    def clean_line(self, doc: Document, line: Line) -> None:
        raise NotImplementedError


REGISTRY: dict[str, type[Cleaner]] = {}


def register(cls: type[Cleaner]) -> type[Cleaner]:
    """Class decorator: make a cleaner available to the chain under its `name`."""
    if cls.name in REGISTRY:
        raise ValueError(f"cleaner {cls.name!r} registered twice")
    REGISTRY[cls.name] = cls
    return cls
