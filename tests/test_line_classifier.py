"""The line classifier: content of look-alike pages survives it, what it removes carries its evidence, and
its compiled tree evaluator agrees with the attribution of each decision."""

from __future__ import annotations

import re

import numpy as np
import pytest
import regex

from cleaners import ConfigError, Document, Pipeline, default_pipeline, load_config
from cleaners.line_classifier import (
    LineModel,
    SpacedPairs,
    _contributions,
    _raw_scores_by_tree,
    contents_entries,
    item_runs,
    load_model,
    lockstep_tree,
    lone_fields,
    table_rows,
)
from cleaners.line_features import (
    FEATURE_NAMES,
    VOCABULARY_NAMES,
    Vocabulary,
    document_features,
    lexical_scores,
    scored_lines,
)

# Written for these tests (no real page copied): the kinds of page real-dev holds, each with its content lines
# (which must all survive) and its furniture.
NOTICE = [
    ("content", "关于开展2024年春季学期校园安全大检查的通知"),
    ("content", "各中小学、幼儿园:"),
    ("content", "为切实做好春季学期校园安全工作,根据上级有关文件精神,经研究,决定在全县范围内开展校园安全大检查。现将有关事项通知如下:"),
    ("content", "一、检查时间"),
    ("content", "2024年3月1日至3月20日,各校先行自查,教育局随后组织抽查。"),
    ("content", "二、检查内容"),
    ("content", "重点检查校舍安全、消防设施、食品卫生、交通安全和心理健康教育等方面的落实情况,发现问题立即整改。"),
    ("content", "三、工作要求"),
    ("content", "各校要高度重视,成立由校长任组长的工作领导小组,明确责任分工,确保检查不走过场、不留死角。"),
    ("content", "特此通知。"),
    ("content", "县教育局办公室"),
    ("content", "2024年2月26日"),
]
ESSAY = [
    ("content", "我的老师"),
    ("content", "作者:李明"),
    ("content", "在我的记忆里,有一位老师让我至今难忘。她个子不高,说话总是轻声细语,却能让全班同学安静下来。"),
    ("content", "每天清晨,她总是第一个来到教室,把黑板擦得干干净净,然后站在门口微笑着迎接我们。"),
    ("content", "有一次我生病请假,她放学后专门来到我家,帮我补习落下的功课,一直讲到天黑才离开。"),
    ("content", "长风破浪会有时,直挂云帆济沧海。"),
    ("content", "老师,谢谢您!"),
]
TECH = [
    ("content", "Python 读取配置文件的三种方法"),
    ("content", "在实际项目中,配置文件通常保存数据库地址、端口和密钥等信息,下面介绍三种常见的读取方法。"),
    ("content", "1. 使用 configparser 模块"),
    ("content", "import configparser"),
    ("content", "cfg = configparser.ConfigParser()"),
    ("content", "cfg.read('app.ini')"),
    ("content", "2. 使用 json 模块"),
    ("content", "with open('app.json') as f:"),
    ("content", "    data = json.load(f)"),
    ("content", "以上方法各有优缺点,可以根据项目的实际情况选择。"),
]
BODY_LINES = [t for _, t in NOTICE[2:9]]
PAGES = {"official notice": NOTICE, "school essay": ESSAY, "tech blog post": TECH}


def clean_page(lines: list[tuple[str, str]]) -> Document:
    return default_pipeline().clean(Document.from_text("page", "\n".join(t for _, t in lines)))


@pytest.mark.parametrize("name", PAGES)
def test_every_content_line_of_a_look_alike_page_survives(name: str):
    lines = PAGES[name]
    doc = clean_page(lines)
    kept = {line.text for line in doc.lines}
    lost = [t for label, t in lines if label == "content" and t.strip() not in kept]
    assert not lost, f"content removed: {lost}; why: {[(r.cleaner, r.reason) for r in doc.removals]}"


FURNITURE = [
    "首页 > 教育资讯 > 通知公告",
    "发布时间:2024-02-26 09:15 浏览次数:1288 来源:县教育局",
    "【字体:大 中 小】 打印本页 关闭窗口",
    "上一篇:县教育局召开新学期工作部署会",
    "下一篇:关于做好寒假安全教育的提醒",
    "版权所有 县教育局 地址:人民路1号 电话:0000-1234567",
]


def test_the_furniture_around_a_notice_goes_and_each_removal_says_why():
    page = [("noise", t) for t in FURNITURE[:3]] + NOTICE + [("noise", t) for t in FURNITURE[3:]]
    doc = clean_page(page)
    kept = {line.text for line in doc.lines}
    assert all(t in kept for label, t in page if label == "content")
    gone = [t for label, t in page if label == "noise" and t not in kept]
    assert len(gone) >= 4, f"only {gone} of the furniture went"
    by_model = [r for r in doc.removals if r.cleaner == "line_classifier"]
    for r in by_model:
        assert r.kind == "line" and r.reason.startswith("line classifier: p(noise)=")
        assert any(name in r.reason for name in FEATURE_NAMES), r.reason


def test_cleaning_its_own_output_removes_nothing_more():
    page = [("noise", t) for t in FURNITURE[:3]] + NOTICE + [("noise", t) for t in FURNITURE[3:]]
    once = clean_page(page).text
    again = default_pipeline().clean(Document.from_text("page", once))
    assert again.text == once and again.removals == []


def test_a_short_document_is_left_to_the_rules():
    pipe = default_pipeline()
    text = "\n".join(t for _, t in NOTICE[:3])  # fewer lines than [line_classifier] min_lines
    doc = pipe.clean(Document.from_text("short", text))
    assert not [r for r in doc.removals if r.cleaner == "line_classifier"]


@pytest.fixture(scope="module")
def model() -> LineModel:
    return next(c for c in default_pipeline().cleaners if c.name == "line_classifier").model


