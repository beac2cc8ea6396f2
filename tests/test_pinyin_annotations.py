"""pinyin_annotations: readings an SEO mirror glues after hanzi go, a lesson's few readings of hard characters stay.

All texts are made up for these tests.
"""

from __future__ import annotations

import copy
from functools import cache

import pytest

from cleaners import REGISTRY, Document, Pipeline, load_config
from cleaners.base import Cleaner
from cleaners.config import pattern_loader

NAME = "pinyin_annotations"


@cache
def _cfg() -> dict:
    return load_config()


@cache
def cleaner() -> Cleaner:
    return REGISTRY[NAME](_cfg()[NAME], pattern_loader(_cfg()))


@cache
def chain() -> Pipeline:
    """The cleaner where the default chain has it: after `width` (fullwidth brackets) and before `t2s`."""
    cfg = copy.deepcopy(_cfg())
    cfg["pipeline"]["chain"] = ["mojibake", "width", NAME, "t2s"]
    return Pipeline(cfg)


def run(text: str) -> Document:
    return cleaner().run(Document.from_text("doc", text))


# (raw, clean): each a whole document, dense with readings of everyday characters
SPAM = {
    "traditional_tone_marks": (
        "我們的網(wǎng)站已經(jīng)完成改版,開(kāi)發(fā)團隊將在下個(gè)月發(fā)布新版本。\n"
        "這(zhè)次更新會(huì)帶來更好的體驗,歡迎大家提出意見。",
        "我們的網站已經完成改版,開發團隊將在下個月發布新版本。\n這次更新會帶來更好的體驗,歡迎大家提出意見。",
    ),
    "traditional_sparse": (  # 4 readings in ~130 hanzi: sparse, but a converter's output (traditional forms)
        "春天來了,公園裡的花都開(kāi)了,孩子們在草地上奔跑,老人們坐在長椅上聊天,一切都顯得那麼美好。"
        "我和朋友約好週末一起去爬山,山上的空氣清新,風景也很漂亮,我們在山頂拍了很多照片。"
        "回家以後,我把這(zhè)些照片整理好,發(fā)給了家裡人,大家看了都說很好看,媽媽還說下次也要一起去。"
        "這真是一個(gè)愉快的週末。",
        "春天來了,公園裡的花都開了,孩子們在草地上奔跑,老人們坐在長椅上聊天,一切都顯得那麼美好。"
        "我和朋友約好週末一起去爬山,山上的空氣清新,風景也很漂亮,我們在山頂拍了很多照片。"
        "回家以後,我把這些照片整理好,發給了家裡人,大家看了都說很好看,媽媽還說下次也要一起去。"
        "這真是一個愉快的週末。",
    ),
    "simplified_tone_marks": (
        "我们的(de)公司在(zài)本地发(fā)展得很快,这(zhè)是大家共同努力的结果。\n"
        "明年我(wǒ)们(men)还要开(kāi)拓新的市场,为(wèi)客户提供更(gèng)好的服(fú)务(wù)。",
        "我们的公司在本地发展得很快,这是大家共同努力的结果。\n明年我们还要开拓新的市场,为客户提供更好的服务。",
    ),
    "simplified_toneless": (
        "2021年(nian)我们的(de)公司在(zai)本地发(fa)展得很快,这(zhe)是大家共同努力的结果。\n"
        "明年我(wo)们(men)还要开(kai)拓新的市场,为(wei)客户提供更(geng)好的服(fu)务(wu)。",
        "2021年我们的公司在本地发展得很快,这是大家共同努力的结果。\n明年我们还要开拓新的市场,为客户提供更好的服务。",
    ),
    "fullwidth_brackets": (
        "我們的網（wǎng）站已經（jīng）完成改版,開（kāi）發（fā）團隊將在下個（gè）月發布新版本。",
        "我們的網站已經完成改版,開發團隊將在下個月發布新版本。",
    ),
    "cut_off_at_line_end": (  # the excerpt ends inside a reading
        "我們的網(wǎng)站已經(jīng)完成改版,開(kāi)發(fā)團隊將在下個(gè)月發(fā)布新標(bi",
        "我們的網站已經完成改版,開發團隊將在下個月發布新標",
    ),
    "after_a_garbled_character": (  # mojibake turned the annotated character into ASCII
        "我們的網(wǎng)站已經(jīng)完成改版,開(kāi)發(fā)團隊將在下個(gè)月發(fā)布?,F(xiàn)在",
        "我們的網站已經完成改版,開發團隊將在下個月發布?,F在",
    ),
    # probes15: a mirror's converter also annotates characters that are the same in both scripts (年, 我, 工)
    "mirror_readings_on_both_script_characters": (
        "二〇二三年(nián),我(wǒ)們單位圍繞年度目標開展工(gōng)作,各項任務穩步推進。\n"
        "這(zhè)一年裡,大家齊心協力,會(huì)議精神得到落實,發(fā)展質量明顯提高。\n"
        "我(wǒ)們將在新的一年繼續努力,按時(shí)完成各項工作。",
        "二〇二三年,我們單位圍繞年度目標開展工作,各項任務穩步推進。\n"
        "這一年裡,大家齊心協力,會議精神得到落實,發展質量明顯提高。\n"
        "我們將在新的一年繼續努力,按時完成各項工作。",
    ),
    # probes15: a mirrored lesson plan says 生字 in its own text; its readings are dense and away from that line
    "lesson_plan_mirror_cue_word_away_from_readings": (
        "教學目標:認識本課生字,正確流利地朗讀課文。\n"
        "秋天的雨帶(dài)著清涼和溫柔,輕輕地把秋天的大門打開(kāi)了。\n"
        "老師讓(ràng)學(xué)生們說(shuō)一說,秋天來(lái)了,校園裡(lǐ)有哪些變化。\n"
        "同學們發(fā)現樹葉變黃了,果子成熟了,這(zhè)時(shí)候的田野真美。\n"
        "最後,大家一起動(dòng)手畫一幅秋天的圖畫,會(huì)畫的同學還可以寫幾句話。",
        "教學目標:認識本課生字,正確流利地朗讀課文。\n"
        "秋天的雨帶著清涼和溫柔,輕輕地把秋天的大門打開了。\n"
        "老師讓學生們說一說,秋天來了,校園裡有哪些變化。\n"
        "同學們發現樹葉變黃了,果子成熟了,這時候的田野真美。\n"
        "最後,大家一起動手畫一幅秋天的圖畫,會畫的同學還可以寫幾句話。",
    ),
    # probes15: in a spam document, readings of words, in other brackets, with tone digits; a name and (Live) stay
    "word_readings_in_a_spam_document": (
        "我們的網(wǎng)站已經(jīng)完成改版,開(kāi)發(fā)團隊將在下個(gè)月發布新版本。\n"
        "公司的發展(fā zhǎn)離不開綠【lǜ】色理念,綠(lv4)水青山就是金山銀山。\n"
        "總經理李明(Li Ming)在年會上演唱了一首歌(Live)。",
        "我們的網站已經完成改版,開發團隊將在下個月發布新版本。\n"
        "公司的發展離不開綠色理念,綠水青山就是金山銀山。\n"
        "總經理李明(Li Ming)在年會上演唱了一首歌(Live)。",
    ),
    # noise10: a mirror writes one character's reading with its tone here and without it there: one reading, not two
    "noise10_mirror_one_reading_toned_and_toneless": (
        "我們的網(wǎng)站已經(jīng)完成改版,開(kāi)發(fā)團隊將在下個(gè)月發(fa)布新版本。\n"
        "這(zhè)次更新會(hui)帶來更好的體驗,網(wang)友們的意見很重要。\n"
        "我們(men)會(huì)認真聽取,開(kai)發新功能。",
        "我們的網站已經完成改版,開發團隊將在下個月發布新版本。\n"
        "這次更新會帶來更好的體驗,網友們的意見很重要。\n"
        "我們會認真聽取,開發新功能。",
    ),
}

