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
        pytest.param("[责任编辑:王蕾]", "an editor's credit", id="news-editor-credit-square"),
        pytest.param("Newer Post Older Post Home", "English blog engine chrome (Older Post, Subscribe to Post Comments (Atom), View my complete profile)", id="blog-engine-english"),
        pytest.param("订阅:博文 (Atom)", "Chinese blog engine chrome (较旧的博文, 订阅 博文 (Atom), 查看我的完整个人资料)", id="blog-engine-chinese"),
        pytest.param("▼ 十二月 (3)", "archive list entry with a toggle and a count (▼ 十二月 (3), ► 2018 (31))", id="blog-archive-toggle"),
        pytest.param("分类: 旅行 | 标签: 云南, 徒步, 梅里雪山", "blog post tag and category row (分类 X | 标签 a, b; Labels a, b)", id="blog-tag-row"),
        pytest.param("此条目发表在旅行分类目录,贴了云南、徒步标签。将固定链接加入收藏夹。", "WordPress-style filed-under sentence (此条目发表在X分类目录 … 将固定链接加入收藏夹)", id="blog-filed-under"),
        pytest.param("← 上一篇 香格里拉的第一个早晨", "neighbour post link with an arrow or a space (← 上一篇 X, 下一篇 → X, 此分类上一篇 X)", id="blog-previous-post-arrow"),
        pytest.param("《雨崩徒步的四天三夜》有2条评论", "comment count and comment list headings (《X》有2条评论, 留言列表 (2))", id="blog-comment-count"),
        pytest.param("2021年5月5日 下午3:12", "comment time with 上午/下午 (2021年5月5日 下午3.12) and English comment time", id="blog-comment-time"),
        pytest.param("您的电子邮箱地址不会被公开。 必填项已用 * 标注", "comment form fields and notices (必填项已用*标注, 显示名称 *, 以便下次评论时使用)", id="blog-comment-form"),
        pytest.param("获赠金笔:暂无记录", "blog profile counters without a number and follow buttons (获赠金笔 暂无记录, 加好友 发纸条)", id="blog-profile-counter"),
        pytest.param("以上网友发言只代表其个人观点,不代表某某网的观点或立场。", "comment-box disclaimers and warnings of blog platforms", id="blog-comment-disclaimer"),
        pytest.param("近期文章", "blog sidebar headings (近期文章, 相关博文, 谁看过这篇博文, 最近读者)", id="blog-sidebar-heading"),
        pytest.param("▲top", "back-to-top and menu and search widgets (▲top, 导航菜单, 搜索 )", id="blog-back-to-top"),
        pytest.param("贪吃小熊 发表在 某某邦 留言(2) 人气(1,284)", "blog post footer with counters with thousands separators (X 发表在 Y 留言(2) 人气(1,284))", id="blog-post-footer"),
        pytest.param("12 篇文章 0 订阅", "tech blog column and tip dialog (专栏收录该内容, 12 篇文章 0 订阅, 扫码支付 ¥1, 余额充值)", id="tech-blog-column"),
        pytest.param("【推荐】编程新体验,更懂你的AI,立即体验", "a blog platform's own promotion (【推荐】… 低至 99元/年, 立即下载体验)", id="tech-blog-ad"),
        pytest.param("- THE END -", "WeChat END mark and web-image credit variants (- THE END -, 图片 部分来自网络)", id="wechat-the-end"),
        pytest.param("来源 | 职场充电站(ID:zhichang_cdz)", "WeChat source line with the account ID (来源 | X(ID xxx))", id="wechat-source-id"),
        pytest.param("喜欢 推荐 转载", "blog button rows (喜欢 推荐 转载, 转发至微博)", id="blog-buttons"),
        pytest.param("老周的博客", "blog name alone (X的博客, X的部落格)", id="blog-name"),
        pytest.param("(记者 郑可 编辑 孙琪)", "reporter and editor credit row ((记者X 编辑Y), 文/记者X | 编辑Y | 校对Z)", id="news-reporter-editor-row"),
        pytest.param("(图/某某社)", "photo credit alone ((图/某某社), 摄影 记者X)", id="news-photo-credit"),
        pytest.param("本网站所刊登的各种新闻、信息,均仅供参考,不代表本网观点。", "news site disclaimer (本网站所刊登的新闻仅供参考,不代表本网观点)", id="news-disclaimer"),
        pytest.param("您的浏览器不支持 video 标签。", "video player UI lines (browser unsupported, quality, replay, watch live)", id="news-video-player"),
        pytest.param("字级 小 中 大 特", "font size switch without brackets (字级 小 中 大 特)", id="news-font-switch"),
        pytest.param("订阅我们的电子报,每日掌握最新消息", "newsletter subscribe prompt (订阅我们的电子报)", id="news-newsletter"),
        pytest.param("本文标签:净水器 滤芯 反渗透", "tag and search-suggestion rows with a label (本文标签, TAG, 大家还在搜)", id="farm-tag-row"),
        pytest.param("自行车内胎怎么换_自行车补胎教程_山地车爆胎了怎么办_自行车轮胎气压多少合适", "keyword-chain title (three search queries joined by _ or |, or four by commas; a question in three clauses stays)", id="farm-keyword-chain"),
        pytest.param("某某生活百科网", "content farm site name alone (某某生活百科网)", id="farm-site-name"),
        pytest.param("答:可以先用补胎片临时修补,回家后再更换新的内胎……", "truncated answer snippet of a related Q&A list (答…)", id="farm-answer-snippet"),
        pytest.param("成文日期:2024-04-09 公开方式:主动公开 公开范围:面向全社会", "government information-disclosure header rows (索引号 发布机构 成文日期 有效性 …)", id="gov-disclosure-row"),
        pytest.param("索引号", "government information-disclosure header label alone (cells on separate lines)", id="gov-disclosure-label"),
        pytest.param("113306XX002345678B/2024-00089", "government document index number alone", id="gov-index-number"),
        pytest.param("上一条:县市场监管局开展校园食品安全专项检查", "previous and next item links (上一条 下一条)", id="gov-previous-item"),
        pytest.param("领导信箱 在线访谈 征集调查", "government interaction menu rows (领导信箱 在线访谈 征集调查)", id="gov-interaction-menu"),
        pytest.param("网站支持IPv6", "accessibility and version toolbar items alone (网站纠错 长者版 关怀版 IPv6)", id="gov-toolbar"),
        pytest.param("为确保最佳浏览效果,建议您使用以下浏览器版本:谷歌浏览器、火狐浏览器,分辨率1920×1080", "browser and screen resolution hint", id="gov-browser-hint"),
        pytest.param("本网站著作权属某某县政府所有", "site copyright ownership line (本网站著作权属X所有, year © office)", id="gov-copyright"),
        pytest.param("主办:某某镇人民政府 承办:某某镇党政办公室", "site sponsor and operator footer (主办 承办 by an office or data center)", id="gov-sponsor"),
        pytest.param("友情链接:某某市教育局 | 某某市教研室 | 中国教育和科研计算机网", "friendly links row", id="friendly-links"),
        pytest.param("学校概况 机构设置 师资队伍 教育教学 招生就业 党建工作 校园文化", "school site menu rows (学校概况 机构设置 师资队伍 招生就业)", id="school-menu"),
        pytest.param("审稿:赵某 初审:钱某 终审:孙某", "editorial credit rows (审核 编辑 初审 终审)", id="editorial-credits"),
        pytest.param("试卷总分:120分 题型:选择题 填空题 解答题 难度系数:0.65", "exam-paper site metadata rows (难度系数 题型 知识点 组卷次数)", id="exam-site-meta"),
        pytest.param("下载试卷(Word版) 在线测试 预览试卷", "exam-paper site button rows (下载试卷 在线测试 加入试题篮)", id="exam-site-buttons"),
        pytest.param("资源类型:教学设计 适用年级:五年级 所属学科:语文 教材版本:统编版", "lesson-resource site metadata rows (资源类型 适用年级 所属学科 下载次数)", id="resource-site-meta"),
        pytest.param("本资源由用户上传,如有侵权请联系我们", "resource-site uploader disclaimer (本资源由用户上传 如有侵权)", id="resource-site-disclaimer"),
        pytest.param("本合同范本由网友投稿,仅供参考", "resource-site uploader disclaimer (本资源由用户上传 如有侵权)", id="template-site-disclaimer"),
        pytest.param("某某教育资源网", "education and government site name alone", id="resource-site-name"),
        pytest.param("附件【3.课堂展示评分标准.xlsx】已下载 36 次", "attachment link with its download count", id="attachment-download-count"),
        pytest.param("总机:(049)222-3456 服务时间:周一至周五 8:00-12:00 13:30-17:30", "switchboard number with service hours (site footer)", id="gov-switchboard"),
        pytest.param("查看: 8215|回复: 63", "forum thread counters (查看 N | 回复 N)", id="forum-thread-counters"),
        pytest.param("主题 41 帖子 906 积分 2318", "forum user panel counters (主题 帖子 积分, UID, 阅读权限, 在线时间, 注册时间, 最后登录)", id="forum-user-panel"),
        pytest.param("本主题由 管理员 于 2018-1-2 09:01 设置高亮", "forum moderation stamp (本主题由 X 于 DATE 置顶)", id="forum-moderation-stamp"),
        pytest.param("回复 2# 老周骑天下 的帖子", "reply and quote headers of a forum thread (回复 N# X 的帖子, 原帖由 X 于 DATE 发表, X 发表于 DATE)", id="forum-reply-header"),
        pytest.param("第3楼", "floor markers alone (楼主, N#, #N, N楼, with a post time)", id="forum-floor"),
        pytest.param("参与人数 3 积分 +12 收起 理由", "forum rating box (参与人数 N 积分 +N, 查看全部评分, default rating reasons)", id="forum-rating-box"),
        pytest.param("收藏 3 分享 淘帖 支持 反对", "forum post buttons with counts or 回覆/检举/订阅/TOP/淘帖", id="forum-post-buttons"),
        pytest.param("您需要登录后才可以回帖 登录 | 立即注册", "forum reply box (login to reply, quick reply, board rules heading, jump to floor)", id="forum-reply-box"),
        pytest.param("版规:禁止张贴商业广告,违者删帖并禁言七天。", "board rules line (版规...)", id="forum-board-rules"),
        pytest.param("谢谢楼主分享,路书能发一份吗", "one-line thanks replies addressed to the OP (谢谢楼主分享, 顶楼主, mark)", id="forum-thanks-reply"),
        pytest.param("关注: 86,512 贴子: 1,203,447", "tieba bar counters and sign-in (关注 N 贴子 N, 签到, 吧务)", id="tieba-counters"),
        pytest.param("发贴请遵守贴吧协议及“七条底线”贴吧投诉", "tieba posting rules and signature toggle (遵守…协议及七条底线)", id="tieba-rules"),
        pytest.param("打开APP,查看更多精彩回复", "forum app prompts (open the app to see more replies, continue in browser)", id="forum-app-prompt"),
        pytest.param("本帖被以下淘专辑推荐:", "forum collection recommendation (本帖被以下淘专辑推荐, 主题 N, 订阅 N)", id="forum-collection"),
        pytest.param("作者: mtnwalker (山里走走) 看板: Hiking", "BBS header with colons (作者 id (nick) 看板 X, 标题 [tag] ...), board name alone", id="bbs-header"),
        pytest.param("赞同 2.3 万 添加评论", "zhihu-like counters (赞同 N 万 添加评论, N 人赞同了该回答, 关注者 N 被浏览 N)", id="qa-upvotes"),
        pytest.param("提问者:绿萝妈妈 | 浏览次数:3864次", "Q&A asker and answerer rows (提问者X, 回答者X 等级 N 级, 悬赏 N 财富值, 采纳率)", id="qa-asker-row"),
        pytest.param("已赞过 已踩过<", "Q&A rating and report controls (已赞过 已踩过<, 评论 收起, 举报 | 反馈)", id="qa-rating-controls"),
        pytest.param("2018-12-03 多肉叶子发软是什么原因 5", "related question with date prefix or N 个回答 and date", id="qa-related-question"),
        pytest.param("回答数:12 · 阅读:3.5万", "answer counts and reading counts (N个回答 · N万阅读, 回答数 N · 阅读 N)", id="qa-answer-counts"),
        pytest.param("多肉植物冬天怎么浇水?叶子发软了怎么办_某某知道", "Q&A page title with the site kind as suffix (title_X知道 / X问答)", id="qa-title-suffix"),
        pytest.param("加好友", "a forum's buttons", id="forum-user-card-button"),
        pytest.param("原创 128", "a blog author card's stat row (原创 128, 周排名 2341, 访问 42万+, 12 声望, 码字总数 118305)", id="a-blog-author-card-s-stat-row"),
        pytest.param("最新发布", "a blog platform's related list labels (最新发布, 热门推荐)", id="a-blog-platform-s-related-list-labels"),
        pytest.param("weixin_51230988的博客", "related post meta on a blog platform (X的博客, 05-12 2.1万)", id="related-post-meta-on-a-blog-platform"),
        pytest.param("私信", "author buttons and post buttons alone (私信, 打赏, 关注作者, +加关注, 写文章, 前往查看)", id="author-buttons-and-post-buttons-alone"),
        pytest.param("登录 / 注册 即可发布评论!", "log in to comment prompts (登录 / 注册 即可发布评论, 请先登录后再评论)", id="log-in-to-comment-prompts"),
        pytest.param("代码语言:javascript", "code-block chrome (代码语言 X, 代码运行次数 N, AI代码解释, 复制代码, 登录后复制; a bare 运行 or 复制 is a heading too)", id="code-block-chrome"),
        pytest.param("本文参与 某云自媒体同步计划,分享自作者个人站点/博客。", "a syndication notice of a cloud developer community (本文参与 X 同步计划, 本文分享自 X 前往查看, 原始发表 … 如有侵权请联系 X 删除)", id="a-syndication-notice-of-a-cloud-developer-community"),
        pytest.param("本文转载自:https://my.example-osc.net/u/4928110/blog/10522003", "repost source link alone (本文转载自 URL)", id="repost-source-link-alone"),
        pytest.param("本作品系原创,采用《署名-非商业性使用-禁止演绎 4.0 国际》许可协议", "a blog platform's licence stamp (本作品系原创,采用《署名…》许可协议)", id="a-blog-platform-s-licence-stamp"),
        pytest.param("后端老周 已于 2023-11-02 14:20:37 修改", "a blog post's edited-by line with the author (X 已于 date time 修改)", id="a-blog-post-s-edited-by-line-with-the-author"),
        pytest.param("阅读 2.1k更新于 2023-09-20", "a post's read row with an update date (阅读 2.1k更新于 date, 阅读 8 分钟)", id="a-post-s-read-row-with-an-update-date"),
        pytest.param("28 订阅", "a column's subscription counts (28 订阅, 16 篇文章, 27 篇文章 3 订阅)", id="a-column-s-subscription-counts"),
        pytest.param("15k", "a bare count with a k suffix (15k, 1.2k; a table cell 2.1万 stays)", id="a-bare-count-with-a-k-suffix"),
        pytest.param("【推荐】国内首个AI IDE,深度理解中文开发场景,立即下载体验", "a blog platform's own promotion (【推荐】… 低至 99元/年, 立即下载体验)", id="a-blog-platform-s-own-promotion"),
        pytest.param("关于我们 招贤纳士 商务合作 寻求报道 400-812-3306 在线客服 工作时间 8:30-22:00", "a site footer row of company links (关于我们 招贤纳士 商务合作 … 在线客服)", id="a-site-footer-row-of-company-links"),
        pytest.param("» 下一篇: 用 pytest fixture 管理测试数据", "a neighbour post link with a right guillemet or alone (» 下一篇 X, 上一篇)", id="a-neighbour-post-link-with-a-right-guillemet-or-alone"),
        pytest.param("专栏: 前端工程化实践", "a post's column label (专栏 X)", id="a-post-s-column-label"),
        pytest.param("难度:简单 时间:30分钟 口味:咸鲜", "recipe attribute row (难度 时间 口味 工艺 份量, two or more)", id="recipe-attribute-row"),
        pytest.param("菜谱分类:热菜 家常菜 下饭菜 猪肉", "recipe category row (菜谱分类 所属分类)", id="recipe-category-row"),
        pytest.param("我要收藏  做过了,晒作品", "recipe page buttons and works counters (我要收藏 晒作品 做过这道菜的人(N))", id="recipe-page-buttons-and-works-counters"),
        pytest.param("该菜谱创建时间:2023-11-02 19:45", "recipe or travel page creation time row (该菜谱创建时间)", id="recipe-or-travel-page-creation-time-row"),
        pytest.param("本攻略由某某旅行原创,未经授权禁止转载", "recipe or guide site copyright line (本攻略由X原创 / 本菜谱由网友上传)", id="recipe-or-guide-site-copyright-line"),
        pytest.param("相关游记", "travel and recipe related headings (相关游记 相关菜谱推荐 本文作者的其他游记)", id="travel-and-recipe-related-headings"),
        pytest.param("热门菜谱:家常豆腐 鱼香肉丝 宫保鸡丁 酸辣土豆丝", "hot recipe or guide list with its heading (热门菜谱 X Y Z)", id="hot-recipe-or-guide-list-with-its-heading"),
        pytest.param("出发时间 / 2024-03-09", "travel diary attribute rows (出行天数 / 7 天, 人均费用 / 3500 元, two pairs or a slash widget)", id="travel-diary-attribute-rows"),
        pytest.param("本游记已被评为精华游记", "travel page badge and counters (本游记已被评为精华游记, 去过 N 想去 N)", id="travel-page-badge-and-counters"),
        pytest.param("大理洱海海景客栈 ¥328起 立即预订", "booking cards (hotel ¥N起 预订, N分 ¥N起, 门票 立减N元)", id="booking-cards"),
        pytest.param("特价机票 | 酒店预订 | 门票 | 跟团游 | 自由行", "travel booking menus and price-compare prompts", id="travel-booking-menus-and-price-compare-prompts"),
        pytest.param("本月月票榜 | 新书榜 | 完本榜", "reader sites' rankings and also-liked headings", id="reader-sites-rankings-and-also-liked-headings"),
        pytest.param("作者有话说:求收藏求推荐票,每天两更,不断更!", "author vote begging line (作者有话说 求收藏求推荐票)", id="author-vote-begging-line"),
        pytest.param("如果你觉得本章节还不错的话请不要忘记向您QQ群和微博里的朋友推荐哦!", "a reading site's share-with-friends notice", id="a-reading-site-s-share-with-friends-notice"),
        pytest.param("书友20240602:第一章就这么有味道,追了!", "reader comment with a 书友 handle", id="reader-comment-with-a-handle"),
        pytest.param("红烧肉的做法_红烧肉怎么做_某某美食网", "lifestyle or travel or novel page title with the site name as suffix", id="lifestyle-or-travel-or-novel-page-title-with-the-site-name-as-suffix"),
        pytest.param("推荐度:", "fanwen site rating row and reach counter", id="fanwen-site-rating-row-and-reach-counter"),
        pytest.param("文档为doc格式", "document format notice (the file is a doc, editable)", id="document-format-notice"),
        pytest.param("读《平凡的世界》心得体会(精选3篇)相关文章:", "related articles of a title heading (X相关文章 with a colon)", id="related-articles-of-a-title-heading"),
        pytest.param("上一篇论文:浅谈幼儿园语言教育", "previous or next document of the site with its kind", id="previous-or-next-document-of-the-site-with-its-kind"),
        pytest.param("同类合同范本", "related or hot documents heading by kind (contracts, papers, tests)", id="related-or-hot-documents-heading-by-kind"),
        pytest.param("下载合同范本", "download this contract or template button", id="download-this-contract-or-template-button"),
        pytest.param("此合同为付费范本 ¥5.00", "this template or document is paid (price)", id="this-template-or-document-is-paid"),
        pytest.param("复制全文 打印本页", "copy full text and print buttons", id="copy-full-text-and-print-buttons"),
        pytest.param("律师在线起草合同 ¥199起", "lawyer drafts or reviews contracts for a price", id="lawyer-drafts-or-reviews-contracts-for-a-price"),
        pytest.param("温馨提示:合同签订前请咨询专业律师", "sign only after consulting a lawyer (a template site tip)", id="sign-only-after-consulting-a-lawyer"),
        pytest.param("范本编号:No.88231", "template number row of the site", id="template-number-row-of-the-site"),
        pytest.param("论文代写", "thesis ghost-writing and check services", id="thesis-ghost-writing-and-check-services"),
        pytest.param("本论文网免费提供论文范文,仅供学习参考", "the site offers papers or essays for reference only", id="the-site-offers-papers-or-essays-for-reference-only"),
        pytest.param("审核状态:通过", "resource review, star and rating rows", id="resource-review-star-and-rating-rows"),
        pytest.param("所属栏目:学前教育论文", "site column row alone", id="site-column-row-alone"),
        pytest.param("上传人:数学王老师", "uploader row alone", id="uploader-row-alone"),
        pytest.param("查看答案解析", "view the answers and explanations (members only)", id="view-the-answers-and-explanations"),
        pytest.param("该试卷已被下载 1203 次", "downloaded N times or test-paper download button", id="downloaded-n-times-or-test-paper-download-button"),
        pytest.param("试卷类型:单元测试  适用年级:八年级  年份:2024", "test-paper metadata row (type with grade or year)", id="test-paper-metadata-row"),
        pytest.param("缩略图 目录 书签", "PDF viewer side tabs", id="pdf-viewer-side-tabs"),
        pytest.param("XX论文网 — 免费论文 毕业论文 论文范文", "document-site name with a slogan", id="document-site-name-with-a-slogan"),
        pytest.param("八年级物理第七章力单元测试卷及答案 4.5分", "other-document item with its score", id="other-document-item-with-its-score"),
        pytest.param("本文由消化内科 刘某某 副主任医师审核", "reviewed-by line of a health article (本文由X医生审核)", id="reviewed-by-line-of-a-health-article"),
        pytest.param("预约挂号 在线咨询 来院路线", "consultation and booking button rows (在线咨询 预约挂号 立即咨询)", id="consultation-and-booking-button-rows"),
        pytest.param("胃胀胃痛反复发作?点击免费咨询专家", "consultation call-to-action with a free/fast promise (免费咨询专家, 律师30秒内响应)", id="consultation-call-to-action-with-a-free-fast-promise"),
        pytest.param("线上律师 即时解答", "site slogan rows of consultation sites (免费法律咨询 在线律师 24小时解答)", id="site-slogan-rows-of-consultation-sites"),
        # (the hospital form, "杭州胃病医院哪家好 杭州看胃病哪个医院好 …", goes earlier now, whole, as seo_spam's hospital ad)
        pytest.param("杭州离婚律师哪个好 杭州离婚律师排名 杭州律师咨询", "city plus hospital or lawyer keyword stuffing (X医院哪家好 X律师排名)", id="city-plus-hospital-or-lawyer-keyword-stuffing"),
        pytest.param("深圳劳动纠纷律师推荐", "city plus case-type lawyer or clinic recommendation (深圳劳动纠纷律师推荐)", id="city-plus-case-type-lawyer-or-clinic-recommendation"),
        pytest.param("刘某某 副主任医师 从医20年", "doctor card with title and clinic or years (X 主任医师 从医20年)", id="doctor-card-with-title-and-clinic-or-years"),
        pytest.param("好评率 98% 接诊量 3652", "doctor and lawyer rating and helped counts (好评率 接诊量 已帮助N人 有帮助(N))", id="doctor-and-lawyer-rating-and-helped-counts"),
        pytest.param("患者信息:女 1岁3个月 浙江", "Q&A asker and answer time rows (咨询人 所在地 提问时间 回复时间)", id="q-a-asker-and-answer-time-rows"),
        pytest.param("已有 5 位律师回复", "lawyer and doctor reply counts (已有N位律师回复, 该问题已被N位律师回复过)", id="lawyer-and-doctor-reply-counts"),
        pytest.param("本站律师回复仅供参考,具体请以当地法律法规为准", "health and legal site disclaimers (以上内容仅供参考 本站律师回复仅供参考)", id="health-and-legal-site-disclaimers"),
        pytest.param("图片来源于网络,如有侵权请联系删除", "image credit to the web with takedown (本站所有图片均来源于网路)", id="image-credit-to-the-web-with-takedown"),
        pytest.param("24小时咨询热线:400-800-1234", "hospital and consultation hotlines (24小时咨询热线 挂号专线 急诊电话 预约电话)", id="hospital-and-consultation-hotlines"),
        pytest.param("宝宝发烧39度手脚冰凉怎么办_某某问医生", "page title with a health or legal site suffix (X_某某问医生, X_某某法律咨询网)", id="page-title-with-a-health-or-legal-site-suffix"),
        pytest.param("买药上某某 正品保障 24小时送药上门", "online pharmacy promotions (正品保障 送药上门 满N元包邮)", id="online-pharmacy-promotions"),
        pytest.param("参考价格:¥28.50 / 盒", "drug page price and class rows (参考价格 OTC 甲类非处方药)", id="drug-page-price-and-class-rows"),
        pytest.param("互联网药品信息服务资格证书编号:(京)-非经营性-2023-0123", "drug site data source and licence footers (互联网药品信息服务资格证书)", id="drug-site-data-source-and-licence-footers"),
        pytest.param("【时效性】现行有效", "law database classification rows (【时效性】 【效力级别】 【法规类别】 法宝引证码)", id="law-database-classification-rows"),
        pytest.param("引用法规 (3)", "law database link counts (引用法规 (3) 被引用 (12) 相关司法案例 (56))", id="law-database-link-counts"),
        pytest.param("相关疾病:高血脂 | 心肌梗塞 | 脑中风 | 心律不整", "inline related disease row (相关疾病A | B | C)", id="inline-related-disease-row"),
        pytest.param("全文下载 Word版 PDF版", "law database download and member notices (全文下载 Word版 PDF版 会员专享)", id="law-database-download-and-member-notices"),
        pytest.param("文书类型:判决书  审理程序:一审  裁判日期:2023-06-15", "judgment database header rows (文书类型 审理程序 案例来源)", id="judgment-database-header-rows"),
        pytest.param("追问 感谢", "Q&A reply buttons (追问 感谢, 网友回复)", id="q-a-reply-buttons"),
        pytest.param("医生回答", "Q&A answer section labels (医生回答 律师回答)", id="q-a-answer-section-labels"),
        pytest.param("三甲医院 | 儿科 | 从业8年", "doctor card row of hospital grade, department and years (三甲医院 | 儿科 | 从业8年)", id="doctor-card-row-of-hospital-grade-department-and-years"),
        pytest.param("内科 | 外科 | 妇产科 | 儿科 | 针灸推拿科 | 康复科 | 治未病中心", "hospital department menu (内科 | 外科 | 妇产科 | 儿科)", id="hospital-department-menu"),
        pytest.param("法律法规 | 司法解释 | 地方法规 | 裁判文书 | 法学期刊", "law database and legal site menu (法律法规 | 司法解释 | 裁判文书)", id="law-database-and-legal-site-menu"),
        pytest.param("本文转载自某某农业信息网,转载请保留出处", "repost note asking to keep the source (本文转载自X,转载请保留出处)", id="probes18-repost-note"),
        pytest.param("【稿件来源:某某市农业信息网】【编辑:章一鸣】", "bracketed source and editor chain (【稿件来源 X】【编辑 Y】)", id="probes18-source-editor-chain"),
        pytest.param("▲读者投书内容不代表本报立场。欢迎投稿", "opinion piece disclaimer with an optional call for submissions (读者投书内容不代表本报立场)", id="probes18-opinion-disclaimer"),
        pytest.param("此答案由AI自动生成,仅供参考", "answer generated by AI note (此答案由AI自动生成 仅供参考)", id="probes18-ai-answer-note"),
        pytest.param("匿名用户 回答于 2023-11-21", "answerer with answered-at date (匿名用户 回答于 2023-11-21)", id="probes18-answered-at"),
        pytest.param("查看全部128条跟贴", "see all N follow-up posts (查看全部128条跟贴)", id="probes18-all-follow-ups"),
        pytest.param("社区网格员年度工作总结 docx 3页", "other document item with a page count, format or size suffix (X docx 3页, X.pdf 1.2M, X 共8页)", id="probes17-related-item-with-suffix"),
        pytest.param("2024年社区工作总结 第12页", "thumbnail caption with a space before 第N页 after a document-kind title (X调研报告 第1页)", id="probes17-spaced-thumbnail-caption"),
        pytest.param("论文降重 AI智能改写 低至3元/千字", "paper de-duplication rewrite service ad (论文降重 AI智能改写 低至3元/千字)", id="probes17-rewrite-service-ad"),
        pytest.param("会员开通 ¥9.9/月 全站文档随心下", "membership price per month row (会员开通 ¥9.9/月 全站文档随心下)", id="probes17-membership-price"),
        pytest.param("首页 / 通知公告 / 图书馆通知", "slash breadcrumb from the home page (首页 / 通知公告 / 图书馆通知)", id="probes17-slash-breadcrumb"),
        pytest.param("基于改进PID的温控系统设计 - 免费论文下载", "page title with a free-download site suffix (X - 免费论文下载)", id="probes17-free-download-title"),
        pytest.param("本教学设计由老师投稿,仅供参考", "uploader note of a lesson-plan or essay site (本教案由网友上传 仅供参考)", id="probes15-uploader-note"),
        pytest.param("4.8分  已有1250人下载", "rating with download count row (4.8分 已有1250人下载)", id="probes15-rating-and-downloads"),
        pytest.param("小说推荐:总裁的替身新娘 重生之嫡女归来", "novel recommendation row with two or more titles (小说推荐 A B)", id="probes15-novel-recommendations"),
        pytest.param("法律状态 | 实质审查", "patent page bibliographic table rows (法律状态 | 实质审查)", id="probes16-patent-table-row"),
        pytest.param("申请号:CN202311223344.5  申请日:2023-09-14  公开号:CN117112233A", "patent page rows of several bibliographic fields (申请号 申请日 on one line)", id="probes16-patent-fields-row"),
        pytest.param("#城市记忆 #老街 #骑楼", "hashtag rows of the site (#tag #tag)", id="probes16-hashtag-row"),
        pytest.param("标准状态:现行", "a standard page's status row", id="probes19-standard-status"),
        pytest.param("中国标准分类号(CCS):C 81  国际标准分类号(ICS):13.220.10  下载次数:1234",
                     "a standard page's classification row with its download count", id="probes19-standard-classification-row"),
        pytest.param("今日剩余免费下载次数:3次", "a standards or document site's download quota and preview notice",
                     id="probes19-download-quota"),
        pytest.param("下载标准PDF", "a standard's download button", id="probes19-standard-download-button"),
        pytest.param("勋章:热心会员 资深写手", "a forum member's badge or rank row", id="probes19-forum-badges"),
        pytest.param("头衔:中级会员", "a forum member's badge or rank row", id="probes19-forum-rank"),
        pytest.param("本菜谱由 阿敏的厨房 原创发布 · 关注 TA", "a recipe or article site's author box", id="probes19-recipe-author-box"),
        pytest.param("摘要 | HTML全文 | PDF下载", "a journal article page's full-text buttons", id="probes20-journal-buttons"),
        pytest.param("【申请号】CN202310218845.6", "a patent site's bracketed bibliographic field", id="probes20-patent-field"),
        pytest.param("2023-05-05 实质审查的生效", "a patent's legal status event with its date", id="probes20-legal-status-event"),
        pytest.param("IPC分类号: G06F16/35; G06N3/04", "a patent page's IPC classification row", id="probes20-ipc-row"),
        pytest.param("本资料共6页,可免费预览3页", "a teaching-material site's preview and rating rows", id="probes20-preview-row"),
        pytest.param("小林 发表在《五月的雨》: 栀子花真的好香", "a blog sidebar's recent comment", id="probes20-sidebar-comment"),
        pytest.param("预览结束,下载后可阅读全部内容", "a document site's end-of-preview notice", id="probes20-end-of-preview"),
        pytest.param("首页 » 三年级语文教案", "a two-item breadcrumb with a guillemet", id="probes20-guillemet-breadcrumb"),
        pytest.param("执业证号:13301201810123456", "expertise and service rows of doctor and lawyer cards (擅长领域 执业证号 服务地区; a bare 擅长 row is a résumé's too)", id="expertise-and-service-rows-of-doctor-and-lawyer-cards"),
        pytest.param("信息索引号:0000871/2023-00042  公开方式:主动公开  发文日期:2023-08-09  发布机构:县财政局",
                     "a page record's field row", id="probe14c-page-record-disclosure-row"),
        pytest.param("【发布部门】某市人大常委会 【施行日期】2022.01.01 【时效性】现行有效 【效力级别】地方性法规",
                     "a page record's field row", id="probe14c-page-record-law-database-row"),
        pytest.param("留言标题:公交站台缺少遮阳棚 留言时间:2023-07-02 办理状态:已回复", "a page record's field row",
                     id="probe14c-page-record-message-board-row"),
        pytest.param("某市人民政府办公室主办  某市大数据中心承办", "a site's operators without colons, or with a maintainer",
                     id="probe14c-footer-operators-without-colons"),
        pytest.param("某镇人民政府主办  技术支持:某某网络科技", "a site's operators without colons, or with a maintainer",
                     id="probe14c-footer-operator-with-maintainer"),
        pytest.param("下一资源:三年级科学单元练习(二)", "previous and next item links (上一条 下一条)", id="noise12-next-resource"),
        pytest.param("附件: 正时皮带.jpg (186.4 KB, 下载次数: 12)", "an attachment with its size and download count (a forum's, a site's)",
                     id="noise9-a-forums-attachment"),
        pytest.param("IMG_3012.JPG (286.71 KB, 下载次数: 6)", "an attachment with its size and download count (a forum's, a site's)",
                     id="noise10-a-forums-photo"),
        pytest.param("查公交、查违章、查社保,关注服务号就能用 >>", "a call to follow, download, sign up or book that links on with an arrow, a whole short line",
                     id="noise10-a-service-accounts-call-with-an-arrow"),
        pytest.param("王医生  执业兽医师  从业8年  擅长:猫科内科、外科", "an answerer's or an expert's card on a Q&A page, with its years, field, level or acceptance rate (fields between wide spaces or dots)",
                     id="noise12-a-vets-card"),
        pytest.param("湘江边的社保小助手  LV6  采纳率 91%", "an answerer's or an expert's card on a Q&A page, with its years, field, level or acceptance rate (fields between wide spaces or dots)",
                     id="noise12-an-answerers-level-and-acceptance-rate"),
        pytest.param("(正文已显示完毕,如需可编辑原文件,请点击上方按钮)", "a notice that the part of the document shown ends here",
                     id="noise12-the-text-shown-ends-here"),
        pytest.param("……(报告篇幅较长,此处仅展示部分内容,如需全文请联系客服)……", "a notice that the part of the document shown ends here",
                     id="noise11-only-part-of-it-is-shown"),
        pytest.param("某市住房和城乡建设局主办  地址:某市世纪大道1号市民中心B座",
                     "a site's operator with its address or telephone, no colon after 主办", id="noise12-gov-operator-and-address"),
        pytest.param("某某镇人民政府 主办   地址:某某镇溪路8号   电话:0000-12345678",
                     "a site's operator with its address or telephone, no colon after 主办", id="noise8-gov-operator-address-telephone"),
        pytest.param("3 评论", "a comment section's heading or its count, a whole line", id="sites6-count-before-the-word"),
        pytest.param("12 条留言", "a comment section's heading or its count, a whole line", id="a-count-of-messages"),
        pytest.param("< 用 pathlib 替代 os.path 的几点体会", "a link with an arrow at its start or end, a whole short line",
                     id="sites6-previous-post-with-an-arrow"),
        pytest.param("Git rebase 和 merge 到底怎么选 >", "a link with an arrow at its start or end, a whole short line",
                     id="sites6-next-post-with-an-arrow"),
        pytest.param("看更多地方新闻 »", "a link with an arrow at its start or end, a whole short line", id="noise10-more-news"),
        pytest.param("【来源】 《园林与景观》 2020年第03期 第45-53页", "a journal site's row naming the issue a paper is in",
                     id="sites6-source-row-in-brackets"),
        pytest.param("所属期刊:《农业与水利》 2022年第3期  页码:112-119", "a journal site's row naming the issue a paper is in",
                     id="sites6-journal-row-with-pages"),
        pytest.param("《小学数学期末复习提纲》由用户上传分享,在线可预览前几页", "a document site's uploader notice",
                     id="sites6-uploaded-by-users-preview"),
        pytest.param("【免责声明】本文仅代表作者本人观点,与财经快报网无关。", "a site's disclaimer about its texts",
                     id="noise5-an-authors-view-not-the-sites"),
        pytest.param("风险提示:行情多变,文中数据与观点均不构成买卖依据。", "a site's disclaimer about its texts",
                     id="noise6-no-basis-for-trading"),
        pytest.param("平台医生的解答基于提问者的描述,无法替代面对面诊疗。", "a site's disclaimer about its texts",
                     id="noise8-no-substitute-for-a-visit"),
        pytest.param("如果本文对你的装修有所帮助,欢迎分享给身边的朋友。", "a page asking to be shared once it helped",
                     id="noise8-share-it-if-it-helped"),
        pytest.param("【引用格式】 顾晓燕,陶然.宋代园林中的壶中天地[J].园林史研究,2020(3):45-53.",
                     "a journal site's citation string of the paper", id="sites6-citation-string-in-brackets"),
        pytest.param("【上一条】2024年春风行动招聘会安排出炉", "a neighbouring page's link in brackets", id="noise10-previous-item-in-brackets"),
        pytest.param("热点推荐:4月车市价格战持续,多家车企限时优惠", "a recommended link behind its label", id="noise10-hot-pick-with-its-title"),
        pytest.param("手工月饼礼盒 顺丰包邮 点此下单", "a call to action closing a short line, after a space or a mark",
                     id="noise-sets-a-shops-order-button-closing-its-ad"),
        pytest.param("宝宝夜里总哭闹?儿科医生在线答疑  ¥9.9 起  立即问诊", "a call to action closing a short line, after a space or a mark",
                     id="noise10-a-consultation-ad-with-its-price"),
        pytest.param("观点属原作者所有,读者据此入市交易,盈亏自负。", "a site's disclaimer about its texts", id="noise10-trading-at-ones-own-risk"),
        pytest.param("提问人:热心网友 | 2024-02-11 | 关注 12", "a record's metadata row", id="noise9-a-question-row-with-its-views"),
        pytest.param("字数:12.4万 | 状态:连载中 | 更新:2024-05-02", "a record's metadata row", id="safety3-a-novels-record-row"),
        pytest.param("2024-03-02 19:40 · 杂记 · 围观 233 · 喜欢 18", "a record's metadata row", id="sites3-a-blog-posts-row"),
        pytest.param("王某律师  执业9年  2024-06-01 10:02   有用(7)", "a record's metadata row", id="noise10-a-lawyers-answer-row"),
        pytest.param("满意度:★★★☆☆ 一般     本留言已被查看 215 次", "a line ending with a count of its readers, answers or discussions, after a space or a dot",
                     id="noise8-a-letters-view-count-after-its-word"),
        pytest.param("相关模板:车位租赁合同 | 仓库租赁协议 | 租金收据", "a related label with its links in a row",
                     id="safety3-related-templates-in-a-row"),
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
        pytest.param("2024年3月5日(星期二)", id="a press release's date with its weekday in brackets"),
        pytest.param("2014年5月25日星期日上午,我们去了植物园。", id="a diary's first sentence"),
        pytest.param("上篇 总论", id="a book's first part"),
        pytest.param("下一篇笔记我会写写梅里雪山的日出。", id="a blogger's next post in a sentence"),
        pytest.param("分类:哺乳纲", id="an encyclopedia's classification"),
        pytest.param("历史上的今天", id="an almanac's heading"),
        pytest.param("菜单", id="a banquet plan's menu heading"),
        pytest.param("一位老师的日志", id="a diary's title"),
        pytest.param("Links", id="an English section heading"),
        pytest.param("出示图片,播放视频,学生讨论", id="a lesson's steps"),
        pytest.param("孩子不爱学习怎么办,家长该如何引导,有什么好方法", id="a question's title in three clauses"),
        pytest.param("答:略……", id="an answer left to the reader"),
        pytest.param("以上是本次会议的主要内容,希望大家认真抓好落实。", id="a meeting's closing line"),
        pytest.param("主题词:教育", id="an official document's keywords"),
        pytest.param("文号", id="a table's column heading"),
        pytest.param("下一个:张三", id="a programme's next performer"),
        pytest.param("咨询电话:12345政务服务热线", id="a notice's hotline"),
        pytest.param("通讯地址:某某县人民路88号 邮编:311800", id="a notice's postal address"),
        pytest.param("文字:张三 摄影:李四", id="a photo story's byline"),
        pytest.param("学科:数学 年级:五年级 知识点:分数的意义", id="a lesson plan's header row"),
        pytest.param("教材版本:统编版", id="a lesson plan's textbook"),
        pytest.param("请家长登录学校APP查看通知内容。", id="a school notice about its app"),
        pytest.param("楼主说的这个问题,我们在第三章里已经讨论过。", id="a reply discussing the original poster in prose"),
        pytest.param("补充:叶子发软之前浇过一次水。", id="a question's own supplement"),
        pytest.param("作者:Tom (英国)", id="an author and his country"),
        pytest.param("我十分赞同他的看法。", id="agreeing in a sentence"),
        pytest.param("运行", id="a README's heading"),
        pytest.param("复制", id="a lesson's step"),
        pytest.param("作品1", id="an art class's first work"),
        pytest.param("粉丝", id="a word in a vocabulary list"),
        pytest.param("2.1万", id="a table's cell"),
        pytest.param("【推荐】集合初始化时,指定集合初始值大小。", id="a coding guideline"),
        pytest.param("份量:2人份 准备时间:20分钟", id="a cookbook's own header"),
        pytest.param("第一章 初见", id="a novel's chapter heading"),
        pytest.param("作者按:这一章写的是主人公第一次离家。", id="an author's note about the story"),
        pytest.param("擅长:书法、绘画、演讲", id="a résumé's skills"),
        pytest.param("孩子发烧三天不退怎么办,求医生解答", id="a parent's question"),
        pytest.param("累计服务5000名患者", id="a hospital report's figure"),
        pytest.param("相关检查:血常规、尿常规", id="a medical record's tests"),
        pytest.param("专家解答", id="a newspaper column's heading"),
        pytest.param("安全知识题库", id="a question bank's title"),
        pytest.param("教学相关资料:", id="a lesson plan's materials"),
        pytest.param("阿莫西林胶囊 ¥12.5", id="a hospital price list's row"),
        pytest.param("他5分钟内回复了我的邮件", id="a reply in a story"),
        pytest.param("日期:____年____月____日 日期:____年____月____日", id="a contract's blank signature row"),
        pytest.param("今天和朋友去看了樱花 #春日踏青#", id="probes16 a post's own topic tag in its sentence"),
        pytest.param("本教案由张老师执教,获区一等奖。", id="probes15 a lesson plan's own credit"),
        pytest.param("一、年度工作总结 第3页", id="probes17 a compilation's own contents entry"),
        pytest.param("他回答于2023年的那场采访至今令人难忘。", id="probes18 an answer's date in a sentence"),
        pytest.param("本文转载自某某日报,有删节。", id="probes18 a repost note without the keep-the-source request"),
        pytest.param("附件:社区网格员年度工作总结 docx 3页", id="probes17 a notice's attachment"),
        pytest.param("详见年度工作总结 第3页", id="probes17 a page reference in the text"),
        pytest.param("申请号:2023001 申请人:王某", id="probes16 a court filing's numbers"),
        pytest.param("头衔:高级工程师", id="probes19 a CV's professional title"),
        pytest.param("【申请人】华东某某大学", id="probes20 a patent's applicant"),
        pytest.param("他的论文发表在《农业经济问题》上,引起了广泛讨论。", id="probes20 a sentence naming a journal"),
        pytest.param("国际标准分类号(ICS):13.220.10", id="probes19 a standard's own classification"),
        pytest.param("服务热线:400-811-2233(周一至周五 9:00-18:00)", id="probe14 a product manual's after-sales hotline"),
        pytest.param("姓名:李青 性别:男 出生年月:1988年3月 籍贯:安徽", id="probe14c a resume's field row"),
        pytest.param("发布部门:国家标准化管理委员会 发布日期:2021-04-30 实施日期:2021-11-01", id="probe14c a standard's own dates"),
        pytest.param("受理单位:区政务服务中心 办理时限:3个工作日 收费标准:不收费", id="probe14c a service guide's field row"),
        pytest.param("主办单位:市文联 承办单位:市作家协会", id="probe14c an event's own organisers"),
        pytest.param("主办单位:市文联  地址:市文化中心三楼", id="an event's own organiser and its address"),
        pytest.param("打印预览已结束后,点击关闭按钮返回编辑界面", id="a tutorial's step about print preview"),
        pytest.param("要求:从业5年以上,擅长沟通,有团队管理经验。", id="a job posting's requirement"),
        pytest.param("主讲人:张伟,从业12年的高级会计师", id="a lecture notice naming its speaker"),
        pytest.param("附件:报名登记表.docx", id="a notices attachment without a counter"),
        pytest.param("第三步:点击“下一步”进入安装界面 →", id="a tutorial's step pointing on"),
        pytest.param("这节课你有什么收获?还有哪些疑问?……后面还有3页,下载后可继续阅读>>", id="noise8 a lesson's question with a glued notice"),
        pytest.param("会议议程已展示完毕,下面进入讨论环节。", id="a sentence of minutes"),
        pytest.param("本次活动由市图书馆主办  地址:市文化中心三楼", id="an event notice's sentence naming its organiser"),
        pytest.param("本次比赛由区教育局主办  地址:区体育馆", id="an event notice's sentence naming an office as organiser"),
        pytest.param("<!-- 2.不用保证接口名和映射文件同名 -->", id="real-dev an HTML comment in code"),
        pytest.param("依次点击 设置 > 通用 > 关于本机", id="a menu path in a how-to"),
        pytest.param("【分类号】 TU986.1", id="sites6 a journal paper's classification in brackets"),
        pytest.param("论文发表于《教育研究》2020年第3期,被多次引用。", id="an author's publication in a sentence"),
        pytest.param("《教育研究》2020年第3期", id="a journal's issue alone, without its pages"),
        pytest.param("如果你在模块划分上也有困扰,那本文对你或许有所帮助。", id="real-dev an author's intro offering help"),
        pytest.param("饮食调整不能代替药物治疗,请按时服药。", id="an author's advice on medicine"),
        pytest.param("获取方式:登录县公共资源交易中心网站免费下载", id="noise5 a bidding notice's own way to get the documents"),
        pytest.param("第三步:点击登录", id="a how-to's numbered step ending in a button's name"),
        pytest.param("(2)点击下载", id="a how-to's bracketed step ending in a button's name"),
        pytest.param("立即购买", id="probe14 a tutorial naming a button on its own line"),
        pytest.param("编制:办公室  审核:陈某某  日期:2026年4月2日", id="probe16 a work plan's own sign-off row"),
        pytest.param("2023年  营业收入  1.26亿元  同比增长  8.1%", id="a report's table row between wide spaces"),
        pytest.param("杭州\t西湖店\t2023-07-01\t3200", id="sites3 a table's row between tabs"),
        pytest.param("会议时间:2024年5月8日 14:30  地点:三楼会议室  参会人数:26人", id="a meeting minutes' own header row"),
        pytest.param("这段视频在网上被播放了三千多万次", id="a sentence about a video's plays, in words"),
        pytest.param("每天坚持阅读 2 次", id="a reading plan's own line"),
        pytest.param("相关链接见附件,请各单位下载后填写。", id="a notice pointing to its attachment"),
        pytest.param("更多信息:请关注学校官网通知", id="a notice's pointer to its school site"),
        pytest.param("名额有限,请各位家长于周五前报名", id="a school notice asking parents to sign up"),
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