def test_the_shipped_model_describes_its_training_and_threshold(model: LineModel):
    assert model.meta["features"] == FEATURE_NAMES
    assert 0.5 < model.meta["threshold"] < 1 and model.meta["oof_content_lost"] <= model.meta["budget"]
    assert "real" in model.meta["trained_on"]


def _raw_scores(x, feature, threshold, left, right, value, roots) -> np.ndarray:
    """The reference evaluator: row by row, each row's trees summed in the order of `roots`."""
    out = np.zeros(x.shape[0])
    for r in range(x.shape[0]):
        total = 0.0
        for root in roots:
            node = root
            while feature[node] >= 0:
                node = left[node] if x[r, feature[node]] <= threshold[node] else right[node]
            total += value[node]
        out[r] = total
    return out


def test_attributions_add_up_to_the_score(model: LineModel):
    texts = [t for _, t in NOTICE] + FURNITURE
    scored = scored_lines(texts, 100)
    lexical = lexical_scores(texts, scored, model.ngram_weights, model.ngram_bias)
    x = document_features(texts, scored, lexical, model.vocabulary)
    raw = _raw_scores(x, *model.tree)
    feature, _, _, _, value, roots = model.tree
    for row, score in zip(x, raw, strict=True):
        contrib = _contributions(row, *model.tree, len(FEATURE_NAMES))
        assert contrib.sum() + value[roots].sum() == pytest.approx(score, abs=1e-9)


def test_the_tree_evaluator_follows_splits_and_sums_trees():
    # tree 1: x0 <= 0.5 ? -1 : (x1 <= 2 ? 1 : 3); tree 2: a single leaf 0.25
    feature = np.array([0, -1, 1, -1, -1, -1], dtype=np.int32)
    threshold = np.array([0.5, 0, 2.0, 0, 0, 0])
    left = np.array([1, -1, 3, -1, -1, -1], dtype=np.int32)
    right = np.array([2, -1, 4, -1, -1, -1], dtype=np.int32)
    value = np.array([0.0, -1.0, 2.0, 1.0, 3.0, 0.25])
    roots = np.array([0, 5], dtype=np.int32)
    x = np.array([[0.0, 9.0], [1.0, 2.0], [1.0, 2.5]])
    assert _raw_scores(x, feature, threshold, left, right, value, roots).tolist() == [-0.75, 1.25, 3.25]
    feature, threshold, children, depth = lockstep_tree(feature, threshold, left, right, roots)
    assert depth.tolist() == [2, 0]
    assert _raw_scores_by_tree(x, feature, threshold, children, value, roots, depth).tolist() == [-0.75, 1.25, 3.25]


def test_the_model_scores_tree_by_tree_as_row_by_row_to_the_last_bit(model: LineModel):
    texts = [t for _, t in NOTICE + ESSAY] + FURNITURE
    scored = scored_lines(texts, 100)
    x = model.features(texts, scored)
    x[3, 0] = np.nan  # a missing value goes right in both
    raw = _raw_scores(x, *model.tree)
    assert model.probabilities(x).tobytes() == (1.0 / (1.0 + np.exp(-raw))).tobytes()


def test_a_missing_model_is_a_config_error_naming_it(tmp_path):
    cfg = load_config(None)
    cfg["line_classifier"] = {**cfg["line_classifier"], "model": str(tmp_path / "nope.npz")}
    load_model.cache_clear()
    with pytest.raises(ConfigError, match="nope.npz"):
        Pipeline(cfg)


@pytest.mark.parametrize(
    ("line", "kinds", "outside"),
    [
        ("登录 | 注册", {"chrome": 1.0}, 0.0),
        ("阅读量:1288 点赞 收藏", {"meta": 1.0}, 0.0),
        ("相关推荐", {"related": 1.0}, 0.0),
        ("会议强调要做好春耕备耕工作", {}, 1.0),
        ("下载APP 查看更多", {"chrome": 5 / 9, "related": 4 / 9}, 0.0),
    ],
    ids=["login row", "counters", "related heading", "a sentence of text", "two kinds on one line"],
)
def test_the_page_vocabulary_measures_each_kind_of_furniture_on_a_line(line, kinds, outside):
    vocabulary = Vocabulary([("登录", "chrome"), ("注册", "chrome"), ("下载APP", "chrome"), ("阅读量", "meta"),
                             ("点赞", "meta"), ("收藏", "meta"), ("相关推荐", "related"), ("查看更多", "related")])
    texts = ["标题", line]
    x = document_features(texts, np.ones(2, dtype=bool), np.zeros(2), vocabulary)
    row = dict(zip(FEATURE_NAMES, x[1], strict=True))
    for kind in ("chrome", "meta", "paywall", "related", "ad", "comment"):
        assert row[f"{kind} words"] == pytest.approx(kinds.get(kind, 0.0))
    assert row["page words"] == pytest.approx(sum(kinds.values()))
    assert row["letters outside page words"] == pytest.approx(outside)
    assert set(VOCABULARY_NAMES) <= set(FEATURE_NAMES)