CONTENT = {
    "lesson_few_hard_characters": "读课文,注意加点字的读音:他嗔(chēn)怪地看了我一眼,那些亵(xiè)渎的话让人难过。",
    "lesson_vocabulary_list": (  # dense, but on hard characters
        "词语积累:踌(chóu)躇 惬(qiè)意 黝(yǒu)黑 蹒(pán)跚 皎(jiǎo)洁 嗔(chēn)怪 亵(xiè)渎 憧(chōng)憬 "
        "酝(yùn)酿 栩(xǔ)栩如生"
    ),
    "lesson_traditional_hard_characters": "讀課文,注意加點字的讀音:他嗔(chēn)怪地看了我一眼,那些褻(xiè)瀆的話讓人難過。",
    "polyphone_lesson": (  # dense, on common characters, but each read two ways
        "长(cháng)短 长(zhǎng)大 还(hái)有 还(huán)书 发(fā)现 头发(fà) 重(zhòng)要 重(chóng)新 "
        "行(xíng)走 银行(háng) 好(hǎo)人 爱好(hào)"
    ),
    "lesson_polyphones_marked_once": "这辆车载(zài)重五吨,血(xuè)液在血管里流动,老师给(jǐ)予我们鼓励,要及时处(chǔ)理问题。",
    "lesson_talking_about_readings": (
        "给加点的字注音:这辆车载(zài)重五吨,血(xuè)液在血管里流动,老师给(jǐ)予鼓励,及时处(chǔ)理,"
        "好像似(shì)的,应(yīng)该,藏(zàng)族,几(jī)乎,朝(zhāo)阳,重(chóng)新,调(diào)查,中(zhòng)奖。"
    ),
    "traditional_lesson_talking_about_readings": "注意讀音:這輛車載(zài)重五噸,老師給(jǐ)予鼓勵,及時處(chǔ)理,還(huán)書。",
    "english_in_brackets": "应用程序接口(API)用Python编写,脚本语言(Python)适合快速开发,取最小值(min)即可。",
    "dictionary_entry_phrase_pinyin": "发展(fāzhǎn):事物由小到大、由简单到复杂的变化。例句:你好(nǐ hǎo),欢迎来到北京(běijīng)。",
    "list_item_labels": "下列说法正确的是(a)选项,错误的是(b)选项,请把答案写在括号(e)里。",
}


