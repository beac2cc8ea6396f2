"""Learned boilerplate per site: a site's template lines (figures masked) go, text common to many sites stays.

Every string here is written for the test (look-alike pages of invented sites), none is copied from a page.
The chain is learned boilerplate alone, so that what it learns does not hang on what the pattern and model
cleaners before it happen to take first (with the default chain, the library/CLI agreement is tests/test_cli).
"""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import orjson
import pytest

from cleaners import Document, Pipeline
from cleaners.boilerplate import LineStats, line_site_key, mask_figures, site_of_host
from cleaners.config import load_config
from tests.conftest import read_jsonl, zhclean
from tests.test_cli import write_jsonl

SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治", "音乐", "美术", "体育"]
GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]


def body(n: int) -> list[str]:
    """Two content lines (long: they identify the document) of page n, distinct for every n < 72."""
    subject, grade = SUBJECTS[n % len(SUBJECTS)], GRADES[n // len(SUBJECTS) % len(GRADES)]
    return [
        f"{grade}{subject}教研组本周围绕课堂提问的有效性开展集体备课,第{n + 1}次研讨聚焦学生的真实困惑与课堂生成。",
        f"老师们结合{subject}学科特点交流了{n + 3}个典型课例,约定下周在{grade}各班试教后再次复盘改进。",
    ]


def page(doc_id: str, n: int, url: str | None, head: list[str] = (), tail: list[str] = ()) -> Document:
    meta = {} if url is None else {"url": url}
    return Document.from_text(doc_id, "\n".join([*head, *body(n), *tail]), meta=meta)


def learned(doc: Document) -> list[str]:
    return [r.text for r in doc.removals if r.cleaner == "learned_boilerplate"]


CHAIN = ["learned_boilerplate"]


def pipeline() -> Pipeline:
    cfg = load_config()
    cfg["pipeline"]["chain"] = CHAIN
    return Pipeline(cfg)


def clean(docs: list[Document]) -> dict[str, Document]:
    return {d.id: d for d in pipeline().clean_corpus(docs)}


# A site's template lines whose figures change from page to page ---------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        pytest.param(
            "资料入库 {y}-{m:02d}-{d:02d} · 容量 {kb}.{d}KB", id="doc-sharing-site-upload-date-and-size"
        ),
        pytest.param("馆藏编号 QX{id} 第{d}版", id="doc-sharing-site-document-id"),
        pytest.param("已有{n}位老师参考了这份教案", id="lesson-plan-site-reader-count"),
        pytest.param("全文约 {n} 字,细读约需 {d} 分钟", id="blog-mirror-reading-time"),
        pytest.param("{y}年{m}月{d}日 {h}:{d:02d} 晨光教育频道", id="news-site-dateline-with-channel"),
        pytest.param("以上就是晨光文库为您整理的第{n}号资料,希望对您有所帮助。", id="probe14s-site-closing-sentence-with-a-wish"),
    ],
)
def test_a_template_line_with_changing_figures_is_learned_per_site(template: str):
    def fill(i: int) -> str:
        return template.format(
            y=2019 + i, m=i + 2, d=i + 10, kb=17 * i + 20, id=90210 + 77 * i, n=130 + 41 * i, h=i + 8
        )

    site = [page(f"m{i}", i, f"https://m.chenguang-wenku.cn/p/{900 + i}.html", [fill(i)]) for i in range(4)]
    other = [
        page(f"o{i}", 10 + i, f"https://www.other-school.org.cn/n/{i}", [fill(10 + i)]) for i in range(2)
    ]
    assert len({fill(i) for i in range(4)}) == 4  # verbatim counting never sees the line recur
    docs = clean(site + other)
    for i in range(4):
        (r,) = [r for r in docs[f"m{i}"].removals if r.cleaner == "learned_boilerplate"]
        assert (r.kind, r.line_no, r.text) == ("line", 1, fill(i))
        assert r.reason == "site template: recurs in 4 of 4 documents of chenguang-wenku.cn (digits masked)"
        assert docs[f"m{i}"].text == "\n".join(body(i))
    assert all(not learned(docs[f"o{i}"]) for i in range(2))  # two pages of another site: not enough


