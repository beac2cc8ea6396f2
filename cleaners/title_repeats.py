"""Remove the document's title repeated by the page: as a heading again, or as page-preview captions."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import compile_patterns, setting
from cleaners.line_features import contents_entries, is_prose, signs_above_date
from cleaners.prefilter import PatternGroup, shared_scanner

_SPACE = regex.compile(r"\s+")
_SLIDE = regex.compile(r"(?:幻灯片|PPT)\s*\d+$|\.pptx?_\s*第\s*\d+\s*张$")  # a courseware slide's caption ends so
_PAGE = regex.compile(r"页$|_(?i:page)\d+$")  # ... and a page preview's


@register
class TitleRepeats(Cleaner):
    """The first line is the title (content, kept); later copies of it, with or without a file extension or a
    site's decoration (`【X】`, `X(可编辑)`), and `<title>_第N页` thumbnail captions are the site's page furniture."""

    name = "title_repeats"
    whole_document = True  # a repeat is recognised against the first line

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.extension = regex.compile(setting(self.settings, "extension", str, self.name))
        self.caption = regex.compile(setting(self.settings, "page_caption", str, self.name))
        self.min_chars = setting(self.settings, "min_title_chars", int, self.name)
        self.max_chars = setting(self.settings, "max_title_chars", int, self.name)
        self.max_distance = setting(self.settings, "max_repeat_distance", int, self.name)
        self.named_caption = regex.compile(setting(self.settings, "named_caption", str, self.name))
        self.decoration_before = regex.compile(setting(self.settings, "decoration_before", str, self.name))
        self.decoration_after = regex.compile(setting(self.settings, "decoration_after", str, self.name))
        self.min_decorated_chars = setting(self.settings, "min_decorated_title_chars", int, self.name)
        self.head_lines = setting(self.settings, "head_lines", int, self.name)
        self.head_gap = setting(self.settings, "max_head_repeat_gap", int, self.name)
        self.own_heading = regex.compile(setting(self.settings, "own_heading", str, self.name))
        self.contents = regex.compile(setting(self.settings, "contents_heading", str, self.name))
        self.min_refrain = setting(self.settings, "min_refrain_copies", int, self.name)
        self.page_title = regex.compile(setting(self.settings, "page_title_shape", str, self.name))
        file = setting(self.settings, "signature", str, self.name)
        self.signature = compile_patterns(patterns(file), file)
        self.part_heading = regex.compile(setting(self.settings, "part_heading", str, self.name))
        self.page_title_line = regex.compile(setting(self.settings, "page_title_line", str, self.name))
        # most lines can be neither: one multi-pattern scan says which may be (a fullmatch of each on every line
        # cost ~5% of the chain)
        self.shapes = PatternGroup(shared_scanner(patterns), [self.named_caption, self.part_heading], fullmatch=True)

    def key(self, text: str) -> str:
        return self.extension.sub("", _SPACE.sub("", text))

    def run(self, doc: Document) -> Document:
        lines = [line for line in doc.lines if line.text]
        if len(lines) < 2:
            return doc
        shapes = self.shapes
        masks = [mask & shapes.mask for mask in shapes.masks([line.text for line in lines])]
        if any(masks):
            self.drop_caption_runs(doc, [line for line, mask in zip(lines, masks, strict=True) if mask])
            kept = [(line, mask != 0) for line, mask in zip(lines, masks, strict=True) if line.text]
            lines = [line for line, _ in kept]
            self.drop_part_headings(doc, lines, [may for _, may in kept])
            lines = [line for line in lines if line.text]
        if len(lines) < 2:
            return doc
        self.drop_page_title(doc, lines)
        self.drop_head_repeats(doc, lines)
        lines = [line for line in lines if line.text]
        title = self.key(lines[0].text)
        if not self.min_chars <= len(title) <= self.max_chars:
            doc.lines = [line for line in doc.lines if line.text]
            return doc
        # the page repeats the title around its head; a repeat deep in the text (the title of a lesson's
        # blackboard plan) is the author's own, and so are copies between the paragraphs (a refrain)
        first = title[0]
        page_title = self.page_title.match(lines[0].text) is not None and not self.own_heading.match(lines[0].text)
        refrain = None  # decided on the first copy: most pages have none
        listed = None  # ... and so is whether the first line heads or opens a contents list: its copies are then the
        # headings the list names (as when an earlier pass or the model took the title above the list)
        for k, line in enumerate(lines[1:], start=1):
            text = line.text
            if k > self.max_distance and text[0] != first and not _SPACE.match(text):
                continue  # deep in the text only a caption counts, and its key would not start with the title
            key = self.key(text)
            if key == title:
                page_copy = page_title or self.extension.search(text.rstrip()) is not None  # `X.docx`: a file's name
                if k > self.max_distance and not page_copy or self.signs(lines, k):
                    continue  # deep: the author's own; or the office at the top of its notice signing it above the date
                if listed is None:
                    listed = 0 in contents_entries([x.text for x in lines])
                if listed:
                    continue
                if refrain is None and not page_copy:
                    refrain = self.refrain(lines, title)
                if page_copy or not refrain:
                    where = "as a page heading" if k <= self.max_distance else "between the paragraphs (a page's image text)"
                    self.drop_line(doc, line, f"repeats the title of line {lines[0].no} {where}")
            elif k <= self.max_distance and self.decorated(key, title):
                self.drop_line(doc, line, f"repeats the title of line {lines[0].no} with the site's decoration")
            elif key.startswith(title) and self.caption.fullmatch(key[len(title) :]):
                self.drop_line(doc, line, f"page-preview caption of the title of line {lines[0].no}")
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def refrain(self, lines: list, title: str) -> bool:
        """The title comes back after paragraphs of the text, min_refrain_copies times or more: the author's refrain
        (an essay's or a song's line between its stanzas), not a page repeating its heading once."""
        after_prose = sum(
            1 for before, line in pairwise(lines) if self.key(line.text) == title and is_prose(before.text)
        )
        return after_prose >= self.min_refrain

    def drop_head_repeats(self, doc: Document, lines: list) -> None:
        """The title need not be the first line (a site's name or section may come first): a line of the head
        (lines 2..head_lines, before the first sentence) that comes again right below it, or below at most
        max_head_repeat_gap rows of the head (a document site's upload date, size and views), none of them a
        sentence nor a row that comes again too (a contents list above its headings, a song's verse sung twice), is
        the page repeating it (further down a copy may be a refrain, a chorus, a scene heading or a signature). Not a sentence, a
        numbered heading or a labelled field (a table of contents lists the headings the body repeats; a form's
        rows repeat), and nothing after a table of contents' heading (`目录`: its entries are the body's
        headings)."""
        counts = None  # each line's copies in the document, counted once a row between a line and its copy asks
        for a in range(1, min(self.head_lines, len(lines))):
            if is_prose(lines[a - 1].text) or self.contents.match(lines[a - 1].text) or self.contents.match(lines[a].text):
                return  # the head ends at the first sentence
            if not lines[a].text or is_prose(lines[a].text):
                continue  # a sentence shown twice is repeated_lines' to judge
            key = self.key(lines[a].text)
            if not self.min_chars <= len(key) <= self.max_chars or self.own_heading.match(lines[a].text):
                continue
            for b in range(a + 1, min(a + 1 + self.head_gap, len(lines))):
                text = lines[b].text
                if text and self.key(text) == key:
                    between = "" if b == a + 1 else f" after {b - a - 1} rows of the head"
                    self.drop_line(doc, lines[b], f"repeats line {lines[a].no} of the page's head as a heading{between}")
                    break
                if is_prose(text) or self.contents.match(text):
                    break  # the head ends at the first sentence
                if counts is None:
                    counts = Counter(self.key(line.text) for line in lines if line.text)
                if counts[self.key(text)] > 1:
                    break  # the rows between come again too: a contents list above its headings, or a song's verse

    def drop_page_title(self, doc: Document, lines: list) -> None:
        """The first line is the page's <title>: the title that comes again as a line of its own below it (within
        max_repeat_distance), then a separator and the site's name (`X - 聚合快讯`, `X_青崖县人民政府`, `X | 老韩的折腾笔记`),
        a name the page shows elsewhere too (in its head, its footer)."""
        m = self.page_title_line.fullmatch(lines[0].text)
        if m is None:
            return
        title, site = self.key(m.group("title")), m.group("site")
        if len(title) < self.min_chars:
            return
        below = next((line for line in lines[1 : self.max_distance + 1] if self.key(line.text) == title), None)
        if below is not None and any(site in line.text for line in lines[1:]):
            self.drop_line(doc, lines[0], f"the page's <title>: the title of line {below.no} and the site's name {site!r}")

    def signs(self, lines: list, k: int) -> bool:
        """Line k is an office's signature: an office by its kind (`signature.txt`) right above a full date alone."""
        return signs_above_date(lines[k].text, lines[k + 1].text if k + 1 < len(lines) else "", self.signature)

    def decorated(self, key: str, title: str) -> bool:
        """The title in brackets or with a site's word around it: `【X】`, `《X》`, `标题:X`, `X(可编辑)`, `X-在线预览`."""
        if len(title) < self.min_decorated_chars or title not in key or key == title:
            return False
        before, after = key.split(title, 1)
        return bool(self.decoration_before.fullmatch(before) and self.decoration_after.fullmatch(after))

    def drop_part_headings(self, doc: Document, lines: list, may: list[bool]) -> None:
        """A 范文 site's headings over the parts of a page of several texts (`X篇一`, `有关X范本一`, `X范文第1篇`; `X 第一篇`
        only two or more of one name, or one named in the title), and the site's introduction to them: the sentence
        right above the first part, near the top. `may`: the lines the scan says may be a heading."""
        found = [(k, m, self.key(m.group("name"))) for k, line in enumerate(lines)
                 if may[k] and (m := self.part_heading.fullmatch(line.text))]
        if not found:
            return
        numbers: dict[str, set[str]] = {}
        for _, m, name in found:
            numbers.setdefault(name, set()).add(m.group("n"))
        titles = [self.key(line.text) for line in lines[: self.head_lines]]
        first = None
        for k, m, name in found:
            key = self.key(lines[k].text)
            if m.group("spaced") is None:
                why = ""
            elif len(numbers[name]) >= 2:
                why = f" ({len(numbers[name])} parts of one name)"
            elif any(t != key and (name in t or len(t) >= self.min_chars and t in name) for t in titles):
                why = " (named in the title)"
            else:
                continue
            self.drop_line(doc, lines[k], f"a 范文 site's heading over a part of a page of several texts{why}")
            if first is None:
                first = k if m.group("n") in ("一", "1") else -1
        # the site's introduction: one sentence right above the first part, near the top, below a line that is none
        if first is not None and 0 < first <= self.max_distance and is_prose(lines[first - 1].text) and (
                first == 1 or not is_prose(lines[first - 2].text)):
            self.drop_line(doc, lines[first - 1], f"the site's introduction to the parts under line {lines[first].no}")

    def drop_caption_runs(self, doc: Document, lines: list) -> None:
        """`<name>_第N页` captions under page previews (`<name>_第N张图片` under a post's images, `<name>_幻灯片N`
        under a courseware's slides): two or more with the same name, whatever the title."""
        groups: dict[str, list] = {}
        for line in lines:
            m = self.named_caption.fullmatch(line.text)
            if m:
                groups.setdefault(self.key(m.group(1)), []).append(line)
        for name, members in groups.items():
            if len(members) >= 2:
                for line in members:
                    end = line.text.rstrip()
                    what = "page-preview" if _PAGE.search(end) else "slide" if _SLIDE.search(end) else "image"
                    self.drop_line(doc, line, f"{what} caption ({len(members)} captions of {name[:30]})")