# A comment thread's replies (probe14b): the rows around a reply (a floor label, a commenter's row, a comment
# heading, the like/reply buttons) go by pattern or by the model; the short reply between them goes after them.
_ARTICLE = [
    "老小区加装电梯的几点经验",
    "我们楼去年开始筹备加装电梯,前后跑了八个月,总算在今年三月正式运行了。把过程中的经验整理一下,给准备加装的邻居们参考。",
    "第一是统一意见。一楼住户的顾虑最大,主要担心采光和噪音,我们请设计单位把井道移到了楼梯间一侧,问题就解决了大半。",
    "第二是资金分摊。按楼层递增的比例分摊,高层多出、低层少出,最后每户的出资从两万到六万不等,大家都能接受。",
]


@pytest.mark.parametrize(
    ("tail", "replies"),
    [
        pytest.param(["回复 举报", "晴川历历 发表于 2024-4-2 20:15", "沙发", "写得真详细,我们楼也在谈", "回复 支持 反对",
                      "西窗剪烛 发表于 2024-4-2 21:40", "板凳", "一楼的顾虑确实是最难解决的", "回复 支持 反对",
                      "您需要登录后才可以回帖 登录 | 立即注册"],
                     ["写得真详细,我们楼也在谈", "一楼的顾虑确实是最难解决的"], id="probe14b-comment-floor-rows"),
        pytest.param(["网友评论(共2条)", "木子李 · 3小时前", "我们小区也想装,就是谈不拢", "赞(6) 回复",
                      "海边的风 · 5小时前", "出资比例这个办法好", "赞(2) 回复"],
                     ["我们小区也想装,就是谈不拢", "出资比例这个办法好"], id="probe14b-comment-heading-rows"),
        # a commenter's name with the full date and time of the comment, and a place (the rubric: user comments are noise)
        pytest.param(["评论区(12)", "云上的日子 2024-04-03 10:21", "请问审批用了多长时间?", "回复 赞 3",
                      "南山南 2024-04-03 12:47:05 四川", "我们等了快两个月", "回复 赞 1"],
                     ["请问审批用了多长时间?", "我们等了快两个月"], id="comment-rows-with-a-full-date"),
    ],
)
def test_a_comment_threads_short_replies_go_with_its_rows(chain: Pipeline, tail: list[str], replies: list[str]):
    doc = chain.clean(Document.from_text("doc", "\n".join([*_ARTICLE, *tail])))
    kept = [x.text for x in doc.lines]
    assert kept[: len(_ARTICLE)] == _ARTICLE
    assert not set(replies) & set(kept)
    # each reply goes by a comment rule (the reply's, the section's), or by the model itself when it reads the reply
    # as the thread's too
    by = {r.text: r for r in doc.removals if r.text in replies}
    rules = ("a comment thread's reply", "in the comment section under")
    assert all(r.cleaner == "line_classifier" or any(w in r.reason for w in rules) for r in by.values()), by