def test_a_model_trained_with_another_vocabulary_is_refused(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# --- chrome\n首页\n", encoding="utf-8")
    cfg = load_config(None)
    cfg["line_classifier"] = {**cfg["line_classifier"], "vocabulary": str(words)}
    with pytest.raises(ConfigError, match="another page vocabulary"):
        Pipeline(cfg)
    other = tmp_path / "other.txt"
    other.write_text("# --- menus\n首页\n", encoding="utf-8")
    cfg["line_classifier"]["vocabulary"] = str(other)
    with pytest.raises(ConfigError, match="unknown kind"):
        Pipeline(cfg)


@pytest.fixture(scope="module")
def eager() -> Pipeline:
    """The chain with a classifier that removes nearly every line it may judge: what survives is protected."""
    cfg = load_config(None)
    cfg["line_classifier"] = {**cfg["line_classifier"], "threshold": 0.001}
    cfg["pipeline"]["chain"] = [c for c in cfg["pipeline"]["chain"] if c != "doc_filter"]  # keep what is left
    return Pipeline(cfg)


@pytest.mark.parametrize(
    ("lines", "protected"),
    [
        (["首页 > 教学资源 > 英语", "Unit 3 Festivals Around the World", "Listening and Speaking 教学设计", *BODY_LINES],
         "Listening and Speaking 教学设计"),
        ([*BODY_LINES, "应急联系人:王老师", "值班电话:0731-84560000", "手机:13900000000"], "值班电话:0731-84560000"),
        ([*BODY_LINES, "手机:13900000000"], "手机:13900000000"),
        ([*BODY_LINES, "谢谢大家!"], "谢谢大家!"),
        ([*BODY_LINES, "特此通知。", "县教育局办公室", "2024年2月26日"], "2024年2月26日"),
        (["高原红细胞增多症", "1 拼音", "gāo yuán hóng xì bāo zēng duō zhèng", *BODY_LINES],
         "gāo yuán hóng xì bāo zēng duō zhèng"),
        (["红烧肉的做法", "食材", "五花肉 500克", "生抽 2勺", *BODY_LINES], "五花肉 500克"),
        (["罗宋汤的做法", "食材", "牛腩 400克", "洋葱   半个", "盐 适量", *BODY_LINES], "洋葱   半个"),
        (["三年级数学期中测试卷", "(时间:60分钟  满分:100分)", *BODY_LINES], "(时间:60分钟  满分:100分)"),
        (["内科教学查房记录", "查房时间:2024年5月8日 9:30    地点:住院部三楼示教室", *BODY_LINES], "查房时间:2024年5月8日 9:30    地点:住院部三楼示教室"),
        ([*BODY_LINES, "按天切分日志:", "cp app.log app.log.1 && : > app.log"], "cp app.log app.log.1 && : > app.log"),
        (["江淮地区夏玉米氮肥效应研究", "顾晓燕  陶  然", "(江南理工大学 农学院,江苏 无锡 214122)", *BODY_LINES], "顾晓燕  陶  然"),
        (["江淮地区夏玉米氮肥效应研究", "顾晓燕  陶  然", "(江南理工大学 农学院,江苏 无锡 214122)", *BODY_LINES],
         "(江南理工大学 农学院,江苏 无锡 214122)"),
        (["2012年8月15日 星期三 晴", *BODY_LINES], "2012年8月15日 星期三 晴"),
        ([*BODY_LINES, "2020年3月5日 夜 于杭州"], "2020年3月5日 夜 于杭州"),
        ([*BODY_LINES, "(此件公开发布)"], "(此件公开发布)"),
        ([*BODY_LINES, "FROM alpine:3.19", "COPY --from=build /app /app"], "FROM alpine:3.19"),
        ([*BODY_LINES, "2024年3月5日(星期二)", "香港时间16时30分"], "香港时间16时30分"),
        ([*BODY_LINES, "(通讯员 钱丽 记者 马骏)"], "(通讯员 钱丽 记者 马骏)"),
        ([*BODY_LINES, "联系人:县农广校 周老师  联系电话:0511-87651234"], "联系人:县农广校 周老师  联系电话:0511-87651234"),
        ([*BODY_LINES, "咨询电话:12345(市民服务热线)"], "咨询电话:12345(市民服务热线)"),
        ([*BODY_LINES, "资产管理处", "2025年11月3日"], "资产管理处"),
        ([*BODY_LINES, "青禾县河长制工作领导小组办公室", "二〇二五年十一月三日"], "青禾县河长制工作领导小组办公室"),
        (["应届毕业生求职简历", "基本情况", *BODY_LINES], "应届毕业生求职简历"),
        ([*BODY_LINES, "包装清单", "主机×1", "充电底座 × 1"], "充电底座 × 1"),
        ([*BODY_LINES, "技术参数", "额定功率:2200W", "水箱容量:1.5L"], "额定功率:2200W"),
        ([*BODY_LINES, "书名:《城南旧事》", "阅读时间:3月2日-3月9日", "阅读量:210页"], "阅读量:210页"),
        ([*BODY_LINES, "书名:《城南旧事》", "阅读时间:3月2日-3月9日", "阅读量:210页"], "阅读时间:3月2日-3月9日"),
        (["教研组工作会议纪要", "会议时间:2025年9月8日(星期一)下午4:00", "会议地点:教学楼三楼会议室", *BODY_LINES],
         "会议时间:2025年9月8日(星期一)下午4:00"),
        (["读《边城》有感", "出版社:江州人民出版社", "出版时间:2019年8月", "ISBN:978-7-5000-1234-5", *BODY_LINES],
         "ISBN:978-7-5000-1234-5"),
        (["读《边城》有感", "出版社:江州人民出版社", "出版时间:2019年8月", "ISBN:978-7-5000-1234-5", *BODY_LINES],
         "出版时间:2019年8月"),
        (["手机预约挂号教程", "第一步:注册和登录", *BODY_LINES], "第一步:注册和登录"),
        (["学术讲座预告", "主讲人:周明远 研究员", "报告地点:理科楼A305", *BODY_LINES], "主讲人:周明远 研究员"),
        ([*BODY_LINES, "未来三天天气", "3月8日 星期日 阵雨转多云 9~16℃ 东风3级"], "3月8日 星期日 阵雨转多云 9~16℃ 东风3级"),
        ([*BODY_LINES, "请假类型 | 时长 | 扣款办法", "事假 | 半天以内 | 按日工资的一半扣除", "病假 | 三天以内 | 凭医院证明不扣款"],
         "事假 | 半天以内 | 按日工资的一半扣除"),
        (["首页 > 通知公告", "江州市教育局", "关于做好寒假学生安全工作的通知", *BODY_LINES], "江州市教育局"),
        ([*BODY_LINES, "本周比赛结果", "江州一中 3:1 实验中学"], "江州一中 3:1 实验中学"),
        ([BODY_LINES[0], "今日菜单", "葱油拌面 12", "虾爆鳝面 38", "片儿川 22", "小笼包 18", *BODY_LINES[1:]], "片儿川 22"),
        ([BODY_LINES[0], "一班", "宋可欣", "魏子航", "陆思琪", "杜宇轩", *BODY_LINES[1:]], "陆思琪"),
        ([BODY_LINES[0], "门诊收费", "普通门诊诊察费 8元/次", "专家门诊诊察费 20元/次", "急诊诊察费 10元/次", *BODY_LINES[1:]],
         "专家门诊诊察费 20元/次"),
        ([*BODY_LINES, "日志切割:", 'gzip "app.log.$today"', "find . -name '*.gz' -mtime +15 -delete"], 'gzip "app.log.$today"'),
        (["首页 > 作文", "我的妈妈(精选10篇)", *BODY_LINES], "我的妈妈(精选10篇)"),
        (["那一刻我长大了【通用8篇】", *BODY_LINES], "那一刻我长大了【通用8篇】"),
        ([*BODY_LINES, "此致", "敬礼!", "申请人:王晓东", "2024年4月18日"], "申请人:王晓东"),
        ([*BODY_LINES, "此致", "敬礼!", "申请人:×××", "××××年××月××日"], "申请人:×××"),
        ([*BODY_LINES, "此致", "敬礼!", "申请人:×××", "××××年××月××日"], "××××年××月××日"),
    ],
    ids=["a title's second line under a breadcrumb", "a contact list's phone number", "a mobile number",
         "a speech's closing words", "a notice's date", "a dictionary entry's reading in pinyin",
         "a recipe's ingredient", "noise7 a recipe's ingredient counted in words",
         "sites3 an exam's time and full marks", "sites3 a record's time row with its place", "sites3 chained shell commands",
         "sites3 a paper's authors above their affiliation", "sites3 a paper's affiliation with its postcode", "a diary's date with its weather", "a post's sign-off with a time and place",
         "an official document's publication note", "a press release's time", "a Dockerfile's first line",
         "probes18 a story's closing byline", "probes18 a press release's contact row", "probes18 a service hotline",
         "probe14 a school office's signature above its date", "probe14 an office's signature above a date in numerals",
         "probe14 a résumé's title", "probe14 a packing list's item", "probe14 a spec row with its unit",
         "probe14 a reading log's pages", "probe14 a reading log's dates",
         "probe14 a meeting's minutes' time row",
         "probe14 a book review's ISBN", "probe14 a book review's month of publication",
         "probe14 a how-to's step heading", "probe14 a lecture notice's speaker", "probe14 a forecast's day row",
         "look-alike a table's row written with bars", "probe13 an office's letterhead above its notice's title",
         "probe14 a match's result", "safety3 a menu with prices inside a review", "safety3 a roster of names inside a notice",
         "safety3 a price list with units inside a notice", "sites3 a gzip command with a quoted argument",
         "sites3 a 范文 page's title with the count of its texts",
         "look-alike a 范文 page's title with its count in square brackets",
         "sites10 an application letter's signature", "noise15 a model letter's placeholder signature",
         "noise15 a model letter's placeholder date"],
)
def test_protected_lines_survive_even_an_eager_model(eager: Pipeline, lines: list[str], protected: str):
    doc = eager.clean(Document.from_text("page", "\n".join(lines)))
    assert protected in [line.text for line in doc.lines], [(r.cleaner, r.text) for r in doc.removals]
    assert any(r.cleaner == "line_classifier" for r in doc.removals)  # the eager model did remove lines


@pytest.mark.parametrize(
    ("line", "affiliation"),
    [
        pytest.param("华东财经大学 金融学院,上海 200433", True, id="sites3-school-city-postcode"),
        pytest.param("(1.江南理工大学 机械工程学院,江苏 无锡 214122)", True, id="numbered-in-brackets"),
        pytest.param("华夏大学党委宣传部  地址:南京市鼓楼区华夏路8号  邮编:210093", False, id="noise3-a-footers-address-row"),
        pytest.param("版权所有 © 东泰大学教务处 东泰市 116000", False, id="a-copyright-row"),
        pytest.param("华东财经大学金融学院", False, id="no-postcode"),
    ],
)
def test_a_papers_affiliation_has_its_institution_city_and_postcode(line: str, affiliation: bool):
    pattern = regex.compile(load_config(None)["line_classifier"]["paper_affiliation"])
    assert bool(pattern.search(line)) is affiliation


@pytest.mark.parametrize(
    ("lines", "rows"),
    [
        pytest.param(["甲 | 乙 | 丙", "1 | 2 | 3", "正文"], {0, 1}, id="two-rows-of-three-cells"),
        pytest.param(["格式:doc | 大小:2MB | 页数:8", "正文"], set(), id="a-metadata-row-alone"),
        pytest.param(["首页 | 新闻 | 图片 | 视频", "关于我们 | 联系我们 | 网站地图"], set(), id="menus-of-other-widths"),
        pytest.param(["a | b", "c | d"], set(), id="two-rows-of-two-cells-are-no-table"),
        pytest.param(["时段 | 安排", "8:00-9:00 | 晨读", "9:00-11:00 | 数学", "正文"], {0, 1, 2}, id="noise6-three-rows-of-two-cells"),
        pytest.param(["格式:doc | 大小:2MB", "正文", "页数:8 | 下载:12", "正文"], set(), id="two-cell-rows-apart"),
        pytest.param(["发布部门:某市人大 | 文号:第3号", "效力级别:地方性法规 | 时效性:现行有效", "公布日期:2022.09.28 | 施行日期:2023.01.01"],
                     set(), id="heldout-final-a-law-databases-panel-of-labelled-fields"),
        pytest.param(["等级    分数    用时", "优秀    95    4'05\"", "良好    85    4'22\"", "正文"], {0, 1, 2},
                     id="noise11-three-rows-of-cells-between-wide-spaces"),
        pytest.param(["东湖\t5A\t免费", "西山\t4A\t40元"], set(), id="two-rows-between-tabs-are-too-few"),
        pytest.param(["项目          单位   数量   单价", "拆除旧墙地砖   ㎡     76     28", "水电改造(全屋)   ㎡     89     95",
                      "墙面铲除+腻子+乳胶漆 ㎡  210    38", "地面找平       ㎡     62     32", "客厅吊顶       ㎡     22     150",
                      "垃圾清运       项     1      1200"], set(range(7)), id="noise12-a-row-whose-long-cell-left-one-space"),
        pytest.param(["项目    单位    数量    单价", "拆除    ㎡    76    28", "水电    ㎡    89    95", "另附图纸  见下页",
                      "地面    ㎡    62    32", "吊顶    ㎡    22    150", "清运    项    1    1200"], {0, 1, 2, 4, 5, 6},
                     id="a-line-of-two-cells-fewer-between-two-tables-is-no-row"),
        pytest.param(["格式:doc  大小:2MB  页数:8", "上传:2024-03-01  浏览:36  下载:2", "类别:范文  作者:佚名  评分:4"], set(),
                     id="rows-of-labelled-fields-between-wide-spaces"),
        pytest.param(["注意  本表  须于周五前交回。", "如有  疑问  请致电教务处。", "逾期  不候  特此通知。"], set(),
                     id="sentences-with-wide-spaces"),
    ],
)
def test_table_rows_are_runs_of_lines_with_the_same_cells(lines: list[str], rows: set[int]):
    assert table_rows(lines, 3, 3, 3) == rows


@pytest.mark.parametrize(
    ("lines", "doomed", "spared"),
    [
        pytest.param(["解读机关:某市农业农村局", "解读人:合作经济指导科 王某", "联系电话:0000-1234567"], [1], {1},
                     id="noise12-one-field-of-a-policy-readings-contact-block"),
        pytest.param(["品牌:暖岛", "商品编号:100038812746", "商品毛重:1.35kg"], [1], {1}, id="noise5-a-products-specification"),
        pytest.param(["上传者:某用户", "格式:doc", "页数:8"], [0, 1, 2], set(), id="a-metadata-block-goes-whole"),
        pytest.param(["上传者:某用户", "格式:doc", "页数:8", "正文"], [1, 2], set(), id="its-last-field-neighbours-a-removed-one"),
        pytest.param(["正文第一段", "浏览:36", "正文第二段"], [1], set(), id="a-field-between-paragraphs"),
        pytest.param(["注意:完成时不与表示过去的具体时间连用,例如不能说 I have seen him yesterday.", "学习交流群:QQ 61500000,每日打卡,免费资料",
                      "练习:用所给动词的适当形式填空。"], [1], set(), id="noise4-an-ad-between-paragraphs-opening-with-a-label"),
        pytest.param(["共读书:3本", "总阅读量:604页", "每天平均阅读:约22页", "家长评语:孩子每天坚持阅读,希望继续保持。"], [2], {2},
                     id="probe14-a-reading-logs-totals-above-a-parents-comment"),
        pytest.param(["发布部门:某市人大常委会", "效力级别:地方性法规 | 时效性:现行有效", "公布日期:2022.09.28"], [1], set(),
                     id="heldout-final-a-law-databases-panel-row-of-two-fields"),
    ],
)
def test_a_lone_field_of_a_block_of_fields_the_model_keeps_is_spared(lines: list[str], doomed: list[int], spared: set[int]):
    assert lone_fields(lines, doomed) == spared


PROSE = "这是一段足够长的正文,用来说明上下文里确实有作者自己写的句子,而且它的长度超过了四十个字符。"


@pytest.mark.parametrize(
    ("lines", "items"),
    [
        pytest.param([PROSE, "炒年糕 28", "姜汤面 32", "麦虾 26", PROSE], {1, 2, 3}, id="safety3-a-menu-between-paragraphs"),
        pytest.param([PROSE, "宋可欣", "魏子航", "陆思琪", PROSE], {1, 2, 3}, id="safety3-a-roster"),
        pytest.param(["首页", "新闻", "体育", "娱乐", PROSE, PROSE], set(), id="a-menu-above-the-text"),
        pytest.param([PROSE, PROSE, "相关文档 12", "热门文档 8", "最新文档 5"], set(), id="lists-below-the-text"),
        pytest.param([PROSE, "工作总结_第1页", "工作总结_第2页", "工作总结_第3页", PROSE], set(), id="page-previews-alike-masked"),
        pytest.param([PROSE, "七年级英语期末复习教学设计", "八年级物理实验教案设计", "九年级化学上册复习提纲", PROSE], set(),
                     id="other-documents-titles-alone"),
        pytest.param([PROSE, PROSE, "9月20日  公布抽签结果", "10月8日—10月15日  缴费确认", "11月3日7:30  鸣枪开跑"], {2, 3, 4},
                     id="noise10-a-schedule-right-under-the-text"),
        pytest.param([PROSE, PROSE, "海湾站至金钟:约24分钟", "海湾站至九龙塘:约19分钟", "海湾站至机场:约38分钟"], {2, 3, 4},
                     id="noise10-travel-times-right-under-the-text"),
        pytest.param([PROSE, PROSE, "更多资讯", "9月20日  公布抽签结果", "10月8日  缴费确认", "11月3日  鸣枪开跑"], set(),
                     id="dated-rows-under-a-heading-below-the-text"),
        pytest.param([PROSE, "炒年糕 28", "姜汤面 32", PROSE], set(), id="two-items-are-no-list"),
        pytest.param([PROSE, "炒年糕 28", "姜汤面", "麦虾 26", PROSE], set(), id="shapes-differ"),
    ],
)
def test_item_runs_are_lists_of_one_shape_inside_the_text(lines: list[str], items: set[int]):
    assert item_runs(lines, np.zeros(len(lines)), 3, 30, 6, 0.5) == items


def test_item_runs_of_page_words_are_a_toolbar():
    lines = [PROSE, "分享", "收藏", "打印", PROSE]
    assert item_runs(lines, np.array([0, 1.0, 1.0, 1.0, 0]), 3, 30, 6, 0.5) == set()
    assert item_runs(lines, np.zeros(len(lines)), 3, 30, 6, 0.5) == {1, 2, 3}


def test_a_sites_name_above_its_breadcrumb_is_not_a_letterhead(eager: Pipeline):
    """Only a notice's title below makes an office's name its letterhead (real-dev: a county government's site
    name above its breadcrumb is chrome)."""
    (classifier,) = [c for c in eager.cleaners if c.name == "line_classifier"]
    assert classifier.protected(["江州市教育局", "关于做好寒假学生安全工作的通知", *BODY_LINES], 0)
    assert not classifier.protected(["江州县人民政府", "首页 >> 政务公开", *BODY_LINES], 0)


def test_a_breadcrumb_ending_with_a_fanwen_title_is_not_the_title(eager: Pipeline):
    """A 范文 page's title with the count of its texts is protected in the head; a breadcrumb ending with it, a part's
    heading and a download offer counting essays are not."""
    (classifier,) = [c for c in eager.cleaners if c.name == "line_classifier"]
    assert classifier.protected(["我的妈妈(精选10篇)", *BODY_LINES], 0)
    assert not classifier.protected(["当前位置:首页 » 作文 » 我的妈妈(精选10篇)", *BODY_LINES], 0)
    assert not classifier.protected(["我的妈妈 第二篇", *BODY_LINES], 0)
    assert not classifier.protected(["关注公众号,免费领取我的妈妈范文100篇", *BODY_LINES], 0)


def test_a_title_shape_below_the_main_text_is_the_models_to_judge(eager: Pipeline):
    lines = ["学期工作安排", *BODY_LINES, "相关文档", "七年级英语期末复习教学设计", "八年级物理实验教案"]
    doc = eager.clean(Document.from_text("page", "\n".join(lines)))
    assert "七年级英语期末复习教学设计" not in [line.text for line in doc.lines]


@pytest.mark.parametrize(
    "texts",
    [
        ["标题", "", "𠮷野家 😀 牛丼", "第2行\ud800孤立代理", "a" * 150, "x"],
        ["一行里\n藏着换行", "下一行", "再下一行"],  # never from Document: the compiled passes stay in bounds
        [""],
    ],
    ids=["astral, lone surrogate, empty and long lines", "a line holding a line break", "one empty line"],
)
def test_features_of_odd_text_are_finite_and_one_row_a_line(model: LineModel, texts: list[str]):
    scored = scored_lines(texts, 100)
    x = model.features(texts, scored)
    assert x.shape == (len(texts), len(FEATURE_NAMES)) and np.isfinite(x).all()
    p = model.probabilities(x)
    assert ((p >= 0) & (p <= 1)).all()


KEY_VALUE_REGEX = r"[\u4e00-\u9fffA-Za-z]{1,8}[ \t]*[:：]"  # what "key:value fields" counts (the regex it replaced)


@pytest.mark.parametrize(
    "line",
    ["作者:李明 来源:本站 时间:2024-03-01", "浏览次数 : 25", "时间\t:2024", "备注::无", "a: b: c:", "12:30 开会",
     "说明：见附件", "很长很长很长很长很长很长的标题:副标题", ":开头的冒号", "𠀀:astral", "结尾冒号:"],
    ids=["three metadata fields", "a spaced colon", "a tab before the colon", "a doubled colon", "Latin keys",
         "a time is no field", "a fullwidth colon", "a key longer than eight", "a colon first", "an astral key",
         "a colon last"],
)
def test_key_value_fields_count_the_matches_of_the_key_value_regex(line: str):
    vocabulary = Vocabulary([("登录", "chrome")])
    x = document_features(["标题", line], np.ones(2, dtype=bool), np.zeros(2), vocabulary)
    assert x[1, FEATURE_NAMES.index("key:value fields")] == len(re.findall(KEY_VALUE_REGEX, line))


def test_similarity_to_the_title_is_the_jaccard_of_character_sets():
    texts = ["关于春季运动会的通知", "春季运动会将于下周举行", "无关", "通知" * 60, "关于春季运动会的通知"]
    scored = scored_lines(texts, 100)
    x = document_features(texts, scored, np.zeros(len(texts)), Vocabulary([("登录", "chrome")]))
    title = set(texts[0])
    want = [len(set(t) & title) / max(1, len(set(t) | title)) if s else 0.0 for t, s in zip(texts, scored, strict=True)]
    assert x[:, FEATURE_NAMES.index("similarity to the title")].tolist() == want
    assert x[4, FEATURE_NAMES.index("repeats the title")] == 1 and x[1, FEATURE_NAMES.index("repeats the title")] == 0


def test_similarity_to_the_title_is_exact_call_after_call_and_thread_by_thread():
    """The compiled similarity marks characters in arrays kept between calls (per thread): each call must
    still give the Jaccard of the sets, whatever the calls before it marked."""
    import random
    from concurrent.futures import ThreadPoolExecutor

    from cleaners.line_features import _title_similarity, joined_lines

    rng = random.Random(3)
    alphabet = "关于春季运动会的通知ab1 ,。\U00020000\U0001F600"
    cases = []
    for _ in range(300):
        texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(rng.randint(1, 6))]
        scored = np.array([rng.random() < 0.8 for _ in texts])
        title = set(texts[0])
        want = [len(set(t) & title) / max(1, len(set(t) | title)) if s else 0.0 for t, s in zip(texts, scored, strict=True)]
        cases.append((texts, scored, want))

    def check(case) -> bool:
        texts, scored, want = case
        return _title_similarity(joined_lines(texts)[1], len(texts), scored).tolist() == want

    assert all(map(check, cases))
    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(check, cases * 4))



