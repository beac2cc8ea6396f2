"""Experiment: can a small line classifier remove the noise lines the rule-based chain leaves, without
removing a content line?

    pip install scikit-learn                      # not a zhclean dependency: only this experiment needs it
    python bench/line_classifier_eval.py          # ~7 minutes on one core (60 configurations x 32 folds)
    python bench/line_classifier_eval.py --quick  # a smaller model grid (for trying the script out)
    python bench/line_classifier_eval.py --cv-only  # the DEV cross-validation only: TEST is not touched

Protocol (fixed before the TEST set was looked at; nothing is tuned on TEST):

1. Labelled lines, from the DEV sets only: bench/heldout/ (15 documents), bench/heldout_test/ (12) and the 5
   seeds (fixtures/seeds/NAME.txt with fixtures/expected/NAME.txt). Every non-empty raw line is content if an
   expected line comes from it (heldout_eval.align: fullwidth folded, traditional converted; an expected line
   it cannot cover 60% of, e.g. a mojibake line, is looked for again among the chain's repaired output
   lines), else noise. A line with content and a glued noise span is content.
2. Features: character 1-3-grams (tf-idf, sublinear) plus shape features: log length, share of digits, of
   CJK, of ASCII letters, of separators (| · > / » ...), ends with 。!? (or a closing quote after one),
   position in the document (fraction), distance in lines to the nearest long content-like line, before
   the first / after the last such line. Model: logistic regression (liblinear), p = P(noise).
3. Everything (feature set, C, class weights, training lines: all raw lines or only the chain's
   survivors) is chosen by leave-one-document-out cross-validation on DEV, scored on the lines the rule-based
   chain leaves (Pipeline().clean, surviving lines mapped to raw lines by Line.no; features computed on the
   chain's output text, in the context of the surviving lines, as in production). Threshold: the lowest one
   with zero content lines removed in CV (just above the highest P(noise) of a content line), plus a margin
   of 0.05; a line goes if P(noise) >= threshold. The configuration with the best CV noise-line recall at
   its threshold wins.
4. Then the chosen model is trained on all DEV lines and applied once to the TEST set (bench/heldout_final/,
   12 documents) on the lines the chain leaves: content lines removed (all listed), noise lines removed of
   those the chain leaves, and noise characters left as a share of the raw noise, computed as the last
   column of bench/heldout_eval.py (chain alone: 69.2% on heldout_final), before and after the classifier.
5. Speed: lines/s of feature extraction + prediction on one core (BLAS/OpenMP limited to one thread),
   next to the chain's own lines/s on the same documents.

Figures are printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
import time
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from heldout_eval import align, diff_chars, normalise, short  # noqa: E402 - after the sys.path entries

from cleaners import Document, Pipeline  # noqa: E402

DEV_DIRS = [BENCH / "heldout", BENCH / "heldout_test"]
TEST_DIR = BENCH / "heldout_final"
SEEDS, SEEDS_EXPECTED = ROOT / "fixtures" / "seeds", ROOT / "fixtures" / "expected"
MARGIN = 0.05

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"[0-9]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_SEPARATOR = re.compile(r"[|·>/»›<«‹\\•┃│丨]")
_SENTENCE_END = re.compile(r"[。!?!?…][\"'”’」』)）]*$")


@dataclass
class Line:
    no: int  # 1-based raw line number
    raw: str  # normalised raw text (fullwidth folded, simplified, stripped)
    out: str | None  # the chain's output text for this line, None if the chain removed it
    content: bool


@dataclass
class Doc:
    name: str
    group: str
    lines: list[Line]  # non-empty raw lines
    expected: list[str]
    raw_noise_chars: int = 0
    chain_seconds: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def survivors(self) -> list[Line]:
        return [line for line in self.lines if line.out]


def cover(e: str, r: str) -> float:
    if not r:
        return 0.0
    if e in r:
        return 1.0
    m = SequenceMatcher(None, e, r, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) / max(len(e), 1)


def load(pipeline: Pipeline, raw_path: Path, expected_path: Path, group: str) -> Doc:
    name = raw_path.name.removesuffix(".txt")
    raw_text = raw_path.read_text(encoding="utf-8")
    expected = [line for line in expected_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    cleaned = pipeline.clean(Document.from_text(name, raw_text))
    seconds = time.perf_counter() - t0
    out = {line.no: line.text for line in cleaned.lines if line.text}
    raw = raw_text.splitlines()
    source = align(expected, raw)
    content_nos = set()
    for k, i in enumerate(source):
        no = i + 1
        if cover(expected[k], normalise(raw[i])) < 0.6:  # e.g. mojibake: look in the chain's repaired lines
            best = max(out, key=lambda n: cover(expected[k], out[n]), default=None)
            if best is not None and cover(expected[k], out[best]) >= 0.6:
                no = best
        content_nos.add(no)
    lines = [
        Line(i + 1, norm, out.get(i + 1), i + 1 in content_nos)
        for i, text in enumerate(raw)
        if (norm := normalise(text))
    ]
    raw_norm = "\n".join(line.raw for line in lines)
    raw_noise = diff_chars("\n".join(expected), raw_norm)[1]
    return Doc(name, group, lines, expected, raw_noise, seconds)


def load_dir(pipeline: Pipeline, folder: Path, group: str) -> list[Doc]:
    paths = sorted(p for p in folder.glob("*.txt") if not p.name.endswith(".expected.txt"))
    return [
        load(pipeline, p, p.with_name(p.name.removesuffix(".txt") + ".expected.txt"), group) for p in paths
    ]


# Features -----------------------------------------------------------------------------------------------


def content_like(text: str) -> bool:
    return len(text) >= 30 and len(_CJK.findall(text)) >= 0.5 * len(text) and ("。" in text or "," in text)


def shape(texts: list[str]) -> np.ndarray:
    """Shape features of the lines of one document, in order (the context is these lines only)."""
    n = len(texts)
    like = [i for i, t in enumerate(texts) if content_like(t)]
    rows = []
    for i, t in enumerate(texts):
        length = max(len(t), 1)
        dist = min((abs(i - j) for j in like), default=10)
        rows.append(
            [
                math.log1p(len(t)),
                len(_DIGIT.findall(t)) / length,
                len(_CJK.findall(t)) / length,
                len(_ASCII_LETTER.findall(t)) / length,
                len(_SEPARATOR.findall(t)) / length,
                1.0 if _SENTENCE_END.search(t) else 0.0,
                i / (n - 1) if n > 1 else 0.0,
                min(dist, 10) / 10,
                1.0 if not like or i < like[0] else 0.0,
                1.0 if not like or i > like[-1] else 0.0,
            ]
        )
    return np.array(rows, dtype=float).reshape(-1, 10)


def doc_rows(doc: Doc, train_on: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(texts, shape rows, labels 1 = noise) of one document. Survivors always come with the chain's output
    text in the context of the survivors (what the classifier sees in production); with train_on='all' the
    lines the chain removed are added with their raw text in the context of the raw document."""
    surv = doc.survivors
    texts = [line.out or "" for line in surv]
    feats = [shape(texts)]
    labels = [0 if line.content else 1 for line in surv]
    if train_on == "all":
        all_texts = [line.raw for line in doc.lines]
        all_shape = shape(all_texts)
        gone = [k for k, line in enumerate(doc.lines) if not line.out]
        texts += [all_texts[k] for k in gone]
        feats.append(all_shape[gone])
        labels += [0 if doc.lines[k].content else 1 for k in gone]
    return texts, np.vstack(feats), np.array(labels)


