"""Each cleaner of the default chain: what it must remove or repair, and what it must leave alone.

Most cases run the whole default chain on a small document (a content paragraph, a blank line, then the
line under test), so a negative case proves that *no* cleaner touches the line, and a positive case proves
which cleaner removed it, how (line, span or document), why, and on which line of the original document.
"""

from __future__ import annotations

import pickle
import random
from functools import cache

import pytest

from cleaners import (
    REGISTRY,
    ConfigError,
    Document,
    Pipeline,
    Removal,
    decode_bytes,
    default_pipeline,
    load_config,
)
from cleaners.base import Cleaner
from cleaners.boilerplate import LineStats
from cleaners.config import pattern_loader
from tests.conftest import SEEDS

PAD = "全区教育系统坚持以立德树人为根本任务,深化教育领域综合改革,推动教育事业高质量发展。"
FIRST = 3  # the line under test is line 3 of the original document (PAD, a blank line, then it)


def clean(*lines: str) -> Document:
    """The default chain on PAD, a blank line and `lines`."""
    return default_pipeline().clean(Document.from_text("doc", "\n".join([PAD, "", *lines])))


def kept(doc: Document) -> list[str]:
    return [line.text for line in doc.lines if line.no >= FIRST]


def removals(doc: Document, cleaner: str | None = None) -> list[Removal]:
    return [r for r in doc.removals if cleaner is None or r.cleaner == cleaner]


def assert_untouched(line: str) -> None:
    doc = clean(line)
    assert kept(doc) == [line]
    assert doc.removals == []
    assert not +doc.edits, doc.edits


def assert_line_removed(line: str, cleaner: str) -> Removal:
    doc = clean(line)
    assert kept(doc) == [], f"{line!r} survived"
    assert [(r.cleaner, r.kind, r.line_no, r.text) for r in doc.removals] == [(cleaner, "line", FIRST, line)]
    assert doc.removals[0].reason.strip() and doc.removals[0].doc_id == "doc"
    return doc.removals[0]


def assert_span_removed(line: str, kept_text: str, cleaner: str) -> list[Removal]:
    doc = clean(line)
    assert kept(doc) == [kept_text]
    assert doc.removals, "nothing recorded"
    for r in doc.removals:
        assert (r.cleaner, r.kind, r.line_no) == (cleaner, "span", FIRST)
        assert r.reason.strip() and r.text and r.text in line
    return doc.removals


@cache
def cleaner(name: str, **overrides) -> Cleaner:
    cfg = load_config()
    return REGISTRY[name]({**cfg.get(name, {}), **overrides}, pattern_loader(cfg))


# Legit text that every cleaner must leave alone ---------------------------------------------------------

LEGIT = [
    "开展STEAM教育,推进IPv6改造,建设G60科创走廊。",
    "完成率达50%,新建面积1200㎡,室温保持在20℃左右。",
    "①加强组织领导;②完善制度建设;③强化督查考核。",
    "№3号文件已于上周下发到各学校。",
    "全区有3/4的学校完成了改造任务。",
    "2023/24学年第一学期开学工作安排。",
    "会议于2023年9月1日召开,2023-09-01 10:30正式开始。",
    "GDP增长6.5%,CPI上涨2.1‰,误差±0.5,面积×2倍。",
    "投入资金2.5亿元新建十五年一贯制学校1所。",
    "详见http://www.moe.gov.cn/srcsite/A06/s3321/201001/t20100115_81998.html的通知。",
    "访问www.zhongguojiaoyu.com了解招生详情。",
    "如有问题请发邮件至zhangsanfeng@example.com咨询。",
    "学而时习之,不亦说乎?有朋自远方来,不亦乐乎?",
    "“长风破浪会有时,直挂云帆济沧海。”",
    "床前明月光,疑是地上霜。举头望明月,低头思故乡。",
    "他说:“我们要‘不忘初心’,砥砺前行……”",
    "「引号」『书名』《论语》〔注〕",
    "一、工作总结",
    "(一)坚持党建引领",
    "第三章 总则",
    "The quick brown fox jumps over the lazy dog.",
    "the organization announced an international conference on environmental protection",
    "Beijing is the capital of China, and Shanghai is its largest city.",
    "Zhongguancun科技园聚集了大批iPhone和WiFi相关企业。",
    "家长可以通过学校微信公众号查询成绩。",
    "微信:请家长关注学校公众号并及时查看通知。",
    "学生可登录平台下载学习资料。",
    "更多内容将在下次会议上讨论。",
    "白癜风是一种常见的色素脱失性皮肤病,患者应到正规医院皮肤科就诊。",
    "癫痫患者应在医生指导下规范用药,定期到医院复查。",
    "节假日景区人流量很大,医院周边交通拥堵。",
    "近年来网上赌博案件高发,公安机关加大了打击力度。",
    "报销时需开发票,请联系财务处。",
    "这件衣服原价200元,现在只要100元。",
    "学校开通VIP绿色通道方便家长办事。",
    "版权所有人依法享有复制权、发行权等权利。",
    "备案:各学校要将应急预案报教育局备案。",
    "上一页的内容我们已经讲过了。",
    "相关文章已经发表在核心期刊上。",
    "α粒子和β射线,Москва是俄罗斯首都。",
    "한국어 문장입니다",
    "مرحبا بالعالم 是阿拉伯语",
    "ภาษาไทย是泰语",
    "注音符号ㄅㄆㄇㄈ",
    "价格为¥100元,约合$15美元。",
    "★重点工作☆,√已完成,■未完成,→下一步。",
    "Ⅰ.Ⅱ.Ⅲ.罗马数字",
    "2/8 + 1/8 = 3/8",  # arithmetic on a lesson plan: no letters, still content
    "(3+5)×2=16",
    "6.20;54",  # an answer key
    "48×101 ○ 48×100+48        360÷5÷2 ○ 360÷10",  # sites3: an exercise's expressions to compare
    "99×37+37          4×(25×9)          168+75+32",  # ... to compute the easy way
    "____ | ____ | ____ | ____",  # noise11: a form's blank row under its header row, to fill in
    "________________________________",  # safety3: a contract's blank line
    "◎教学难点:理解“分母不变,分子相加减”的道理。",
    "电话:0571-86541234",  # a contact block in a notice; chrome needs a 客服/投诉/联系我们 label
    "邮箱:steam@xxqu.edu.cn",
    "手机:13807310000",
    "联系电话:________",
    "时间:2024年12月7日",
    "智享家VIP会员免费享受每年两次上门清洗服务。",
    # look-alikes of other sites' chrome
    "设计文档",
    "浙江大学图书馆",
    "物联网—智慧城市的基础",
    "类别 | 情形 | 处理方式",
    "文件格式 | 大小限制 | 说明",
    "附件:报名表.docx",
    "请将作品命名为“学校+姓名.docx”,发送至邮箱。",
    "这本书他还剩20页未读完。",
    "各项贷款余额增长11.2%,个人住房贷款平稳增长。",
    "长按二维码即可报名参加活动。",
    "白癜风患者要到正规医院看皮肤科。",
    "本站点位于城区东部,距地铁站500米。",
    "输入 > 处理 > 输出",
    "姓名 | 性别 | 年龄 | 职务 | 联系方式",
    "报名时间:5月1日 报名地点:学校礼堂",
    "全市共有2,417人关注此事。",
    "请点击关注按钮,了解最新通知。",
    "春·夏·秋·冬",
    "“日”“月”“水”“火”",
    "第 一 章 总 则",
    "关键词:滴灌;番茄;水分利用效率",
    "系统设计 - 数据平台",
    "请在装订线内填写姓名和考号。",
    "关注学生心理健康,加强家校沟通",
    "全校3000人参与志愿服务",
    "推荐阅读:《城南旧事》",
    "2023-10-01 发布《校园安全管理办法》",
    "老师为大家整理了复习要点:",
    "报名时间:5月1日 截止时间:5月10日",
]