LONG = "这一部分在考试中分值稳定,复习时要回到课本,把基础知识整理成自己的笔记,再配合近三年的真题反复练习,找到自己的薄弱环节。"
GUIDE = ["期末语文复习建议", "现代文阅读", "课外阅读", "作文训练", "同学们,离期末考试只剩三周了,下面按题型谈谈复习的方法,供大家参考。",
         "现代文阅读", "现代文阅读" + LONG, "课外阅读", "课外阅读" + LONG, "作文训练", "作文训练" + LONG, "祝大家考出好成绩!"]


@pytest.mark.parametrize(
    ("texts", "cited"),
    [
        pytest.param(["守望麦田", "今天我发言的题目是《守望麦田》。"], True, id="title-marks"),
        pytest.param(["春天的约定", "她说那是“春天的约定”。"], True, id="quotes"),
        pytest.param(["守望麦田", "守望麦田"], False, id="a-bare-copy-is-no-citation"),
        pytest.param(["《守望麦田》", "正文"], False, id="only-the-lines-below-cite"),
        pytest.param(["守望麦田", "守望麦田是一部小说。"], False, id="named-without-marks"),
        pytest.param(["", "《》"], False, id="empty-line"),
    ],
)
def test_a_title_is_cited_when_another_line_names_it_between_marks(texts: list[str], cited: bool):
    from cleaners.line_classifier import cited as is_cited
    assert is_cited(texts[0], texts) is cited


