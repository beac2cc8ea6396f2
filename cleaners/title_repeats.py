"""Remove the document's title repeated by the page: as a heading again, or as page-preview captions."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting

_SPACE = regex.compile(r"\s+")


@register
class TitleRepeats(Cleaner):
    """The first line is the title (content, kept); later copies of it, with or without a file extension,
    and `<title>_第N页` thumbnail captions are the site's page furniture."""

    name = "title_repeats"
    whole_document = True  # a repeat is recognised against the first line

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.extension = regex.compile(setting(self.settings, "extension", str, self.name))
        self.caption = regex.compile(setting(self.settings, "page_caption", str, self.name))
        self.min_chars = setting(self.settings, "min_title_chars", int, self.name)

    def key(self, text: str) -> str:
        return self.extension.sub("", _SPACE.sub("", text))

    def run(self, doc: Document) -> Document:
        lines = [line for line in doc.lines if line.text]
        if len(lines) < 2:
            return doc
        title = self.key(lines[0].text)
        if len(title) < self.min_chars:
            return doc
        for line in lines[1:]:
            key = self.key(line.text)
            if key == title:
                self.drop_line(doc, line, f"repeats the title of line {lines[0].no} as a page heading")
            elif key.startswith(title) and self.caption.fullmatch(key[len(title) :]):
                self.drop_line(doc, line, f"page-preview caption of the title of line {lines[0].no}")
        doc.lines = [line for line in doc.lines if line.text]
        return doc
