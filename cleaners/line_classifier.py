"""Remove the noise lines no pattern names: a model trained on labelled real pages scores every line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numba
import numpy as np
import regex

from cleaners.base import Cleaner, Document, register
from cleaners.boilerplate import mask_figures
from cleaners.config import CONFIG_DIR, ConfigError, compile_patterns, setting
from cleaners.line_features import (
    FEATURE_NAMES,
    Vocabulary,
    contents_entries,
    document_features,
    is_prose,
    lexical_scores,
    scored_lines,
    signs_above_date,
    site_name,
)


@numba.njit(cache=True, nogil=True)
def _raw_scores_by_tree(x, feature, threshold, children, value, roots, depth):  # pragma: no cover - compiled
    """Each row's raw score, the sum of its leaf in every tree: one tree at a time over all rows (its nodes stay in
    cache), all rows a level down at each step, `depth[t]` steps for tree t: a leaf leads to itself (see
    `lockstep_tree`), so the rows' walks are independent of each other and of the branches taken (twice as fast as
    walking one row to its leaf, then the next). Each node's children side by side (children[2 * node] left,
    children[2 * node + 1] right). Each row's trees are summed in the order of `roots`, as a row-by-row walk does,
    so the scores are the same to the last bit (tests/test_line_classifier.py keeps that walk as a reference)."""
    n = x.shape[0]
    out = np.zeros(n)
    node = np.empty(n, dtype=np.int64)
    for t in range(roots.shape[0]):
        node[:] = roots[t]
        for _ in range(depth[t]):
            for r in range(n):
                at = node[r]
                node[r] = children[2 * at + (0 if x[r, feature[at]] <= threshold[at] else 1)]
        for r in range(n):
            out[r] += value[node[r]]
    return out


def lockstep_tree(feature, threshold, left, right, roots) -> tuple[np.ndarray, ...]:
    """The trees as `_raw_scores_by_tree` walks them: (feature, threshold, children, depth of each tree), each leaf
    (feature < 0) made a split on feature 0 whose children are the leaf itself, either way (a missing value too)."""
    leaf = feature < 0
    feature = np.where(leaf, 0, feature).astype(np.int64)
    threshold = np.where(leaf, np.inf, threshold).astype(np.float64)
    children = np.empty(2 * len(left), dtype=np.int64)
    children[0::2], children[1::2] = left, right
    leaves = np.flatnonzero(leaf)
    children[2 * leaves] = children[2 * leaves + 1] = leaves
    depth = np.zeros(len(roots), dtype=np.int64)
    for t, root in enumerate(roots):
        level, nodes = 0, [int(root)]
        while nodes := [int(c) for n in nodes if not leaf[n] for c in (left[n], right[n])]:
            level += 1
        depth[t] = level
    return feature, threshold, children, depth


@numba.njit(cache=True, nogil=True)
def _contributions(row, feature, threshold, left, right, value, roots, n_features):  # pragma: no cover
    """Saabas attribution: each split's change of the expected score goes to the split's feature."""
    out = np.zeros(n_features)
    for root in roots:
        node = root
        while feature[node] >= 0:
            child = left[node] if row[feature[node]] <= threshold[node] else right[node]
            out[feature[node]] += value[child] - value[node]
            node = child
    return out


_LABEL = r"\s*[\p{Han}A-Za-z]{1,8}\s*[:：]"
_FIELD = regex.compile(r"(?:^|\|)" + _LABEL)  # a cell that opens with a label and a colon
_WIDE_GAP = regex.compile(r"\s{2,}|\t")  # between the cells of a table laid out with spaces or tabs
_SPACED_FIELD = regex.compile(r"(?:^|\s{2}|\t)" + _LABEL)  # ... such a cell, between wide spaces or tabs
_SENTENCE_MARK = regex.compile(r"[。!?;！？；]")
_CLAUSE_MARK = regex.compile(r"[。!?;,！？；，]")
_MAX_FIELD_CHARS = 40
_COLON = regex.compile(r"[:：]")


def _runs(cells: list[int]) -> list[tuple[int, int, int]]:
    """(cells, start, end) of each run of lines with the same number of cells."""
    out = []
    start = 0
    for end in range(1, len(cells) + 1):
        if end == len(cells) or cells[end] != cells[start]:
            out.append((cells[start], start, end))
            start = end
    return out


@dataclass(frozen=True)
class SpacedPairs:
    """A table of two cells a row between wide spaces (`5万元以下  18款`, `第8周  家长会`): min_rows or more lines in a
    row, under a header row of two short names (`header_cell`: `情形  处理方式`) or within lead_lines below a sentence
    of the text, no cell a date (`date_cell`: a site's list of its other pages with their dates, `…心得体会  08-14`)."""

    min_rows: int
    lead_lines: int
    header_cell: regex.Pattern[str]
    date_cell: regex.Pattern[str]

    def rows(self, texts: list[str], spaced: list[int]) -> set[int]:
        out: set[int] = set()
        for n, start, end in _runs(spaced):
            if n != 2 or end - start < self.min_rows or any(self.date_cell.search(texts[i]) for i in range(start, end)):
                continue
            header = all(self.header_cell.fullmatch(cell) for cell in _WIDE_GAP.split(texts[start].strip()))
            if header or any(is_prose(t) for t in texts[max(0, start - self.lead_lines) : start]):
                out.update(range(start, end))
        return out


def table_rows(texts: list[str], min_cells: int, min_two_cell_rows: int, min_spaced_rows: int,
               pairs: SpacedPairs | None = None) -> set[int]:
    """The rows of a table written as text: two or more lines in a row with the same number (>= min_cells) of
    `|`-separated cells (`旷工 | 迟到超过30分钟未请假 | 按旷工半天处理`), or min_two_cell_rows or more lines in a row
    of two cells each (a schedule: `时间段 | 内容`, `6:30-7:30 | 英语单词`, ...) none of them a labelled field (a law
    database's panel runs `发布部门:X | 发文字号:Y`, `效力级别:X | 时效性:Y`, ...). The bars read as a page's
    separators (a metadata row, a menu), but the page's rows come one at a time, each with its own fields.
    Also min_spaced_rows or more lines in a row of the same number (>= min_cells) of cells between wide spaces or
    tabs (`优秀    95    4'05"`, a score table), no cell a labelled field and no sentence in them (a document site's
    metadata row `格式:doc  大小:2MB  页数:8` comes alone); and a row between two of them with one cell fewer (its
    long first cell left a single space before the next: `墙面铲除+腻子+乳胶漆 ㎡  210  38  7980`)."""
    bars = [len(t.strip().strip("|").split("|")) if "|" in t else 0 for t in texts]
    rows = set()
    for n, start, end in _runs(bars):
        if (n >= min_cells and end - start >= 2) or (
            n == 2 and end - start >= min_two_cell_rows and not any(_FIELD.search(texts[i]) for i in range(start, end))
        ):
            rows.update(range(start, end))
    spaced = [
        len(_WIDE_GAP.split(t.strip()))
        if "|" not in t and not _SENTENCE_MARK.search(t) and not _SPACED_FIELD.search(t.strip()) else 0
        for t in texts
    ]
    table = set()
    for n, start, end in _runs(spaced):
        if n >= min_cells and end - start >= min_spaced_rows:
            table.update(range(start, end))
    # a row between two rows of such a table whose long cell left one space before the next (one cell fewer)
    table |= {i for i in range(1, len(texts) - 1)
              if i - 1 in table and i + 1 in table and spaced[i] >= max(min_cells, spaced[i - 1] - 1)}
    return rows | table | (pairs.rows(texts, spaced) if pairs is not None else set())


def lone_fields(texts: list[str], doomed: list[int]) -> set[int]:
    """Of the lines the model would remove, each labelled field (`解读人:X`) whose neighbours above and below are
    labelled fields it keeps (`解读机关:Y`, `联系电话:Z`): one field of a block of the document's own (its contact
    block, a product's specification, a reading log's totals), where a page's metadata block would go as a whole.
    The field spared is one field, short, with no sentence nor clause (a site's ad opening with a label,
    `交流群:QQ …,…`, and a law database's panel row `效力级别:X | 时效性:Y` still go); its neighbours may be
    longer (`家长评语:…,…。`)."""
    gone = set(doomed)
    field = [_FIELD.match(t) is not None for t in texts]
    return {i for i in doomed if 0 < i < len(texts) - 1 and field[i - 1] and field[i + 1]
            and i - 1 not in gone and i + 1 not in gone
            and field[i] and len(texts[i]) <= _MAX_FIELD_CHARS and not _CLAUSE_MARK.search(texts[i])
            and len(_COLON.findall(texts[i])) == 1 and "|" not in texts[i]}


_FIGURE = regex.compile(r"\d")
_PAGE_WORDS = FEATURE_NAMES.index("page words")  # the share of a line's letters that page-furniture terms cover


def _item_shape(text: str, max_word: int) -> tuple[str, ...]:
    """A list item's shape: its tokens (split on spaces) as figures (`28`, `25元/次`, `10:15-10:30`) or text; a
    line of text alone opens with a word (at most max_word characters: `宋可欣`, `下联 X`, `新增 X`) or is a phrase."""
    tokens = text.split()
    shape = tuple("N" if _FIGURE.search(t) else "T" for t in tokens)
    if "N" not in shape and len(tokens[0]) > max_word:
        return ("P",)  # a title alone, or a sentence with a space in it; a row of text opens with a label or a word
    return ("W",) if shape == ("T",) else shape


def item_runs(texts: list[str], page_words: np.ndarray, min_run: int, max_chars: int, max_word: int,
              max_page_words: float) -> set[int]:
    """The items of a list inside the document's text: min_run or more lines in a row of one shape (`炒年糕 28`,
    `姜汤面 32`, ...; `范雨桐`, `高俊熙`, ...; `上联 X`, `下联 Y`), each of at most max_chars characters, all different
    once their figures are masked (a page preview's `X_第2页`, `X_第3页` are one), not titles alone (a list of other
    documents), not mostly page words (`page_words`: a toolbar's `分享`, `收藏`), between the document's first and
    last lines of prose (or right under the last, each item opening with a figure: a schedule): a menu, a price
    list, a roster, a list of winners or of changes is the author's, where a site's menus and lists are around the
    text, in its head and tail."""
    prose = [is_prose(t) for t in texts]
    if sum(prose) < 2:
        return set()
    first = prose.index(True)
    last = len(prose) - 1 - prose[::-1].index(True)
    items: set[int] = set()
    start = first + 1
    while start <= last + 1 and start < len(texts):
        # past the last line of prose, only a run right under it whose items open with a figure: the text's own
        # schedule or timetable (`9月20日  公布抽签结果`, `海湾站至金钟:约24分钟`; a tab row's `相关文档 12` is none)
        tail = start > last
        if prose[start] or len(texts[start]) > max_chars:
            start += 1
            continue
        shape = _item_shape(texts[start], max_word)
        end = start + 1
        while (end < len(texts) and (tail or end < last) and not prose[end] and len(texts[end]) <= max_chars
               and _item_shape(texts[end], max_word) == shape):
            end += 1
        run = range(start, end)
        if (len(run) >= min_run and shape != ("P",) and (not tail or shape[0] == "N")
                and page_words[start:end].mean() < max_page_words
                and len({mask_figures(texts[i]) for i in run}) == len(run)):
            items.update(run)
        start = end
    return items


def cited(text: str, texts: list[str]) -> bool:
    """`text` named in another line between title marks or quotes (《…》, “…”, 「…」): a title its document cites."""
    text = text.strip()
    if not text:
        return False
    marks = (f"《{text}》", f"“{text}”", f"「{text}」")
    return any(m in t for t in texts[1:] for m in marks)


class LineModel:
    """A boosted-tree ensemble over FEATURE_NAMES plus a hashed n-gram linear model, read from one .npz."""

    def __init__(self, path: Path, vocabulary: Vocabulary) -> None:
        try:
            data = np.load(path, allow_pickle=False)
        except OSError as exc:
            raise ConfigError(f"line_classifier: cannot read model {path}: {exc}") from None
        meta = json.loads(str(data["meta"]))
        if meta["features"] != FEATURE_NAMES:
            raise ConfigError(f"line_classifier: {path} was trained on other features; retrain it")
        if meta.get("vocabulary") != vocabulary.digest:
            raise ConfigError(
                f"line_classifier: {path} was trained with another page vocabulary (page_vocabulary.txt); "
                "retrain it (bench/train_line_classifier.py)"
            )
        self.vocabulary = vocabulary
        self.meta = meta
        self.ngram_weights = data["ngram_weights"].astype(np.float64)
        self.ngram_bias = float(data["ngram_bias"])
        self.tree = tuple(
            np.ascontiguousarray(data[k]) for k in ("feature", "threshold", "left", "right", "value", "roots")
        )
        feature, threshold, left, right, value, roots = self.tree
        feature, threshold, children, depth = lockstep_tree(feature, threshold, left, right, roots)
        self.by_tree = (feature, threshold, children, value, roots, depth)

    def features(self, texts: list[str], scored: np.ndarray, site: str = "") -> np.ndarray:
        lexical = lexical_scores(texts, scored, self.ngram_weights, self.ngram_bias)
        return document_features(texts, scored, lexical, self.vocabulary, site)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        raw = _raw_scores_by_tree(np.ascontiguousarray(x), *self.by_tree)
        return 1.0 / (1.0 + np.exp(-raw))

    def evidence(self, row: np.ndarray, top: int = 3) -> list[tuple[str, float]]:
        """The features that pushed this line towards noise the most, with their share of the log-odds."""
        contrib = _contributions(row, *self.tree, len(FEATURE_NAMES))
        order = np.argsort(-contrib)[:top]
        return [(FEATURE_NAMES[i], float(contrib[i])) for i in order if contrib[i] > 0]


@cache
def load_model(path: str, vocabulary: Vocabulary) -> LineModel:
    return LineModel(Path(path), vocabulary)


@cache
def load_vocabulary(terms: tuple[tuple[str, str], ...], source: str) -> Vocabulary:
    try:
        return Vocabulary(list(terms))
    except ValueError as exc:
        raise ConfigError(f"[line_classifier] {source}: {exc}") from None


@register
class LineClassifier(Cleaner):
    """Scores each remaining line; a line above the content-safe threshold goes, its evidence recorded."""

    name = "line_classifier"
    whole_document = True  # a line is judged with its neighbours and its place in the document

    def __init__(self, settings, patterns) -> None:
        super().__init__(settings, patterns)
        file = setting(self.settings, "model", str, self.name)
        path = Path(file) if Path(file).is_absolute() else CONFIG_DIR / "models" / file
        file = setting(self.settings, "vocabulary", str, self.name)
        self.model = load_model(str(path), load_vocabulary(tuple(patterns.labelled(file)), file))
        # the threshold chosen for content safety when the model was trained, unless the config sets one
        threshold = self.settings["threshold"] if "threshold" in self.settings else self.model.meta.get("threshold")
        if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
            raise ConfigError(f"[{self.name}] threshold must be a number in (0, 1], got {threshold!r}")
        self.threshold = float(threshold)
        self.max_chars = setting(self.settings, "max_line_chars", int, self.name)
        if self.max_chars != self.model.meta["max_line_chars"]:
            raise ConfigError(
                f"[{self.name}] max_line_chars = {self.max_chars}, but the model was trained on lines of at most "
                f"{self.model.meta['max_line_chars']}: retrain it (bench/train_line_classifier.py)"
            )
        self.max_rounds = setting(self.settings, "max_rounds", int, self.name)
        self.min_lines = setting(self.settings, "min_lines", int, self.name)
        file = setting(self.settings, "protect", str, self.name)
        self.protect = compile_patterns(patterns(file), file)
        file = setting(self.settings, "protect_head", str, self.name)
        self.protect_head = compile_patterns(patterns(file), file)
        file = setting(self.settings, "protect_signature", str, self.name)
        self.protect_signature = compile_patterns(patterns(file), file)
        self.head_lines = setting(self.settings, "head_lines", int, self.name)
        self.min_table_cells = setting(self.settings, "min_table_cells", int, self.name)
        self.min_two_cell_rows = setting(self.settings, "min_two_cell_rows", int, self.name)
        self.min_spaced_rows = setting(self.settings, "min_spaced_table_rows", int, self.name)
        self.pairs = SpacedPairs(setting(self.settings, "min_spaced_pair_rows", int, self.name),
                                 setting(self.settings, "spaced_pair_lead_lines", int, self.name),
                                 regex.compile(setting(self.settings, "spaced_pair_header_cell", str, self.name)),
                                 regex.compile(setting(self.settings, "spaced_pair_date_cell", str, self.name)))
        self.min_item_run = setting(self.settings, "min_item_run", int, self.name)
        self.max_item_chars = setting(self.settings, "max_item_chars", int, self.name)
        self.max_item_word = setting(self.settings, "max_item_word_chars", int, self.name)
        self.max_item_page_words = setting(self.settings, "max_item_page_words", float, self.name)
        self.max_cosigners = setting(self.settings, "max_cosigners", int, self.name)
        self.affiliation = regex.compile(setting(self.settings, "paper_affiliation", str, self.name))
        self.authors = regex.compile(setting(self.settings, "paper_authors", str, self.name))
        self.letterhead_title = regex.compile(setting(self.settings, "letterhead_title", str, self.name))

    @staticmethod
    def site(doc: Document) -> str:
        """The site's own name from the document's `url` (or `host`) field, if the input has one."""
        for field in ("url", "host"):
            value = doc.meta.get(field)
            if isinstance(value, str) and value.strip():
                return site_name(value)
        return ""

    def protected(self, texts: list[str], index: int) -> bool:
        """A line the model never removes: a protected shape anywhere, or a title's shape in the head of the
        document (its first head_lines lines, or any line before the first line of prose)."""
        text = texts[index]
        if any(r.search(text) for r in self.protect):
            return True
        if index == 0 and cited(text, texts):
            return True  # the document's title, named by its own text ("今天我讲话的题目是《珍惜时间 勤奋学习》")
        below = index + 1  # the date under the notice, below the offices that sign it with this one
        while (below < len(texts) and below - index <= self.max_cosigners
               and any(r.search(texts[below]) for r in self.protect_signature)):
            below += 1
        if below < len(texts) and signs_above_date(text, texts[below], self.protect_signature):
            return True  # an office's signature above the date under its notice ("教务处" / "2026年5月20日")
        if self.affiliation.search(text):
            return True  # a paper's affiliation with its city and postcode ("华东财经大学 金融学院,上海 200433")
        if index + 1 < len(texts) and self.affiliation.search(texts[index + 1]) and self.authors.fullmatch(text):
            return True  # the paper's authors right above their affiliation ("孙丽娟  陶  敏")
        in_head = index < self.head_lines or not any(is_prose(t) for t in texts[:index])
        if not in_head:
            return False
        if (index + 1 < len(texts) and self.letterhead_title.search(texts[index + 1])
                and any(r.search(text) for r in self.protect_signature)):
            return True  # an office's letterhead right above its notice's title ("某某市教育局" / "关于…的通知")
        return any(r.search(text) for r in self.protect_head)

    def run(self, doc: Document) -> Document:
        # Removing lines changes their neighbours' context: decide again until nothing more goes, so that
        # cleaning its own output removes nothing (bounded; each round only removes).
        for _ in range(self.max_rounds):
            lines = [line for line in doc.lines if line.text]
            if len(lines) < self.min_lines:  # too little context to tell a page's furniture from its text
                break
            texts = [line.text for line in lines]
            scored = scored_lines(texts, self.max_chars)
            if not scored.any():
                break
            x = self.model.features(texts, scored, self.site(doc))
            judged = np.flatnonzero(scored)
            p = np.zeros(len(texts))
            p[judged] = self.model.probabilities(x[judged])
            doomed = [i for i in judged[p[judged] >= self.threshold] if not self.protected(texts, i)]
            if doomed:
                listed = (contents_entries(texts)
                          | table_rows(texts, self.min_table_cells, self.min_two_cell_rows, self.min_spaced_rows, self.pairs)
                          | item_runs(texts, x[:, _PAGE_WORDS], self.min_item_run, self.max_item_chars,
                                      self.max_item_word, self.max_item_page_words))
                doomed = [i for i in doomed if i not in listed]
                lone = lone_fields(texts, doomed)
                doomed = [i for i in doomed if i not in lone]
            if not doomed or len(doomed) == len(lines):  # never empty a document by itself
                break
            for i in doomed:
                why = ", ".join(f"{name} +{w:.2f}" for name, w in self.model.evidence(x[i]))
                self.drop_line(doc, lines[i], f"line classifier: p(noise)={p[i]:.2f} ({why})")
            doc.lines = [line for line in doc.lines if line.text]
        return doc