@dataclass(frozen=True)
class Config:
    features: str  # "ngrams+shape", "ngrams", "shape"
    c: float
    balanced: bool
    train_on: str  # "all" raw lines or "survivors" only

    def __str__(self) -> str:
        bal = "balanced" if self.balanced else "unweighted"
        return f"{self.features:12} C={self.c:<5g} {bal:10} train={self.train_on}"


class Model:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def _matrix(self, texts: list[str], shapes: np.ndarray, fit: bool) -> sparse.csr_matrix:
        parts = []
        if "ngrams" in self.cfg.features:
            if fit:
                self.vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
                parts.append(self.vec.fit_transform(texts))
            else:
                parts.append(self.vec.transform(texts))
        if "shape" in self.cfg.features:
            if fit:
                self.mean, self.std = shapes.mean(0), shapes.std(0) + 1e-9
            parts.append(sparse.csr_matrix((shapes - self.mean) / self.std))
        return sparse.hstack(parts).tocsr()

    def fit(self, docs: list[Doc]) -> Model:
        texts: list[str] = []
        shapes, labels = [], []
        for doc in docs:
            t, s, y = doc_rows(doc, self.cfg.train_on)
            texts += t
            shapes.append(s)
            labels.append(y)
        x = self._matrix(texts, np.vstack(shapes), fit=True)
        weight = "balanced" if self.cfg.balanced else None
        self.lr = LogisticRegression(C=self.cfg.c, class_weight=weight, solver="liblinear", max_iter=1000)
        self.lr.fit(x, np.concatenate(labels))
        return self

    def predict(self, texts: list[str]) -> np.ndarray:
        """P(noise) of each line of one document (the lines the chain left, in order)."""
        if not texts:
            return np.zeros(0)
        return self.lr.predict_proba(self._matrix(texts, shape(texts), fit=False))[:, 1]


# Cross-validation ---------------------------------------------------------------------------------------