# A template line naming the page's own title (sites8: a 范文 site's lead-in and related heading) -----------------

TITLES = ["春天的约定", "关于开展校园读书节活动的通知", "我眼中的“家乡”", "第十届科技节活动总结(节选)"]


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("导读:本篇《{t}》由晨光范文网收录,编辑整理后发布,供大家参考。", id="sites8-fanwen-lead-in-naming-the-title"),
        pytest.param("与“{t}”相关的范文:", id="sites8-related-heading-naming-the-title"),
        pytest.param("晨光范文网 › 作文大全 › {t}", id="breadcrumb-ending-in-the-title"),
    ],
)
def test_a_template_line_naming_each_pages_title_is_learned(template: str):
    site = [
        page(f"t{i}", i, f"https://www.chenguang-fanwen.cn/zw/{700 + i}.html", [t, template.format(t=t)])
        for i, t in enumerate(TITLES)
    ]
    docs = clean(site)
    for i, t in enumerate(TITLES):
        (r,) = [r for r in docs[f"t{i}"].removals if r.cleaner == "learned_boilerplate"]
        assert (r.line_no, r.text) == (2, template.format(t=t))
        assert r.reason.startswith("site template: recurs in 4 of 4 documents of chenguang-fanwen.cn (the page's title")
        assert docs[f"t{i}"].text == "\n".join([t, *body(i)])  # the title itself stays


def test_lines_naming_the_title_in_their_own_words_stay():
    """The title named by the text (each page its own sentence), or only decorated, is not a template."""
    site = [
        page(f"t{i}", i, f"https://www.chenguang-fanwen.cn/zw/{700 + i}.html",
             [t, f"《{t}》", f"写《{t}》这篇文章时,我想起了第{'一二三四'[i]}次参加活动的情景。"])
        for i, t in enumerate(TITLES)
    ]
    assert all(not learned(d) for d in clean(site).values())


# Text that recurs across many sites stays ---------------------------------------------------------------------

SITES = [
    "https://www.hongxing-school.cn/a/{i}",
    "http://news.lanshan.gov.cn/{i}.htm",
    "https://m.zuowen-ku.com/{i}",
]


@pytest.mark.parametrize(
    "phrase",
    [
        pytest.param("长风破浪会有时,直挂云帆济沧海。", id="poem-line-quoted-in-essays"),
        pytest.param("不忘初心,方得始终。", id="motto-quoted-in-speeches"),
        pytest.param("各位领导、各位同事:", id="salutation-of-speeches"),
        pytest.param("现将有关事项通知如下:", id="formula-of-official-notices"),
        pytest.param("特此通知。", id="closing-formula-of-notices"),
    ],
)
def test_a_quote_or_formula_in_documents_of_many_sites_stays(phrase: str):
    chrome = [
        f"本页面由{name}网站编辑部维护" for name in ("红星", "蓝山", "作文")
    ]  # each site's own template
    docs = [
        page(f"s{s}-{i}", 4 * s + i, url.format(i=i), [chrome[s]], [phrase])
        for s, url in enumerate(SITES)
        for i in range(4)
    ]
    for doc in clean(docs).values():
        assert phrase in doc.text and learned(doc) == [chrome[int(doc.id[1])]]


def test_a_line_of_two_sites_is_still_each_sites_template():
    """max_sites = 3: the line must be found in three sites before it counts as shared text."""
    line = "长风破浪会有时,直挂云帆济沧海。"
    docs = [
        page(f"s{s}-{i}", 4 * s + i, SITES[s].format(i=i), tail=[line]) for s in range(2) for i in range(4)
    ]
    assert all(learned(doc) == [line] for doc in clean(docs).values())