@pytest.mark.parametrize("line", LEGIT)
def test_legit_line_passes_the_whole_chain_untouched(line: str):
    assert_untouched(line)


# 1. mojibake ----------------------------------------------------------------------------------------------

SENTENCE = "全区教育系统认真贯彻落实上级部署,推进教育高质量发展。"


def test_utf8_mis_decoded_as_gbk_is_repaired():
    mojibake = "全区教育系统推进课程改革".encode().decode("gbk")  # no byte lost: 鍏ㄥ尯鏁欒偛...
    assert "鏁欒偛" in mojibake
    doc = clean(mojibake)
    assert kept(doc) == ["全区教育系统推进课程改革"]
    assert doc.edits["mojibake"] > 0 and doc.removals == []


def test_gbk_mojibake_with_replaced_bytes_is_repaired_and_the_loss_recorded():
    mojibake = SENTENCE.encode().decode("gbk", "replace")
    assert "\ufffd" in mojibake
    doc = clean(mojibake)
    (line,) = kept(doc)
    assert line.startswith("全区教育系统认真") and "推进教育高质量发" in line
    assert not any(c.isdigit() for c in line)  # U+FFFD must not turn into stray bytes such as "1" and "7"
    lost = removals(doc)
    assert lost and all(r.cleaner == "junk_chars" and set(r.text) == {"\ufffd"} for r in lost)
    assert all(r.line_no == FIRST and "REPLACEMENT CHARACTER" in r.reason for r in lost)


def test_latin1_mojibake_is_repaired_with_ftfy_keeping_chinese_quotes():
    original = "他说:“学校‘三全育人’工作取得实效。”Café"
    mojibake = original.encode().decode("latin-1")  # holds U+0085, which is no line break
    doc = clean(mojibake)
    assert kept(doc) == [original]
    assert doc.edits["mojibake"] > 0


def test_cp1252_mojibake_is_repaired():
    original = "résumé — ‘naïve’ café, 2024年学校"
    doc = clean(original.encode().decode("cp1252"))
    assert kept(doc) == [original]


@pytest.mark.parametrize(
    "line",
    [
        "他说:“我们要努力学习。”大家都同意。",
        "浏览器显示的页面中,璀璨的星空与瀚海相映,濮阳和浔阳的楠木家具绮丽多姿,瑜伽教练动作娴熟。",
        "résumé, naïve, café, Ärger, Øresund",
    ],
)
def test_mojibake_leaves_real_text_alone(line: str):
    assert cleaner("mojibake").repair(line) == line
    assert_untouched(line)


# 2. width folding -----------------------------------------------------------------------------------------


def test_fullwidth_ascii_and_ideographic_space_fold_to_halfwidth():
    doc = clean("\u3000\u3000ＡＢＣ１２３，全角字母！（一）Ｇ６０走廊\u3000完成")
    assert kept(doc) == ["ABC123,全角字母!(一)G60走廊 完成"]
    assert doc.edits["width"] > 0 and doc.removals == []


def test_width_folding_is_not_nfkc():
    assert_untouched("面积120㎡,①号楼,38℃,№5,￥200,《通知》「一」。")


def test_math_letter_is_removed_by_junk_chars_not_folded_to_ascii():
    removed = assert_span_removed("今年𝔍县教育局召开会议", "今年县教育局召开会议", "junk_chars")
    assert removed[0].text == "𝔍" and "MATHEMATICAL FRAKTUR CAPITAL J" in removed[0].reason


# 3. traditional -> simplified --------------------------------------------------------------------------


def test_traditional_is_converted_to_simplified():
    doc = clean("學校教育發展規劃,強化師資隊伍建設。")
    assert kept(doc) == ["学校教育发展规划,强化师资队伍建设。"]
    assert doc.edits["t2s"] > 0 and doc.removals == []


def test_tw2sp_conversion_uses_mainland_phrases():
    doc = Document.from_text("d", "軟體與網路")
    cleaner("t2s", conversion="tw2sp").run(doc)
    assert doc.text == "软件与网络"


def test_unknown_conversion_is_a_config_error():
    with pytest.raises(ConfigError, match="conversion"):
        cleaner("t2s", conversion="s2t")


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])  # 002 holds traditional characters
def test_fully_simplified_seed_is_byte_identical_after_t2s(seed: str):
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    doc = Document.from_text(seed, text)
    before = [line.text for line in doc.lines]
    cleaner("t2s").run(doc)
    assert [line.text for line in doc.lines] == before
    assert doc.edits["t2s"] == 0


# 4. junk characters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected", "name"),
    [
        ("思ꦜ政课建设", "思政课建设", "JAVANESE"),
        ("今天天气很好😀我们去公园🎉玩", "今天天气很好我们去公园玩", "GRINNING FACE"),
        ("学生🀄打麻将🂡", "学生打麻将", "MAHJONG"),
        ("扶贫、助学ꦦ、公益ܫ工作", "扶贫、助学、公益工作", "SYRIAC"),
        ("学校教𒈔育教学质量", "学校教育教学质量", "CUNEIFORM"),
        ("学生组织𓃲活动", "学生组织活动", "EGYPTIAN HIEROGLYPH"),
        ("配置标෴准规定", "配置标准规定", "SINHALA"),
        ("社会主义﷽建设", "社会主义建设", "ARABIC LIGATURE"),
        ("加快𝐆速转型", "加快速转型", "MATHEMATICAL BOLD CAPITAL G"),
        ("工作❀学习✂生活☎联系", "工作学习生活联系", "BLACK SCISSORS"),
        ("隐藏\u200b字符\ue000私用\x07控制", "隐藏字符私用控制", "ZERO WIDTH SPACE"),
        ("缅甸文က混入", "缅甸文混入", "MYANMAR"),
        ("1️⃣第一步", "1第一步", "VARIATION SELECTOR-16"),
        ("👨\u200d👩\u200d👧家庭教育", "家庭教育", "MAN"),
    ],
)
def test_junk_characters_are_removed_and_named(line: str, expected: str, name: str):
    removed = assert_span_removed(line, expected, "junk_chars")
    assert any(name in r.reason and "U+" in r.reason for r in removed)


