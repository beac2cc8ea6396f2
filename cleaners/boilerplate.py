"""Learned boilerplate: a short line that recurs within one site's pages is that site's template (chrome).

A line that recurs across many different sites (a quoted poem line, a formula of official writing, the
signature of an office whose notices many sites repost) is text, not chrome: it is never learned.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import numpy as np
import xxhash

from cleaners.base import Cleaner, Document, register
from cleaners.config import ConfigError, compile_patterns, setting
from cleaners.prefilter import Prefilter

# Figures that change from page to page: dates, times, sizes, ids, counts ("2023-05-01", "25.98KB",
# "p-1815488", "9927"): an ASCII run holding a digit becomes "#" before a line is counted.
_FIGURES = re.compile(r"[0-9A-Za-z]*[0-9][0-9A-Za-z.,:/_\-]*")
# eTLD+1 without the Public Suffix List: "www.gov.cn"-style second levels under a two-letter country code.
_SECOND_LEVEL = frozenset(
    ("com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "mil", "idv", "sch")
)
_MIX = 0x9E3779B97F4A7C15  # a site's 32-bit hash, spread over 64 bits before it is folded into a line key
_MASK64 = (1 << 64) - 1
OWN_TITLE = 1 << 63  # a learned line's flag: kept near the top of the one document that has it there
_TITLE = "\x01"  # stands for the document's own title inside a line (see LearnedBoilerplate.untitled)


# A field of a metadata row: a short label and a colon ("上传人:", "文档编号:", "大小:").
_FIELD = re.compile(r"([\u4e00-\u9fffA-Za-z]{1,8})[ \t]*[:：]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# A line of the document's running text: a sentence ("。" inside, or "!", "?", "…" at its end) of 15 characters or more.
_SENTENCE = re.compile(r"(?=.{15}).*(?:。|[!?…]\s*$)")


def _figures_row(text: str) -> bool:
    """A labelled row of figures: it opens with a label, and what follows holds no word but other labels
    ("申请日: 2022-12-09", "上传时间:2023-05-01 浏览:36"; not a title "读书笔记:2024 年的 10 本书")."""
    m = _FIELD.match(text)
    return m is not None and _HAN.search(_FIELD.sub("", text[m.end() :])) is None


def mask_figures(text: str) -> str:
    return _FIGURES.sub("#", text)


def field_labels(text: str, min_fields: int) -> tuple[str, ...] | None:
    """A metadata row's labels in order (上传人, 文档编号, 上传时间, 格式, 页数), if the line has at least
    `min_fields` labelled fields and a figure: on a site's pages such a row differs in every value (the
    uploader too), its labels recur."""
    if not _DIGIT.search(text):
        return None
    labels = tuple(_FIELD.findall(text))
    return labels if len(labels) >= min_fields else None


def site_of_host(host: str) -> str:
    """The registrable-ish domain of a host: m.example.com and www.example.com are one site."""
    host = host.strip().lower().rstrip(".")
    labels = host.split(".")
    if len(labels) <= 2 or all(label.isdigit() for label in labels):  # bare IPv4: its own site
        return host
    if labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def host_of(value: str) -> str:
    """The host of a url or bare host ("" when there is none)."""
    value = value.strip()
    if "//" not in value:
        value = "//" + value  # a bare host, or host/path
    try:
        return urlsplit(value).hostname or ""
    except ValueError:  # a malformed URL (bad port, bad IPv6 literal): no site
        return ""


def domain_of(doc: Document, fields: Iterable[str]) -> str:
    """The site's domain of a document: from the first of `fields` (`url`, `host`) it has; "" when none."""
    for field in fields:
        value = doc.meta.get(field)
        if isinstance(value, str) and value.strip():
            host = host_of(value)
            if host:
                return site_of_host(host)
    return ""