@pytest.mark.parametrize(
    ("sites", "signature"),
    [
        pytest.param(3, ["青禾市教育局办公室", "2023年5月10日"], id="notice-reposted-by-three-sites"),
        pytest.param(1, ["青禾市教育局办公室", "2023年5月10日"], id="notices-on-the-office-own-site"),
        pytest.param(1, ["青禾县人民政府", "二〇二三年五月十日"], id="notices-dated-in-chinese-numerals"),
    ],
)
def test_the_signature_under_notices_stays(sites: int, signature: list[str]):
    docs = [
        page(f"s{s}-{i}", 5 * s + i, SITES[s].format(i=i), tail=signature)
        for s in range(sites)
        for i in range(5)
    ]
    for doc in clean(docs).values():
        assert doc.text.endswith("\n".join(signature)) and not learned(doc)


@pytest.mark.parametrize(
    "headings",
    [
        pytest.param(["0 引言", "1 材料与方法", "2 结果与分析", "2.1 土壤pH值的变化", "3 结论"], id="a-journal's-numbered-headings"),
        pytest.param(["技术领域", "背景技术", "发明内容", "具体实施方式", "权利要求书"], id="a-patent's-fixed-headings"),
        pytest.param(["壹、前言", "贰、文献探讨", "参、研究方法", "肆、结论与建议"], id="probes16-journal's-capital-numeral-headings"),
        pytest.param(["教学目标", "【教学重难点】", "板书设计", "教学反思:"], id="probes16-lesson-plan-site's-fixed-headings"),
        pytest.param(["项目 | 单位 | 本月 | 同比增长(%)", "社会消费品零售总额 | 亿元 | 128.6 | 4.2"],
                     id="probes16-report-site's-table-header-and-row"),
        pytest.param(["3月份全市经济运行情况", "2024年一季度工作简报"], id="probes16-report-site's-periodic-titles"),
        pytest.param(["各有关单位:", "请各单位高度重视,精心组织,按时报送相关材料。"],
                     id="probes19-official-documents'-addressee-and-request"),
        pytest.param(["中华人民共和国国家标准", "GB/T 42001—2023", "本文件按照GB/T 1.1—2020的规定起草。",
                      "下列术语和定义适用于本文件。"], id="probes19-standards'-cover-number-and-formulas"),
        pytest.param(["盐 适量", "食用油 适量", "鸡蛋 3个"], id="probes19-recipes'-ingredient-lines"),
        pytest.param(["以上,先谢谢大家。", "在此先谢过各位。"], id="probes19-forum-askers'-thanks"),
        pytest.param(["(考试时间:120分钟 满分:120分)", "注意事项:", "题号 | 一 | 二 | 三 | 总分", "得分 |  |  |  |"],
                     id="probes20-exams'-time-line-instructions-and-score-table"),
        pytest.param(["[1] 费孝通.乡土中国[M].北京:北京大学出版社,2012.", "[2] 舒尔茨.改造传统农业[M].北京:商务印书馆,2006."],
                     id="probes20-journal's-classic-references"),
        pytest.param(["【摘要】", "为解决上述技术问题,本发明采用的技术方案是:", "根据权利要求1所述的装置,其特征在于:"],
                     id="probes20-patents'-section-headings-and-drafting-formulas"),
        pytest.param(["民 事 判 决 书", "本院认为,", "依照《中华人民共和国民法典》第五百七十七条之规定,判决如下:", "审判员 周立群"],
                     id="probes21-judgments'-title-formulas-and-signature"),
        pytest.param(["甲方(出租方):", "联系电话:______________", "本合同一式两份,甲乙双方各执一份,具有同等法律效力。"],
                     id="probes21-contracts'-party-rows-blank-fields-and-formulas"),
        pytest.param(["重要内容提示:", "表决结果:同意9票,反对0票,弃权0票。", "某某新材料股份有限公司董事会"],
                     id="probes21-announcements'-formulas-and-board-signature"),
        pytest.param(["【药品名称】", "【用法用量】", "请仔细阅读说明书并在医师指导下使用。", "24个月"],
                     id="probes21-drug-leaflets'-headings-warning-and-shelf-life"),
        pytest.param(["项目概况", "预算金额:95.00万元", "联系人:王海燕", "电话:0716-8452210"],
                     id="probes22-procurement-notices'-fields-and-buyer's-contact"),
        pytest.param(["教育背景", "求职意向:行政专员", "尊敬的招聘负责人:", "随信附上个人简历,期待您的回复。"],
                     id="probes22-resumes'-and-cover-letters'-headings-and-formulas"),
        pytest.param(["保险责任", "责任免除", "除另有约定外,本保险合同的受益人为被保险人本人。"],
                     id="probes22-insurance-terms'-headings-and-clause-formula"),
        pytest.param(["联系人:科研处 何老师", "咨询电话:0731-88120456", "联系地址:岳麓区学府路8号行政楼", "(此件主动公开)"],
                     id="probe14-one-office's-notices'-contact-rows-address-and-publication-line"),
        pytest.param(["联系人:区水务局 蒋立文", "办公地点:政务中心二楼206室"], id="probe14-gov-notice-contact-with-office"),
        pytest.param(["本报记者 林晓", "(本报记者 林晓 通讯员 郑宇)"], id="probe14-newspaper's-reporter-bylines"),
        pytest.param(["中图分类号:R473  文献标识码:B  文章编号:1008-3251(2022)05-0031-04", "收稿日期:2021-12-03;修回日期:2022-02-17"],
                     id="probe14s-journal-classification-and-received-rows"),
        pytest.param(["【分类号】 TU986.1", "【收稿日期】 2019-11-20", "【参考文献】"],
                     id="sites6-journal-fields-and-references-heading-in-brackets"),
        pytest.param(["证券代码:603112  证券简称:江淮精机  公告编号:2025-017", "股票代码:002817 股票简称:恒远精工"],
                     id="noise5-one-company's-announcement-headers"),
        pytest.param(["## 环境准备", "### 原因分析", "## 小结"], id="probe14s-blog-markdown-section-headings"),
        pytest.param(["希望对你有帮助。", "但愿能帮到楼主!"], id="probe14s-qa-answer-closing-wish"),
        pytest.param(["参考资料", "注释:", "资料来源"], id="sites8-blog's-references-and-notes-headings"),
    ],
)
def test_the_standard_headings_of_a_sites_papers_or_patents_stay(headings: list[str]):
    """Every paper of a journal's site has "1 材料与方法" and every patent "技术领域": the document's own
    headings, not the site's template, even though they recur on all its pages (digits masked, they are one)."""
    docs = [page(f"j{i}", i, SITES[0].format(i=i), head=headings[:2], tail=headings[2:]) for i in range(8)]
    for doc in clean(docs).values():
        assert not learned(doc)
        assert all(h in doc.text.split("\n") for h in headings)