@pytest.mark.parametrize(
    ("tail", "comments"),
    [
        # a news page's latest comments: name and text after a colon, a place; a reply under them
        pytest.param(["最新评论", "楼下的张阿姨:装好以后买菜方便多了", "过路人:审批要多久?  江苏", "  回复 @过路人:大概两个月"],
                     ["楼下的张阿姨:装好以后买菜方便多了", "过路人:审批要多久?  江苏"], id="noise8-news-comments-name-colon-text"),
        # a commenter's row with its date only, and the comment on the next line (sites4)
        pytest.param(["2 条评论", "昵称  邮箱  网址(选填)    提交", "阿杰  2024-04-05", "井道移到楼梯间一侧这个办法好",
                      "sunny_dev  2024-04-11", "我们也是按楼层分摊的"],
                     ["阿杰  2024-04-05", "井道移到楼梯间一侧这个办法好", "sunny_dev  2024-04-11", "我们也是按楼层分摊的"],
                     id="sites4-commenter-rows-with-dates-only"),
        # a resource site's reviews under their count (sites5): stars, a masked name and a date, then the review
        pytest.param(["用户评价 (2)", "★★★★★  韩***师  2024-04-12", "课件做得很用心,动画也清楚", "★★★★☆  q***7  2024-05-02",
                      "好用,已下载"], ["课件做得很用心,动画也清楚", "好用,已下载"], id="sites5-reviews-under-their-count"),
        # a blog's section under a bare heading and a count before its word (sites6): the form, browser rows, replies
        pytest.param(["评论", "昵称  邮箱  网址(选填)", "2 评论", "小周  Windows 11 · Edge 120  2024-04-02",
                      "井道的位置选得好,少拆一面墙", "老楼住户  Android · Chrome 121  2024-04-06", "我们楼也想装"],
                     ["昵称  邮箱  网址(选填)", "小周  Windows 11 · Edge 120  2024-04-02", "井道的位置选得好,少拆一面墙",
                      "老楼住户  Android · Chrome 121  2024-04-06", "我们楼也想装"], id="sites6-blog-comments-under-a-bare-heading"),
    ],
)
def test_a_comment_sections_short_lines_go_under_its_heading(chain: Pipeline, tail: list[str], comments: list[str]):
    """Under a comment section's heading below the article's last text, its short lines (commenters, their
    comments, the comment form), run by run up to a removed line or the page's end, are the section's."""
    footer = ["© 2024 老楼新梯 版权所有"]
    doc = chain.clean(Document.from_text("doc", "\n".join([*_ARTICLE, *tail, *footer])))
    kept = [x.text for x in doc.lines]
    assert kept[: len(_ARTICLE)] == _ARTICLE
    assert not set(comments) & set(kept)
    by = {r.text: r for r in doc.removals if r.text in comments}  # the model may read some as the section's too
    assert all(r.cleaner == "line_classifier" or "in the comment section under" in r.reason for r in by.values()), by