@pytest.mark.parametrize(
    ("lines", "listed"),
    [
        pytest.param(GUIDE, {0, 1, 2, 3, 5, 7, 9}, id="probe13-contents-then-headings"),  # 0: the list's title
        # a menu shown again at the foot heads no paragraph
        pytest.param([*GUIDE[:4], LONG, *GUIDE[1:4]], set(), id="menu-shown-twice"),
        # one entry alone is no list; entries whose headings come in another order count as far as the order holds
        pytest.param([GUIDE[0], "现代文阅读", LONG, "现代文阅读", LONG], set(), id="one-entry"),
        pytest.param([GUIDE[0], "现代文阅读", "作文训练", LONG, "作文训练", LONG, "现代文阅读", LONG], set(), id="order-reversed"),
    ],
)
def test_contents_entries_are_listed_lines_that_head_paragraphs_below_in_order(lines, listed):
    assert contents_entries(lines) == listed


def test_a_contents_list_and_the_headings_it_names_stay():
    """The model reads a short line repeated further down as a page's furniture (a menu shown twice); a contents
    list and the headings it names are the document's own."""
    doc = default_pipeline().clean(Document.from_text("page", "\n".join(GUIDE)))
    assert [line.text for line in doc.lines] == GUIDE, [(r.cleaner, r.reason, r.text) for r in doc.removals]


