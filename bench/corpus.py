"""Generate a benchmark corpus (JSONL, `id` and `text`) from the seeds' content sentences plus injected noise.

Content comes from fixtures/expected (the hand-checked clean outputs of the seeds), cut into sentences and
headings and recombined into new documents. Noise of every kind the cleaners handle is injected with the
proportions in `NOISE` below: most text stays clean content, as in a real scrape of document-sharing sites.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec
import opencc
import orjson

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "fixtures" / "expected"
SYLLABLES = ROOT / "config" / "patterns" / "pinyin_syllables.txt"
VERSION = 1  # bump when the generator changes: cached corpora are keyed by it

# Share of documents (doc) or of content lines (line) that get each kind of noise.
NOISE: dict[str, float] = {
    "doc.head_chrome": 0.50,  # 1-3 site slogan / metadata / download-prompt lines before the text
    "doc.tail_chrome": 0.60,  # 1-5 footer lines: ICP, QQ/WeChat, repost notice, prev/next, share, nav labels
    "doc.site_boilerplate": 0.40,  # 1-2 lines of the doc's site that no pattern knows (learned boilerplate)
    "doc.pdf_pages": 0.08,  # a PDF export: k/N page markers spliced into sentences + "k / N" counter lines
    "doc.paywall_lines": 0.10,  # whole paywall/price/VIP lines
    "doc.paywall_glued": 0.08,  # "…… 此处隐藏:1989字,全部文档内容请下载后查看 ……" glued to a content line
    "doc.pinyin": 0.04,  # pinyin-spam document (seed 002): ~40% of its lines pinyin lines, headings or tails
    "doc.seo_spam": 0.03,  # hospital/gambling/invoice spam appended to a content line
    "doc.seo_line": 0.01,  # a spam-only line
    "doc.traditional": 0.05,  # whole document in traditional characters
    "doc.fullwidth": 0.25,  # fullwidth punctuation, digits and ideographic-space indents
    "doc.too_short": 0.01,  # chrome and a few words only: the document filter drops it
    "line.junk_chars": 0.04,  # 1-2 emoji / pictographs / foreign-script letters spliced into a sentence
    "line.traditional": 0.02,  # a few traditional characters in an otherwise simplified line
    "line.mojibake_gbk": 0.003,  # UTF-8 read as GBK (鏁欒偛)
    "line.mojibake_latin": 0.002,  # UTF-8 read as cp1252 (æ•™è‚²)
}

HEAD_CHROME = [
    "文似观山不喜平 — — 观山文库◆记住我,来上我~",
    "整理文档很辛苦,赏杯茶钱您下走!",
    "资源描述",
    "admin 分享 时间: 加入收藏 共计{n4}个字,预计阅读时长{n2}分钟",
    "时间:20{y}-0{m}-1{d}",
    "发布时间:20{y}-0{m}-2{d} 10:{m}{d}",
    "浏览次数:{n3}",
    "下载文档,编辑使用",
]
TAIL_CHROME = [
    "©2015-2020 m.{n3}doc.com 三七文档.",
    "备案号:鲁ICP备20{n6}号-1 客服联系 QQ:21{n6}",
    "微信:fanwen{n3} QQ:3701{n4}",
    "转载请注明地址:http://www.yingxiang{n2}.com/yxlsj/{n4}.html",
    "- 上一篇文章: 关注G60科创走廊,全球影响力科技创",
    "- 下一篇文章: 工作总结宣传部篇章",
    "精彩图片",
    "热门精选",
    "大家正在看",
    "猜你喜欢",
    "微信扫码领取福利",
    "微信扫码分享",
    "领取福利",
    "保存成功",
    "×",
    "{n6}",
    "区教育局20{y}年工作总结和工作规划范文.doc 将本文的Word文档下载到电脑",
    "版权所有 © 20{y} 范文{n2}网",
]
PAYWALL_LINES = [
    "免费阅读已结束,点击下载阅读编辑剩下 ...",
    "阅读已结束,您可以下载文档离线阅读编辑",
    "× 游客快捷下载通道(下载后可以自由复制和排版)",
    "限时特价:{n1} 元/份 原价:{n2}元",
    "支付方式:",
    "开通VIP包月会员 特价:{n2}元/月",
    "注:下载文档有可能“只有目录或者内容不全”等情况,请下载之前注意辨别,如果您已付费且无法下载或内容有问题,请联系我们协助你处理。",
]
PAYWALL_GLUED = [
    "…… 此处隐藏:{n4}字,全部文档内容请下载后查看。喜欢就下载吧 ……",
    "...... 余下{n3}字请下载后查看",
    "……试读结束,如需阅读全文请下载",
]
SEO_SPAM = [
    "盐城市大丰区教育局官方白癜风治疗的有效医院北京治白癜风医院哪个好 |",
    "北京治疗牛皮癣医院哪家好",
    "澳门葡京赌场百家乐平台开户",
    "代开增值税发票 电话{n6}",
    "癫痫病专科医院哪个好",
]
JUNK = list("💃🀅🍸🌜🌸✤♕🎉😀👍🔥🀄🂡🃏") + list("ꦜꦦꩵ෴ܫꩲꦰ") + ["𝔍", "𝓡", "𝕏", "မ", "𒀀", "𓀀", "ﷺ"]
SITE_LINES = [
    "{site}欢迎您的访问",
    "本文由{site}网友投稿整理发布",
    "更多精品范文尽在{site}",
    "{site}提供海量优质范文下载",
]
SITE_NAMES = [a + b for a in "文秘写作学习公文范文资料工作" for b in ("之家", "大全", "天地", "在线", "中心")]
TAIL_PREFIX = ["", ",", "。", " "]
FULLWIDTH_PUNCT = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in ",:;()!?"})
FULLWIDTH_DIGITS = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、])")


@dataclass
class Material:
    sentences: list[str]
    headings: list[str]
    syllables: list[str]


def load_material() -> Material:
    sentences: list[str] = []
    headings: list[str] = []
    for path in sorted(EXPECTED.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if len(line) <= 40 and HEADING.match(line):
                headings.append(line)
                continue
            for s in re.findall(r"[^。!?;]+[。!?;]?", line):
                s = s.strip()
                if len(s) >= 8 and len(re.findall(r"[\u4e00-\u9fff]", s)) >= 0.6 * len(s):
                    sentences.append(s)
    syllables = [
        s.strip()
        for s in SYLLABLES.read_text(encoding="utf-8").splitlines()
        if s.strip() and not s.startswith("#")
    ]
    return Material(sentences, headings, syllables)


class Generator:
    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.m = load_material()
        self.s2t = opencc.OpenCC("s2t.json")

    def fill(self, template: str, site: str = "") -> str:
        r = self.rng
        return template.format(
            n1=r.randint(1, 9),
            n2=r.randint(10, 99),
            n3=r.randint(100, 999),
            n4=r.randint(1000, 9999),
            n6=r.randint(100000, 999999),
            y=r.randint(10, 24),
            m=r.randint(1, 9),
            d=r.randint(0, 9),
            site=site,
        )

    def pinyin(self, low: int, high: int) -> str:
        """A run of pinyin syllables without spaces, sometimes broken by commas, as spam pages write it."""
        r = self.rng
        out: list[str] = []
        size = r.randint(low, high)
        letters = 0
        while letters < size:
            syl = r.choice(self.m.syllables)
            out.append(syl)
            letters += len(syl)
            if r.random() < 0.04:
                out.append(r.choice([",", "、", "。", "“", "”"]))
        return "".join(out)

    def content_line(self) -> str:
        r = self.rng
        if r.random() < 0.15:
            return r.choice(self.m.headings)
        # mostly paragraph lines of a few sentences; sometimes a whole article on one line (seed 004)
        n = r.randint(1, 5) if r.random() < 0.97 else r.randint(30, 100)
        return "".join(r.choice(self.m.sentences) for _ in range(n))

    def splice(self, line: str, piece: str) -> str:
        if len(line) < 4:
            return line + piece
        at = self.rng.randint(1, len(line) - 1)
        return line[:at] + piece + line[at:]

    def document(self, index: int) -> dict[str, str]:
        r = self.rng
        p = NOISE
        site = r.choice(SITE_NAMES)
        too_short = r.random() < p["doc.too_short"]
        n_lines = r.randint(1, 2) if too_short else r.randint(3, 30)
        title = r.choice(self.m.sentences)[:30].rstrip("。,;") + r.choice(
            ["工作总结", "工作计划", "范文", "3篇", ""]
        )
        body = [self.content_line() for _ in range(n_lines)]
        if too_short:
            body = [b[: r.randint(3, 12)] for b in body]

        for i, line in enumerate(body):
            x = r.random()
            if x < p["line.junk_chars"]:
                line = self.splice(line, "".join(r.choice(JUNK) for _ in range(r.randint(1, 2))))
            elif x < p["line.junk_chars"] + p["line.traditional"]:
                at = r.randint(0, max(0, len(line) - 6))
                line = line[:at] + self.s2t.convert(line[at : at + 6]) + line[at + 6 :]
            elif x < p["line.junk_chars"] + p["line.traditional"] + p["line.mojibake_gbk"]:
                line = line.encode("utf-8").decode("gb18030", errors="replace")
            elif x < sum(
                p[k]
                for k in ("line.junk_chars", "line.traditional", "line.mojibake_gbk", "line.mojibake_latin")
            ):
                line = line.encode("utf-8").decode("sloppy-windows-1252")
            body[i] = line

        if r.random() < p["doc.pinyin"]:
            for i, line in enumerate(body):
                x = r.random()
                if x < 0.15:
                    body[i] = self.pinyin(30, 300)
                elif x < 0.25:
                    body[i] = f"({r.choice(self.m.syllables)})" + self.pinyin(20, 60)
                elif x < 0.40:
                    body[i] = line + r.choice(TAIL_PREFIX) + self.pinyin(40, 200)
        if r.random() < p["doc.pdf_pages"]:
            total = r.randint(5, 60)
            page = 1
            for i, line in enumerate(body):
                if page > total:
                    break
                if len(line) > 30 and r.random() < 0.6:
                    body[i] = self.splice(line, f"{page}/{total}")
                    page += 1
                elif r.random() < 0.2:
                    body.insert(i, f"{page} / {total}")
                    page += 1
        if r.random() < p["doc.paywall_glued"] and body:
            i = r.randrange(len(body))
            body[i] = body[i] + self.fill(r.choice(PAYWALL_GLUED))
            del body[i + 1 :]  # the site hid the rest
        if r.random() < p["doc.seo_spam"] and body:
            i = r.randrange(len(body))
            body[i] = body[i] + " " + self.fill(r.choice(SEO_SPAM))
        if r.random() < p["doc.seo_line"]:
            body.insert(r.randint(0, len(body)), self.fill(r.choice(SEO_SPAM)))

        head: list[str] = []
        tail: list[str] = []
        if r.random() < p["doc.head_chrome"]:
            head = [self.fill(t) for t in r.sample(HEAD_CHROME, r.randint(1, 3))]
        if r.random() < p["doc.tail_chrome"]:
            tail = [self.fill(t) for t in r.sample(TAIL_CHROME, r.randint(1, 5))]
        if r.random() < p["doc.site_boilerplate"]:
            tail += [self.fill(t, site) for t in r.sample(SITE_LINES, r.randint(1, 2))]
        if r.random() < p["doc.paywall_lines"]:
            tail[0:0] = [self.fill(t) for t in r.sample(PAYWALL_LINES, r.randint(1, 4))]

        lines = [title, *head, *body, *tail]
        if r.random() < p["doc.fullwidth"]:
            indent = "\u3000\u3000" if r.random() < 0.5 else ""
            digits = r.random() < 0.3
            lines = [
                indent + (ln.translate(FULLWIDTH_DIGITS) if digits else ln).translate(FULLWIDTH_PUNCT)
                for ln in lines
            ]
        text = "\n\n".join(lines) if r.random() < 0.5 else "\n".join(lines)
        if r.random() < p["doc.traditional"]:
            text = self.s2t.convert(text)
        return {"id": f"bench-{index:07d}", "text": text}

    def documents(self) -> Iterator[dict[str, str]]:
        index = 0
        while True:
            yield self.document(index)
            index += 1


def write_documents(path: Path, documents: Iterable[dict], megabytes: float) -> tuple[int, int]:
    """Write documents to `path` until it holds `megabytes` MB; returns (documents, bytes). Streams."""
    limit = int(megabytes * 1_000_000)
    written = docs = 0
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        for doc in documents:
            row = orjson.dumps(doc) + b"\n"
            fh.write(row)
            written += len(row)
            docs += 1
            if written >= limit:
                break
    tmp.replace(path)
    return docs, written


def write_corpus(path: Path, megabytes: float, seed: int = 0) -> tuple[int, int]:
    return write_documents(path, Generator(seed).documents(), megabytes)


def cached(workdir: Path, name: str, megabytes: float, write: Callable[[Path, float], object]) -> Path:
    """workdir/name, written once by `write(path, megabytes)` (name carries the size, seed and version)."""
    path = workdir / name
    if not path.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        write(path, megabytes)
    return path


def corpus_path(workdir: Path, megabytes: float, seed: int = 0) -> Path:
    """A cached corpus: generated once per (size, seed, generator version)."""
    name = f"corpus-{megabytes:g}mb-s{seed}-v{VERSION}.jsonl"
    return cached(workdir, name, megabytes, lambda path, mb: write_corpus(path, mb, seed))