def test_a_line_of_only_emoji_is_recorded_as_a_line_removal():
    assert_line_removed("🎉🎉💃🥃🐼", "junk_chars")


@pytest.mark.parametrize(
    "line",
    [
        "㎡ ℃ № × ÷ ± % ‰ ° © ® ™ 都是合法符号",
        "★☆✓✔♂♀√■□●○◆◇▲△▼▽※→←↑↓都保留",
        "日文かなカタカナ、韩文한글、希腊文αβγ、俄文Россия都保留",
        "长的外文词مرحبا和ภาษาไทย和ꦲꦏ꧀ꦱꦫ是真实文本",
    ],
)
def test_allowed_symbols_and_real_foreign_words_stay(line: str):
    doc = Document.from_text("d", line)
    cleaner("junk_chars").run(doc)
    assert doc.text == line and doc.removals == []


# 5. page markers ------------------------------------------------------------------------------------------

PAGE = "各学校要认真落实上级部署要求,切实加强组织领导,明确工作责任,细化工作措施,确保各项工作落到实处。" * 3


def test_page_marker_sequence_is_removed_and_the_sentence_rejoined():
    text = f"1/28{PAGE}成立局机2/28关党委{PAGE}防疫志3/28愿者{PAGE}教育保4/28障会议"
    doc = clean(text)
    assert kept(doc) == [f"{PAGE}成立局机关党委{PAGE}防疫志愿者{PAGE}教育保障会议"]
    assert [r.text for r in doc.removals] == ["1/28", "2/28", "3/28", "4/28"]
    assert all((r.cleaner, r.kind, r.line_no) == ("page_markers", "span", FIRST) for r in doc.removals)
    assert "1..28" in doc.removals[0].reason


def test_page_markers_across_lines_and_with_a_missing_page():
    doc = clean(f"{PAGE}局机2/9关", f"{PAGE}志3/9愿", f"{PAGE}保5/9障")  # page 4 had no marker
    assert kept(doc) == [f"{PAGE}局机关", f"{PAGE}志愿", f"{PAGE}保障"]
    assert [r.line_no for r in doc.removals] == [FIRST, FIRST + 1, FIRST + 2]


def test_fractions_opening_their_sentences_line_by_line_are_no_page_markers():
    doc = clean(f"1/5的同学最喜欢读漫画{PAGE}", f"2/5的同学主要用手机阅读{PAGE}")
    assert kept(doc) == [f"1/5的同学最喜欢读漫画{PAGE}", f"2/5的同学主要用手机阅读{PAGE}"] and not doc.removals


def test_an_export_cut_after_page_two_loses_both_markers_when_page_one_opens_a_line():
    doc = clean(f"1/16{PAGE}防疫志2/16愿者{PAGE}")
    assert kept(doc) == [f"{PAGE}防疫志愿者{PAGE}"]
    assert [(r.text, r.reason) for r in doc.removals] == [
        ("1/16", "page marker of a 1..16 sequence"), ("2/16", "page marker of a 1..16 sequence")]


@pytest.mark.parametrize(
    "line",
    ["1 / 28", "3/28", "第 3 页 / 共 28 页", "第3页,共28页", "共28页 第3页", "- 3 -", "— 12 —",
     pytest.param("(第2/6页)", id="ads14-page-line-in-brackets"),
     pytest.param("【第3页/共6页】", id="ads14-page-of-total-in-brackets")],
)
def test_page_counter_lines_are_removed(line: str):
    assert_line_removed(line, "page_markers")


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("(第2/6题)", id="ads14-page-lookalike-a-question-number"),
        pytest.param("本书共6页,(第2/6页)是目录", id="ads14-page-lookalike-in-a-sentence"),
    ],
)
def test_a_bracketed_number_that_is_no_page_line_stays(line: str):
    assert_untouched(line)


@pytest.mark.parametrize(
    "line",
    [
        "调查显示,有1/5的学生选择了体育类课程,2/5的学生选择了艺术类课程,另有3/5的学生表示两类都愿意参加。",
        f"全区有1/3的学校{PAGE}另有2/3的学校",  # two markers are no sequence ...
        f"1/3的学校{PAGE}另有2/3的学校",  # ... even from 1 opening a line, a page of text apart: thirds
        f"1/8的学生{PAGE}另有5/8的学生",  # ... or a jump no missing page explains
        f"第3/10项{PAGE}第2/10项{PAGE}第1/10项",  # decreasing
        f"日期2023/09/01{PAGE}日期2023/09/02{PAGE}日期2023/09/03",
        "比例为1/2、1/3和1/4,合计13/12。",
    ],
)
def test_fractions_and_dates_are_not_page_markers(line: str):
    assert_untouched(line)


# 6. paywall ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "免费阅读已结束,点击下载阅读编辑剩下 ...",
        "阅读已结束,您可以下载文档离线阅读编辑",
        "试读已结束,如需继续阅读请下载全文",
        "预览结束,请下载完整文档",
        "剩余内容请下载后查看",
        "本文档共20页,当前仅显示前3页",
        "限时特价:7 元/份 原价:20元",
        "开通VIP包月会员 特价:29元/月",
        "升级VIP",
        "购买VIP会员 享受全站免费下载",
        "VIP会员免费下载",
        "开通会员免费阅读全文",
        "原价:30元",
        "支付方式:",
        "微信支付 支付宝",
        "× 游客快捷下载通道(下载后可以自由复制和排版)",
        "下载积分:10",
        "所需金币:5",
        "注:下载文档有可能“只有目录或者内容不全”等情况,请下载之前注意辨别",
        "开通VIP,免费下载全文",
        "VIP专享",
        "0 下载券 10 积分",
        "下载文档到电脑,方便使用",
        "下载需要 5 积分",
        "点击免费阅读剩余 11 页",
        "↓↓ 下载完整版 ↓↓",
        "仅限会员下载",
    ],
)
def test_paywall_lines_are_removed(line: str):
    assert_line_removed(line, "paywall")