@dataclass
class Scored:
    p: np.ndarray  # P(noise) of every surviving line of every document
    content: np.ndarray  # bool
    chars: np.ndarray  # characters of the surviving line
    where: list[tuple[Doc, Line]]


def loo(cfg: Config, docs: list[Doc]) -> Scored:
    ps, content, chars, where = [], [], [], []
    for k, doc in enumerate(docs):
        surv = doc.survivors
        if not surv:
            continue
        model = Model(cfg).fit(docs[:k] + docs[k + 1 :])
        ps.append(model.predict([line.out or "" for line in surv]))
        content += [line.content for line in surv]
        chars += [len(line.out or "") for line in surv]
        where += [(doc, line) for line in surv]
    return Scored(np.concatenate(ps), np.array(content), np.array(chars), where)


def zero_fp_threshold(s: Scored) -> tuple[float, float]:
    """(the highest P(noise) of a content line: any threshold above it removes no content line in CV,
    that plus the margin)."""
    top = float(s.p[s.content].max()) if s.content.any() else 0.0
    return top, min(top + MARGIN, 1.0)


def recall(s: Scored, t: float) -> tuple[int, int, int, int, int]:
    """(content lines removed, noise lines removed, noise lines, noise chars removed, noise chars)."""
    gone = s.p >= t
    noise = ~s.content
    return (
        int((gone & s.content).sum()),
        int((gone & noise).sum()),
        int(noise.sum()),
        int(s.chars[gone & noise].sum()),
        int(s.chars[noise].sum()),
    )


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def output_chars(docs: list[Doc], removed: set[tuple[str, int]]) -> tuple[int, int, int]:
    """(content chars lost, noise chars left, raw noise chars) over docs once the `removed` lines (name, no)
    go from the chain's output: heldout_eval's measures."""
    lost = left = raw_noise = 0
    for doc in docs:
        out = "\n".join(line.out or "" for line in doc.survivors if (doc.name, line.no) not in removed)
        a, b, _, _ = diff_chars("\n".join(doc.expected), out)
        lost += a
        left += b
        raw_noise += doc.raw_noise_chars
    return lost, left, raw_noise


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smaller model grid")
    ap.add_argument("--cv-only", action="store_true", help="stop after the DEV cross-validation (no TEST)")
    args = ap.parse_args()

    with threadpool_limits(1):
        run(args.quick, args.cv_only)