@pytest.mark.parametrize(
    ("lines", "protected"),
    [
        (["《植物生理学》课程教学大纲", "课程编号:BT30211", "学分:2", "学时:32(理论24,实验8)", *BODY_LINES], "学分:2"),
        (["《植物生理学》课程教学大纲", "课程编号:BT30211", "学分:2", "学时:32(理论24,实验8)", *BODY_LINES], "课程编号:BT30211"),
        ([*BODY_LINES, "课程名称:陶艺入门", "学分:1", "学时:16"], "学时:16"),
        ([*BODY_LINES, "2.下列物质属于纯净物的是( )", "A. 空气", "B. 蒸馏水", "C. 海水", "D. 石灰石"], "B. 蒸馏水"),
        ([*BODY_LINES, "答案:B", "解析:蒸馏水只含一种物质。"], "答案:B"),
        ([*BODY_LINES, "查看监听端口:", "ss -lntp | grep 3306", "sudo kill -9 4521"], "ss -lntp | grep 3306"),
        ([*BODY_LINES, "各节比分:", "主队 21 25 18 30", "客队 19 22 27 24"], "客队 19 22 27 24"),
        ([*BODY_LINES, "处理 产量 增产率", "CK 5120 —", "N1 6010 17.4%"], "CK 5120 —"),
        ([*BODY_LINES, "《边城》 沈从文", "《围城》 钱锺书", "《堂吉诃德》 塞万提斯"], "《围城》 钱锺书"),
        (["冰糖雪梨的做法", "材料:", "雪梨1个", *BODY_LINES], "材料:"),
        ([*BODY_LINES, "门票:40元", "建议游玩:1-2小时"], "建议游玩:1-2小时"),
        ([*BODY_LINES, "报名咨询:李老师", "联系电话:0571-8765xxxx"], "联系电话:0571-8765xxxx"),
        ([*BODY_LINES, "地址:元朗青山公路28號", "電話:2478 xxxx"], "电话:2478 xxxx"),
        (["团体标准", "编号:T/ZJSX 023—2022", *BODY_LINES], "编号:T/ZJSX 023—2022"),
        (["学习心得:守初心 担使命", *BODY_LINES], "学习心得:守初心 担使命"),
        (["某市电动自行车管理规定", "实施日期:2023年7月1日", *BODY_LINES], "实施日期:2023年7月1日"),
        ([*BODY_LINES, "采购人:青禾县水务局  联系人:韩先生  电话:0795-6218 407"], "采购人:青禾县水务局  联系人:韩先生  电话:0795-6218 407"),
        ([*BODY_LINES, "联系人:邵老师 电话:0731-8855 2109 邮箱:jwc@example.edu.cn"],
         "联系人:邵老师 电话:0731-8855 2109 邮箱:jwc@example.edu.cn"),
        ([*BODY_LINES, "如有疑问请拨打:", "公交服务热线:0571-8602 2345"], "公交服务热线:0571-8602 2345"),
        (["证券代码:603112  证券简称:江淮精机  公告编号:2025-017", "江淮精机股份有限公司关于召开年度股东大会的通知", *BODY_LINES],
         "证券代码:603112  证券简称:江淮精机  公告编号:2025-017"),
        (["证券代码:603112  证券简称:江淮精机  公告编号:2025-017", "转债代码:113208  转债简称:江淮转债",
          "江淮精机股份有限公司关于召开年度股东大会的通知", *BODY_LINES], "转债代码:113208  转债简称:江淮转债"),
        ([*BODY_LINES, "特此通知。", "青禾市人力资源和社会保障局", "青禾市卫生健康委员会", "2024年6月11日"], "青禾市人力资源和社会保障局"),
        ([*BODY_LINES, "每日安排:", "时段 | 安排", "6:30-7:30 | 背单词", "19:30-22:00 | 数学真题"], "6:30-7:30 | 背单词"),
        (["守望麦田", "——初三(2)班主题班会发言", "今天我发言的题目是《守望麦田》。" + BODY_LINES[0], *BODY_LINES[1:]], "守望麦田"),
    ],
    ids=["probe14c-course-credits-in-syllabus", "probe14c-course-number-in-syllabus", "probe14c-elective-hours-at-tail",
         "probe14c-exam-option-alone-on-line", "probe14c-exam-answer-key", "probe14c-shell-command-in-tech-article",
         "probe14c-score-table-row", "probe14c-yield-table-row-with-dash", "probe14c-reading-list-book-and-author",
         "probe14c-remedy-ingredients-heading", "probe14c-travel-guide-visit-time", "probe14c-masked-contact-number",
         "probe14c-traditional-phone-row", "probe14c-group-standard-number-with-field",
         "probe14c-kind-of-writing-before-title", "probe14c-regulation-effective-date",
         "noise5-procurement-contact-row-with-buyer", "noise5-contact-row-with-email", "sites2-service-hotline",
         "noise5-announcement-header", "probe16-announcement-bond-row", "noise7-the-first-of-two-offices-signing-a-joint-notice",
         "noise6-a-schedule-of-two-cell-rows", "heldout-title-its-speech-cites"],
)
def test_probe14c_document_rows_survive_an_eager_model(eager: Pipeline, lines: list[str], protected: str):
    page = ["首页 > 资料中心 > 正文", *lines, "相关推荐", "网站地图 | 联系我们 | 登录"]  # page chrome around the excerpt
    doc = eager.clean(Document.from_text("page", "\n".join(page)))
    assert protected in [line.text for line in doc.lines], [(r.cleaner, r.text) for r in doc.removals]
    assert any(r.cleaner == "line_classifier" for r in doc.removals)  # the eager model did remove lines