@pytest.mark.parametrize(
    ("line", "content"),
    [
        (
            "有效提高了教师综合素质, …… 此处隐藏:1989字,全部文档内容请下载后查看。喜欢就下载吧 ……",
            "有效提高了教师综合素质,",
        ),
        ("政府要加强管理……剩余3000字请下载后查看完整内容", "政府要加强管理"),
        ("本章介绍了改革的背景。试读结束,请购买后阅读全文", "本章介绍了改革的背景。"),
        ("各校要认真落实...... 余下内容需付费后查看", "各校要认真落实"),
        ("规定如下:甲方应按时交付。免费预览已结束,剩余 3 页可下载查看", "规定如下:甲方应按时交付。"),
        ("第五条 本办法自发布之日起施行。……剩余2页未读,点击继续阅读", "第五条 本办法自发布之日起施行。"),
        ("预算共计120万元。亲,该文档总共18页,到这儿已超出免费预览范围,如果喜欢就下载吧!", "预算共计120万元。"),
        ("全校共评出优秀教师12名。已读完3页,后面还有17页,免费继续阅读", "全校共评出优秀教师12名。"),
        ("合同双方应当遵守约定。(未完,下载全文可继续阅读)", "合同双方应当遵守约定。"),
        ("教学过程分为四个环节。展开剩余 80%", "教学过程分为四个环节。"),
        ("本学期工作已顺利完成。该内容为付费内容,支付 2.00 元后可查看全文", "本学期工作已顺利完成。"),
        ("实施方案如下:可免费阅读 4 页,剩余 20 页需付费", "实施方案如下:"),
        ("研究方法为问卷调查。下载本文档需要5个金币", "研究方法为问卷调查。"),
        ("结论部分从略。试读已完毕,购买后可阅读全文", "结论部分从略。"),
    ],
)
def test_paywall_notice_glued_to_content_goes_and_the_content_stays(line: str, content: str):
    removed = assert_span_removed(line, content, "paywall")
    assert line.endswith(removed[0].text)


@pytest.mark.parametrize(
    ("line", "content"),
    [
        pytest.param("各部门应于月底前报送总结。已浏览3页,尚余9页未展示,点此继续免费浏览", "各部门应于月底前报送总结。",
                     id="probe14-paywall-browsed-n-pages-m-still-left"),
        pytest.param("会议明确了三项任务。您已预览2页,其余6页未显示,点击继续阅读", "会议明确了三项任务。",
                     id="probe14-paywall-previewed-n-pages-the-other-m"),
        pytest.param("活动取得圆满成功。剩余内容需登录后解锁查看", "活动取得圆满成功。",
                     id="probe14-paywall-rest-unlocked-after-login"),
        pytest.param("各项指标均已达标。后续部分须升级会员后方可阅读", "各项指标均已达标。",
                     id="probe14-paywall-rest-after-membership-upgrade"),
        pytest.param("教学目标如下。以上为部分内容预览,获取完整版请点击下载", "教学目标如下。",
                     id="probe14-paywall-part-of-the-content-previewed"),
        pytest.param("板书设计见下页。本课件共12页,剩余9页需用3个学豆兑换后查看", "板书设计见下页。",
                     id="noise13-paywall-pages-left-exchanged-for-coins"),
        pytest.param("实验结论已汇总。预览至第2页,余下6页需兑换后展开,点此继续", "实验结论已汇总。",
                     id="noise13-paywall-previewed-to-page-n-the-rest-exchanged"),
        pytest.param("请同学们认真作答。后续5页试题及答案需购买后查看,本卷售价3元", "请同学们认真作答。",
                     id="noise13-paywall-following-pages-bought"),
        pytest.param("会议要求抓好落实。已阅读到第3页,还有4页没有显示,兑换后阅读全文", "会议要求抓好落实。",
                     id="noise13-paywall-pages-not-shown"),
    ],
)
def test_paywall_notice_family_in_new_wordings_goes(line: str, content: str):
    """The family of `read N pages, M left` and `the rest after login` notices, in wordings the pattern list does
    not spell out one by one (尚余, 其余, 解锁, 升级会员)."""
    assert_span_removed(line, content, "paywall")


@pytest.mark.parametrize(
    "line",
    ["这本书共320页,我已阅读120页,其余200页打算下周读完。", "其余学生需登录后查看本人成绩,不得代查。",
     "尚余5页的习题留作课后作业。", "1月24日 已经读到《五猖会》,尚有60页未读,争取月底前读完。",
     "这本画册还剩8页没有上色,妹妹说周末再涂。", "剩下的20页练习册,我打算开学前做完。"],
    ids=["probe14-paywall-lookalike-reading-plan", "probe14-paywall-lookalike-students-log-in",
         "probe14-paywall-lookalike-pages-left-as-homework", "adv14-paywall-lookalike-reading-log-pages-unread",
         "noise13-paywall-lookalike-pages-left-to-colour", "noise13-paywall-lookalike-workbook-pages-left"],
)
def test_paywall_family_leaves_look_alike_sentences_alone(line: str):
    doc = clean(line)
    assert kept(doc) == [line], [(r.cleaner, r.reason) for r in doc.removals]


@pytest.mark.parametrize(
    "line",
    ["学生购买奖品需要20个积分,由班主任统一登记。", "本文仅展示部分内容,完整代码见附录。", "此为节选,全文见《朝花夕拾》。",
     "阅读第12页到第15页,完成课后练习。", "点击下载按钮后,文件会保存到桌面。"],
    ids=["a class's points system", "an author's own partial listing", "a textbook's excerpt note",
         "a reading assignment's pages", "a how-to about a download button"],
)
def test_paywall_leaves_look_alike_sentences_alone(line: str):
    doc = clean(line)
    assert kept(doc) == [line], [(r.cleaner, r.reason) for r in doc.removals]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("原价:58元/箱 促销价:39.9元/箱(脐橙10斤装)", id="probe14-news-market-report-goods-price-row"),
        pytest.param("原价:24元/斤 节日价:19.8元/斤", id="probe14-supermarket-promotion-price-per-jin"),
        pytest.param("原价:320元/晚 淡季价:198元/晚", id="probe14-travel-guide-hotel-room-price"),
    ],
)
def test_paywall_leaves_a_price_of_goods_by_their_unit_alone(line: str):
    """A document's price is 原价:20元 or 元/份; a price list's row prices goods by the 斤, 箱 or 晚."""
    doc = clean(line)
    assert kept(doc) == [line], [(r.cleaner, r.reason) for r in doc.removals]


def test_paywall_leaves_long_content_lines_with_prices_alone():
    assert_untouched("各学校要严格执行收费标准,开通VIP服务的做法一律禁止," + PAGE)


