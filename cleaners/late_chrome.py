"""Remove site furniture the line classifier has already seen: chrome patterns matched after it judged the page;
the site's own address on a short line; the site's name, breadcrumb and menu in the page's head; a comment thread's
short replies between its removed rows."""

from __future__ import annotations

import bisect
from urllib.parse import urlsplit

import regex

from cleaners.base import Document, Line, register
from cleaners.boilerplate import domain_of
from cleaners.config import setting
from cleaners.watermark import Watermark

_HAN = regex.compile(r"\p{Han}")
_NAME_END = regex.compile(r"[\s(（\[【|｜·-]*(?:(?:https?://)?(?:www|m|wap)\.?)?$")  # between a site's name and its host


def page_address(doc: Document) -> str:
    """The page's own address from its `url` field, lower case, without its scheme, query or trailing slash; "" when
    it has no path (a site's home page: its domain alone is drop_own_domain's)."""
    url = doc.meta.get("url")
    if not isinstance(url, str):
        return ""
    url = url.strip()
    try:
        parts = urlsplit(url if "//" in url else "//" + url)  # a bare host/path, as host_of reads it
    except ValueError:  # a malformed URL (bad IPv6 literal): no address
        return ""
    path = parts.path.rstrip("/")
    return f"{parts.netloc}{path}".lower() if "." in parts.netloc and len(path) >= 3 else ""