@pytest.mark.parametrize(
    "line",
    ["首页 1 2 3 4 5", "《骆驼祥子》 读后感", "阅读 1,234 评论 6", "mysql nosql 性能 java linux", "浏览 1532 56 12",
     "联系我们 | 商务合作:QQ 12345678", "客服热线:400-800-1234 工作时间9:00-18:00"],
    ids=["probe14c-pager-is-no-table-row", "probe14c-related-title-is-no-book-and-author",
         "probe14c-page-counters-are-no-table-row", "a-posts-tag-row-is-no-shell-command",
         "adv14-counters-under-one-label-are-no-table-row", "a-footers-contact-row-names-no-contact-person",
         "a-hotline-with-its-hours-is-a-footers-row"],
)
def test_probe14c_protect_patterns_leave_furniture_to_the_model(line: str):
    from cleaners.config import compile_patterns, pattern_loader
    cfg = load_config(None)
    file = cfg["line_classifier"]["protect"]
    protect = compile_patterns(pattern_loader(cfg)(file), file)
    assert not any(r.search(line) for r in protect)


def _pairs() -> SpacedPairs:
    settings = load_config(None)["line_classifier"]
    return SpacedPairs(settings["min_spaced_pair_rows"], settings["spaced_pair_lead_lines"],
                       regex.compile(settings["spaced_pair_header_cell"]), regex.compile(settings["spaced_pair_date_cell"]))


