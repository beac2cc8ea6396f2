"""Remove markup and symbol noise: lines of HTML tags or entities left by a scraper, HTML tags left inside a line of
prose, a forum engine's anti-copy filler (a line of it, or glued to a line of text), a comment form's smiley codes."""

from __future__ import annotations

import regex

from cleaners.base import Cleaner, Document, register
from cleaners.config import setting
from cleaners.no_words import holds_code

_TAG = regex.compile(r"<[/!]?([A-Za-z][A-Za-z0-9]*)[^<>]*>|<([A-Za-z][A-Za-z0-9]*)[^<>]*$")
_LETTER = regex.compile(r"\p{L}")
_ENTITY = regex.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_HAN = regex.compile(r"\p{Han}")
_TAG_WORD = regex.compile(r"(?<![A-Za-z0-9])<?/?([A-Za-z][A-Za-z0-9]*)\s*>?")
_SYMBOL = regex.compile(r"[^\p{L}\p{N}\s]")
_WORD = regex.compile(r"[A-Za-z]{4,}")
_UPPER = regex.compile(r"[A-Z]")
_LOWER = regex.compile(r"[a-z]")
_OPEN_QUOTES = "`'\"‘“「《"
_CLOSE_QUOTES = "`'\"’”」》"
_BRACKETS = {")": "(", "]": "[", "}": "{"}
# a well-formed tag inside a line of text: <p class="ql-block">, </p>, <br/>, <img src=http://…/1.jpg>
_INLINE_TAG = regex.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+))?)*)\s*/?>"
)


def _balanced(token: str) -> bool:
    """Whether the token has brackets and they pair up, as in a formula or code."""
    stack: list[str] = []
    seen = False
    for c in token:
        if c in "([{":
            stack.append(c)
            seen = True
        elif c in _BRACKETS:
            if not stack or stack.pop() != _BRACKETS[c]:
                return False
            seen = True
    return seen and not stack