def test_a_message_boards_letters_under_its_heading_stay(chain: Pipeline):
    """A message board's page is its letters: under `网友留言` they are most of the page's text, not a tail of
    comments under an article (article_to_comments)."""
    letters = ["我家住在河西新村二期,小区门口的人行道被共享单车占满了,老人推轮椅只能走机动车道,希望管一管。",
               "回复单位:河西街道办事处", "您好,", "街道已联系单车运营企业清理,并在门口划定了停放区。", "感谢您的反映。"]
    page = ["河西区民意直通车", "关于小区门口单车乱停的问题", "网友留言", *letters]
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    assert not [r.text for r in doc.removals if "comment section" in r.reason]


def test_a_forum_threads_replies_are_its_posts(chain: Pipeline):
    """A thread page (a removed row names its starter: `楼主`, `只看该作者`) is the thread: its replies are posts,
    which the reply rule leaves alone (bench/heldout_test's forum page keeps them as content)."""
    page = [*_ARTICLE[:1], "楼主", "发表于 2024-4-2 19:02 | 只看该作者", *_ARTICLE[1:], "收藏 分享 评分 举报", "回复 引用",
            "西窗剪烛", "沙发", "发表于 2024-4-2 21:40 | 只看该作者", "干货满满,收藏了!请问楼主,井道是用钢结构还是混凝土的?", "回复 举报"]
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    assert not [r for r in doc.removals if "a comment thread's reply" in r.reason], doc.removals