LEAD = "据主办方介绍,活动期间购车的消费者,除享受车企的优惠外,还可以申请地方政府发放的消费券。"


@pytest.mark.parametrize(
    ("lines", "rows"),
    [
        pytest.param([LEAD, "参展车型价格区间统计", "5万元以下  18款", "5万—10万元  41款", "10万—20万元  37款", "20万元以上  12款"],
                     {2, 3, 4, 5}, id="sites9-price-bands-under-a-heading-below-a-sentence"),
        pytest.param(["第三章 迟到与早退", "情形  处理方式", "迟到或早退15分钟以内  每次扣款20元", "迟到或早退15至60分钟  每次扣款50元"],
                     {1, 2, 3}, id="sites9-under-a-header-row"),
        pytest.param([LEAD, "社区志愿者服务心得体会800字  08-14", "暑期社会实践报告  08-13", "学雷锋活动方案  08-12"], set(),
                     id="noise10-other-pages-with-their-dates"),
        pytest.param(["相关文档", "化学实验室安全知识竞赛题库  12页", "消防安全培训课件  8页", "生物安全柜使用规范  3页"], set(),
                     id="other-pages-with-their-page-counts-under-no-sentence"),
        pytest.param([LEAD, "第1—2周  开学收心教育", "第3—4周  体育中考动员"], set(), id="two-rows-are-too-few"),
        pytest.param(["先上硬装预算明细:", "项目          费用(元)", "拆除及垃圾清运    6,800", "水电改造          18,500"],
                     {1, 2, 3}, id="noise15-under-a-header-with-its-unit"),
        pytest.param(["支持(9)  反对(0)", "网友甲  写得好", "网友乙  学到了"], set(), id="a-comments-votes-are-no-header"),
    ],
)
def test_two_cell_tables_between_wide_spaces_under_a_header_or_a_sentence_are_rows(lines: list[str], rows: set[int]):
    assert table_rows(lines, 3, 3, 3, _pairs()) == rows
    assert table_rows(lines, 3, 3, 3) == set()  # without the rule: no three-cell table, no bars