@pytest.mark.parametrize("doi", ["DOI: 10.13866/j.hnnykx.2024.{i:02d}.0{i}", "doi:10.3969/j.issn.1002-2481.2023.0{i}.008"],
                         ids=["sites2-journal's-doi-line", "lower-case-doi"])
def test_each_papers_doi_stays_where_the_journal_sites_counter_goes(doi: str):
    """A journal's site prints each paper's DOI under its title: one line a page, alike once its figures are masked,
    but the paper's own (the rubric: an abstract, keywords, a DOI are content); the site's view counter next to it goes."""
    docs = [page(f"j{i}", i, SITES[0].format(i=i), head=["摘要", doi.format(i=i), f"浏览量:{100 + 7 * i}"])
            for i in range(8)]
    for i, doc in clean(docs).items():
        assert learned(doc) == [f"浏览量:{100 + 7 * int(i[1:])}"]
        assert doi.format(i=int(i[1:])) in doc.text.split("\n")


POSTS = ["城南老街的最后一个修鞋摊", "清晨五点的城北菜市场", "坐一趟最老的公交线路", "社区节水大使走进校园",
         "夜班公交司机的一天", "老城墙下的晨练人"]


# titles with figures: masked, they are still titles (sites5: a tech blog's "…从 1.2G 瘦到 86M…" went from its own page)
POSTS_WITH_FIGURES = ["把服务镜像从 1.4G 压到 92M 的一个周末", "2023 年读过的 12 本书", "用 3 台旧电脑搭一个家用 NAS",
                      "第 100 次晨跑之后", "Python 3.12 升级记录", "一年记账 365 天的小结"]