# 7. watermarks and site chrome -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "©2015-2020 m.777doc.com 三七文档.",
        "Copyright © 2008-2024 www.example.com All Rights Reserved",
        "Copyright 2003-2023 Sohu.com Inc. All Rights Reserved.",
        "版权所有 © 某某教育网",
        "本站版权归某某教育网所有",
        "京ICP备12345678号-1",
        "沪ICP证080047号",
        "粤公网安备 44030502000001号",
        "备案号:苏ICP备05000000号",
        "客服联系 QQ:2149211541",
        "微信:fanwen365 QQ:370150219",
        "联系QQ:123456789",
        "客服邮箱:service@example.com",
        "在线客服 Tel:0571-88888888 Fax:0571-88888889",
        "转载请注明出处,谢谢合作!",
        "本文地址:https://www.example.com/article/123.html",
        "- 上一篇文章: 关注G60科创走廊,全球影响力科技创",
        "下一篇:没有了",
        "返回列表",
        "首页 > 新闻中心 > 通知公告",
        "手机扫码阅读",
        "扫一扫分享到微信",
        "分享到:",
        "加入收藏",
        "下载文档,编辑使用",
        "点击下载本文档",
        "工作总结.docx 将本文的Word文档下载到电脑",
        "文似观山不喜平 — — 观山文库◆记住我,来上我~",
        "发布时间:2023-01-13 10:40",
        "浏览次数:1234次",
        "本站部分内容来自互联网,如有侵权请联系删除",
        "免责声明:本站资源仅供学习交流使用",
        "Powered by Discuz! X3.4",
        "整理文档很辛苦,赏杯茶钱您下走!",
        # other document and article sites
        "登录 | 注册 | 会员中心 | 帮助",
        "某某文库 下载 收藏 分享 举报",
        "微信 微博 QQ空间 推荐给朋友",
        "立即下载",
        "献花(3)",
        "【字号:大 中 小】【打印本页】【关闭窗口】",
        "上一页 1 2 3 4 下一页",
        "当前位置:首页 > 范文 > 心得体会",
        "某某网 > 教案 > 初中语文",
        "文档格式:PDF | 页数:16 | 浏览:2,019 | 上传时间:2021-03-02",
        "3.9(56人评价) | 812人已下载 | 共 7 页",
        "2022-05-09 | 阅读 1024",
        "本文由 edu_admin 上传",
        "责任编辑:王芳",
        "本文链接:某某文库/p-123.html",
        "来自: 学习园地 > 《教育》",
        "某某文库网所有资源均为用户自行上传,仅供学习交流。",
        "本站仅提供信息存储空间服务。",
        "该文档贡献者很忙,什么也没留下。",
        "学海文库",
        "某某范文网 - 范文大全",
        "初中物理复习提纲 - 学海文库",
        "点击上方蓝字关注我们",
        "长按识别二维码关注",
        "点击“阅读原文”查看更多",
        "—— END ——",
        "首页 | 新闻 | 招考 | 题库 | 论坛 | 更多»",
        "网站首页 财经 体育 教育 科技 更多",
        "上一章 ← 目录 → 下一章",
        "来源:某某教育网 时间:2023-09-01 08:00 热度:356次",
        "编辑于 2023-11-02 10:15・IP 属地江苏",
        "关注者 1,024 被浏览 52,310",
        "1,208 人赞同了该回答",
        "写下你的评论...",
        "以上是小编整理的期中复习资料,希望对大家有帮助。",
        "请记住本站网址:www.example-novel.cc,方便下次阅读",
        "(本章完)",
        'HYPERLINK "http://www.example.com/" 某某教育网',
        "某某考试网 - 全国考试资讯第一门户",
        "小学语文教学反思范文_某某文库",
        "索引号:000014349/2023-00112",
        "发布机构:某某区教育局",
        "字号:[ 大 中 小 ]",
        "返回首页,查看更多",
        "原创 于 2022-03-01 09:30:00 发布 · 阅读量1.2k · 收藏 6",
        "分类专栏: Python",
        "相关推荐:考试大纲 | 历年真题 | 成绩查询",
        "↓↓点击下载原文↓↓",
        "2022年第3期   中 国 农 学   No.3 2022",
        "…………○…………内…………○…………装…………○…………订…………○…………线…………",
        "※※请※※勿※※在※※此※※作※※答※※",
    ],
)
def test_site_chrome_lines_are_removed(line: str):
    removed = assert_line_removed(line, "watermark")
    assert removed.reason.startswith("site chrome")


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("# Copyright (c) 2024 Li Wei", id="probe14-code-blog-python-license-header"),
        pytest.param("// Copyright 2023 The Example Authors. All rights reserved.", id="probe14-code-blog-go-license-header"),
        pytest.param("* All rights reserved.", id="probe14-code-blog-c-comment-block"),
    ],
)
def test_a_license_header_in_a_code_listing_stays(header: str):
    """A site's footer never opens with a comment marker; a source file shown in a tech article does."""
    doc = clean("完整代码如下,复制到本地即可运行:", header, "import os", "print(os.listdir('.'))")
    assert header in kept(doc), [(r.cleaner, r.reason) for r in doc.removals]


def test_a_page_counter_spliced_into_a_sentence_is_cut():
    line = "电源容量不低于第 6 页 共 24 页20kW,后备时间不低于3小时。"
    (r,) = assert_span_removed(line, "电源容量不低于20kW,后备时间不低于3小时。", "page_markers")
    assert r.text == "第 6 页 共 24 页"


def test_a_related_documents_list_goes_with_its_heading_and_the_article_after_it_stays():
    doc = clean("【相关文档】", "七年级数学期中试卷", "初中数学复习提纲(精选)", "本文的结论对今后工作有指导意义。")
    assert kept(doc) == ["本文的结论对今后工作有指导意义。"]
    reasons = [(r.cleaner, r.line_no, r.reason) for r in doc.removals]
    assert reasons[0] == ("related_lists", FIRST, "related-documents list heading")
    assert [(c, n) for c, n, _ in reasons[1:]] == [("related_lists", FIRST + 1), ("related_lists", FIRST + 2)]
    assert "【相关文档】" in reasons[1][2]


@pytest.mark.parametrize("heading", ["猜你喜欢", "猜您喜欢", "该用户其他文档", "大家正在看", "阅读了该文档的用户还阅读了", "往期推荐 更多>>", "其他人也在看", "更多晚报报导", "编辑推荐:",
                                     "实时热点", "热搜榜"])
def test_list_headings_are_removed(heading: str):
    assert_line_removed(heading, "related_lists")


def test_a_book_pages_blurb_under_an_editors_pick_heading_stays():
    blurb = "《活着》讲述了农村人福贵悲惨的人生遭遇,被誉为中国当代文学的经典之作。"
    assert kept(clean("编辑推荐", blurb)) == [blurb]


def test_a_content_heading_named_like_a_list_keeps_its_sentences():
    doc = clean("相关文章", "本校教师在核心期刊发表论文12篇,其中3篇被引用。")
    assert kept(doc) == ["本校教师在核心期刊发表论文12篇,其中3篇被引用。"]


