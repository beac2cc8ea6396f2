"""Held-out evaluation: how the default chain does on documents of sites it was never tuned on.

    python bench/heldout_eval.py                  # every bench/heldout/NAME.txt against NAME.expected.txt
    python bench/heldout_eval.py --explain        # + which cleaner removed what from damaged content lines
    python bench/heldout_eval.py --summary        # the per-document table and the totals only
    python bench/heldout_eval.py 03_docin_ipv6_lunwen --config my.toml

Each NAME.txt is cleaned with `Pipeline().clean_text` (no corpus statistics, so no learned boilerplate) and
compared with NAME.expected.txt, the hand-made perfect output (content lines only, in order; noise lines and
glued noise spans removed; traditional -> simplified; fullwidth ASCII folded; lines stripped).

- content lines kept: share of expected lines present verbatim in the output (as a multiset); "intact"
  also counts lines that lost nothing but still carry a glued noise span
- content chars lost: characters of the expected text that difflib.SequenceMatcher (on the whole texts)
  cannot match in the output
- noise chars left: characters of the output it cannot match in the expected text, as a share of the
  output and of the noise in the raw document (raw characters, fullwidth folded and traditional converted,
  that cannot be matched in the expected text)
(newlines are not counted). Then, per document: expected lines removed or damaged (with the raw line they
come from), and output lines or spans that should not be there. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import Document, Pipeline, Removal  # noqa: E402 - after the sys.path entry

HELDOUT = Path(__file__).resolve().parent / "heldout"
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_T2S = opencc.OpenCC("t2s.json")
WIDTH = 110  # characters of a line shown


def short(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def diff_chars(a: str, b: str) -> tuple[int, int, list[str], list[str]]:
    """(chars of a not matched in b, chars of b not matched in a, the segments of each), newlines ignored."""
    lost = extra = 0
    lost_parts: list[str] = []
    extra_parts: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            part = a[i1:i2]
            lost += len(part.replace("\n", ""))
            if part.strip():
                lost_parts.append(part)
        if op in ("insert", "replace"):
            part = b[j1:j2]
            extra += len(part.replace("\n", ""))
            if part.strip():
                extra_parts.append(part)
    return lost, extra, lost_parts, extra_parts


def quote(parts: list[str]) -> str:
    return " … ".join(repr(short(p, 60)) for p in parts)


def normalise(line: str) -> str:
    """A raw line as the expected files write it, less the noise: fullwidth folded, simplified, stripped."""
    return _T2S.convert(line.translate(_FOLD)).strip()


def align(expected: list[str], raw: list[str]) -> list[int]:
    """The raw line (0-based) each expected line comes from: the raw line covering most of it (fullwidth
    folded, traditional converted), ties broken by overall similarity, then by how well the next raw line
    covers the next expected line (a title repeated in site chrome is not followed by the content), then
    by order; searched forward from the previous match first."""
    norm = [normalise(line) for line in raw]
    following = [next((j for j in range(i + 1, len(norm)) if norm[j]), None) for i in range(len(norm))]
    cache: dict[tuple[int, int], tuple[float, float]] = {}

    def score(k: int, i: int) -> tuple[float, float]:
        if (k, i) not in cache:
            e, r = expected[k], norm[i]
            if not r:
                cache[k, i] = (0.0, 0.0)
            else:
                m = SequenceMatcher(None, e, r, autojunk=False)
                cover = 1.0 if e in r else sum(b.size for b in m.get_matching_blocks()) / max(len(e), 1)
                cache[k, i] = (round(cover, 3), m.ratio())
        return cache[k, i]

    def key(k: int, i: int) -> tuple[tuple[float, float], float, int]:
        j = following[i]
        after = score(k + 1, j)[0] if k + 1 < len(expected) and j is not None else 0.0
        return score(k, i), after, -i

    found: list[int] = []
    pos = 0
    for k in range(len(expected)):
        best = max(range(pos, len(raw)), key=lambda i: key(k, i), default=None)
        if best is None or score(k, best)[0] < 0.6:
            best = max(range(len(raw)), key=lambda i: key(k, i))
        found.append(best)
        pos = best + 1
    return found


@dataclass
class Result:
    name: str
    expected_lines: int = 0
    kept_lines: int = 0  # verbatim in the output
    intact_lines: int = 0  # no character lost (maybe a glued noise span left)
    expected_chars: int = 0
    output_chars: int = 0
    lost_chars: int = 0
    noise_chars: int = 0
    raw_noise_chars: int = 0
    dropped: str = ""  # the whole document dropped: why
    content: list[str] = field(default_factory=list)  # report lines: content removed or damaged
    noise: list[str] = field(default_factory=list)  # report lines: noise left


def evaluate(pipeline: Pipeline, path: Path, explain: bool) -> Result:
    name = path.name.removesuffix(".txt")
    raw_text = path.read_text(encoding="utf-8")
    expected_text = path.with_name(f"{name}.expected.txt").read_text(encoding="utf-8")
    expected = [line for line in expected_text.splitlines() if line.strip()]
    # what Pipeline().clean_text(raw_text) returns; the Document also tells where each line came from
    doc = pipeline.clean(Document.from_text(name, raw_text))
    output = doc.text
    raw = raw_text.splitlines()

    res = Result(name, expected_lines=len(expected))
    exp_joined = "\n".join(expected)
    res.expected_chars = len(exp_joined.replace("\n", ""))
    res.output_chars = len(output.replace("\n", ""))
    res.lost_chars, res.noise_chars, _, _ = diff_chars(exp_joined, output)
    raw_norm = "\n".join(n for n in (normalise(line) for line in raw) if n)
    res.raw_noise_chars = diff_chars(exp_joined, raw_norm)[1]
    if doc.dropped:
        res.dropped = "; ".join(r.reason for r in doc.removals if r.kind == "document")

    removals: dict[int, list[Removal]] = {}
    for r in doc.removals:
        removals.setdefault(r.line_no, []).append(r)
    source = align(expected, raw)  # 0-based raw index of each expected line
    content_of = {i + 1: k for k, i in enumerate(source)}  # raw line number -> expected line index
    out_by_no: dict[int, list[str]] = {}
    for line in doc.lines:
        if line.text:
            out_by_no.setdefault(line.no, []).append(line.text)
    available = Counter(line.text for line in doc.lines if line.text)
    verbatim = [False] * len(expected)
    for k, e in enumerate(expected):
        if available[e] > 0:
            available[e] -= 1
            verbatim[k] = True
    res.kept_lines = sum(verbatim)

    for k, e in enumerate(expected):
        no = source[k] + 1
        if verbatim[k]:
            res.intact_lines += 1
            continue
        outs = out_by_no.get(no, [])
        if not outs:
            res.content.append(f"  CONTENT REMOVED  raw L{no}: {short(e)}")
            lost = len(e)
        else:
            out = outs[0]
            lost, _extra, lost_parts, extra_parts = diff_chars(e, out)
            if lost == 0:
                res.intact_lines += 1
                # the line itself is fine: its extra characters are reported as noise below
                continue
            res.content.append(f"  CONTENT DAMAGED  raw L{no}: lost {lost} chars: {quote(lost_parts)}")
            if extra_parts:
                res.content.append(f"      (and extra: {quote(extra_parts)})")
            res.content.append(f"      expected: {short(e)}")
            res.content.append(f"      output:   {short(out)}")
        if explain:
            for r in removals.get(no, []):
                res.content.append(f"      - {r.cleaner} ({r.kind}): {r.reason}  text={short(r.text, 70)!r}")
            if not removals.get(no) and res.dropped:
                res.content.append("      - the whole document was dropped")
            elif not removals.get(no) and lost:
                res.content.append("      - no removal recorded (a normaliser changed characters)")

    # Output lines that are not content: an output line equal to the expected line its raw line gives claims
    # it; another equal to an unclaimed expected line is content out of place; the rest is noise.
    lines = [line for line in doc.lines if line.text]
    claimed = {k for line in lines if (k := content_of.get(line.no)) is not None and expected[k] == line.text}
    pool = Counter(e for k, e in enumerate(expected) if verbatim[k] and k not in claimed)
    for line in lines:
        k = content_of.get(line.no)
        if k is not None and k in claimed and expected[k] == line.text:
            continue
        if pool[line.text] > 0:
            pool[line.text] -= 1
            continue
        if k is None or k in claimed:
            res.noise.append(f"  NOISE LINE LEFT  raw L{line.no}: {short(line.text)}")
            continue
        _lost, extra, _, extra_parts = diff_chars(expected[k], line.text)
        if extra:
            res.noise.append(
                f"  NOISE SPAN LEFT  raw L{line.no}: {quote(extra_parts)}  in: {short(line.text, 70)}"
            )
    return res


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="documents to evaluate (NAME or NAME.txt); default all")
    ap.add_argument("--dir", type=Path, default=HELDOUT, help="folder of NAME.txt + NAME.expected.txt")
    ap.add_argument("--config", help="a user config (default: the shipped config)")
    ap.add_argument("--explain", action="store_true", help="which cleaner removed what from damaged lines")
    ap.add_argument("--summary", action="store_true", help="only the per-document figures and totals")
    args = ap.parse_args()

    paths = sorted(p for p in args.dir.glob("*.txt") if not p.name.endswith(".expected.txt"))
    if args.names:
        wanted = {n.removesuffix(".txt") for n in args.names}
        paths = [p for p in paths if p.name.removesuffix(".txt") in wanted]
    pipeline = Pipeline(args.config)
    results = [evaluate(pipeline, p, args.explain) for p in paths]

    if not args.summary:
        for res in results:
            print(f"== {res.name}")
            if res.dropped:
                print(f"  DOCUMENT DROPPED: {res.dropped}")
            for line in res.content + res.noise:
                print(line)
            if not res.content and not res.noise:
                print("  perfect")
        print()

    head = (
        f"{'document':34} {'lines kept':>14} {'intact':>7} {'chars lost':>17} {'noise left':>17}"
        f" {'of raw noise':>12}"
    )
    print(head)
    print("-" * len(head))
    total = Result("TOTAL")
    for res in results:
        for f in (
            "expected_lines",
            "kept_lines",
            "intact_lines",
            "expected_chars",
            "output_chars",
            "lost_chars",
            "noise_chars",
            "raw_noise_chars",
        ):
            setattr(total, f, getattr(total, f) + getattr(res, f))
    for res in [*results, total]:
        if res is total:
            print("-" * len(head))
        print(
            f"{res.name[:34]:34} {res.kept_lines:>4}/{res.expected_lines:<4}{pct(res.kept_lines, res.expected_lines)}"
            f" {pct(res.intact_lines, res.expected_lines)}"
            f" {res.lost_chars:>5}/{res.expected_chars:<5}{pct(res.lost_chars, res.expected_chars)}"
            f" {res.noise_chars:>5}/{res.output_chars:<5}{pct(res.noise_chars, res.output_chars)}"
            f" {res.noise_chars:>5}/{res.raw_noise_chars:<5}{pct(res.noise_chars, res.raw_noise_chars)}"
            + ("  DROPPED" if res.dropped else "")
        )
    print(
        "\nlines kept: expected lines verbatim in the output; intact: no character lost (a glued noise span may"
        "\nbe left); chars lost: of the expected text; noise left: characters of the output not in the expected"
        "\ntext, per output character and per character of noise in the raw document"
    )


if __name__ == "__main__":
    main()