# ... and with a colon after a word of the title, which is no labelled row of figures (sites5's `2023 年终总结:…` went)
POSTS_WITH_A_COLON = ["2023 年终总结:换工作、跑半马和一只猫", "读书笔记:2024 年的 10 本书", "装修日记:第 3 周的水电改造",
                      "跑步小记:第一次跑完 21 公里", "旧物整理:清出 40 件不用的东西", "旅行手账:7 天走完河西走廊"]


@pytest.mark.parametrize("posts", [POSTS, POSTS_WITH_FIGURES, POSTS_WITH_A_COLON],
                         ids=["probes16-titles", "sites5-titles-with-figures", "sites5-titles-with-figures-and-a-colon"])
@pytest.mark.parametrize("chrome", [[], ["山城随笔"]], ids=["probes16-blog-title-first", "probes16-blog-under-its-name"])
def test_a_posts_title_in_the_sites_latest_posts_list_stays_on_its_own_page(chrome: list[str], posts: list[str]):
    """The latest posts list on every page of a blog names most of its posts: each title recurs on the site's
    pages like its template, but in the head of one page only (before its first sentence), its own, where it
    stays; in the lists it goes, on its own page too. The site's name, at the top of every page, goes everywhere."""
    url = "https://www.shancheng-suibi.cn/post/{i}.html"
    docs = [page(f"b{i}", i, url.format(i=i), head=[*chrome, posts[i]], tail=["最新文章", *posts]) for i in range(6)]
    out = clean(docs)
    for i in range(6):
        assert out[f"b{i}"].text.split("\n") == [posts[i], *body(i)]
        assert sorted(learned(out[f"b{i}"])) == sorted([*chrome, "最新文章", *posts])


def test_a_line_near_the_top_of_two_pages_is_no_title():
    """Near the top of two or more pages, a recurring line is the site's (a column name under the site's name)."""
    url = "https://www.shancheng-suibi.cn/post/{i}.html"
    docs = [page(f"b{i}", i, url.format(i=i), head=["城市漫步专栏" if i < 2 else POSTS[i]], tail=["城市漫步专栏"])
            for i in range(6)]
    out = clean(docs)
    assert all("城市漫步专栏" not in out[f"b{i}"].text for i in range(6))


def test_a_footer_near_the_top_of_a_page_without_sentences_is_no_title():
    """A short page of list items (no sentence) has the site's footer among its first lines: no head, no title."""
    url = "https://www.shancheng-suibi.cn/post/{i}.html"
    footer = "山城随笔 版权所有 转载请注明出处"
    docs = [page(f"b{i}", i, url.format(i=i), tail=[footer]) for i in range(5)]
    docs.append(Document.from_text("list", "\n".join(["往期目录", "城南老街的修鞋摊", footer]), meta={"url": url.format(i=9)}))
    out = clean(docs)
    assert all(footer not in d.text for d in out.values())