def run(quick: bool, cv_only: bool) -> None:
    pipeline = Pipeline()
    dev = load_dir(pipeline, DEV_DIRS[0], "heldout") + load_dir(pipeline, DEV_DIRS[1], "heldout_test")
    seeds = sorted(SEEDS.glob("*.txt"))
    dev += [load(pipeline, p, SEEDS_EXPECTED / p.name, "seeds") for p in seeds]
    test = load_dir(pipeline, TEST_DIR, "heldout_final")

    def counts(docs: list[Doc]) -> str:
        lines = [line for d in docs for line in d.lines]
        surv = [line for d in docs for line in d.survivors]
        return (
            f"{len(docs)} documents, {len(lines)} raw lines ({sum(not x.content for x in lines)} noise); "
            f"the chain leaves {len(surv)} ({sum(not x.content for x in surv)} noise)"
        )

    print(f"DEV  {counts(dev)}")
    print(f"TEST {counts(test)}")

    # 3. model selection by leave-one-document-out CV on DEV --------------------------------------------
    grid = itertools.product(
        ["ngrams+shape", "ngrams", "shape"],
        [1.0, 10.0] if quick else [0.1, 0.3, 1.0, 3.0, 10.0],
        [False, True],
        ["all", "survivors"],
    )
    print("\nleave-one-document-out CV on DEV, lines the chain leaves; threshold = highest content P(noise)")
    print(f"+ {MARGIN} (0 content lines removed)\n")
    head = f"{'configuration':52} {'max content p':>13} {'threshold':>9} {'noise lines removed':>20} {'chars':>7}"
    print(head)
    print("-" * len(head))
    results = []
    for features, c, balanced, train_on in grid:
        cfg = Config(features, c, balanced, train_on)
        s = loo(cfg, dev)
        top, t = zero_fp_threshold(s)
        fp, got, noise, got_chars, noise_chars = recall(s, t)
        results.append((got, got_chars, cfg, s, top, t))
        print(
            f"{cfg!s:52} {top:13.3f} {t:9.3f} {got:>5}/{noise:<5}{pct(got, noise):>9} {pct(got_chars, noise_chars)}"
        )
    got, _got_chars, best, s, top, t = max(results, key=lambda r: (r[0], r[1]))
    print(f"\nchosen: {best}  (threshold {t:.3f})")

    print("\nCV of the chosen configuration, by threshold (a line goes if P(noise) >= threshold)")
    head = f"{'threshold':>12} {'content lines removed':>22} {'noise lines removed':>22} {'noise chars removed':>22}"
    print(head)
    print("-" * len(head))
    marks = sorted({0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, round(top, 3), round(t, 3)})
    for m in marks:
        fp, got, noise, gc, nc = recall(s, m)
        tag = " (0-FP+margin)" if m == round(t, 3) else " (max content)" if m == round(top, 3) else ""
        print(f"{m:12.3f} {fp:>22} {got:>10}/{noise:<5}{pct(got, noise)} {gc:>10}/{nc:<5}{pct(gc, nc)}{tag}")
    print("\nthe content lines with the highest CV P(noise) (what sets the threshold):")
    order = np.argsort(-np.where(s.content, s.p, -1))
    for k in order[:5]:
        doc, line = s.where[k]
        print(f"  {s.p[k]:.3f}  {doc.group}/{doc.name} L{line.no}: {short(line.out or '', 80)}")
    fp, got, noise, gc, nc = recall(s, t)
    removed = {(doc.name, line.no) for (doc, line), p in zip(s.where, s.p, strict=True) if p >= t}
    lost0, left0, raw0 = output_chars(dev, set())
    lost1, left1, _ = output_chars(dev, removed)
    print(
        f"\nCV at {t:.3f}: content lines removed {fp}, noise lines removed {got}/{noise} {pct(got, noise)}; "
        f"noise chars left of raw noise: chain {pct(left0, raw0)} -> chain+classifier {pct(left1, raw0)} "
        f"(content chars lost {lost0} -> {lost1})"
    )

    if cv_only:
        return

    # 4. train on all DEV, apply once to TEST ------------------------------------------------------------
    model = Model(best).fit(dev)
    print(f"\n== TEST (bench/heldout_final), trained on all DEV, {best}, threshold {t:.3f}")
    removed = set()
    content_removed, noise_removed = [], []
    noise_left_by_chain = 0
    per_doc = []
    for doc in test:
        surv = doc.survivors
        p = model.predict([line.out or "" for line in surv])
        n_noise = sum(not line.content for line in surv)
        noise_left_by_chain += n_noise
        n_got = 0
        for line, q in zip(surv, p, strict=True):
            if q >= t:
                removed.add((doc.name, line.no))
                if line.content:
                    content_removed.append(
                        f"  CONTENT REMOVED {doc.name} L{line.no} p={q:.3f}: {short(line.out or '')}"
                    )
                else:
                    n_got += 1
                    noise_removed.append(
                        f"  noise removed   {doc.name} L{line.no} p={q:.3f}: {short(line.out or '', 80)}"
                    )
        per_doc.append((doc, n_got, n_noise))
    lost0, left0, raw0 = output_chars(test, set())
    lost1, left1, _ = output_chars(test, removed)
    for doc, n_got, n_noise in per_doc:
        lo, le, rn = output_chars([doc], set())
        lo1, le1, _ = output_chars([doc], removed)
        print(
            f"  {doc.name:34} noise lines removed {n_got:>2}/{n_noise:<3} noise left of raw: "
            f"{pct(le, rn)} -> {pct(le1, rn)}"
        )
    print("\n".join(content_removed) or "  no content line removed")
    print("\n".join(noise_removed))
    print(
        f"\nTEST: content lines removed {len(content_removed)}; noise lines removed {len(noise_removed)}/"
        f"{noise_left_by_chain} {pct(len(noise_removed), noise_left_by_chain)} of those the chain leaves;"
        f"\n      noise chars removed {left0 - left1}/{raw0} = {pct(left0 - left1, raw0)} of the raw noise; "
        f"noise chars left of raw noise: chain {pct(left0, raw0)} -> chain+classifier {pct(left1, raw0)}"
        f"\n      content chars lost: chain {lost0} -> chain+classifier {lost1}"
    )

    # 5. speed -------------------------------------------------------------------------------------------
    batches = [[line.out or "" for line in doc.survivors] for doc in dev + test]
    n_lines = sum(len(b) for b in batches)
    n_chars = sum(len(x) for b in batches for x in b)
    reps = 20
    start = time.perf_counter()
    for _ in range(reps):
        for b in batches:
            model.predict(b)
    secs = (time.perf_counter() - start) / reps
    chain_secs = sum(doc.chain_seconds for doc in dev + test)
    chain_lines = sum(len(doc.lines) for doc in dev + test)
    print(
        f"\nspeed (one core): features + prediction {n_lines / secs:,.0f} lines/s ({n_chars / secs / 1e6:.2f} M"
        f" chars/s) on the {n_lines} lines the chain leaves in the {len(batches)} DEV+TEST documents, called per"
        f" document;\n      the chain itself (first call, one pass each): {chain_lines / chain_secs:,.0f} raw"
        " lines/s on the same documents"
    )


if __name__ == "__main__":
    main()