@register
class MarkupResidue(Cleaner):
    """A line of HTML tags and nothing a reader sees, or HTML tags left inside a line of prose (unless the document
    is about code); a line of HTML entities (`&nbsp;&nbsp;`); the anti-copy filler of forum mirrors: a line of
    short random symbol-and-letter pairs (`{* t6 p8 g2 v; y3`) or of one random string (`&")QN[|b`), or such
    filler glued before or after a line of text; a script's value or a template's placeholder alone on a line
    (`undefined`, `[object Object]`, `{{$article.next_title}}`, `[/quote]`) where the page neither holds nor
    discusses code."""

    name = "markup_residue"
    whole_document = True  # tags are content in a document that holds code

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.code_line = regex.compile(setting(self.settings, "code_line", str, self.name))
        self.html_code_line = regex.compile(setting(self.settings, "html_code_line", str, self.name))
        self.html_tags = frozenset(setting(self.settings, "html_tags", str, self.name).split())
        self.min_tokens = setting(self.settings, "min_noise_tokens", int, self.name)
        self.max_token_chars = setting(self.settings, "max_noise_token_chars", int, self.name)
        self.min_pair_share = setting(self.settings, "min_noise_pair_share", float, self.name)
        self.min_symbol_kinds = setting(self.settings, "min_noise_symbol_kinds", int, self.name)
        self.glued_start = regex.compile(setting(self.settings, "glued_noise_start", str, self.name))
        self.glued_end = regex.compile(setting(self.settings, "glued_noise_end", str, self.name))
        self.glued_string = regex.compile(setting(self.settings, "glued_random_string", str, self.name))
        self.rare_symbols = frozenset(setting(self.settings, "random_string_symbols", str, self.name))
        self.random_chars = range(setting(self.settings, "min_random_string_chars", int, self.name),
                                  setting(self.settings, "max_random_string_chars", int, self.name) + 1)
        self.smiley_codes = regex.compile(setting(self.settings, "smiley_codes", str, self.name))
        self.entities = regex.compile(setting(self.settings, "entities", str, self.name))
        self.min_prose_hanzi = setting(self.settings, "min_prose_hanzi", int, self.name)
        self.tag_named = regex.compile(setting(self.settings, "tag_named", str, self.name))
        self.script_residue = regex.compile(setting(self.settings, "script_residue", str, self.name))
        self.script_cue = regex.compile(setting(self.settings, "script_cue", str, self.name))
        self.hidden = regex.compile(setting(self.settings, "hidden_element", str, self.name))

    def run(self, doc: Document) -> Document:
        code: dict[bool, bool] = {}  # whether the document holds code (of Latin letters): once, if a line needs it
        taught: list[set] = []  # the tags the document's text names as its subject: looked at once, if needed
        about_code: list[bool] = []  # whether a line of text names a script's value or talks about code: once

        def prose_document(latin: bool = False) -> bool:
            if latin not in code:  # filler is no code, though its lines may end in `{` or `;`
                lines = [x for x in doc.lines if not self.is_symbol_noise(x.text) and not self.is_random_string(x.text)
                         and not self.glued_symbol_noise(x.text) and not self.script_residue.match(x.text)]
                # a line of prose ending in an escaped tag (`…事。&lt;br /&gt;`) is not code ending in `;`
                pattern = self.html_code_line if latin else self.code_line
                code[latin] = holds_code((_ENTITY.sub("", x.text) for x in lines), pattern)
            return not code[latin]

        for line in doc.lines:
            text = line.text
            if len(text) <= 80 and self.script_residue.match(text):
                if not about_code:
                    about_code.append(any(self.script_cue.search(x.text) for x in doc.lines
                                          if not self.script_residue.match(x.text)))
                if not about_code[0] and prose_document():
                    self.drop_line(doc, line, "script residue: a script's value or a template's placeholder alone")
                continue
            if "<" in text and _TAG.search(text):
                if self.only_html_tags(text):
                    if not taught:
                        taught.append(self.taught_tags(doc.lines))
                    if taught[0]:
                        continue  # a lesson on HTML: its text names a tag as its subject (`video标签`, `<p>元素`)
                    if prose_document(latin=True):
                        self.drop_line(doc, line, "markup residue: HTML tags only")
                        continue
                elif (spans := self.tags_in_prose(text)) and prose_document(latin=True):
                    self.drop_spans(doc, line, spans)
                    text = line.text
            if self.is_symbol_noise(text):
                self.drop_line(doc, line, "symbol noise: short random symbol-and-letter pairs (anti-copy filler)")
            elif self.is_random_string(text):
                self.drop_line(doc, line, "symbol noise: a random string of letters and symbols (anti-copy filler)")
            elif ":" in text and self.smiley_codes.match(text):
                self.drop_line(doc, line, "smiley codes of a comment form (:razz: :smile: …)")
            elif "&" in text and self.entities.match(text):
                self.drop_line(doc, line, "markup residue: HTML entities only (&nbsp; …)")
            elif (spans := self.glued_symbol_noise(text)) and prose_document():
                self.drop_spans(doc, line, spans)
        doc.lines = [line for line in doc.lines if line.text]
        return doc

    def taught_tags(self, lines: list) -> set[str]:
        """The HTML tags a line of text names as its subject (`video标签`, `<iframe>元素`, `HTML标签`): a lesson on
        HTML shows tags alone on their lines as examples, which are not a scraper's residue."""
        names = set()
        for line in lines:
            text = line.text
            if not _HAN.search(text) or self.only_html_tags(text):
                continue
            for m in _TAG_WORD.finditer(text):
                name = m.group(1).lower()
                if (name in self.html_tags or name == "html") and self.tag_named.match(text, m.end()):
                    names.add(name)
        return names

    def only_html_tags(self, text: str) -> bool:
        """Tags of HTML itself and nothing a reader sees (bullets, numbers, HTML entities such as `&nbsp;` and the
        text of a hidden element, `<span style="display:none">lk29</span>`, aside); XML of a config file names its
        own tags and stays."""
        if _LETTER.search(_ENTITY.sub("", _TAG.sub("", self.hidden.sub("", text)))):
            return False
        return all((m.group(1) or m.group(2)).lower() in self.html_tags for m in _TAG.finditer(text))

    def tags_in_prose(self, text: str) -> list[tuple[int, int, str]]:
        """HTML tags a scraper left inside a line of prose (`<p class="x">…</p> <p>…`, `<br><img src=…>`): cut
        when there are two or more of them, or one with attributes, and the text around them holds hanzi. A
        tag the text names (`<p>标签`) stays, and so does every tag of such a line."""
        tags = [m for m in _INLINE_TAG.finditer(text) if m.group(2).lower() in self.html_tags]
        if not tags or (len(tags) == 1 and not tags[0].group(3)):
            return []
        if any(self.names_tag(text, m.start(), m.end()) for m in tags):
            return []
        if len(_HAN.findall(_INLINE_TAG.sub("", text))) < self.min_prose_hanzi:
            return []
        names = ", ".join(dict.fromkeys(m.group(2).lower() for m in tags))
        return [(m.start(), m.end(), f"markup residue: HTML tags in the text ({names})") for m in tags]

    def names_tag(self, text: str, start: int, end: int) -> bool:
        """The text talks about the tag: a word for tags right after it, or quotes around it."""
        if self.tag_named.match(text, end):
            return True
        return start > 0 and end < len(text) and text[start - 1] in _OPEN_QUOTES and text[end] in _CLOSE_QUOTES

    def is_symbol_noise(self, text: str) -> bool:
        tokens = text.split()
        if len(tokens) < self.min_tokens or _HAN.search(text):
            return False
        return self.random_pairs(tokens)

    def glued_symbol_noise(self, text: str) -> list[tuple[int, int, str]]:
        """Anti-copy filler glued to a line of text, before it (`0 }0 I& S E6 s* Q特斯拉…`) or after it
        (`…全宽屏1 ^0 K8 c9 S3 d- V- T/ p* {`)."""
        spans = []
        first = text[:1]
        # filler starts with a token of one or two printable characters: a space within the first four
        if ("!" <= first <= "~" or first == " ") and " " in text[1:4] and (m := self.glued_start.match(text)) \
                and self.random_pairs(m.group().split()):
            spans.append((m.start(), m.end(), "symbol noise glued before the text (anti-copy filler)"))
        if "!" <= text[-1:] <= "~":  # ... and ends with one: a space within the last three, or a random string
            tail = max(0, len(text) - 80)
            end = self.glued_end.search(text, tail) if " " in text[-3:] else None
            if not (end and self.random_pairs(end.group().split())):
                end = self.glued_string.search(text, tail)
                end = end if end and self.random_string(end.group().strip()) else None
            if end:
                spans.append((end.start(), end.end(), "symbol noise glued after the text (anti-copy filler)"))
        return spans

    def is_random_string(self, text: str) -> bool:
        """A line of one random string, another short token at most (`&")ON[|b`, `@@2o-a:B,s:Rtn y-~0`)."""
        if len(text) > 2 * self.random_chars.stop or not text.isascii():
            return False
        tokens = text.split()
        if not 1 <= len(tokens) <= 2 or not self.random_string(tokens[0]):
            return False
        return len(tokens) == 1 or (len(tokens[1]) <= self.random_chars.stop and not _WORD.search(tokens[1]))

    def random_string(self, token: str) -> bool:
        """Anti-copy filler of forum engines without spaces (`+,f|Y6L<`, `w^)LZ%J$y8T9S`): upper- and lower-case
        letters but no word of four, symbols of several kinds, one of them rare in formulas and code (`|`, `%`,
        `$`, `@`, …), brackets unbalanced if any: not a formula (`H2O(l)+CO2(g)`) or code (`a[i]=Foo();`)."""
        if len(token) not in self.random_chars or _WORD.search(token):
            return False
        if not (_UPPER.search(token) and _LOWER.search(token)):
            return False
        symbols = set(_SYMBOL.findall(token))
        if len(symbols) < self.min_symbol_kinds or not symbols & self.rare_symbols:
            return False
        return not _balanced(token)

    def random_pairs(self, tokens: list[str]) -> bool:
        """Short tokens (at most max_noise_token_chars), most of them a random pair (a letter or digit with a
        symbol or with a digit or letter: `I&`, `x6`, `}0`), with symbols of several kinds: filler, not an exam's
        options (`A. B. C. D.`), blanks (`( ) ( )`) or variables (`x1 x2 y1`)."""
        if any(len(t) > self.max_token_chars for t in tokens):
            return False
        pairs = sum(1 for t in tokens if len(t) == 2 and not (t.isalpha() or t.isdigit()))
        symbols = {c for t in tokens for c in _SYMBOL.findall(t)}
        return pairs >= self.min_pair_share * len(tokens) and len(symbols) >= self.min_symbol_kinds