def test_a_row_of_figures_in_the_head_of_one_page_is_no_title():
    """A metadata row that one page shows above its text and the others below is the site's, figures and all."""
    url = "https://www.zhuanli-chaxun.cn/record/{i}.html"
    row = "公开日: 2022-12-{d:02d}"
    docs = [page(f"p{i}", i, url.format(i=i), head=[row.format(d=i + 1)] * (i == 0), tail=[row.format(d=i + 1)] * (i > 0))
            for i in range(6)]
    out = clean(docs)
    assert all(out[f"p{i}"].text == "\n".join(body(i)) for i in range(6))


# Reposts, documents without a site ------------------------------------------------------------------------------

CHROME = "本站资料来自晨光资料馆会员分享"


@pytest.mark.parametrize(
    ("reposts", "others", "learned_in"),
    [
        pytest.param(4, 1, 0, id="four-reposts-of-one-report-and-one-page-count-two"),
        pytest.param(1, 1, 0, id="two-unrelated-pages-are-below-min-site-docs"),
        pytest.param(2, 2, 3, id="two-reposts-and-two-pages-count-three"),
    ],
)
def test_reposts_of_one_document_on_one_site_count_once(reposts: int, others: int, learned_in: int):
    copies = [
        page(f"r{i}", 0, f"https://www.chenguang-wenku.cn/r/{i}", tail=[CHROME]) for i in range(reposts)
    ]
    pages = [
        page(f"p{i}", 1 + i, f"https://m.chenguang-wenku.cn/p/{i}", tail=[CHROME]) for i in range(others)
    ]
    docs = clean(copies + pages).values()
    assert sum(CHROME not in doc.text for doc in docs) == (reposts + others if learned_in else 0)
    if learned_in:
        assert {r.reason for doc in docs for r in doc.removals if r.cleaner == "learned_boilerplate"} == {
            f"site template: recurs in {learned_in} of {learned_in} documents of chenguang-wenku.cn"
        }


@pytest.mark.parametrize(
    "meta",
    [
        pytest.param({}, id="jsonl-without-url"),
        pytest.param({"url": ""}, id="empty-url"),
        pytest.param({"url": None}, id="null-url"),
        pytest.param({"url": "http://[::1"}, id="malformed-url"),
        pytest.param({"link": "https://www.chenguang-wenku.cn/p/1"}, id="url-in-a-field-not-configured"),
    ],
)
def test_documents_without_a_site_lose_nothing(meta: dict):
    docs = [Document.from_text(f"d{i}", "\n".join([*body(i), CHROME]), meta=meta) for i in range(8)]
    assert all(CHROME in doc.text and not doc.removals for doc in clean(docs).values())


def test_the_host_field_and_a_txt_folder_give_a_site():
    by_host = [
        Document.from_text(f"h{i}", "\n".join([*body(i), CHROME]), meta={"host": "M.Chenguang-Wenku.CN"})
        for i in range(3)
    ]
    folder = [
        Document.from_text(f"t{i}", "\n".join([*body(10 + i), CHROME]), source=f"/corpus/lanshan/p{i}.txt")
        for i in range(3)
    ]
    docs = clean(by_host + folder)
    reasons = {r.reason for d in docs.values() for r in d.removals if r.cleaner == "learned_boilerplate"}
    assert reasons == {
        "site template: recurs in 3 of 3 documents of chenguang-wenku.cn",
        "site template: recurs in 3 of 3 documents of /corpus/lanshan",
    }


@pytest.mark.parametrize(
    ("host", "site"),
    [
        pytest.param("m.chenguang-wenku.cn", "chenguang-wenku.cn", id="mobile-subdomain"),
        pytest.param("news.lanshan.gov.cn", "lanshan.gov.cn", id="gov-cn-second-level"),
        pytest.param("www.example.com.my", "example.com.my", id="com-my-second-level"),
        pytest.param("blog.example.co.uk", "example.co.uk", id="co-uk-second-level"),
        pytest.param("58.213.10.20", "58.213.10.20", id="bare-ip"),
        pytest.param("localhost", "localhost", id="single-label"),
    ],
)
def test_the_site_of_a_host(host: str, site: str):
    assert site_of_host(host) == site