@pytest.mark.parametrize(
    ("page", "content"),
    [
        # a forum's opening post of one short line sits under its own header, with no comment heading above it
        pytest.param(["燃气灶打不着火怎么办", "楼主 灶台边的猫 发表于 2024-5-6 08:12 | 只看该作者", "家里的燃气灶最近总是打不着火,换了电池也没用,求指点",
                      "回复 举报", "老王修家电 发表于 2024-5-6 09:30", "沙发", "多半是点火针脏了,用砂纸擦一擦", "回复 支持 反对"],
                     ["燃气灶打不着火怎么办", "家里的燃气灶最近总是打不着火,换了电池也没用,求指点"], id="probe14b-forum-one-line-opening-post"),
        # a Q&A page's short answer under an answerer's row, below another answer's comment count
        pytest.param(["水壶里的水垢怎么去除?", "用了半年的电水壶,底部结了一层白色水垢,有什么简单的办法去掉吗?", "其他回答(2)", "热心网友 2小时前",
                      "可以往壶里倒半壶清水,加两勺柠檬酸,烧开后静置一小时,再用软布擦拭,水垢基本都能去掉,最后多烧两遍清水倒掉即可。",
                      "评论(3)", "匿名用户 3小时前", "白醋泡一晚也行", "评论(0)"],
                     ["白醋泡一晚也行"], id="probe14b-qa-short-answer-under-a-comment-count"),
        # an article's short closing line above the comment heading
        pytest.param([*_ARTICLE, "图为加装完成后的电梯井道", "以上,供大家参考。", "评论区(12)", "云上的日子 2024-04-03 10:21",
                      "请问审批用了多长时间?", "回复 赞 3"],
                     ["以上,供大家参考。"], id="probe14b-closing-line-above-the-comments"),
        # a live report's entries under its reporters' dated rows, below a comment count link near the top (adv14)
        pytest.param(["江州马拉松赛事图文直播",
                      "2024江州马拉松今天上午鸣枪开跑,本台记者在起点、半程折返点和终点全程跟进报道,带来赛事最新动态,请锁定本页面。",
                      "网友评论(共2条)", "记者李文 2024-11-10 07:30", "起点广场已有上万名跑者集结。", "记者李文 2024-11-10 08:00",
                      "发令枪响,全程组率先出发。", "记者周涛 2024-11-10 09:45", "男子组领先集团通过半程。"],
                     ["起点广场已有上万名跑者集结。", "发令枪响,全程组率先出发。", "男子组领先集团通过半程。"],
                     id="adv14-live-report-entries-under-reporter-rows"),
    ],
)
def test_look_alike_content_of_a_comment_thread_stays(chain: Pipeline, page: list[str], content: list[str]):
    """The reply rule leaves these alone (what the model makes of a short line is its own business)."""
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    assert not [r.text for r in doc.removals if r.cleaner == "late_chrome" and r.text in content]


