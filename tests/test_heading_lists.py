"""heading_lists: the titles listed right under a list heading that an earlier cleaner removed go with it.

Every string here is written for the test (look-alike pages of invented sites), none is copied from a page.
"""

from __future__ import annotations

import pytest

from cleaners import Document, Pipeline, Removal
from cleaners.config import load_config
from tests.test_late_chrome import _STORY
from tests.test_site_boilerplate import body, page


@pytest.fixture(scope="module")
def chain() -> Pipeline:
    return Pipeline(load_config(None))


def why(doc: Document) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removals}


@pytest.mark.parametrize("heading", ["本版热帖", "热点排行", "你可能也会喜欢"],
                         ids=["noise8-a-forums-hot-threads", "hot-ranking", "sites4-you-may-also-like"])
def test_the_titles_under_a_hot_list_heading_that_the_heading_rule_saw_removed_go(heading: str):
    """A heading of hot threads or a ranking, as the model removes it: the titles under it go too."""
    doc = Document.from_text("doc", "\n".join([*_STORY, heading, "冬钓鲫鱼的三个窍门", "自制窝料配方分享", "新手该选哪种鱼竿"]))
    heading_line = doc.lines[len(_STORY)]
    doc.removals.append(Removal(doc.id, heading_line.no, "line", "line_classifier", "p(noise)=0.95", heading))
    heading_line.text = ""  # removed as the model removes a line
    cfg = load_config(None)
    cfg["pipeline"]["chain"] = ["heading_lists"]
    doc = Pipeline(cfg).clean(doc)
    assert [x.text for x in doc.lines] == _STORY


def test_the_titles_under_a_list_heading_removed_after_the_model_go_with_it(chain: Pipeline):
    titles = ["三天两夜的海岛慢旅行", "雨季古镇徒步路线整理", "带父母出游的五个小建议"]
    doc = chain.clean(Document.from_text("doc", "\n".join([*_STORY, "相关游记", *titles])))
    assert [x.text for x in doc.lines] == _STORY
    reasons = why(doc)
    assert all(reasons[t] == "item of a list under the removed heading '相关游记' (removed by late_chrome)" for t in titles), reasons


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(["相关游记", "三天两夜的海岛慢旅行", "回来以后我又把照片整理了一遍,挑出最喜欢的几张洗了出来。"],
                     id="a-sentence-below-ends-no-list"),
        pytest.param(["相关游记", "三天两夜的海岛慢旅行"], id="one-title-is-no-list"),
        pytest.param(["相关游记", "《草房子》 曹文轩", "《城南旧事》 林海音"], id="adv14-a-reading-list-of-books-and-authors"),
    ],
)
def test_lines_under_a_removed_heading_that_are_no_list_of_titles_stay(chain: Pipeline, tail: list[str]):
    doc = chain.clean(Document.from_text("doc", "\n".join([*_STORY, *tail])))
    kept = [x.text for x in doc.lines]
    assert all(t in kept for t in tail[1:]), [(r.cleaner, r.reason, r.text) for r in doc.removals]


# The corpus stage: a site's own list heading, learned from its pages, takes the other documents' titles under it
UNITS = ["分数的初步认识", "长方形的面积", "小数的加法", "角的度量", "统计与概率", "图形的旋转", "简易方程", "百分数",
         "圆的周长", "比例尺", "立体图形", "位置与方向", "时分秒", "年月日", "两位数乘法"]


def site(tail) -> dict[str, Document]:
    """Five pages of one document-sharing site, each ending with the site's heading and `tail(i)` under it."""
    docs = [page(f"p{i}", i, f"https://www.qingyun-wenku.cn/doc/{4100 + i}.html", tail=["本站同类资料", *tail(i)])
            for i in range(5)]
    cfg = load_config(None)
    cfg["pipeline"]["chain"] = ["learned_boilerplate", "heading_lists"]
    return {d.id: d for d in Pipeline(cfg).clean_corpus(docs)}


def test_the_titles_under_a_sites_learned_list_heading_go():
    out = site(lambda i: [f"《{UNITS[3 * i + k]}》教学设计" for k in range(3)])
    for i in range(5):
        assert out[f"p{i}"].text.split("\n") == body(i)
        reasons = why(out[f"p{i}"])
        assert reasons["本站同类资料"].startswith("site template"), reasons
        for k in range(3):
            title = f"《{UNITS[3 * i + k]}》教学设计"
            assert reasons[title] == "item of a list under the removed heading '本站同类资料' (removed by learned_boilerplate)"


def test_sentences_under_a_sites_learned_list_heading_stay():
    out = site(lambda i: [f"第{i + 1}课时先复习{UNITS[2 * i]}。", f"再用十分钟练习{UNITS[2 * i + 1]}。"])
    for i in range(5):
        assert out[f"p{i}"].text.split("\n") == [*body(i), f"第{i + 1}课时先复习{UNITS[2 * i]}。", f"再用十分钟练习{UNITS[2 * i + 1]}。"]
