"""Remove site furniture the line classifier has already seen: chrome patterns matched after it judged the page;
and a comment thread's short replies between the thread's removed rows."""

from __future__ import annotations

import bisect

import regex

from cleaners.base import Document, register
from cleaners.config import setting
from cleaners.watermark import Watermark

_MAX_ROW = 60  # a thread's heading or floor label row is short


@register
class LateChrome(Watermark):
    """Drop a short line that matches a furniture pattern, after `line_classifier`: the model decides a line with
    its neighbours, and a line a pattern names is a neighbour that tells it where a page's furniture is.

    Then a comment thread's replies: a short line whose neighbours above and below were both removed, the one above
    being a row of a comment thread (a comment heading or count, a floor label, a commenter's row with
    `发表于`/`· 2天前`), below a comment heading or floor label that was removed after some kept text, and with no
    long line of text after it (the article is over); not on a Q&A page (a removed row names an answer), whose
    short answers are content. The rows around a reply are gone already; its text is not the author's."""

    name = "late_chrome"
    what = "site furniture"
    whole_document = True  # the reply rule looks at the removed rows around a line

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.thread_opener = regex.compile(setting(self.settings, "comment_opener", str, self.name))
        self.commenter_row = regex.compile(setting(self.settings, "commenter_row", str, self.name))
        self.max_reply_chars = setting(self.settings, "max_reply_chars", int, self.name)
        self.min_text_after = setting(self.settings, "min_text_after_thread", int, self.name)
        self.answer_row = regex.compile(setting(self.settings, "answer_row", str, self.name))

    def run(self, doc: Document) -> Document:
        doc = super().run(doc)
        if doc.lines:
            self.drop_replies(doc)
        return doc

    def drop_replies(self, doc: Document) -> None:
        removed = {r.line_no: r.text for r in doc.removals if r.kind == "line" and r.line_no > 0}
        if not removed:
            return
        gone = sorted(removed)
        if any(self.answer_row.search(removed[n]) for n in gone):
            return  # a Q&A page: a short answer under an answerer's row is content
        openers = [n for n in gone if len(removed[n]) <= _MAX_ROW and self.thread_opener.match(removed[n])]
        if not openers:
            return
        lines = doc.lines
        first_kept = lines[0].no
        openers = [n for n in openers if n > first_kept]  # a thread under some kept text, not the page's head
        if not openers:
            return
        # the last long line of text: replies come after the article
        last_long = max((line.no for line in lines if len(line.text) >= self.min_text_after), default=0)
        for k, line in enumerate(lines):
            n = line.no
            if n <= openers[0] or n <= last_long or len(line.text) > self.max_reply_chars:
                continue
            prev_kept = lines[k - 1].no if k else 0
            next_kept = lines[k + 1].no if k + 1 < len(lines) else None
            i = bisect.bisect_left(gone, n)
            above = gone[i - 1] if i and gone[i - 1] > prev_kept else None
            below = gone[i] if i < len(gone) and (next_kept is None or gone[i] < next_kept) else None
            if above is None or (below is None and next_kept is not None):
                continue
            row = removed[above]
            if len(row) <= _MAX_ROW and self.thread_opener.match(row) or self.commenter_row.match(row):
                self.drop_line(doc, line, f"a comment thread's reply: under the thread's row {row[:30]!r}")
        doc.lines = [line for line in lines if line.text]