# The page's head (probe14c): above the first sentence, a site's name found again in its removed footer, a
# breadcrumb from that name and a menu row with odd separators go; a letterhead, a table's header and a tutorial's
# menu path stay.
_STORY = [
    "城南社区开设老年智能手机课堂",
    "为帮助老年人跨越数字鸿沟,城南社区近日开设老年智能手机课堂,每周二、周四下午在社区活动室授课。",
    "课程内容包括视频通话、扫码付款、网上挂号等,志愿者一对一手把手教学,已有六十多位老人报名参加。",
]


@pytest.mark.parametrize(
    ("head", "gone"),
    [
        pytest.param(["某某晨报网 — 城市生活第一站", "本地 ┊ 民生 ┊ 教育 ┊ 健康 ┊ 房产", "某某晨报网 → 本地 → 社区"],
                     ["某某晨报网 — 城市生活第一站", "本地 ┊ 民生 ┊ 教育 ┊ 健康 ┊ 房产", "某某晨报网 → 本地 → 社区"],
                     id="probe14c-head-site-name-menu-breadcrumb"),
        pytest.param(["某某区人民政府", "首页 政务公开 政务服务 互动交流", "某某区人民政府 » 新闻中心 » 街道动态"],
                     ["某某区人民政府", "某某区人民政府 » 新闻中心 » 街道动态"], id="probe14c-head-gov-site-name-and-breadcrumb"),
        pytest.param(["某某民生网", "行情中心  房价查询  学区划分  政策解读", "当前位置:首页 > 社区"],
                     ["某某民生网", "行情中心  房价查询  学区划分  政策解读"], id="probe14c-head-menu-double-spaces"),
    ],
)
def test_the_sites_name_breadcrumb_and_menu_in_the_head_go(chain: Pipeline, head: list[str], gone: list[str]):
    footer = ["© 2024 某某晨报网 版权所有", "主办:某某区人民政府 承办:某某区大数据中心", "某某民生网 版权所有 京ICP备00000000号"]
    doc = chain.clean(Document.from_text("doc", "\n".join([*head, *_STORY, *footer])))
    kept = [x.text for x in doc.lines]
    assert kept[-len(_STORY):] == _STORY
    assert not set(gone) & set(kept)


