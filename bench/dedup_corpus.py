"""A labelled dedup corpus from the seeds' sentences, cleaned by the cleaner chain, and the metrics on it.

Clusters: an original report plus reposts (site chrome, other line breaks, 1-3% character edits, a
traditional-character copy, a truncated copy with a paywall notice). Hard negatives: pairs of different
reports sharing 20-35% of their sentences (one template). Singletons. Every document carries its label:
the cluster (or its own id) and whether it is a complete copy (all of the original's content).
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opencc
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cleaners import Document, Pipeline  # noqa: E402

CONTENT = ROOT / "fixtures" / "expected"
VERSION = 1  # bump when the generator changes: cached corpora are keyed by it
HEAD_CHROME = ["整理文档很辛苦,赏杯茶钱您下走!", "资源描述", "下载文档,编辑使用", "文档分享 加入收藏"]
TAIL_CHROME = ["阅读已结束，您可以下载文档离线阅读编辑", "©2015-2020 m.{n}doc.com 三七文档.",
               "转载请注明地址:http://www.yingxiang{n}.com/yxlsj/{n}.html"]
PAYWALL = ["免费阅读已结束，点击下载阅读编辑剩下 ...", "…… 此处隐藏:{n}字,全部文档内容请下载后查看 ……"]
EDIT_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


@dataclass
class LabelledDoc:
    """One generated document and its truth: its cluster label and whether it holds all the content."""

    id: str
    text: str
    label: str
    complete: bool
    kind: str


def load_sentences() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CONTENT.glob("*.txt")))
    return sorted({s for s in re.findall(r"[^。！？!?;；\n]+[。！？!?;；]", text) if len(s) >= 10})


class CorpusGenerator:
    """Deterministic for a seed; `clauses` recombines the seeds' clauses so reports stay distinct."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.sentences = load_sentences()
        self.clauses = sorted({c for s in self.sentences for c in re.split(r"[，,、：:]", s.rstrip("。！？!?;；")) if len(c) >= 4})
        self.s2t = opencc.OpenCC("s2t")

    def sentence(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return r.choice(self.sentences)
        return "，".join(r.choice(self.clauses) for _ in range(r.randint(2, 4))) + "。"

    def report(self, n: int | None = None) -> list[str]:
        return [self.sentence() for _ in range(n or self.rng.randint(20, 50))]

    def layout(self, sentences: list[str]) -> str:
        out, i = [], 0
        while i < len(sentences):
            k = self.rng.randint(1, 5)
            out.append("".join(sentences[i : i + k]))
            i += k
        return "\n".join(out)

    def chrome(self, body: str) -> str:
        r = self.rng
        fill = lambda t: t.format(n=r.randint(100, 999))  # noqa: E731
        head = [fill(t) for t in r.sample(HEAD_CHROME, r.randint(1, 2))]
        tail = [fill(t) for t in r.sample(TAIL_CHROME, r.randint(1, 2))]
        return "\n".join([*head, body, *tail])

    def edited(self, text: str) -> str:
        chars, r = list(text), self.rng
        cjk = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
        for i in r.sample(cjk, max(1, int(len(cjk) * r.uniform(0.01, 0.03)))):
            chars[i] = "" if r.random() < 0.4 else r.choice(EDIT_CHARS)
        return "".join(chars)

    def relined(self, text: str) -> str:
        flat = text.replace("\n", "")
        width = self.rng.randint(20, 80)
        return "\n\n".join(flat[i : i + width] for i in range(0, len(flat), width))

    def copy(self, kind: str, sentences: list[str], original: str) -> tuple[str, bool]:
        """A repost of `kind` and whether it is complete."""
        r = self.rng
        if kind == "chrome":
            return self.chrome(self.layout(sentences)), True
        if kind == "relined":
            return self.relined(original), True
        if kind == "traditional":
            return self.chrome(self.s2t.convert(self.layout(sentences))), True
        if kind == "edited":
            return self.chrome(self.edited(original)), False
        cut = sentences[: max(2, int(len(sentences) * r.uniform(0.4, 0.7)))]
        return self.chrome(self.layout(cut) + "\n" + r.choice(PAYWALL).format(n=r.randint(1000, 9999))), False

    def cluster(self, cid: str) -> list[LabelledDoc]:
        sentences = self.report()
        original = self.layout(sentences)
        docs = [LabelledDoc(f"{cid}-orig", original, cid, True, "original")]
        kinds = ["chrome", "relined", "edited", "traditional", "truncated"]
        for j, kind in enumerate(self.rng.sample(kinds, self.rng.randint(1, 4))):
            text, complete = self.copy(kind, sentences, original)
            docs.append(LabelledDoc(f"{cid}-{j}{kind[:2]}", text, cid, complete, kind))
        return docs

    def hard_negatives(self, hid: str) -> list[LabelledDoc]:
        n = self.rng.randint(24, 44)
        template = self.report(int(n * self.rng.uniform(0.2, 0.35)))
        out = []
        for side in "ab":
            sentences = template + self.report(n - len(template))
            self.rng.shuffle(sentences)
            out.append(LabelledDoc(f"{hid}{side}", self.layout(sentences), f"{hid}{side}", True, "hard-negative"))
        return out

    def corpus(self, clusters: int, hard_pairs: int, singletons: int) -> list[LabelledDoc]:
        docs: list[LabelledDoc] = []
        for c in range(clusters):
            docs.extend(self.cluster(f"c{c:06d}"))
        for h in range(hard_pairs):
            docs.extend(self.hard_negatives(f"h{h:06d}"))
        for s in range(singletons):
            docs.append(LabelledDoc(f"s{s:06d}", self.layout(self.report()), f"s{s:06d}", True, "singleton"))
        self.rng.shuffle(docs)
        return docs


def clean(docs: list[LabelledDoc]) -> list[dict[str, Any]]:
    """The kept rows the flow would hand to the dedup stage: cleaned text, removed_chars, and the labels."""
    labels = {d.id: d for d in docs}
    cleaned = Pipeline().clean_corpus([Document.from_text(d.id, d.text) for d in docs])
    return [
        {"id": c.id, "text": c.text, "removed_chars": sum(len(r.text) for r in c.removals),
         "label": labels[c.id].label, "complete": labels[c.id].complete, "kind": labels[c.id].kind}
        for c in cleaned
        if not c.dropped
    ]


def cleaned_corpus(path: Path, clusters: int, hard_pairs: int, singletons: int, seed: int = 0) -> Path:
    """Generate and clean once; cached as JSONL under `path` keyed by the sizes and VERSION."""
    file = path / f"dedup-v{VERSION}-c{clusters}-h{hard_pairs}-s{singletons}-seed{seed}.jsonl"
    if not file.exists():
        path.mkdir(parents=True, exist_ok=True)
        rows = clean(CorpusGenerator(seed).corpus(clusters, hard_pairs, singletons))
        tmp = file.with_suffix(".tmp")
        tmp.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
        tmp.replace(file)
    return file


def read_rows(file: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in file.read_bytes().splitlines()]


def _pairs(counts: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def metrics(rows: list[dict[str, Any]], survivor_of: dict[str, str]) -> dict[str, float]:
    """Pairwise P/R/F1 of predicted clusters (same survivor) vs labels, and the cluster-level figures."""
    pred = {r["id"]: survivor_of.get(r["id"], r["id"]) for r in rows}
    label = {r["id"]: r["label"] for r in rows}
    tp = _pairs(Counter((pred[i], label[i]) for i in pred))
    predicted, true = _pairs(Counter(pred.values())), _pairs(Counter(label.values()))
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    members: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        members.setdefault(r["label"], []).append(r)
    clusters = [m for m in members.values() if len(m) > 1]
    one = [m for m in clusters if sum(pred[r["id"]] == r["id"] for r in m) == 1]
    complete = [m for m in one if next(r for r in m if pred[r["id"]] == r["id"])["complete"]]
    single_rows = [m[0] for m in members.values() if len(m) == 1]
    return {
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "clusters": len(clusters), "one_survivor": len(one) / len(clusters) if clusters else 1.0,
        "most_complete": len(complete) / len(clusters) if clusters else 1.0,
        "singletons": len(single_rows), "false_drops": sum(pred[r["id"]] != r["id"] for r in single_rows),
    }


def survivors_from_duplicates(duplicates: list[dict[str, Any]]) -> dict[str, str]:
    return {d["id"]: d["duplicate_of"] for d in duplicates}