@pytest.mark.parametrize(
    ("line", "content"),
    [
        ("目的是确定像的位置。原创精品资源某某网独家享有版权,侵权必究!实验时玻璃板应竖直放置。",
         "目的是确定像的位置。实验时玻璃板应竖直放置。"),
        ("1.学习例4。内容来自某某网www.example.com转载请标明出处.学生列式计算。", "1.学习例4。学生列式计算。"),
        ("全县茶园面积达到11.3万亩,点击关注,了解更多其中生态茶园占比超过85%。",
         "全县茶园面积达到11.3万亩,其中生态茶园占比超过85%。"),
        ("pip install numpy登录后复制", "pip install numpy"),
    ],
)
def test_a_watermark_glued_inside_a_content_line_is_cut_and_the_content_stays(line: str, content: str):
    (r,) = assert_span_removed(line, content, "watermark_spans")
    assert r.reason.startswith("site watermark inside a line (")


def test_chrome_words_inside_a_long_content_line_are_content():
    assert_untouched("转载请注明出处是网络文明的基本要求," + PAGE)


# 8. pinyin spam ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "woaibeijingtiananmen",
        "zhongguojiaoyugaige fazhanguihua",
        "(san)zhongzhuaxueqianjiaoyuxingneng,youzhuyuxianshiyiyifazhanzhuangda",
        "(er)tuijinjiaoyujunhengfazhan",
        "2021nian,xiandejiaohuangxuexiaojuxiongtangzhongdianweiraoxianweishizhengfu",
        "yuanlingxiangongminzhengfubumenhuxitongwangye dzmode.com fabuxiaoxishi zhang:2023-01-13 10:40",
    ],
)
def test_pinyin_lines_are_removed(line: str):
    removed = assert_line_removed(line, "pinyin_spam")
    assert "pinyin" in removed.reason


@pytest.mark.parametrize(
    ("line", "content"),
    [
        (
            "1.持续把以德育人树人实效身为本质上规格。tishengjianquanzhiduguifan",
            "1.持续把以德育人树人实效身为本质上规格。",
        ),
        ("推进课程改革,提高教学质量。tuijinkechenggaigetigaojiaoxuezhiliang", "推进课程改革,提高教学质量。"),
        ("加强教师队伍建设。jiaqiangjiaoshiduiwujianshe,tigaojiaoshisuzhi。", "加强教师队伍建设。"),
    ],
)
def test_pinyin_tail_goes_and_the_chinese_sentence_stays(line: str, content: str):
    removed = assert_span_removed(line, content, "pinyin_spam")
    assert removed[0].reason == "pinyin spam tail"


# 9. SEO spam -----------------------------------------------------------------------------------------------


def test_spam_appended_to_a_content_line_goes_and_the_content_stays():
    content = PAGE + "盐城市大丰区教育局官方"
    removed = assert_span_removed(
        content + "白癜风治疗的有效医院北京治白癜风医院哪个好 |", content, "seo_spam"
    )
    assert [r.text for r in removed] == ["白癜风治疗的有效医院北京治白癜风医院哪个好 |"]


@pytest.mark.parametrize(
    "line",
    [
        "上海治疗癫痫病医院哪个好",
        "北京牛皮癣医院哪家好",
        "治疗白癜风最好的医院",
        "癫痫病治疗多少钱",
        "澳门赌场在线开户",
        "新葡京娱乐官网",
        "百家乐平台注册送彩金",
        "六合彩开奖网址",
        "代开增值税发票",
        "开各类发票 电话13800138000",
        "上海看男科哪个医院比较好",
        "专家在线免费咨询",
        "无抵押信用贷款当天放款",
    ],
)
def test_spam_lines_are_removed(line: str):
    assert_line_removed(line, "seo_spam")


# 10. no words -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["221381", "×", "---", "3.5", "+++ === +++", "* * *", "});"])
def test_lines_without_words_are_removed(line: str):
    assert_line_removed(line, "no_words")


@pytest.mark.parametrize("line", ["A", "一", "α", "2024年", "0 0 9 4", "12 34 56"])
def test_a_single_word_is_kept(line: str):  # ... and a table row of numbers
    assert_untouched(line)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("……", id="probe14-story-a-silence-on-the-phone"),
        pytest.param("“……”", id="probe14-story-a-reply-of-silence-in-quotes"),
        pytest.param("...", id="probe14-excerpt-a-passage-left-out"),
    ],
)
def test_an_ellipsis_alone_is_kept(line: str):
    doc = clean("“喂,哪位?”", line, "她等了很久,电话那头才传来一声叹息。")
    assert line in kept(doc), removals(doc)


CODE_PAGE = ["int main() {", '    printf("你好,世界");', "    return 0;", "}", "|------|------|", "*/"]


def test_code_punctuation_stays_in_a_document_holding_code():
    doc = clean(*CODE_PAGE)
    assert kept(doc) == [line.strip() for line in CODE_PAGE] and not removals(doc), removals(doc)


# 10b. title repeats ------------------------------------------------------------------------------------------

TITLE = "七年级数学期中试卷(含答案).docx"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("七年级数学期中试卷(含答案)", "repeats the title"),  # the page heading: the title without extension
        ("七年级数学期中试卷(含答案).docx", "repeats the title"),
        ("七年级 数学期中试卷(含答案).doc", "repeats the title"),
        ("七年级数学期中试卷(含答案)_第3页", "page-preview caption"),  # with its extension: page_markers
        ("七年级数学期中试卷(含答案)第12页", "page-preview caption"),
    ],
    ids=["heading without extension", "exact repeat", "other extension and spacing", "thumbnail caption", "caption without underscore"],
)
def test_the_title_repeated_by_the_page_goes_and_the_first_occurrence_stays(line: str, reason: str):
    doc = default_pipeline().clean(Document.from_text("doc", "\n".join([TITLE, line, PAD])))
    assert [x.text for x in doc.lines] == [TITLE, PAD]
    assert [(r.cleaner, r.line_no, r.text) for r in doc.removals] == [("title_repeats", 2, line)]
    assert reason in doc.removals[0].reason


@pytest.mark.parametrize(
    "line",
    ["七年级数学期中试卷(含答案)解析", "第一部分 七年级数学期中试卷(含答案)的说明", "七年级数学"],
    ids=["title plus a word", "title inside a heading", "part of the title"],
)
def test_lines_that_only_resemble_the_title_stay(line: str):
    doc = default_pipeline().clean(Document.from_text("doc", "\n".join([TITLE, line, PAD])))
    assert [x.text for x in doc.lines] == [TITLE, line, PAD]


# 11. learned boilerplate ------------------------------------------------------------------------------------