def _removed_lines(doc: Document) -> dict[int, str]:
    """The text of the document's whole lines removed so far, by line number."""
    return {no: r.text for no, r in doc.line_removals().items()}


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
        self.thread_starter = regex.compile(setting(self.settings, "thread_starter_row", str, self.name))
        self.min_text_after = setting(self.settings, "min_text_after_thread", int, self.name)
        self.answer_row = regex.compile(setting(self.settings, "answer_row", str, self.name))
        self.section_word = regex.compile(setting(self.settings, "comment_section_word", str, self.name))
        self.article_ratio = setting(self.settings, "article_to_comments", float, self.name)
        self.max_row = setting(self.settings, "max_thread_row_chars", int, self.name)
        self.sentence = regex.compile(setting(self.settings, "head_sentence_mark", str, self.name))
        self.sentence_han = setting(self.settings, "head_sentence_hanzi", int, self.name)
        self.footer = regex.compile(setting(self.settings, "site_footer", str, self.name))
        self.name_split = regex.compile(setting(self.settings, "name_slogan_separator", str, self.name))
        self.doc_kind = regex.compile(setting(self.settings, "document_kind", str, self.name))
        self.crumb_sep = regex.compile(setting(self.settings, "crumb_separator", str, self.name))
        self.menu_sep = regex.compile(setting(self.settings, "menu_separator", str, self.name))
        self.menu_item = regex.compile(setting(self.settings, "menu_item", str, self.name))
        self.owner_before = regex.compile(setting(self.settings, "owner_before", str, self.name) + "$")
        self.owner_after = regex.compile(setting(self.settings, "owner_after", str, self.name))
        self.navigation = regex.compile(setting(self.settings, "navigation_reason", str, self.name))
        self.max_name_chars = setting(self.settings, "max_site_name_chars", int, self.name)
        self.domain_fields = setting(self.settings, "domain_fields", list, self.name)
        self.max_domain_line = setting(self.settings, "max_own_domain_line_chars", int, self.name)
        self.not_domain_line = regex.compile(setting(self.settings, "not_own_domain_line", str, self.name))
        self.not_domain_tail = regex.compile(setting(self.settings, "not_own_domain_tail", str, self.name))
        self.max_address_line = setting(self.settings, "max_own_address_line_chars", int, self.name)

    def run(self, doc: Document) -> Document:
        doc = super().run(doc)
        domain = domain_of(doc, self.domain_fields)  # the page's own site, "" when its input gives none
        if doc.lines and "." in domain:
            self.drop_own_domain(doc, domain)
        address = page_address(doc)
        if doc.lines and address:
            self.drop_own_address(doc, address)
        if doc.lines:
            self.drop_head_chrome(doc, domain)
        if doc.lines:
            self.drop_replies(doc)
        return doc

    def drop_own_domain(self, doc: Document, domain: str) -> None:
        """A short line naming the page's own site by its domain (from the document's `url` or `host`): the site's
        name and address (`诗文选 shiwenxuan.com 2014-2025`, `宠物医生在线 chongwuyisheng.cn`), its footer, its contacts
        after it (`养生道 yangshengdao.com.cn 联系邮箱:ysd@…`). Not an e-mail address, a URL with its scheme or path,
        a labelled field (`网址:…`, an office's own contact row), nor a line of code or a sentence: nothing of
        `not_own_domain_line` up to the domain, nothing of `not_own_domain_tail` after it. Real-dev and the probe
        sets: 283 such lines, all noise (the 14 content lines naming their site are sentences or URLs)."""
        named = regex.compile(r"(?<![\w.@-])(?:[\w-]+\.)*" + regex.escape(domain) + r"(?![\w.-]|/)", regex.IGNORECASE)
        for line in doc.lines:
            text = line.text.strip()
            if not text or len(text) > self.max_domain_line or domain not in text.lower():
                continue
            found = named.search(text)
            if (found and not self.not_domain_line.search(text, 0, found.end())
                    and not self.not_domain_tail.search(text, found.end())):
                self.drop_line(doc, line, f"the site's own address ({domain}) on a short line: its name or footer")
        doc.lines = [line for line in doc.lines if line.text]

    def drop_own_address(self, doc: Document, address: str) -> None:
        """A line holding the page's own address (its `url`, with its path): the page's permalink or share line
        (`本文链接:https://…`, `复制本页网址分享给好友:…`, `…永久地址 blog.x.dev/posts/…`). Real-dev and the probe sets:
        85 such lines of at most max_own_address_line_chars, all noise (a repost's longer source line is kept)."""
        for line in doc.lines:
            if line.text and len(line.text) <= self.max_address_line and address in line.text.lower():
                self.drop_line(doc, line, "the page's own address: its permalink or share line")
        doc.lines = [line for line in doc.lines if line.text]

    def drop_head_chrome(self, doc: Document, domain: str) -> None:
        """The page's head, above its first sentence, once the model and the patterns have judged it.

        A menu row with odd separators (`法律 ┊ 行政法规 ┊ 部门规章 ┊ …`, `行情中心  自选股  数据中心  …`): four or
        more short items, nothing else, next to a removed line, above no row of the same shape (a table's header
        has rows under it), and not under a kept line with removed lines between them: the site's header comes
        before the document's title, and a row below the title and its removed metadata row is the document's own (a
        tutorial's `文件 | 编辑 | 视图 | 帮助`, a poem's `春雨 / 竹影 / 茶烟 / 鸟声`, a lesson's row of words)."""
        lines = doc.lines
        end = next((k for k, line in enumerate(lines) if len(_HAN.findall(line.text)) >= self.sentence_han
                    and self.sentence.search(line.text)), None)
        if end is None:
            return
        self.drop_site_name(doc, lines, end, domain)
        self.drop_name_above_navigation(doc, lines, end)
        removed = _removed_lines(doc)
        for k in range(end):
            line = lines[k]
            if not line.text:
                continue
            if not (line.no - 1 in removed or line.no + 1 in removed) or self.sentence.search(line.text):
                continue
            above = next((lines[j] for j in range(k - 1, -1, -1) if lines[j].text), None)
            if above is not None and above.no < line.no - 1:
                continue  # under a kept line (the title) and a removed one (its metadata): the document's own row
            items = [w for w in self.menu_sep.split(line.text.strip()) if w]
            if len(items) < 4 or not all(self.menu_item.fullmatch(w) for w in items):
                continue
            below = lines[k + 1].text if k + 1 < len(lines) else ""
            if len([w for w in self.menu_sep.split(below.strip()) if w]) == len(items):
                continue  # a table's header and its first row
            self.drop_line(doc, line, f"a menu row in the page's head: {len(items)} short items")
        doc.lines = [line for line in lines if line.text]

    def drop_site_name(self, doc: Document, lines: list, end: int, domain: str) -> None:
        """The site's name (with its slogan) and a breadcrumb from it, in the page's head: the name is found again
        in a removed footer row (`…版权所有`, `© …`, `主办:…`, an ICP row) or right before the page's own domain in a
        removed line (`诗文选 shiwenxuan.com`), so it names the site, not the document.
        Not a letterhead: an office's name right above its document's title (nothing removed between them), or
        one that signs the document below (a kept line that is the name)."""
        removed = _removed_lines(doc)
        footers = [text for text in removed.values() if self.footer.search(text)]
        # ... or a removed line that gives its name right before its domain (`诗文选 shiwenxuan.com 2014-2025`)
        named = {_NAME_END.sub("", text[: text.lower().find(domain)]).strip() for text in removed.values()
                 if "." in domain and domain in text.lower()} - {""}
        if not footers and not named:
            return
        below_head = lines[end].no
        signed = {line.text.strip() for line in lines[end:]}  # an office signing the document below

        def is_site(name: str) -> bool:
            name = name.strip()
            if len(_HAN.findall(name)) < 2 or len(name) < 3 or name in signed:
                return False
            if name in named:
                return True
            for f in footers:  # the name where a footer names an owner: right after `©`, or before `版权所有`
                at = f.find(name)
                while at >= 0:
                    if self.owner_before.search(f, 0, at) or self.owner_after.match(f, at + len(name)):
                        return True
                    at = f.find(name, at + 1)
            return False

        for k in range(end):
            line = lines[k]
            text = line.text.strip()
            if not text or len(text) > 40 or self.sentence.search(text):
                continue
            crumbs = [w for w in self.crumb_sep.split(text) if w]
            if len(crumbs) >= 3 and all(len(c) <= 16 for c in crumbs) and is_site(crumbs[0]):
                self.drop_line(doc, line, f"a breadcrumb from the site's name {crumbs[0]!r}")
                continue
            if not any(line.no < n < below_head for n in removed):
                continue  # nothing of the site's between the name and the text
            parts = [w for w in self.name_split.split(text) if w]
            if len(parts) > 2 or (len(parts) == 2 and self.doc_kind.search(parts[1])):
                continue
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if nxt is not None and nxt.no == line.no + 1 and (nxt.text.startswith("关于") or self.doc_kind.search(nxt.text)):
                continue  # a letterhead right above its document's title
            if parts and is_site(parts[0]):
                self.drop_line(doc, line, "the site's name in the page's head, found again in its footer")

    def drop_name_above_navigation(self, doc: Document, lines: list, end: int) -> None:
        """The page's first line left, a short one, when the next line of the page was removed as the site's
        navigation or breadcrumb: a site puts its name above its menu, a document's title comes below the menu.
        real-dev: 5 such lines, all the site's (`牟定县人民政府` above `首页 >> 公开信息内容`); probe pages: 7, all noise."""
        first = next((k for k, line in enumerate(lines) if line.text), None)
        if first is None or first >= end:
            return
        line = lines[first]
        text = line.text.strip()
        if len(text) > self.max_name_chars or self.sentence.search(text):
            return
        removals = doc.line_removals()
        below = min((n for n in removals if n > line.no), default=None)  # the next line removed ...
        if below is None or (first + 1 < len(lines) and lines[first + 1].no < below):
            return  # ... none, or a line left comes first
        nav = removals[below]
        if nav.cleaner in ("watermark", "late_chrome") and self.navigation.search(nav.reason):
            self.drop_line(doc, line, "the site's name above its navigation (the next line, removed)")

    def drop_replies(self, doc: Document) -> None:
        removed = _removed_lines(doc)
        if not removed:
            return
        gone = sorted(removed)
        if any(self.thread_starter.search(removed[n]) for n in gone):
            return  # a forum thread's replies (its posts): content
        openers = [n for n in gone if len(removed[n]) <= self.max_row and self.thread_opener.match(removed[n])]
        if not openers:
            return
        lines = doc.lines
        first_kept = lines[0].no
        openers = [n for n in openers if n > first_kept]  # a thread under some kept text, not the page's head
        if not openers:
            return
        # the last long line of text: replies come after the article
        last_long = max((line.no for line in lines if len(line.text) >= self.min_text_after), default=0)
        # a comment section's heading below the article's last text: the short lines under it are its comments
        section = next((n for n in openers if n > last_long and self.section_word.search(removed[n])), None)
        if section is not None:  # ... a page's tail: the article above it is the page's main text
            above_chars = sum(len(line.text) for line in lines if line.no < section)
            if above_chars < self.article_ratio * sum(len(line.text) for line in lines if line.no > section):
                section = None
        answers = [n for n in gone if self.answer_row.search(removed[n])]
        run: list[Line] = []  # the section's short lines left since the last removed line
        for k, line in enumerate(lines):
            n = line.no
            if n <= openers[0] or n <= last_long or len(line.text) > self.max_reply_chars:
                run = []
                continue
            if answers and answers[0] < n:
                continue  # a Q&A page's answer under an answerer's row: content
            prev_kept = lines[k - 1].no if k else 0
            next_kept = lines[k + 1].no if k + 1 < len(lines) else None
            i = bisect.bisect_left(gone, n)
            above = gone[i - 1] if i and gone[i - 1] > prev_kept else None
            below = gone[i] if i < len(gone) and (next_kept is None or gone[i] < next_kept) else None
            if section is not None and n > section:
                run = [line] if above is not None else [*run, line]
                if below is not None or next_kept is None:  # the run ends at a removed line or the page's end
                    for reply in run:
                        self.drop_line(doc, reply, f"in the comment section under {removed[section][:30]!r}, "
                                                   "after the article's last text")
                    run = []
                continue
            if above is None or (below is None and next_kept is not None):
                continue
            row = removed[above]
            if len(row) <= self.max_row and self.thread_opener.match(row) or self.commenter_row.match(row):
                self.drop_line(doc, line, f"a comment thread's reply: under the thread's row {row[:30]!r}")
        doc.lines = [line for line in lines if line.text]