@pytest.mark.parametrize(("raw", "expected"), SPAM.values(), ids=SPAM.keys())
def test_dense_annotations_removed(raw: str, expected: str) -> None:
    doc = run(raw)
    assert doc.text == expected
    assert doc.removals and all(r.cleaner == NAME and r.kind == "span" for r in doc.removals)


@pytest.mark.parametrize("text", CONTENT.values(), ids=CONTENT.keys())
def test_content_untouched(text: str) -> None:
    doc = run(text)
    assert doc.text == text
    assert doc.removals == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "系統（tǒng）的網（wǎng）站已經（jīng）開（kāi）通,發（fā）布了這（zhè）個（gè）消息。",
            "系统的网站已经开通,发布了这个消息。",
        ),
        ("他嗔（chēn）怪地看了我一眼。", "他嗔(chēn)怪地看了我一眼。"),
    ],
    ids=["fullwidth_spam_removed", "fullwidth_lesson_kept_folded"],
)
def test_in_the_chain_after_width_before_t2s(raw: str, expected: str) -> None:
    assert chain().clean_text(raw) == expected
    order = _cfg()["pipeline"]["chain"]
    assert order.index("width") < order.index(NAME) < order.index("t2s")


def test_each_removal_recorded_with_reason() -> None:
    doc = run(
        "第一行。\n我們的網(wǎng)站已經(jīng)完成改版,開(kāi)發(fā)團隊將在下個(gè)月發(fā)布?,F(xiàn)在新版本。\n他們(標(bi"
    )
    got = [(r.line_no, r.kind, r.cleaner, r.text) for r in doc.removals]
    assert got == [
        (2, "span", NAME, "(wǎng)"),
        (2, "span", NAME, "(jīng)"),
        (2, "span", NAME, "(kāi)"),
        (2, "span", NAME, "(fā)"),
        (2, "span", NAME, "(gè)"),
        (2, "span", NAME, "(fā)"),
        (2, "span", NAME, "(xiàn)"),
        (3, "span", NAME, "(bi"),
    ]
    reasons = [r.reason for r in doc.removals]
    assert reasons[0].startswith(
        "pinyin annotation after a character (網(wǎng)): 6 tone-marked on traditional forms"
    )
    assert reasons[6] == "pinyin annotation after a garbled character (F(xiàn))"
    assert reasons[7] == "pinyin annotation cut off at the line end (標(bi)"
    assert doc.text == "第一行。\n我們的網站已經完成改版,開發團隊將在下個月發布?,F在新版本。\n他們(標"


@pytest.mark.parametrize(
    "raw", [raw for raw, _ in SPAM.values()] + list(CONTENT.values()), ids=[*SPAM, *CONTENT]
)
def test_idempotent(raw: str) -> None:
    once = run(raw).text
    again = run(once)
    assert again.text == once
    assert again.removals == []


@pytest.mark.parametrize(
    ("setting", "off", "case"),
    [
        ("lesson_cues", [], "lesson_talking_about_readings"),
        ("max_multi_reading_share", 1.0, "polyphone_lesson"),
        ("min_common_share", 0.0, "lesson_vocabulary_list"),
        ("min_annotations_dense", 3, "lesson_polyphones_marked_once"),
    ],
    ids=["lesson_cues", "max_multi_reading_share", "min_common_share", "min_annotations_dense"],
)
def test_each_guard_keeps_a_lesson_on_its_own(setting: str, off: object, case: str) -> None:
    """With one guard switched off, the lesson that only it protects is cut: every guard is needed."""
    settings = {**_cfg()[NAME], setting: off}
    loose = REGISTRY[NAME](settings, pattern_loader(_cfg()))
    assert loose.run(Document.from_text("doc", CONTENT[case])).removals
    assert run(CONTENT[case]).removals == []