def test_the_sites_name_before_its_own_domain_in_a_removed_line_names_the_site_in_the_head(chain: Pipeline):
    """noise12: no footer says who owns the site, but a removed line gives its name right before its domain."""
    head = ["试卷集成", "发布:2024-11-06  阅读 903", "试卷集成 / 初二 / 物理 / 期中试卷"]
    page = [*head, *_STORY, "试卷集成(shijuan-demo.com)资源均来自网友上传"]
    doc = chain.clean(Document.from_text("doc", "\n".join(page), meta={"url": "https://m.shijuan-demo.com/wuli/1.html"}))
    assert [x.text for x in doc.lines] == _STORY
    assert {r.reason for r in doc.removals if r.text in (head[0], head[2])} == {
        "the site's name in the page's head, found again in its footer", "a breadcrumb from the site's name '试卷集成'"}


@pytest.mark.parametrize(
    ("page", "content"),
    [
        # an office's letterhead right above its document's title, signed by it below
        pytest.param(["某某区人民政府", "关于做好今年防汛工作的通知", "发布时间:2024-05-06 浏览次数:120",
                      "各街道办事处,区直各部门:为切实做好今年防汛工作,确保人民群众生命财产安全,现将有关事项通知如下。",
                      "某某区人民政府", "2024年5月6日", "主办:某某区人民政府 承办:某某区大数据中心"],
                     ["某某区人民政府", "关于做好今年防汛工作的通知"], id="probe14c-letterhead-above-its-title"),
        # a table's header above its rows, under a removed metadata row
        pytest.param(["某某县重点项目进度表", "发布时间:2024-05-06 浏览次数:120", "序号 | 项目名称 | 责任单位 | 完成时限",
                      "1 | 城东污水厂 | 县住建局 | 6月底", "表中项目进度按月更新,各责任单位要在每月五日前报送项目进展情况和存在的问题。",
                      "© 2024 某某县人民政府 版权所有"],
                     ["序号 | 项目名称 | 责任单位 | 完成时限"], id="probe14c-table-header-in-the-head"),
        # a tutorial's menu path in its head
        pytest.param(["Word 怎样设置默认字体", "发布时间:2024-05-06 浏览次数:120", "文件 → 选项 → 高级 → 常规",
                      "打开上面的设置页面后,在字体一栏选择宋体,字号选择五号,点击设为默认值,以后新建的文档都会使用这个字体。",
                      "© 2024 某某软件教程网 版权所有"],
                     ["文件 → 选项 → 高级 → 常规"], id="probe14c-tutorial-menu-path-in-the-head"),
        # rows of the document's own under its title and its removed metadata row (adv14)
        pytest.param(["码农小站 - 专注编程与效率工具", "首页 | 前端 | 后端 | 工具 | 关于", "记事本菜单栏逐项讲解",
                      "发布时间:2024-03-02 10:21  阅读:1532", "文件 | 编辑 | 格式 | 查看 | 帮助",
                      "上面就是记事本窗口顶部的五个菜单,每个菜单下面都收纳着若干常用命令,下面逐个说明。",
                      "© 2024 码农小站 版权所有 京ICP备12345678号-1"],
                     ["文件 | 编辑 | 格式 | 查看 | 帮助"], id="adv14-tutorial-menu-row"),
        pytest.param(["青山书斋 | 一个人的读写角落", "山居小记", "2024-04-18 21:07 · 阅读 87", "春雨 / 竹影 / 茶烟 / 鸟声",
                      "这是我在山里住了三天之后,给这几日写下的四个词,算是一首不成样子的小诗。",
                      "第一天下了整天的雨,屋檐的水线断断续续,我坐在窗边看了很久,什么也没想。",
                      "第二天雨停了,后院的竹子在风里晃,影子落在白墙上,像谁随手画的水墨。",
                      "Copyright © 2024 青山书斋 All Rights Reserved."],
                     ["春雨 / 竹影 / 茶烟 / 鸟声"], id="adv14-poem-row-in-the-head"),
        pytest.param(["小学语文资源站——专注小学语文教学", "一年级下册识字《四季》课堂实录",
                      "上传者:语文老师  更新:2024-03-11  浏览:2310", "晨光  午阳  晚霞  夜星",
                      "师:小朋友们,今天我们先来读一读黑板上的这四个词语,谁愿意来试一试?",
                      "小学语文资源站 版权所有 苏ICP备00000000号"],
                     ["晨光  午阳  晚霞  夜星"], id="adv14-lesson-word-row"),
        # a school's letterhead right above its notice's title of a kind the first list left out (须知)
        pytest.param(["江州市第一中学", "2024年秋季学期家长会须知", "作者:校办  发布时间:2024-09-02  点击:566",
                      "各位家长:为使本次家长会顺利进行,请您留意以下事项,感谢您的支持与配合。",
                      "一、请于9月7日下午2:30前到达孩子所在班级,校门口有志愿者引导。",
                      "Copyright © 2024 江州市第一中学 苏ICP备11111111号"],
                     ["江州市第一中学"], id="adv14-school-letterhead-above-its-notice"),
    ],
)
def test_look_alike_content_of_the_head_stays(chain: Pipeline, page: list[str], content: list[str]):
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    kept = [x.text for x in doc.lines]
    assert all(c in kept for c in content), kept