class LineStats:
    """(key, value) pairs, unique, at most `cap` values per key (the smallest: a min-k sketch, so that
    merging shards in any order gives the same result), as one sorted (N, 2) uint64 array: 16 bytes a pair,
    where a dict of sets took ~350 bytes. New pairs are staged and merged in once they outnumber the
    packed ones."""

    BUFFER = 1 << 16  # pairs buffered as Python ints before they become an array

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.pairs = np.empty((0, 2), dtype=np.uint64)
        self._keys: list[int] = []
        self._fps: list[int] = []
        self._chunks: list[np.ndarray] = []
        self._staged = 0

    def add(self, key: int, fp: int) -> None:
        self._keys.append(key)
        self._fps.append(fp)
        if len(self._keys) >= self.BUFFER:
            self._stage_buffer()

    def update(self, other: LineStats) -> None:
        """Merge in another shard's statistics."""
        self._stage(other.pack())

    def pack(self) -> np.ndarray:
        """All pairs, sorted, unique and capped."""
        self._stage_buffer()
        if self._chunks:
            self._compact()
        return self.pairs

    def _stage_buffer(self) -> None:
        if self._keys:
            keys, fps = np.array(self._keys, dtype=np.uint64), np.array(self._fps, dtype=np.uint64)
            self._keys, self._fps = [], []
            self._stage(self._capped(np.column_stack([keys, fps])))

    def _stage(self, pairs: np.ndarray) -> None:
        self._chunks.append(pairs)
        self._staged += len(pairs)
        if self._staged > max(
            len(self.pairs), self.BUFFER
        ):  # geometric: each pair is re-sorted O(log n) times
            self._compact()

    def _compact(self) -> None:
        self.pairs = self._capped(np.concatenate([self.pairs, *self._chunks]))
        self._chunks, self._staged = [], 0

    def __getstate__(self) -> dict[str, object]:
        return {**self._settings(), "pairs": self.pack()}

    def __setstate__(self, state: dict[str, object]) -> None:
        state = dict(state)
        pairs = state.pop("pairs")
        self.__init__(**state)  # type: ignore[misc]
        self.pairs = pairs  # type: ignore[assignment]

    def _settings(self) -> dict[str, object]:
        return {"cap": self.cap}

    @staticmethod
    def _sorted_unique(pairs: np.ndarray) -> np.ndarray:
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        return pairs[np.r_[True, (pairs[1:] != pairs[:-1]).any(axis=1)]]

    @staticmethod
    def _rank(first: np.ndarray) -> np.ndarray:
        """Each row's position within its run (runs start where `first` is True)."""
        starts = np.flatnonzero(first)
        return np.arange(len(first)) - np.repeat(starts, np.diff(np.r_[starts, len(first)]))

    def _capped(self, pairs: np.ndarray) -> np.ndarray:
        if not len(pairs):
            return pairs
        pairs = self._sorted_unique(pairs)
        return pairs[self._rank(np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]) < self.cap]

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct keys and how many values each has (at most `cap`)."""
        keys = self.pack()[:, 0]
        if not len(keys):
            return keys, np.empty(0, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        return keys[starts], np.diff(np.r_[starts, len(keys)])

    def lines_seen_in(self, min_docs: int) -> set[int]:
        """Keys (line hashes) with at least `min_docs` distinct values (documents)."""
        keys, counts = self.counts()
        return set(keys[counts >= min_docs].tolist())

    def __len__(self) -> int:
        """Distinct keys."""
        return len(self.counts()[0])


class SiteLineStats(LineStats):
    """(line hash, site << 32 | document) pairs, with 32-bit site and document hashes: which documents of
    which sites each line was seen in. At most `cap` documents are kept per (line, site); a line seen in
    `max_sites` sites is text whatever else is found, so only `max_sites` sites of it are kept, one
    document each (the smallest hashes again: merging stays order-free)."""

    def __init__(self, cap: int, max_sites: int) -> None:
        super().__init__(cap)
        self.max_sites = max_sites

    def _settings(self) -> dict[str, object]:
        return {"cap": self.cap, "max_sites": self.max_sites}

    def _capped(self, pairs: np.ndarray) -> np.ndarray:
        if not len(pairs):
            return pairs
        pairs = self._sorted_unique(pairs)
        lines, sites = pairs[:, 0], pairs[:, 1] >> np.uint64(32)
        new_line = np.r_[True, lines[1:] != lines[:-1]]
        new_group = new_line | np.r_[True, sites[1:] != sites[:-1]]
        rank = self._rank(new_group)  # document's position within its (line, site)
        site_rank = self._rank(new_line[new_group])  # site's position within its line, per group
        line_sites = np.diff(np.r_[np.flatnonzero(new_line[new_group]), new_group.sum()])  # per line
        group_sites = np.repeat(line_sites, line_sites)  # per group: its line's number of sites
        keep_group = np.where(group_sites >= self.max_sites, site_rank < self.max_sites, True)
        group = np.cumsum(new_group) - 1
        vetoed = (group_sites >= self.max_sites)[group]
        return pairs[keep_group[group] & (rank < np.where(vetoed, 1, self.cap))]


class SiteStats:
    """The map output of learned boilerplate: the lines of each site's documents, each site's number of
    distinct documents (reposts of one report count once), and which documents have a line near their top."""

    def __init__(self, cap: int, max_sites: int) -> None:
        self.lines = SiteLineStats(cap, max_sites)
        self.docs = LineStats(1 << 62)  # (site, document fingerprint): uncapped, 16 bytes a document
        self.heads = LineStats(2)  # (line-in-site key, document): one document or more than one

    def update(self, other: SiteStats) -> None:
        self.lines.update(other.lines)
        self.docs.update(other.docs)
        self.heads.update(other.heads)

    def __len__(self) -> int:
        """Distinct lines."""
        return len(self.lines)


def line_site_key(line_key: int, site: int) -> int:
    return (line_key ^ (site * _MIX)) & _MASK64


@register
class LearnedBoilerplate(Cleaner):
    """CCNet's line-level idea, per site: a site's template lines are learned from its own pages (figures
    masked, reposts of one report counted once); lines common to many sites are text and stay."""

    name = "learned_boilerplate"
    corpus_level = True

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        self.min_site_docs = setting(self.settings, "min_site_docs", int, self.name)
        self.min_site_share = setting(self.settings, "min_site_share", float, self.name)
        self.enough_site_docs = setting(self.settings, "enough_site_docs", int, self.name)
        self.max_sites = setting(self.settings, "max_sites", int, self.name)
        self.site_fields = setting(self.settings, "site_fields", list, self.name)
        self.min_chars = setting(self.settings, "min_line_chars", int, self.name)
        self.max_chars = setting(self.settings, "max_line_chars", int, self.name)
        self.content_chars = setting(self.settings, "fingerprint_min_chars", int, self.name)
        self.min_row_fields = setting(self.settings, "min_row_fields", int, self.name)
        self.max_row_chars = setting(self.settings, "max_row_chars", int, self.name)
        self.author_fields = frozenset(setting(self.settings, "author_fields", list, self.name))
        self.title_zone = setting(self.settings, "title_zone_lines", int, self.name)
        self.not_learned_from = frozenset(setting(self.settings, "not_learned_from", list, self.name))
        self.min_title_chars = setting(self.settings, "min_title_chars", int, self.name)
        self.min_untitled_chars = setting(self.settings, "min_untitled_chars", int, self.name)
        if self.min_site_docs < 2 or self.max_sites < 2 or not 0 <= self.min_site_share <= 1:
            raise ConfigError(
                f"[{self.name}] min_site_docs and max_sites must be at least 2, min_site_share within 0..1"
            )
        if not all(isinstance(field, str) and field for field in self.site_fields):
            raise ConfigError(
                f"[{self.name}] site_fields must be a list of field names: {self.site_fields!r}"
            )
        file = setting(self.settings, "skip_patterns", str, self.name)
        self.skip = compile_patterns(patterns(file), file)
        self.skip_filter = Prefilter(self.skip)
        # learned: line-in-site key -> documents it recurs in << 32 | the site's documents
        self.boilerplate: dict[int, int] = {}

    @staticmethod
    def key(text: str) -> int:
        return xxhash.xxh64_intdigest(text.encode())

    @staticmethod
    def site_key(site: str) -> int:
        return xxhash.xxh32_intdigest(site.encode())

    def site(self, doc: Document) -> str:
        """The site a document belongs to: the domain of its `url` (or `host`, see site_fields) field; a .txt
        file's folder. "" (unknown): the document neither teaches nor loses a line."""
        site = domain_of(doc, self.site_fields)
        if site:
            return site
        if doc.source.lower().endswith(".txt"):
            return os.path.dirname(doc.source) or "."
        return ""

    def fingerprint(self, doc: Document) -> int:
        """Min-hash of the document's long (content) lines: reposts of one report mostly share it."""
        hashes = [self.key(line.text) for line in doc.lines if len(line.text) >= self.content_chars]
        return min(hashes) if hashes else self.key("\x00" + doc.id)

    def title(self, doc: Document) -> str:
        """The document's first line, its title, if long enough to be told apart inside other lines ("" if not)."""
        text = doc.lines[0].text.strip() if doc.lines else ""
        return text if self.min_title_chars <= len(text) <= self.max_chars else ""

    def untitled(self, text: str, title: str) -> str:
        """The line with the document's title in it masked: a site's template names each page's own title
        ("导读:本篇《X》由某网收录", "与“X”相关的范文:"), its other words recur from page to page."""
        if title and title in text and len(text) - len(title) >= self.min_untitled_chars:
            return text.replace(title, _TITLE)
        return text

    def skipped(self, text: str) -> bool:
        return any(p.search(text) for p in self.skip_filter.candidates(text))

    def row_of(self, text: str) -> tuple[str, ...] | None:
        """The line's field labels, if it is a metadata row short enough to be one."""
        if len(text) > self.max_row_chars or self.skipped(text):
            return None
        labels = field_labels(text, self.min_row_fields)
        if labels is None or self.author_fields.intersection(labels):
            return None  # a notice's contact row ("联系人:… 电话:…") is its author's, whatever its site
        return labels

    def row_key(self, labels: tuple[str, ...]) -> int:
        """A metadata row's key among the line keys: its labels, never a line's text."""
        return self.key("\x00fields:" + "|".join(labels))

    def need(self, site_docs: np.ndarray) -> np.ndarray:
        """Documents of a site a line must recur in (per site, from its number of documents): min_site_docs,
        and min_site_share of the site's documents, but never more than enough_site_docs."""
        share = np.ceil(self.min_site_share * np.asarray(site_docs, dtype=np.float64) - 1e-9).astype(np.int64)
        return np.maximum(self.min_site_docs, np.minimum(share, self.enough_site_docs))

    def new_stats(self) -> SiteStats:
        return SiteStats(max(self.min_site_docs, self.enough_site_docs), self.max_sites)

    def collect(self, doc: Document, stats: SiteStats) -> None:
        """Map step: note the document under its site, and which eligible lines (figures masked) it has."""
        site = self.site(doc)
        if not site:
            return
        fp = self.fingerprint(doc)
        site_key = self.site_key(site)
        stats.docs.add(site_key, fp)
        value = site_key << 32 | (fp & 0xFFFFFFFF)
        head = self.head_lines(doc)
        title = self.title(doc)
        for i, line in enumerate(doc.lines):
            untitled = self.untitled(line.text, title) if i else line.text
            if self.min_chars <= len(untitled) <= self.max_chars and not self.skipped(line.text):
                masked = mask_figures(untitled)
                key = self.key(masked)
                stats.lines.add(key, value)
                if i < head and (masked == line.text or not _figures_row(line.text)):
                    # a title, with its figures too ("Docker 镜像从 1.2G 瘦到 86M", "读书笔记:2024 年的 10 本书"); a
                    # labelled row of figures ("申请日: 2022-12-09") is none
                    stats.heads.add(line_site_key(key, site_key), fp & 0xFFFFFFFF)
            if (row := self.row_of(line.text)) is not None:
                stats.lines.add(self.row_key(row), value)
        # the lines an earlier cleaner removed from this page are still on it: a template line the model or a pattern
        # took from some of the site's pages recurs on all of them (not another page's title a list named)
        for removal in doc.line_removals().values():
            text = removal.text
            if removal.cleaner in self.not_learned_from:
                continue
            if self.min_chars <= len(text) <= self.max_chars and not self.skipped(text):
                stats.lines.add(self.key(mask_figures(text)), value)
            if (row := self.row_of(text)) is not None:
                stats.lines.add(self.row_key(row), value)

    def head_lines(self, doc: Document) -> int:
        """How many of the document's first lines are its head, where its title is: those before its running
        text begins (its first sentence); none if that is not among its first title_zone_lines + 1 lines (a
        short page's lists, a footer may come right after its head)."""
        for i, line in enumerate(doc.lines[: self.title_zone + 1]):
            if _SENTENCE.match(line.text):
                return i
        return 0

    def merge(self, parts: Iterable[SiteStats | None]) -> SiteStats:
        total = self.new_stats()
        for part in parts:
            if part is not None:
                total.update(part)
        return total

    def fit(self, stats: SiteStats) -> dict[int, int]:
        """Reduce step: each site's template lines, unless the line is found in max_sites sites.

        A learned line found in the head (`head_lines`) of one document of its site only, not a labelled row, is
        flagged OWN_TITLE: a post's title that the site's lists of latest or related posts show on its other pages
        stays on its own page (the site's name and menus are near the top of every page)."""
        site_keys, site_docs = stats.docs.counts()
        pairs = stats.lines.pack()
        self.boilerplate = {}
        if not len(pairs) or not len(site_keys):
            return self.boilerplate
        lines, sites = pairs[:, 0], pairs[:, 1] >> np.uint64(32)
        new_line = np.r_[True, lines[1:] != lines[:-1]]
        new_group = new_line | np.r_[True, sites[1:] != sites[:-1]]
        starts = np.flatnonzero(new_group)
        docs = np.diff(np.r_[starts, len(pairs)])  # per (line, site): documents, at most the cap
        line_sites = np.diff(np.r_[np.flatnonzero(new_line[new_group]), len(starts)])
        group_sites = np.repeat(line_sites, line_sites)
        g_lines, g_sites = lines[starts], sites[starts]
        n = site_docs[np.searchsorted(site_keys, g_sites)]  # every site with a line has documents
        template = (docs >= self.need(n)) & (group_sites < self.max_sites)
        learned = (g_lines[template], g_sites[template], docs[template], n[template])
        head_keys, head_docs = stats.heads.counts()
        own_title = set(head_keys[head_docs == 1].tolist())
        for line, site, count, total in zip(*(column.tolist() for column in learned), strict=True):
            key = line_site_key(line, site)
            self.boilerplate[key] = count << 32 | total | (OWN_TITLE if key in own_title else 0)
        return self.boilerplate

    def run(self, doc: Document) -> Document:
        if not self.boilerplate:
            return doc
        site = self.site(doc)
        if not site:
            return doc
        site_key = self.site_key(site)
        cap = max(self.min_site_docs, self.enough_site_docs)
        head = self.head_lines(doc)
        title = self.title(doc)
        for i, line in enumerate(doc.lines):
            found, masked, row = None, line.text, None
            untitled = self.untitled(line.text, title) if i else line.text
            if self.min_chars <= len(untitled) <= self.max_chars:
                masked = mask_figures(untitled)
                found = self.boilerplate.get(line_site_key(self.key(masked), site_key))
                if found is not None and self.skipped(line.text):  # the skip patterns only for learned lines
                    found = None
                if found is not None and found & OWN_TITLE and i < head:
                    continue  # this document is the one that has it near its top: its own title
            if found is None and (row := self.row_of(line.text)) is not None:
                found = self.boilerplate.get(line_site_key(self.row_key(row), site_key))
            if found is None:
                continue
            count, total = found >> 32 & 0x7FFFFFFF, found & 0xFFFFFFFF
            seen = f"at least {count}" if count >= cap and total > count else str(count)
            if row is not None:
                fields = ", ".join(row)
                reason = f"site template: a row of the fields {fields} recurs in {seen} of {total} documents of {site}"
            else:
                reason = f"site template: recurs in {seen} of {total} documents of {site}"
                masks = [what for what, done in (("the page's title", untitled != line.text),
                                                  ("digits", masked != untitled)) if done]
                reason += f" ({' and '.join(masks)} masked)" if masks else ""
            self.drop_line(doc, line, reason)
        doc.lines = [line for line in doc.lines if line.text]
        return doc