TOPICS = ["体育", "艺术", "科学", "劳动", "心理", "国防", "安全", "阅读"]
CHROME = "本站资料均来自网络收集整理"


def article(topic: str, extra: list[str]) -> Document:
    """A page of one site (learned boilerplate learns a site's template lines from its own pages)."""
    body = f"我校{topic}教育工作扎实推进,本学期组织开展了形式多样的{topic}活动,学生参与热情高涨,效果显著。"
    meta = {"url": f"https://www.example-school.cn/news/{topic}.html"}
    return Document.from_text(f"doc-{topic}", "\n".join([f"{topic}教育工作总结", body, *extra]), meta=meta)


def test_a_chrome_line_recurring_in_unrelated_documents_is_learned():
    docs = Pipeline().clean_corpus([article(t, ["一、工作总结", CHROME]) for t in TOPICS[:5]])
    for doc in docs:
        assert CHROME not in doc.text and "一、工作总结" in doc.text  # headings are never learned
        (r,) = removals(doc)
        assert (r.cleaner, r.kind, r.line_no, r.text) == ("learned_boilerplate", "line", 4, CHROME)
        assert r.reason == "site template: recurs in 5 of 5 documents of example-school.cn"


def test_a_line_below_min_docs_is_not_learned():
    docs = Pipeline().clean_corpus([article(t, [CHROME]) for t in TOPICS[:2]])  # min_site_docs = 3
    assert all(CHROME in doc.text for doc in docs)


def test_reposts_of_one_report_count_once():
    report = article("体育", ["二、下半年工作计划", CHROME])
    reposts = [Document.from_text(f"repost-{i}", report.text, meta=report.meta) for i in range(5)]
    docs = Pipeline().clean_corpus(reposts + [article(t, [CHROME]) for t in TOPICS[1:2]])
    assert all(CHROME in doc.text and not doc.removals for doc in docs)


def test_headings_recurring_everywhere_are_never_learned():
    headings = ["一、工作总结", "(一)坚持党建引领", "1.不断加强党的建设", "第三章 总则", "谢谢大家"]
    docs = Pipeline().clean_corpus([article(t, headings) for t in TOPICS])
    assert all(doc.removals == [] for doc in docs)


@pytest.mark.parametrize(
    ("pages", "learned"),
    [(5, True), (2, False)],
    ids=["document-site metadata row on 5 pages", "the same row on 2 pages (below min_site_docs)"],
)
def test_a_metadata_row_is_learned_by_its_fields_whatever_its_values(pages: int, learned: bool):
    uploaders = ["晨曦", "小鱼儿", "abc123", "追风少年", "蓝天"]
    docs = Pipeline().clean_corpus([
        article(t, [f"提供者:{uploaders[i]} 资料编号:{5831 + 17 * i} 收录日期:2023-0{i + 1}-1{i} 适用:{i + 3}年级"])
        for i, t in enumerate(TOPICS[:pages])
    ])
    for doc in docs:
        assert ("提供者" not in doc.text) is learned
        if learned:
            (r,) = removals(doc)
            assert r.cleaner == "learned_boilerplate" and r.reason.startswith(
                "site template: a row of the fields 提供者, 资料编号, 收录日期, 适用 recurs in 5 of 5 documents"
            )


def test_a_notice_contact_row_is_never_learned_by_its_fields():
    contacts = ["王老师", "李主任", "张科长", "赵老师", "陈老师"]
    docs = Pipeline().clean_corpus([
        article(t, [f"联系人:{contacts[i]} 电话:0731-845600{i} 报名截止:3月{i + 1}日"]) for i, t in enumerate(TOPICS[:5])
    ])
    assert all("联系人" in doc.text and not removals(doc) for doc in docs)


def test_line_statistics_merged_from_shards_equal_a_plain_count(monkeypatch):
    """Packed, capped statistics (staged, merged across shards, pickled like a shard's) decide as a dict of
    sets of fingerprints per line would."""
    monkeypatch.setattr(LineStats, "BUFFER", 7)  # stage and compact many times
    rng = random.Random(3)
    cap, pairs = 5, [(rng.randrange(40), rng.randrange(12)) for _ in range(600)]
    shards = [LineStats(cap) for _ in range(4)]
    for i, (key, fp) in enumerate(pairs):
        shards[i % 4].add(key, fp)
    total = LineStats(cap)
    for shard in shards:
        total.update(pickle.loads(pickle.dumps(shard)))
    plain: dict[int, set[int]] = {}
    for key, fp in pairs:
        plain.setdefault(key, set()).add(fp)
    for min_docs in (1, 3, 5):
        assert total.lines_seen_in(min_docs) == {k for k, fps in plain.items() if len(fps) >= min_docs}
    assert len(total) == len(plain)
    assert len(total.pack()) == sum(min(len(fps), cap) for fps in plain.values())  # at most `cap` a line


def test_line_statistics_of_shards_without_eligible_lines_merge_to_nothing():
    total = LineStats(5)
    for _ in range(3):
        total.update(pickle.loads(pickle.dumps(LineStats(5))))
    assert total.lines_seen_in(1) == set() and len(total) == 0


# 12. document filter -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("这里汉字太少了。", "CJK characters < 10"),
        ("The quick brown fox jumps over the lazy dog. " * 40 + PAD, "of characters <"),
        ("🎉🎉🎉\n221381\n©2015 example.com", "CJK characters < 10"),
    ],
)
def test_documents_with_too_little_chinese_are_dropped(text: str, reason: str):
    doc = default_pipeline().clean(Document.from_text("short", text))
    assert doc.dropped and doc.lines == [] and doc.text == ""
    (r,) = [r for r in doc.removals if r.kind == "document"]
    assert (r.cleaner, r.line_no, r.doc_id) == ("doc_filter", 0, "short") and reason in r.reason


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("基于单片机的智能温室控制系统设计.doc\n上传人:abc 格式:DOC 页数:35 大小:1.02MB\n第1页 / 共35页",
                     id="look-alike-document-viewer-page-with-only-its-title"),
        pytest.param("已知一次函数y=3x+b的图像经过点(1,7),则b的值为( )\nA. 2\nB. 3\nC. 4\nD. 5\n答案:C",
                     id="look-alike-one-exam-question"),
    ],
)
def test_a_short_document_whose_content_is_its_title_or_one_question_is_kept(text: str):
    """Fewer than 30 CJK characters left, but content: the document is not dropped whole."""
    doc = default_pipeline().clean(Document.from_text("short", text))
    assert not doc.dropped and text.split("\n")[0].split(".doc")[0] in doc.text


