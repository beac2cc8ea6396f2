"""late_chrome: site furniture named by kind, removed after the line classifier has judged the page with it.

Each case was written for these tests from probes of typical furniture of ten kinds of site (blogs, news
portals, government pages, document viewers, novel sites, WeChat reposts, product boxes and Q&A mirrors,
forums, Taiwanese BBS mirrors, school resource sites); none is copied from a real page. Each kind has content
that looks like it and must stay."""

from __future__ import annotations

import pytest

from cleaners import Document, Pipeline, load_config

BODY = [
    "本学期,我担任初二年级两个班的数学教学工作,同时兼任八年级(3)班班主任,认真完成了各项教学任务。",
    "在教学工作中,我认真备课、上课、听课、评课,及时批改作业、讲评作业,做好课后辅导工作。",
]


@pytest.fixture(scope="module")
def chain() -> Pipeline:
    return Pipeline(load_config(None))


def clean(pipe: Pipeline, line: str) -> Document:
    return pipe.clean(Document.from_text("doc", "\n".join([*BODY, line])))


@pytest.mark.parametrize(
    ("line", "label"),
    [
        pytest.param("前一篇:立秋前后的几件小事", "a neighbouring post's link", id="blog-previous-post"),
        pytest.param("初中 语文 人教版(部编版) 七年级下册 教案", "a school resource's tag row", id="school-tag-row"),
        pytest.param("温馨提示:按 回车[Enter]键 返回书目,按 ←键 返回上一页,按 →键 进入下一页", "a reading site's hints",
                     id="novel-keyboard-hint"),
        pytest.param("最新网址:www.example.la", "a reading site's hints", id="novel-new-address"),
        pytest.param("国内 | 国际 | 社会 | 军事 | 财经 | 科技 | 体育 | 娱乐", "a news site's section menu", id="news-menu"),
        pytest.param("【本文地址:https://www.example-docs.cn/p/123.html】", "the page's own address", id="own-address"),
        pytest.param("发消息 加好友", "a forum's buttons", id="forum-buttons"),
        pytest.param("送TA礼物", "a forum's buttons", id="forum-gift-button"),
        pytest.param("图解:一图读懂《关于优化营商环境降低制度性交易成本的通知》", "a government page's interpretation links",
                     id="gov-interpretation"),
        pytest.param("相关附件:", "a page's attachment links heading", id="gov-attachment-heading"),
        pytest.param("加入购物车 立即购买", "a product box's buttons", id="shop-buttons"),
        pytest.param("店铺:某某电器官方旗舰店 进店逛逛 关注店铺", "a product box's buttons", id="shop-name"),
        pytest.param("加入书签 投推荐票 返回目录", "a novel reader's buttons", id="novel-reader-buttons"),
        pytest.param("设置 × 阅读主题 字体大小 A- 20 A+ 页面宽度", "a reader's settings", id="reader-settings"),
        pytest.param("(责任编辑:王一 孙二)", "an editor's credit", id="news-editor-credit"),
        pytest.param("本文转自【央视新闻客户端】;", "a repost's source", id="news-repost-source"),
        pytest.param("视频加载中...", "a media placeholder or topic link", id="news-video-loading"),
        pytest.param("作者 foodie123 (吃货)", "a BBS post's header", id="bbs-author-row"),
        pytest.param("※ 发信站: 批踢踢实业坊(ptt.cc), 来自: 1.2.3.4 (台湾)", "a BBS post's header", id="bbs-origin-row"),
        pytest.param("Lv.8 中级会员", "a user card", id="forum-level-badge"),
        pytest.param("年级:七年级 学科:语文 版本:人教版 类型:教学设计", "a resource's property row", id="school-properties"),
        pytest.param("本资料来自21世纪教育网,版权归原作者所有。", "a resource site's blurb", id="school-source-blurb"),
        pytest.param("有用(12) 没用(3)", "Q&A pages' answer chrome", id="qa-votes"),
        pytest.param("月销 1万+ 累计评价 5.2万+ 好评率 98%", "a product box's prices and sales", id="shop-sales"),
        pytest.param("本文由 AI 生成,内容仅供参考,请仔细甄别。", "a machine-generation notice", id="ai-notice"),
        pytest.param("本章未完,点击下一页继续阅读", "a chapter pager's notice", id="novel-chapter-pager"),
        pytest.param("2.该文档所得收入(下载+内容+预览)归上传者、原创作者;如果您是本文档原作者,请点此认领!",
                     "a document site's download terms", id="docsite-terms"),
        pytest.param("最新章节:第一百二十五章 一语成谶", "a recommendation line", id="novel-latest-chapter"),
        pytest.param("▲点击上方蓝字,关注我们", "a follow prompt", id="wechat-follow"),
        pytest.param("本文为城市观察者原创,转载请联系授权", "a reprint stamp", id="wechat-reprint"),
        pytest.param("图片来源:网络,侵删", "an image credit to the web", id="image-credit"),
        pytest.param("海量资讯、精准解读,尽在某某财经APP", "an app's slogan", id="news-app-slogan"),
        pytest.param("2019-03-12 09:15:23 回答 来自 北京 的网友", "an answer's time row", id="qa-answer-time"),
        pytest.param("本课件为精品资源,需要2点下载", "a paid resource's price", id="school-paid"),
        pytest.param("该楼层疑似违规已被系统折叠 隐藏此楼查看此楼", "comment-thread system text", id="forum-folded-floor"),
        pytest.param("这家伙很懒,什么也没留下~", "comment-thread system text", id="forum-empty-profile"),
        pytest.param("推 abc123: 看起来好好吃 05/06 08:30", "a BBS push comment", id="bbs-push"),
        pytest.param("本文由某某杂谈社原创,未经授权严禁转载,违者必究。", "a reprint stamp", id="news-original-by"),
        pytest.param("Archiver|手机版|小黑屋|某某论坛 GMT+8, 2024-6-3 16:48 , Processed in 0.085032 second(s), 27 queries .",
                     "a forum engine's footer", id="forum-engine-footer"),
        pytest.param("点赞 5 · 踩 · 收藏 18 · 打赏 · 评论 3", "a post's toolbar and its author's buttons", id="blog-toolbar"),
        pytest.param("weixin_4389 关注 私信", "a post's toolbar and its author's buttons", id="blog-author-buttons"),
        pytest.param("+ 关注", "a post's toolbar and its author's buttons", id="news-follow-button"),
        pytest.param("举报/反馈", "a post's toolbar and its author's buttons", id="news-report-button"),
        pytest.param("京东 ¥239.00 去购买", "a product link with its price and a buy button", id="shop-link"),
        pytest.param("在家就能赚钱!日结500+,宝妈学生党均可,加V:ab8869了解详情", "a spam ad's contact by a nickname for WeChat", id="spam-contact"),
        pytest.param("头条搜索:宋朝人的夜生活有多精彩", "a platform's search suggestion and learning prompt",
                     id="news-search-suggestion"),
        pytest.param("云原生入门技能树 容器 21438 人正在系统学习中", "a platform's search suggestion and learning prompt",
                     id="blog-learning-prompt"),
        pytest.param("(版权归原作者所有,本文仅供交流学习,若侵犯到您的权益,烦请告知,我们将立即删除)",
                     "a repost's or an uploader's disclaimer", id="repost-disclaimer"),
        pytest.param("#本文仅代表作者观点,未经许可禁止转载,不代表某某知产网立场#", "a repost's or an uploader's disclaimer",
                     id="news-opinion-disclaimer"),
        pytest.param("版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领",
                     "a repost's or an uploader's disclaimer", id="docsite-uploader-disclaimer"),
        pytest.param("立即下载|全新《某某新闻》APP:https://bit.ly/3xAbCd", "an app's or an account's promotion",
                     id="news-app-download"),
        pytest.param("想转行数据分析的人都关注了这个号", "an app's or an account's promotion", id="wechat-account-promo"),
        pytest.param("无货源、一件代发,请勿咨询。商务合作请投递邮箱:bd@example.com", "an app's or an account's promotion",
                     id="shop-business-contact"),
        pytest.param("我们已发送验证链接到您的邮箱,请查收并验证", "a login dialog's messages", id="login-dialog-sent"),
        pytest.param("没收到验证邮件?请确认邮箱是否正确或 重新发送邮件", "a login dialog's messages", id="login-dialog-resend"),
        pytest.param("导购 | 新车 | 评测 | 用车 | 二手车", "genre menu/button row (car, house, finance, game, baike, tiku, B2B, film, job vocabulary)", id="car-menu"),
        pytest.param("城市:北京 [切换城市]", "switch-city control", id="city-switch"),
        pytest.param("搜索你感兴趣的内容...", "search-box placeholder", id="search-placeholder"),
        pytest.param("该公司其他职位", "genre section headings (related jobs/products/questions, company card)", id="job-company-other"),
        pytest.param("热门城市:北京 上海 广州 深圳 杭州", "hot/related keyword row with a label", id="hot-cities"),
        pytest.param("关于我们 · 联系我们 · 广告合作 · 网站地图", "footer link row (about/contact/ads/sitemap)", id="footer-links"),
        pytest.param("默认排序 按时间排序", "answer sort control", id="qa-sort"),
        pytest.param("answered Jul 14, 2021 at 9:02", "English Q&A post meta (asked/edited/answered, share row, browse-other)", id="techqa-answered"),
        pytest.param("提问于 2021-07-14 阅读 3.5k", "Chinese Q&A meta (asked/answered date, votes, accepted-by, login prompt, question with counts)", id="techqa-asked"),
        pytest.param("赞 2 回复 踩", "post toolbar with 赞/回复/踩", id="comment-toolbar"),
        pytest.param("五险一金 带薪年假 定期体检 餐补 弹性工作", "job benefit tag row", id="job-benefits"),
        pytest.param("前端开发工程师 12-20K 北京", "job listing row (title, salary K, city) and job condition row", id="job-listing-row"),
        pytest.param("投递简历 立即沟通", "job-page buttons", id="job-buttons"),
        pytest.param("34562人评价", "rating widgets (score, N people rated, star distribution, votes useful)", id="film-raters"),
        pytest.param("上证指数 3089.26 +0.52% 深证成指 9567.83 -0.31%", "stock index ticker / quote row / cashtag row", id="stock-ticker"),
        pytest.param("风险提示:本文观点仅代表个人意见,所涉及标的不作推荐,据此买卖,风险自负。", "investment disclaimer", id="finance-disclaimer"),
        pytest.param("评分:9.1 发售:2024-04-26 平台:PC/PS5 类型:动作冒险", "game info key rows", id="game-info"),
        pytest.param("本词条由“科普中国”科学百科词条编写与应用工作项目 审核 。", "encyclopedia page chrome", id="baike-review"),
        pytest.param("题型:单选题 难度:0.65 来源:某某市九年级期中考试", "question-bank meta rows", id="tiku-meta"),
        pytest.param("【推荐1】", "question-bank buttons and related markers", id="tiku-recommended"),
        pytest.param("诚信通 第8年 | 实力商家 | 源头工厂", "supplier badges / contact card / price-MOQ / logistics rows", id="b2b-badges"),
        pytest.param("本页网址:https://www.example-b2b.cn/company/12345.html", "page-address line (本页网址)", id="b2b-page-address"),
        pytest.param("原文 译文 注释 赏析 拼音版", "poem page tab row with 拼音版/朗读", id="poetry-tabs"),
        pytest.param("▶ 朗读 00:00 / 01:32 播放速度 1.0x", "audio player counter", id="poetry-audio"),
        pytest.param("某某的诗(312篇) 某某的名句(45条)", "author card counts (某某的诗(N篇) 某某的名句(N条))", id="poetry-author-card"),
        pytest.param("中文 ⇄ 英语 自动检测语言 翻译", "translation widget (language switch, copy toast, word counter, MT disclaimer)", id="dict-language-switch"),
        pytest.param("上一个成语:守口如瓶 下一个成语:首屈一指", "previous/next entry row", id="dict-prev-next"),
        pytest.param("软件大小:3.2MB 软件语言:简体中文 软件类型:国产软件 软件授权:免费软件", "download-site spec rows", id="software-spec"),
        pytest.param("高速下载 本地下载", "download buttons and antivirus badge", id="software-download-buttons"),
        pytest.param("Android版 iPhone版 电脑版", "platform version links (Android版 iPhone版 电脑版)", id="software-platforms"),
        pytest.param("租金:6500元/月 押一付三", "classified listing fields (rent with deposit, floor, region, masked phone, contact type)", id="classified-rent"),
        pytest.param("联系我时,请说是在某某同城上看到的,谢谢!", "classified buttons and poster notice", id="classified-notice"),
        pytest.param("高级检索 出版物检索 知识元检索 引文检索", "paper-portal search modes and journal badges", id="paper-search-modes"),
        pytest.param("在线公开时间:2023-05-20 10:21", "paper-portal meta rows (专辑/专题, online date, citation network counts, reader download)", id="paper-online-date"),
        pytest.param("小鱼妈妈 宝宝8个月", "forum user signature with child age", id="parenting-signature"),
        pytest.param("以上回答仅供参考,不能作为诊断及医疗的依据", "medical Q&A answered-by line and disclaimer", id="medical-disclaimer"),
        pytest.param("今日限行:3和8", "city widgets (traffic restriction, weather)", id="city-traffic"),
        pytest.param("距2025考研还有 186 天", "training ads (free materials, countdown, job-guarantee class, trial lesson, lead form)", id="training-countdown"),
        pytest.param("《秋天的雨》教学设计 第3页缩略图", "thumbnail caption (<title> 第N页缩略图)", id="docsite-thumbnail"),
        pytest.param("《秋天的雨》教学设计_某某范文网", "page title with the site name as suffix", id="docsite-title-suffix"),
        pytest.param("其他用户还看了", "related headings (其他用户还看了, 更多关于X的作文/范文)", id="docsite-others-viewed"),
        pytest.param("jsy_2021 · IP属地:浙江 · 3天前", "comment meta (user · IP属地/place · time)", id="comment-meta"),
        pytest.param("专业代写各类总结报告,加急当天交稿", "writing and plagiarism-check services", id="docsite-ghostwriting"),
        pytest.param("本站合同仅供参考,签约前请咨询专业律师", "document-site disclaimer (本站合同/范文仅供参考)", id="docsite-disclaimer"),
        pytest.param("5597 人浏览过", "a page's counters and an essay site's fields", id="view-counter"),
        pytest.param("字数: 800字作文", "a page's counters and an essay site's fields", id="essay-site-length"),
        pytest.param("本文适合: 初中初一", "a page's counters and an essay site's fields", id="essay-site-audience"),
        pytest.param("2014年5月25日 星期日", "a blog's post date with its weekday alone on a line", id="blog-post-date"),
        pytest.param("Sunday, May 25, 2014", "a blog's post date with its weekday alone on a line", id="blog-post-date-english"),
    ],
)
def test_furniture_of_its_kind_goes_after_the_model_with_a_readable_reason(chain: Pipeline, line: str, label: str):
    doc = clean(chain, line)
    assert [x.text for x in doc.lines] == BODY
    assert [(r.cleaner, r.reason.split(":")[0]) for r in doc.removals] == [("late_chrome", f"site furniture ({label})")]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("前一篇文章里我提到过外婆的老屋,这次接着写。", id="an essay's earlier post"),
        pytest.param("本学期初中语文组使用人教版七年级下册教材。", id="a school's textbook sentence"),
        pytest.param("七年级 语文 期中考试 成绩 分析", id="a row naming an exam analysis"),
        pytest.param("按下回车键之后,屏幕上出现了一行红字。", id="a story's Enter key"),
        pytest.param("语文 | 数学 | 英语 | 物理 | 化学", id="a timetable row"),
        pytest.param("原文链接见文末,感兴趣的读者可以查阅。", id="a link mentioned in a sentence"),
        pytest.param("支持的同学举手,反对的同学请说明理由。", id="a class vote"),
        pytest.param("沙发", id="a lone piece of furniture"),
        pytest.param("图解:见下图,红色区域为施工范围。", id="a figure's explanation"),
        pytest.param("附件:1.申请表格", id="a notice's own attachment list"),
        pytest.param("附件1:涉企收费目录清单.xlsx", id="a notice's attachment file"),
        pytest.param("下单后三天内发货,支持七天无理由退货。", id="a shop's terms in a sentence"),
        pytest.param("(作者系北京大学教授)", id="an author's bio"),
        pytest.param("(记者 张明)", id="a reporter's byline"),
        pytest.param("选自《朝花夕拾》", id="a textbook's source"),
        pytest.param("作者 鲁迅", id="an author named"),
        pytest.param("时间:2023年5月6日上午9:00 地点:学校三楼会议室", id="a notice's time and place"),
        pytest.param("这是一份来之不易的成绩单,凝聚了全体师生的心血。", id="a report card's praise"),
        pytest.param("满意回答率是考核窗口工作人员的一项指标。", id="a service indicator"),
        pytest.param("本文由AI研究组的三位同学合写而成,分工如下。", id="a student group called AI"),
        pytest.param("本章未完成的练习请在课后补齐。", id="unfinished exercises"),
        pytest.param("1.各单位应在5月10日前上传自查报告。", id="a numbered instruction to upload"),
        pytest.param("推荐阅读:《朝花夕拾》《骆驼祥子》,每天不少于30分钟。", id="a reading list"),
        pytest.param("关注我们,是因为我们一直坚持实地调查。", id="a sentence on following"),
        pytest.param("如需转载本报告中的数据,请事先与统计局联系并获得书面许可。", id="a report's reprint terms"),
        pytest.param("图片来源:市规划局", id="an image from an office"),
        pytest.param("2019年3月12日 回答记者提问时,他表示一切顺利。", id="answering reporters"),
        pytest.param("本资料为内部资料,请勿外传。", id="internal material"),
        pytest.param("该帖子被管理员删除后,楼主又重新发了一遍。", id="a story about a deleted post"),
        pytest.param("推 开门一看,院子里站满了人。", id="a sentence starting with 推"),
        pytest.param("本文由三位同学原创,指导老师为李老师。", id="students' own essay"),
        pytest.param("点赞、评论、转发是衡量传播效果的三个指标。", id="counting likes in a sentence"),
        pytest.param("同学们,请关注黑板上的例题。", id="a teacher asking to look"),
        pytest.param("京东和淘宝是两家大型电商平台。", id="shops named in a sentence"),
        pytest.param("搜索:在地图上找到学校的位置。", id="a task to search a map"),
        pytest.param("全校有1200人正在学习书法。", id="a school learning calligraphy"),
        pytest.param("本诗版权归原作者所有,收入本书时略有删节。", id="an anthology's credit"),
        pytest.param("以上仅代表个人观点,欢迎大家讨论。", id="a blogger's own view"),
        pytest.param("立即下载安装包后,双击运行即可。", id="an install step"),
        pytest.param("合作商务部门的邮箱在通知末尾。", id="an office's mailbox in a sentence"),
        pytest.param("学校已发送通知到各位家长的手机,请注意查收。", id="a school's notice sent to phones"),
        pytest.param("语言:表达清楚,条理分明", id="a lesson's evaluation row"),
        pytest.param("知识点:分数的意义", id="a lesson plan's knowledge point"),
        pytest.param("【举一反三】", id="an exercise book's heading"),
        pytest.param("营业执照 食品经营许可证", id="a notice's list of papers"),
        pytest.param("品牌:联想 型号:X200 产地:中国", id="a procurement notice's specification"),
        pytest.param("苹果 5斤 ¥15.00", id="a price list's row"),
        pytest.param("厂商指导价:12.98万", id="a car review's price"),
        pytest.param("类型: 议论文", id="an essay's type"),
        pytest.param("编辑部的同志们讨论了三次。", id="an editorial office's discussion"),
        pytest.param("关于我们班的联系方式,请看通知。", id="a class's contact note"),
        pytest.param("授权范围:仅限本单位内部使用,不得用于商用", id="a licence contract's own clause"),
        pytest.param("安全检测:合格", id="an inspection report's result"),
        pytest.param("生字的拼音 生字的组词 生字的造句", id="a lesson's word work"),
        pytest.param("办理时间:工作日 9:00-17:00", id="a notice's office hours"),
        pytest.param("距离期末考试还有三十天,同学们要抓紧复习。", id="a countdown in a sentence"),
        pytest.param("本诗以朗读为主,原文和译文见下。", id="a lesson on reading a poem aloud"),
        pytest.param("字数:不少于600字", id="an essay task's length"),
        pytest.param("全校共有5597人参加了阅读活动。", id="readers counted in a sentence"),
        pytest.param("课后练习-第3页", id="an exercise's page"),
        pytest.param("数学课本 32页", id="a textbook's page"),
        pytest.param("严禁学生找人代写作业,作业要求原创。", id="a ban on ghostwriting"),
        pytest.param("学校图书馆新设了电子文库", id="a library's e-books"),
        pytest.param("2014年5月25日 星期日 晴", id="a diary's date line with its weather"),
        pytest.param("2014年5月25日星期日上午,我们去了植物园。", id="a diary's first sentence"),
    ],
)
def test_look_alike_content_stays(chain: Pipeline, line: str):
    doc = clean(chain, line)
    assert [x.text for x in doc.lines] == [*BODY, line]


def test_it_runs_after_the_line_classifier_which_judges_lines_with_these_neighbours():
    chain = load_config(None)["pipeline"]["chain"]
    assert chain.index("late_chrome") == chain.index("line_classifier") + 1


def test_a_question_banks_option_row_stays_when_its_furniture_goes(chain: Pipeline):
    """The model reads a row of options as a short row of chrome once the page's furniture around it is gone:
    classifier_protect keeps it."""
    question = ["1.一元二次方程x²=4的解是下列选项中的哪一个( )", "A.2 B.4 C.-4 D.±2", "【答案】D",
                "【解析】因为x²=4,所以x=±2,方程有两个实数根,故选D。"]
    page = ["题型:单选题 难度:0.65 来源:某某市九年级期中考试", *question, "【推荐1】", "【推荐2】",
            "关于我们 · 联系我们 · 广告合作 · 网站地图"]
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    assert [x.text for x in doc.lines] == question