def test_figures_are_masked():
    assert mask_figures("上传于 2023-05-01 12:30 · 25.98KB · 编号 p-1815488") == "上传于 # # · # · 编号 p-#"
    assert mask_figures("第3页 共11页") == "第#页 共#页"


# Statistics across shards -----------------------------------------------------------------------------------


def test_site_statistics_merged_from_shards_decide_as_a_plain_count(monkeypatch):
    """Packed, capped statistics (staged, merged across shards, pickled like a shard's) learn what a dict of
    sets of documents per (line, site) would."""
    cleaner = pipeline().boilerplate
    monkeypatch.setattr(LineStats, "BUFFER", 7)  # stage and compact many times
    rng = random.Random(5)
    rows = []  # (line, site, document): line n is found in 1 + n % 4 sites, in up to 2 + n % 11 documents
    for _ in range(1500):
        line = rng.randrange(40)
        rows.append((line, (line + rng.randrange(1 + line % 4)) % 6, rng.randrange(2 + line % 11)))
    shards = [cleaner.new_stats() for _ in range(4)]
    for i, (line, site, doc) in enumerate(rows):
        shards[i % 4].docs.add(site, doc)
        shards[i % 4].lines.add(line, site << 32 | doc)
    total = cleaner.merge(pickle.loads(pickle.dumps(s)) for s in shards)
    site_docs: dict[int, set[int]] = {}
    seen: dict[tuple[int, int], set[int]] = {}
    for line, site, doc in rows:
        site_docs.setdefault(site, set()).add(doc)
        seen.setdefault((line, site), set()).add(doc)
    sites_of = {line: {s for (ln, s) in seen if ln == line} for line, _ in seen}
    expected = {
        (line, site)
        for (line, site), docs in seen.items()
        if len(docs) >= max(3, min(-(-len(site_docs[site]) // 2), 10)) and len(sites_of[line]) < 3
    }
    assert 0 < len(expected) < len(seen) and any(len(sites) >= 3 for sites in sites_of.values())
    fitted = cleaner.fit(total)
    assert (
        fitted
        == {  # documents the line recurs in (counted up to the cap, 10) << 32 | the site's documents
            line_site_key(line, site): min(len(seen[line, site]), 10) << 32 | len(site_docs[site])
            for line, site in expected
        }
    )
    assert len(total) == len(sites_of)


# Through the CLI: the flow and the library agree ----------------------------------------------------------------


def test_the_cli_records_site_templates_and_agrees_with_the_library(prefect_server, tmp_path: Path):
    rows = []
    for i in range(5):  # one site, a template row with changing figures, a quote shared with two other sites
        head = [f"资料入库 2023-0{i + 1}-1{i} · 容量 {31 * i + 40}KB"]
        rows.append(
            {
                "id": f"cg{i}",
                "url": f"https://m.chenguang-wenku.cn/p/{i}",
                "text": "\n".join([*head, *body(i)]),
            }
        )
    for s, url in enumerate(SITES):
        for i in range(2):
            text = "\n".join([*body(20 + 2 * s + i), "长风破浪会有时,直挂云帆济沧海。"])
            rows.append({"id": f"q{s}-{i}", "url": url.format(i=i), "text": text})
    rows += [{"id": f"n{i}", "text": "\n".join([*body(40 + i), CHROME])} for i in range(6)]  # no url
    path = tmp_path / "x.jsonl"
    write_jsonl(path, rows)
    config = tmp_path / "small.toml"
    chain = orjson.dumps(CHAIN).decode()
    config.write_text(
        f"[pipeline]\nchain = {chain}\n[input]\nshard_bytes = 1500\n[dedup]\nenabled = false\n",
        encoding="utf-8",
    )
    zhclean("clean", str(path), "--out", str(tmp_path / "out"), "--config", str(config), check=True)

    out = {r["id"]: r for r in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    report = orjson.loads((tmp_path / "out" / "report.json").read_bytes())
    assert report["inputs"]["shards"] > 3  # statistics merged across shards
    dropped = [
        r for r in read_jsonl(tmp_path / "out" / "dropped.jsonl") if r["cleaner"] == "learned_boilerplate"
    ]
    assert sorted(r["doc_id"] for r in dropped) == [f"cg{i}" for i in range(5)]
    assert {(r["kind"], r["line_no"], r["reason"]) for r in dropped} == {
        ("line", 1, "site template: recurs in 5 of 5 documents of chenguang-wenku.cn (digits masked)")
    }
    assert all("直挂云帆济沧海" in out[f"q{s}-{i}"]["text"] for s in range(3) for i in range(2))
    assert all(CHROME in out[f"n{i}"]["text"] for i in range(6))

    library = pipeline().clean_corpus(
        Document.from_text(r["id"], r["text"], meta={k: v for k, v in r.items() if k not in ("id", "text")})
        for r in rows
    )
    assert {d.id: d.text for d in library} == {i: r["text"] for i, r in out.items()}
    assert [r.to_dict() for d in library for r in d.removals if r.cleaner == "learned_boilerplate"] == dropped


@pytest.mark.parametrize("lines", [0, 1, 5000], ids=["nothing-learned", "one-line", "many-lines"])
def test_the_fit_reaches_the_finish_tasks_as_a_file(tmp_path: Path, lines: int):
    """The flow hands its finish tasks the path of the fitted template lines, not the dict (which Prefect
    pickled and walked for every task): every key and value comes back, the own-title flag (bit 63) too,
    and a rewritten file is read again, not served from the process's cache."""
    from cleaners.boilerplate import OWN_TITLE
    from flows.shards import load_fit, save_fit

    rng = random.Random(lines)
    fit = {rng.getrandbits(64): rng.getrandbits(40) | (OWN_TITLE if i % 3 == 0 else 0) for i in range(lines)}
    path = save_fit(tmp_path, fit)
    assert load_fit(str(path)) == fit
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    refit = {**fit, 12345: 1 << 32 | 3}
    assert load_fit(str(save_fit(tmp_path, refit))) == refit


@pytest.mark.parametrize(
    ("cleaner", "learned_on_the_others"),
    [
        pytest.param("line_classifier", True, id="sites9-a-template-line-the-model-took-from-two-pages"),
        pytest.param("watermark", True, id="a-template-line-a-pattern-took-from-two-pages"),
        pytest.param("related_lists", False, id="another-pages-title-a-list-named"),
        pytest.param("title_repeats", False, id="the-pages-own-title-repeated"),
    ],
)
def test_a_line_an_earlier_cleaner_removed_still_counts_as_the_pages(cleaner: str, learned_on_the_others: bool):
    """Four pages of a site end with its line; an earlier cleaner took it from two of them: it recurs on all four,
    a template, and goes from the other two too. Not so a line a list of other pages or a title's repeat was."""
    line = "晨光文库 · 让每一份资料都有用"
    docs = [page(f"p{i}", i, f"https://www.chenguang-wenku.cn/doc/{i}.html", tail=[line]) for i in range(4)]
    (earlier,) = [c for c in Pipeline(load_config()).cleaners if c.name == cleaner]
    for doc in docs[:2]:
        earlier.drop_line(doc, doc.lines[-1], "an earlier cleaner's reason")
    out = clean(docs)
    for i in (2, 3):
        assert learned(out[f"p{i}"]) == ([line] if learned_on_the_others else [])
        if learned_on_the_others:
            (r,) = [r for r in out[f"p{i}"].removals if r.cleaner == "learned_boilerplate"]
            assert r.reason == "site template: recurs in 4 of 4 documents of chenguang-wenku.cn"