def test_a_chinese_tech_post_made_mostly_of_code_is_kept():
    text = "\n".join([
        "部署步骤如下,先拉取镜像再启动容器:",
        "docker pull redis:7.0.12",
        "docker run -d --name redis -p 6379:6379 -v /data/redis/conf:/usr/local/etc/redis redis:7.0.12",
        "redis-server /usr/local/etc/redis/redis.conf --appendonly yes --maxmemory 2gb",
        "启动后执行 redis-cli ping,返回 PONG 说明部署成功,持久化文件保存在挂载目录中。",
    ])
    doc = default_pipeline().clean(Document.from_text("tech", text))
    assert not doc.dropped and doc.text == text


def test_a_short_but_chinese_document_is_kept():
    doc = default_pipeline().clean(Document.from_text("ok", PAD))
    assert not doc.dropped and doc.text == PAD


# Removal records -----------------------------------------------------------------------------------------


def test_removal_line_numbers_refer_to_the_original_document():
    lines = ["返回列表", "", "学习🎉雷锋", PAD, "免费阅读已结束,点击下载阅读编辑剩下 ...", "221381"]
    doc = default_pipeline().clean(Document.from_text("d", "\n".join(lines)))
    got = [(r.cleaner, r.kind, r.line_no, r.text) for r in doc.removals]
    assert got == [
        ("junk_chars", "span", 3, "🎉"),
        ("paywall", "line", 5, lines[4]),
        ("watermark", "line", 1, "返回列表"),
        ("no_words", "line", 6, "221381"),
    ]
    assert [line.no for line in doc.lines] == [3, 4] and doc.text == f"学习雷锋\n{PAD}"


def test_every_removed_character_of_the_seeds_is_accounted_for():
    """Kept text plus the ledger's text is the original, character for character (whitespace aside)."""

    def visible(text: str) -> int:
        return sum(not c.isspace() for c in text)

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = default_pipeline().clean(Document.from_text(path.stem, text))
        assert all(r.reason.strip() and r.kind in ("line", "span", "document") for r in doc.removals)
        assert all(r.cleaner in REGISTRY and r.doc_id == path.stem for r in doc.removals)
        kept_chars = sum(visible(line.text) for line in doc.lines)
        assert kept_chars + sum(visible(r.text) for r in doc.removals) == visible(text)


# Decoding raw bytes (the .txt reader) -----------------------------------------------------------------------

RAW = "区教育局2023年工作总结和工作规划范文,全区教育系统坚持以立德树人为根本,办学水平逐步提高。"
TRADITIONAL = "區教育局2023年工作總結,全區教育系統堅持以立德樹人為根本,辦學水平逐步提高,教育成果日益豐碩。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RAW.encode(), "utf-8"),
        (b"\xef\xbb\xbf" + RAW.encode(), "utf-8"),
        (RAW.encode("utf-16"), "utf-16"),
        (RAW.encode("gbk"), "gb18030"),
        (RAW.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (TRADITIONAL.encode("utf-8"), "utf-8"),
    ],
)
def test_files_are_decoded_by_plausibility(data: bytes, encoding: str):
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.replaced) == (encoding, 0)
    assert decoded.text in (RAW, TRADITIONAL)


def test_a_corrupt_byte_does_not_turn_a_gbk_file_into_garbage():
    decoded = decode_bytes(RAW[:20].encode("gbk") + b"\xff" + RAW[20:].encode("gbk"))
    assert decoded.encoding == "gb18030" and decoded.replaced >= 1
    assert decoded.text.replace("\ufffd", "") == RAW


def test_broken_utf8_is_decoded_leniently_and_counted():
    decoded = decode_bytes(RAW[:10].encode() + b"\xff\xfe" + RAW[10:].encode())
    assert decoded.encoding == "utf-8" and decoded.replaced == 2
    assert decoded.text.replace("\ufffd", "") == RAW


# Configuration errors name the key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("junk_chars", "max_foreign_run", "three", "[junk_chars] max_foreign_run must be int"),
        ("junk_chars", "junk_ranges", ["zz-1F"], "[junk_chars] bad code point range"),
        ("watermark", "patterns", "missing.txt", "pattern file not found"),
        ("paywall", "max_line_chars", None, "[paywall] is missing the setting 'max_line_chars'"),
        ("mojibake", "max_lost_share", "half", "[mojibake] max_lost_share must be float"),
        ("page_markers", "min_page_chars", 1.5, "[page_markers] min_page_chars must be int"),
    ],
)
def test_a_bad_setting_is_a_config_error_naming_it(section: str, key: str, value, message: str):
    cfg = load_config()
    if value is None:
        del cfg[section][key]
    else:
        cfg[section][key] = value
    with pytest.raises(ConfigError) as exc:
        Pipeline(cfg)
    assert message in str(exc.value)


def test_a_bad_pattern_is_a_config_error_naming_the_file(tmp_path):
    (tmp_path / "watermark.txt").write_text("# a comment\n(unclosed\n", encoding="utf-8")
    config = tmp_path / "user.toml"
    config.write_text('patterns_dir = "."\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad pattern in watermark.txt: '\(unclosed'"):
        Pipeline(config)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他把杯子打坏了,土坏一坏。", "他把杯子打坏了,土坏一坏。"),  # OpenCC alone: 打坯了, 土坯, 一坯
        ("全面提升校長干部队伍,規劃校內工作。", "全面提升校长干部队伍,规划校内工作。"),
        ("朗讀故事的後半段,由於時間不足。", "朗读故事的后半段,由于时间不足。"),  # 後 and 於 are in GB2312
        ("哪吒闹海,乾隆年间,蒜薹炒肉。", "哪吒闹海,乾隆年间,蒜薹炒肉。"),
    ],
)
def test_t2s_converts_traditional_but_never_rewrites_simplified_characters(text, expected):
    from cleaners.normalize import TraditionalToSimplified

    doc = Document.from_text("t", text)
    TraditionalToSimplified(load_config()["t2s"], None).run(doc)
    assert doc.text == expected


@pytest.mark.parametrize(
    "line",
    ["2022 10345 3.7%", "2024 1.25 3.6%", "15130 5.2% 6871 7.1%"],
    ids=["probe14c-statistics-row-with-growth", "probe14c-rate-row-with-percentage", "probe14c-two-columns-with-percentages"],
)
def test_no_words_keeps_a_statistics_tables_row_of_numbers_and_percentages(line: str):
    doc = clean(line)
    assert kept(doc) == [line], [(r.cleaner, r.reason) for r in doc.removals]


@pytest.mark.parametrize(
    "line",
    ["售价:6GB+128GB版本1499元,8GB+256GB版本1799元。", "售价:16GB+1TB版本6999元起。"],
    ids=["probe14c-phone-price-by-configuration", "probe14c-laptop-price-by-configuration"],
)
def test_paywall_leaves_a_products_price_by_configuration_alone(line: str):
    doc = clean(line)
    assert kept(doc) == [line], [(r.cleaner, r.reason) for r in doc.removals]
