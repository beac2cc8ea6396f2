"""Remove "related documents" lists: a heading such as 相关文档 / 猜你喜欢 / 往期推荐 and the titles under it, or
a run of other documents' titles after the page's last paragraph."""

from __future__ import annotations

import bisect
import sys

import regex

from cleaners.base import Cleaner, Document, Line, register
from cleaners.config import compile_patterns, setting
from cleaners.line_features import is_prose, signs_above_date
from cleaners.prefilter import PatternGroup, shared_scanner

_HEADLINE_END = regex.compile(r"[。;:]\s*$")  # a headline ends in no full stop, semicolon or colon ...
_TAIL_ITEM_END = regex.compile(r"[。!;:]\s*$")  # ... a title after the text in no exclamation either (`谢谢大家!`)
_ASKS = regex.compile(r"\?\s*$")
_ROW_SEPARATOR = regex.compile(r"\s{2,}|[|｜·•/]")  # between the links of a row


@register
class RelatedLists(Cleaner):
    """A list heading goes with the run of short, unpunctuated title lines (headlines may exclaim or ask; teasers cut
    short and other stories' captions between two items go with them) that follows it;
    with no heading, a run of title lines after the last paragraph goes when most of them name a document
    (`…范文.docx`, `… 12页`)."""

    name = "related_lists"
    whole_document = True  # an item is recognised by the heading above it

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "headings", str, self.name)
        self.max_item_chars = setting(self.settings, "max_item_chars", int, self.name)
        self.max_heading_chars = setting(self.settings, "max_heading_chars", int, self.name)
        self.headings = PatternGroup(
            shared_scanner(patterns), compile_patterns(patterns(file), file), max_chars=self.max_heading_chars
        )
        self.min_tail_items = setting(self.settings, "min_tail_items", int, self.name)
        self.document_title = regex.compile(setting(self.settings, "document_title", str, self.name))
        self.not_a_list = regex.compile(setting(self.settings, "not_a_list", str, self.name))
        self.teaser = regex.compile(setting(self.settings, "teaser", str, self.name))
        self.item_date = regex.compile(setting(self.settings, "item_date", str, self.name))
        self.max_teaser_chars = setting(self.settings, "max_teaser_chars", int, self.name)
        self.max_caption_chars = setting(self.settings, "max_caption_chars", int, self.name)
        self.byline = regex.compile(setting(self.settings, "classical_byline", str, self.name))
        self.bullets = setting(self.settings, "heading_bullets", str, self.name)
        self.lead_in = regex.compile(setting(self.settings, "list_lead_in", str, self.name))
        self.book_and_author = regex.compile(setting(self.settings, "book_and_author", str, self.name))
        self.max_enclosed = setting(self.settings, "max_enclosed_items", int, self.name)
        self.min_listed = setting(self.settings, "min_listed_items", int, self.name)
        self.list_date = regex.compile(setting(self.settings, "list_date", str, self.name))
        self.min_enclosed_mean = setting(self.settings, "min_enclosed_mean_chars", float, self.name)
        self.own_row = regex.compile(setting(self.settings, "own_row", str, self.name))
        self.headline_day = regex.compile(setting(self.settings, "headline_day", str, self.name))
        self.question = regex.compile(setting(self.settings, "question_title", str, self.name))
        self.page_break_cleaner = setting(self.settings, "page_break_cleaner", str, self.name)
        self.model_cleaner = setting(self.settings, "model_cleaner", str, self.name)
        file = setting(self.settings, "signature", str, self.name)
        self.offices = compile_patterns(patterns(file), file)

    def run(self, doc: Document) -> Document:
        heading = None
        run: list[tuple] = []  # the heading and its items, dropped when the list ends
        group = self.headings
        lines = doc.lines
        bullets = self.bullets  # a heading's decoration before it (`▍相关阅读`, `■ 推荐阅读`) is not its text
        texts = [line.text for line in lines]
        bare = [t.lstrip(bullets) if t[:1] in bullets else t for t in texts]
        masks = group.masks(bare)
        for k, (line, mask) in enumerate(zip(lines, masks, strict=True)):
            text = line.text
            if not text:
                continue
            if (
                mask & group.mask
                and len(bare[k]) <= self.max_heading_chars
                and any(p.search(bare[k]) for p in group.candidates(mask))
            ):
                self._drop_list(doc, run)
                heading = text
                run = [(line, "related-documents list heading")]
            elif heading is not None and self._is_item(text):
                run.append((line, f"item of the related-documents list under {heading!r}"))
            elif heading is not None and len(text) <= self.max_teaser_chars and self.teaser.search(text):
                why = f"teaser of another story (cut short or linking to the rest) in the list under {heading!r}"
                run.append((line, why))
            elif (
                heading is not None
                and len(text) <= self.max_caption_chars
                and k + 1 < len(lines)
                and self._is_item(lines[k + 1].text)
            ):
                run.append((line, f"caption of another story between items of the list under {heading!r}"))
            elif heading is not None:
                self._drop_list(doc, run)
                heading, run = None, []
        self._drop_list(doc, run)
        doc.lines = [line for line in doc.lines if line.text]
        self.drop_tail_list(doc)
        return doc

    def _drop_list(self, doc: Document, run: list[tuple]) -> None:
        """Drop a heading's list, unless one of its lines is a classical text's byline (`[宋] 苏轼`): a section of
        the document's own under that heading (a textbook's 延伸阅读: a poem's title, its author, then its lines);
        nor a reading list, most of its items a book with its author (`《草房子》 曹文轩`): other pages are listed by
        their titles."""
        items = [line.text for line, _ in run[1:]]
        if any(self.byline.search(text) for text in items):
            return
        if items and 2 * sum(bool(self.book_and_author.match(text)) for text in items) > len(items):
            return
        for line, why in run:
            self.drop_line(doc, line, why)

    def drop_tail_list(self, doc: Document) -> None:
        """After the last line of prose: a run of title lines, most of them naming a document, is the page's
        list of other documents. A document's own attachments (`附件:`, numbered items) are not, nor a list its
        last paragraph announces with a colon (`请将以下材料交教务处:`). A line removed between two titles (a
        page's toolbar, `[ 打印 ]  [ 关闭 ]`; not a title the model removed) ends a run: the notice's signature above
        it is no item of the list below it; a run the page's removed lines enclose goes whatever it names (see
        _drop_tail_run), also after the document's attachments, numbered items or references: the page's lines
        removed between them and the run end the document (a notice's attachments, signature and date, its
        removed toolbar, then the site's other notices above its removed footer)."""
        lines = [line for line in doc.lines if line.text]
        last = max((k for k, line in enumerate(lines) if is_prose(line.text)), default=None)
        if last is None:  # no paragraph: nothing tells the page's own text from a list
            return
        # the page's lines removed (a list's dates below its titles, removed as lines without words, are the list's)
        removals = {no: why for no, why in doc.line_removals().items() if not self.item_date.fullmatch(why.text)}
        removed = sorted(removals)
        # ... of which those that end a document: not a page break (its attachments go on on the next page)
        ending = [no for no in removed if removals[no].cleaner != self.page_break_cleaner]
        # ... and those that split a run: not a title the model took out of the list (`2024年教研组长述职报告范文`; a
        # row of links it took, `政府网站  市长信箱  依申请公开`, does split)
        splits = [no for no in removed if removals[no].cleaner != self.model_cleaner
                  or not self._is_item(removals[no].text, _TAIL_ITEM_END)
                  or _ROW_SEPARATOR.search(removals[no].text.strip())]
        # ... those titles the model took count as the list's items (it took `电脑频繁蓝屏重启是什么原因` and left the two below)
        taken = sorted(set(removed) - set(splits))
        if self.drop_question_list(doc, lines, last):
            lines = [line for line in lines if line.text]
        run: list[Line] = []
        above = lines[last]  # the line above the run
        # after attachments or numbered items: only a run that these removals enclose above goes (None before them)
        ends: list[int] | None = None
        for line in [*lines[last + 1 :], None]:
            attachments = line is not None and self.not_a_list.search(line.text) is not None
            item = line is not None and not attachments and self._is_item(line.text, _TAIL_ITEM_END)
            if item and not run and _ASKS.search(line.text) and not _removed_between(removed, above.no, line.no):
                item = False  # a question right under the text is its last line (`你们准备好了吗?`), no page's title
            if item and run and signs_above_date(run[-1].text, line.text, self.offices):
                run, above = [], line  # an office's signature and the date under it close the notice: what is above is its own
                continue
            if item and run and _removed_between(splits, run[-1].no, line.no):
                self._drop_tail_run(doc, run, above, removed, line, ends, taken)
                run, above = [], run[-1]
            if item:
                run.append(line)
                continue
            self._drop_tail_run(doc, run, above, removed, line, ends, taken)
            if attachments:
                ends = ending
            run = []
            above = line
        doc.lines = [line for line in doc.lines if line.text]

    def _drop_tail_run(self, doc: Document, run: list[Line], above: Line, removed: list[int], below: Line | None,
                       ending: list[int] | None, taken: list[int]) -> None:
        """Drop a run of titles after the text (`above`: the line above it, `below`: the line that ended it, None at
        the page's end) when most of them name a document, or when the page's removed lines enclose it: one right
        above it and one below it (its toolbar, its footer), at most max_enclosed_items titles and none a
        schedule's or a form's row (`10:30-11:30 圆桌对话`, `主持:X`, `上午 参观`) or with a colon or © (a site's
        furniture: the patterns that name it say what it is), and titles, not a verse's short lines (their mean
        length at least min_enclosed_mean_chars; a line that is only a date is the date of the title above it),
        nor questions under a short heading of their own; min_tail_items of them, or min_listed_items when each
        carries a list's date or names a document.
        Not when the line above announces it with a colon; after the document's attachments or numbered items
        only when enclosed, above by a removed line that ends a document (`ending`: not a page break), as an
        attachment names a document."""
        if len(run) < min(self.min_tail_items, self.min_listed):
            return
        dates = [self.list_date.search(item.text) for item in run]
        names = [bool(self.document_title.search(item.text[: date.start()] if date else item.text))
                 for date, item in zip(dates, run, strict=True)]
        # a list's own marks on every title: its date (`…工作会议 02-24`) or the kind of document it names
        listed = all(name or date for name, date in zip(names, dates, strict=True))
        # the titles the model took from the list, right above it or between its items, count as its items
        took = bisect.bisect_left(taken, run[-1].no) - bisect.bisect_right(taken, above.no)
        if (len(run) + took < self.min_tail_items and not listed) or self.lead_in.search(above.text) is not None:
            return  # (the lead-in last: `above` is often a long paragraph)
        named = sum(names)
        titles = [item.text for item in run if not self.item_date.fullmatch(item.text)]
        asks = any(_ASKS.search(text) for text in titles)
        if len(run) >= self.min_tail_items and 2 * named >= len(run) and ending is None and not asks:
            why = f"item of a list of other documents after the text ({named} of {len(run)} name a document)"
        elif ending is None and (asking := self._asking(titles)):
            why = _questions_reason(asking, len(titles))
        elif ((len(titles) + took >= self.min_tail_items or (listed and len(titles) >= self.min_listed))
              and len(run) <= self.max_enclosed
              and self._titles_not_verse(titles)
              and _removed_between(removed if ending is None else ending, above.no, run[0].no)
              and _removed_between(removed, run[-1].no, below.no if below is not None else sys.maxsize)
              and not self._own_rows(titles)
              and not (asks and self._own_questions(titles))):
            more = f" (and {took} the {self.model_cleaner} took)" if took else ""
            why = f"item of a list of {len(run)} titles{more} after the text, between lines of the page removed above and below it"
        else:
            return
        for item in run:
            self.drop_line(doc, item, why)

    def drop_question_list(self, doc: Document, lines: list[Line], last: int) -> bool:
        """Right under the last line of prose, with no removed line above it, the titles up to the next line that is none,
        when they are other pages' questions (`_asking`: a Q&A site's `劳动仲裁需要准备哪些材料`, `血糖高吃什么水果好`)
        and the text does not announce them; the first may ask with a question mark (elsewhere that is the text's last
        line, `你们准备好了吗?`). Whether any went."""
        run = []
        for line in lines[last + 1 :]:
            if self.not_a_list.search(line.text) or not self._is_item(line.text, _TAIL_ITEM_END):
                break
            run.append(line)
        titles = [line.text for line in run]
        asking = self._asking(titles)
        if not asking or self.lead_in.search(lines[last].text):
            return False
        for line in run:
            self.drop_line(doc, line, _questions_reason(asking, len(titles)))
        return True

    def _asking(self, titles: list[str]) -> int:
        """How many of the titles ask, when they are a list of other pages' questions: min_tail_items to max_enclosed_items
        of them, two in three asking, titles and not a verse's short lines (min_enclosed_mean_chars), nor a schedule's or
        a form's rows, nor questions under a short heading of the document's own; 0 when they are not."""
        if not self.min_tail_items <= len(titles) <= self.max_enclosed:
            return 0
        asking = sum(1 for text in titles if self.question.search(text))
        if (3 * asking < 2 * len(titles) or not self._titles_not_verse(titles)
                or self._own_rows(titles) or self._own_questions(titles)):
            return 0
        return asking

    def _titles_not_verse(self, titles: list[str]) -> bool:
        """Titles, not a verse's short lines: their mean length at least min_enclosed_mean_chars."""
        return sum(map(len, titles)) >= self.min_enclosed_mean * len(titles)

    def _own_rows(self, titles: list[str]) -> bool:
        """A schedule's or a form's row among the titles (own_row); a headline opening with its day is none when it is
        the only title that does (`4月29日晚间重要公告一览` among other stories; a schedule's rows all open so)."""
        days = [self.headline_day.match(text) is not None for text in titles]
        lone_day = sum(days) == 1
        return any(self.own_row.search(text) and not (lone_day and day) for text, day in zip(titles, days, strict=True))

    def _own_questions(self, titles: list[str]) -> bool:
        """Questions under a short heading of the document's own (`课后讨论`, then `…为什么…?`): its section, where a
        site's list of other questions (`房东不退押金可以报警吗?`, `龟背竹为什么不裂叶?`) has no such heading."""
        return len(titles[0]) < self.min_enclosed_mean and not _ASKS.search(titles[0])

    def _is_item(self, text: str, end: regex.Pattern[str] = _HEADLINE_END) -> bool:
        """A title: short (its list date aside), not ending like a sentence (`end`: under a heading a news headline
        may end with an exclamation or a question mark; after the text, a question only)."""
        if not text:
            return False
        if len(text) > self.max_item_chars:
            text = self.item_date.sub("", text)
        return len(text) <= self.max_item_chars and not end.search(text)


def _questions_reason(asking: int, titles: int) -> str:
    return f"item of a list of other pages' questions after the text ({asking} of {titles} ask)"


def _removed_between(removed: list[int], after: int, before: int) -> bool:
    """Whether a line numbered between these two was removed (`removed`: the removed lines' numbers, sorted)."""
    i = bisect.bisect_right(removed, after)
    return i < len(removed) and removed[i] < before