@pytest.mark.parametrize(
    ("page", "gone"),
    [
        pytest.param(["青禾县人民政府", "首页 | 政务公开 | 政务服务 | 互动交流 | 更多", *_STORY], "青禾县人民政府",
                     id="noise5-office-site-above-its-menu"),
        pytest.param(["禾木在线", "您的位置:首页 > 社区 > 正文", *_STORY], "禾木在线", id="look-alike-name-above-breadcrumb"),
        pytest.param(["", "豆荚社区", "", "首页  发现  话题  小组  日记  登录/注册", *_STORY], "豆荚社区",
                     id="noise5-blank-lines-between-name-and-menu"),
    ],
)
def test_the_first_line_above_the_sites_navigation_is_its_name(chain: Pipeline, page: list[str], gone: str):
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    kept = [x.text for x in doc.lines]
    assert gone not in kept and kept[-len(_STORY):] == _STORY, kept
    why = [r.reason for r in doc.removals if r.text == gone]
    assert why == ["the site's name above its navigation (the next line, removed)"], why


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(["城南社区开设老年智能手机课堂", "发布时间:2024-05-06 浏览次数:120", *_STORY[1:]], id="a-title-above-its-metadata-row"),
        pytest.param(["《小小的船》课文原文", "xiaoxue yinianji yuwen shangce kewen quanwen xiaoxiao de chuan", *_STORY[1:]],
                     id="noise4-a-title-above-a-pinyin-spam-row"),
        pytest.param(["以下是居民来信的原文。", "首页 | 政务公开 | 政务服务 | 互动交流 | 更多", *_STORY], id="a-sentence-is-no-name"),
        pytest.param(["城南社区开设老年智能手机课堂", *_STORY[1:], "首页 | 政务公开 | 政务服务 | 互动交流 | 更多"],
                     id="a-menu-far-below"),
    ],
)
def test_a_first_line_not_above_the_sites_navigation_stays(chain: Pipeline, page: list[str]):
    doc = chain.clean(Document.from_text("doc", "\n".join(page)))
    assert page[0] in [x.text for x in doc.lines], [(r.cleaner, r.reason, r.text) for r in doc.removals]


# ---- the site's own address on a short line (its name and domain, its footer) ----

PAGE_URL = "https://www.shiwen-demo.com/langsong/2024/0905.html"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("诗文选 shiwen-demo.com 2014-2025", id="noise12-name-domain-years"),
        pytest.param("诗文选 m.shiwen-demo.com", id="noise12-name-and-mobile-host"),
        pytest.param("诗文选(shiwen-demo.com)所有资源均来自网友上传", id="noise12-name-domain-in-brackets"),
        pytest.param("SHIWEN-DEMO.COM 诗文选", id="upper-case-domain"),
        pytest.param("诗文选 shiwen-demo.com 站长邮箱:admin@shiwen-demo.com", id="noise13-name-domain-and-the-sites-e-mail"),
        pytest.param("诗文选(shiwen-demo.com) 客服热线:400-810-2266 (工作日 9:00-18:00)", id="noise13-name-domain-and-hotline"),
        pytest.param("诗文选 shiwen-demo.com 合作请发邮件至 hezuo@shiwen-demo.com 编辑部地址:杭州市西湖区文三路 88 号 5 楼",
                     id="noise13-blog-name-domain-and-contacts-up-to-80-chars"),
    ],
)
def test_a_short_line_with_the_pages_own_domain_goes(chain: Pipeline, line: str):
    doc = chain.clean(Document.from_text("doc", "\n".join([*BODY, line]), meta={"url": PAGE_URL}))
    assert [line.text for line in doc.lines] == BODY
    (removal,) = doc.removals
    assert (removal.cleaner, removal.reason) == (
        "late_chrome", "the site's own address (shiwen-demo.com) on a short line: its name or footer")


@pytest.mark.parametrize(
    ("line", "meta"),
    [
        pytest.param("投稿邮箱:tougao@shiwen-demo.com", {"url": PAGE_URL}, id="an-e-mail-address"),
        pytest.param("网址:www.shiwen-demo.com", {"url": PAGE_URL}, id="an-offices-own-website-field"),
        pytest.param("$ curl -I https://shiwen-demo.com", {"url": PAGE_URL}, id="noise6-a-command-with-the-url"),
        pytest.param("server_name shiwen-demo.com;", {"url": PAGE_URL}, id="noise6-a-config-line"),
        pytest.param("诗文选 shiwen-demo.com 2014-2025", {"url": "https://www.other-site.cn/a.html"}, id="another-sites-domain"),
        pytest.param("诗文选 shiwen-demo.com.cn", {"url": PAGE_URL}, id="a-longer-domain-is-another-site"),
        pytest.param("诗文选 shiwen-demo.com 2014-2025", {}, id="no-url"),
        pytest.param("报名网址:shiwen-demo.com 咨询电话:0571-8000 1234", {"url": PAGE_URL}, id="a-field-names-the-domain"),
        pytest.param("写给祖母的信,写完了。 诗文选 shiwen-demo.com", {"url": PAGE_URL}, id="noise13-a-sentence-before-the-watermark"),
        pytest.param("诗文选 shiwen-demo.com 整理。我看到了留守儿童对父母的思念", {"url": PAGE_URL},
                     id="sites8-a-watermark-before-a-sentence"),
    ],
)
def test_a_line_with_the_domain_that_is_no_footer_stays(chain: Pipeline, line: str, meta: dict):
    doc = chain.clean(Document.from_text("doc", "\n".join([*BODY, line]), meta=meta))
    assert line in [line.text for line in doc.lines]


# ---- the page's own address (its permalink or share line) ----


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("本文由竹间写于苏州,永久地址 www.shiwen-demo.com/langsong/2024/0905.html", id="noise13-a-permalink-without-scheme"),
        pytest.param("复制本页网址分享给好友:https://www.shiwen-demo.com/langsong/2024/0905.html", id="sites8-a-share-line"),
        pytest.param("本帖永久链接 HTTPS://WWW.SHIWEN-DEMO.COM/langsong/2024/0905.html/", id="upper-case-with-a-trailing-slash"),
    ],
)
def test_a_line_with_the_pages_own_address_goes(chain: Pipeline, line: str):
    doc = chain.clean(Document.from_text("doc", "\n".join([*BODY, line]), meta={"url": PAGE_URL + "?from=list"}))
    assert [line.text for line in doc.lines] == BODY
    (removal,) = doc.removals
    assert (removal.cleaner, removal.reason) == ("late_chrome", "the page's own address: its permalink or share line")


@pytest.mark.parametrize(
    ("line", "meta"),
    [
        pytest.param("更多朗诵作品见 www.shiwen-demo.com/langsong/2024/0906.html", {"url": PAGE_URL}, id="another-page-of-the-site"),
        pytest.param("本文首发于诗文选,原文地址:www.shiwen-demo.com/langsong/2024/0905.html,作者在文中回顾了自己二十年来坚持晨读、"
                     "朗诵和抄写古诗的经历,并把其中的方法整理成了十条建议。", {"url": PAGE_URL}, id="real-dev-a-reposts-long-source-line"),
        pytest.param("详见网站 https://www.shiwen-demo.com 的通知公告栏", {"url": "https://www.shiwen-demo.com/"},
                     id="a-home-page-has-no-path"),
    ],
)
def test_a_line_with_an_address_that_is_not_the_pages_own_stays(chain: Pipeline, line: str, meta: dict):
    doc = chain.clean(Document.from_text("doc", "\n".join([*BODY, line]), meta=meta))
    assert line in [x.text for x in doc.lines], doc.removals
