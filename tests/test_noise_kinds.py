"""Noise recognised by its kind, not by its site: keyword stuffing, markup residue, symbol filler, page-preview
captions, pagination rows, uploader disclaimers; each with look-alike content that must stay. All text here was
written for these tests."""

from __future__ import annotations

import pytest

from cleaners import Document, Pipeline, load_config
from cleaners.base import Cleaner

BODY = [
    "全区教育系统坚持以立德树人为根本任务,深化教育领域综合改革,推动教育事业高质量发展。",
    "本学期各校围绕课堂教学改革开展了形式多样的教研活动,教师参与热情高涨,取得了明显成效。",
]


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    """The default chain without the line classifier: these cases pin what the rules themselves do."""
    cfg = load_config(None)
    cfg["pipeline"]["chain"] = [c for c in cfg["pipeline"]["chain"] if c != "line_classifier"]
    return Pipeline(cfg)


@pytest.fixture(scope="module")
def classifier() -> Cleaner:
    """The default chain's line_classifier: its removals recorded as it records them, where `rules` leaves it out."""
    (cleaner,) = [c for c in Pipeline(load_config(None)).cleaners if c.name == "line_classifier"]
    return cleaner


def run(pipe: Pipeline, *lines: str) -> Document:
    return pipe.clean(Document.from_text("doc", "\n".join([*BODY, *lines])))


@pytest.mark.parametrize(
    ("line", "cleaner", "reason"),
    [
        ("国产精品一区二区_久久无码人妻_日韩中文字幕在线观看_欧美激情视频免费", "keyword_spam", "keyword stuffing"),
        ("少妇人妻中文字幕,无码在线观看,亚洲天堂成人一区", "keyword_spam", "keyword stuffing"),
        ('<li id="qx7a"><abbr id="qx7a"><dl id="qx7a"></dl></abbr></li>', "markup_residue", "HTML tags only"),
        ('  • <option id="zz01"></option>', "markup_residue", "HTML tags only"),
        ('  • <nav id="qx7a"><code id="qx7a"></code></nav>', "markup_residue", "HTML tags only"),
        (":?: :razz: :sad: :evil: :!: :smile: :oops: :grin:", "markup_residue", "smiley codes"),
        ('<a href=https://www.example.com/category/12/34.html style=', "markup_residue", "HTML tags only"),
        ('. {* k4 w9 b2 v; r3 p" N* f#', "markup_residue", "symbol noise"),
        ("' G5 n8 T$ w6 q! ^", "markup_residue", "symbol noise"),
        ('&")QN[|b', "markup_residue", "symbol noise"),
        ("@@3o-a:B,s:Rtk y-~0", "markup_residue", "symbol noise"),
        ("【 第1页 第2页 第3页 第4页 第5页 】", "page_markers", ""),
        ("【 第1页 第2页 第3页 第4页 第5页 第6页 第", "page_markers", ""),
        ("年度安全生产目标责任书.docx_第3页", "page_markers", ""),
        ("每个人都写过总结吧,那么总结怎么写才好呢?下面是小编帮大家整理的年度工作总结范文,仅供参考,希望能够帮助到大家。",
         "editor_notes", "content farm"),
        ("本篇文章给大家谈谈教师培训心得,以及培训心得的写法,希望对各位有所帮助,不要忘了收藏本站喔。",
         "editor_notes", "content farm"),
        ("这篇文章主要介绍了如何配置本地开发环境,文中讲解详细,下面请大家跟着小编的思路一起来学习吧!",
         "editor_notes", "content farm"),
        ("读完这本书,小编感触很深。下面小编就来分享三篇读后感,一起来看看吧!", "editor_notes", "content farm"),
        ("春天来了,你想好怎么写了吗?本站为您精心整理了八篇春天作文范文,愿对您有所启发。", "editor_notes",
         "content farm"),
        ("本文对正则表达式的用法介绍得非常详细,具有一定的借鉴价值,需要的朋友们可以参考一下", "editor_notes",
         "content farm"),
        ("3、本站资源均为压缩包格式,下载后请用解压软件打开,如遇问题请联系客服。", "editor_notes", "terms"),
        ("image-20231102093015221", "watermark", "image placeholders"),
        ("屏幕截图_img_2", "watermark", "image placeholders"),
        ("欢迎您访问学习资料站,本站旨在为大家提供学习资料!", "watermark", "greeting"),
        ("原标题:多地推进教育数字化转型", "watermark", "repost notes"),
        ("ADVERTISEMENT", "watermark", "ad slots"),
        ("我是广告 请继续往下阅读", "watermark", "ad slots"),
        ("前往小程序,Get更优阅读体验!", "watermark", "ad slots"),
        ("精品无人区乱码一区二区三区-麻豆国产精品-午夜高清在线观看-超碰伊人", "keyword_spam", "keyword stuffing"),
        ("阅读了6页,还剩20页未读,继续免费阅读", "paywall", "paywall"),
        ("下载本文档需要8金币", "paywall", "paywall"),
        ("因篇幅问题不能全部显示,请点此查看更多更全内容", "paywall", "paywall"),
        ("亲,该文档总共20页,到", "paywall", "paywall"),
        ("限时特价:¥12.8 原价:¥39.9", "paywall", "paywall"),
        ("SKIPIF 1 < 0", "watermark_spans", "Word field codes"),
        ("第 PAGE 1 页 共 NUMPAGES 3 页", "watermark", "Word field codes"),
        ("https://player.example.net/video/play.html?id=42", "watermark", "video player"),
        ("李四 浙江 2023-11-02 08:15 赞(3) 回复", "watermark", "comment rows"),
        ("路过的网友 3小时前 写得真好,收藏了", "watermark", "comment rows"),
        ("点击查看更多>>", "watermark", "查看更多"),
        ("专业代写毕业论文,联系微信:lunwen2024", "seo_spam", ""),
        ("2. 预览文档经过压缩处理,文档下载后格式更清晰;一旦售出,不予退换。", "editor_notes", "terms"),
        # longer than the watermark's lines (> 100 characters): a disclaimer of a few sentences
        ("郑重声明:本网注明来源为其他媒体的文字、图片等稿件均为转载稿,转载的目的在于传递更多信息,并不意味着本网"
         "赞同其观点或证实其内容的真实性,读者仅作参考,并请自行核实相关内容。如对稿件内容有疑议,请及时与本网编辑部联系,我们将在第一时间予以处理。", "editor_notes",
         "disclaimer about what it reposts"),
        ("文中图片和文字均来自网络,仅供学习交流使用,不作任何商业用途。如转载稿件涉及版权等问题,请原作者在两周内以书面形式"
         "与我们联系,我们将在核实后第一时间删除,并向相关权利人致以诚挚的歉意,感谢各位读者和作者的理解与支持。", "editor_notes",
         "disclaimer about what it reposts"),
        ("本文档由用户上传,如有侵权请联系删除", "watermark", "disclaimers"),
        ("举报 | 版权申诉 | 下载 | 分享", "watermark", "interface rows"),
        ("编辑:李四 审核:王五", "watermark", "document metadata rows"),
        ("视力保护色:", "watermark", "government information-disclosure"),
        ("【纠错】", "watermark", "government information-disclosure"),
        ("您的浏览器版本过低,请升级浏览器", "watermark", "a browser warning alone"),
        ("只看该作者", "watermark", "comment rows"),
        ("其他回答(3)", "watermark", "Q&A pages' answer chrome"),
        ("本回答由提问者推荐", "watermark", "Q&A pages' answer chrome"),
        ("已赞过 已踩过", "watermark", "Q&A pages' answer chrome"),
        ("我有更好的答案", "watermark", "Q&A pages' answer chrome"),
        ("其他类似问题", "watermark", "Q&A pages' answer chrome"),
        ("按默认排序 | 按时间排序", "watermark", "Q&A pages' answer chrome"),
        ("本文为作者原创,未经授权禁止转载", "watermark", "repost notices"),
        ("声明:本文内容由互联网用户自发贡献自行上传,本网站不拥有所有权", "watermark", "disclaimers"),
        ("标签: 工作总结 安全生产 通知", "watermark", "blog and news-app chrome"),
        ("本文已影响1,234人", "watermark", "blog and news-app chrome"),
        ("关注我们", "watermark", "interface rows"),
        ("2019年(12)", "watermark", "navigation"),
        ("Continue Reading »", "watermark", "navigation"),
        ("文章归档", "watermark", "navigation"),
        ("文档星级:★★★★☆", "watermark", "document metadata rows"),
        ("文档提供者:资料君", "watermark", "document metadata rows"),
        ("赞 12", "watermark", "comment rows"),
        ("沙发!", "watermark", "comment rows"),
        ("来自Android客户端", "watermark", "comment rows"),
        ("IP属地:广东", "watermark", "article metadata"),
        ("已有12人参与", "watermark", "comment rows"),
        ("lanlan 发表在 博客站 留言(3) 人气(15)", "watermark", "social counters"),
        ("51次阅读", "watermark", "social counters"),
        ("有 0 人点赞", "watermark", "social counters"),
        ("2024/05/14 举报", "watermark", "social counters"),
        ("【文档说明】冬季安全生产工作通知.docx,共(8)页,45.5 KB,由资料君上传", "watermark", "document metadata rows"),
        ("本作文是关于初中二年级600字的作文,题目为:《我的老师》,欢迎大家踊跃投稿。", "editor_notes", "content farm"),
        ("放大 缩小 全屏", "watermark", "interface rows"),
        ("文档加载中...请稍候", "watermark", "interface rows"),
        ("本文档为【冬季安全生产工作通知】,请使用软件OFFICE或WPS软件打开。作品中的文字与图均可以修改和编辑。", "editor_notes",
         "terms"),
        ("【版权声明】本文内容由互联网用户自发贡献,该文观点仅代表作者本人", "editor_notes", "reposts"),
        ("如PPT文件的首页显示word图标,表示该PPT已包含配套word讲稿。双击word图标可打开word文档。", "editor_notes", "terms"),
        ("点击图片查看大图", "watermark", "blog and news-app chrome"),
        ("展开剩余85%", "paywall", "paywall notice"),
        ("▲图片来源于网络", "watermark", "image placeholders"),
        ("文明上网理性发言,请遵守新闻评论服务协议", "watermark", "comment rows"),
        ("网友评论仅供其表达个人看法,并不表明本网同意其观点或证实其描述", "editor_notes", "reposts"),
        ("特别声明:以上内容(如有图片或视频亦包括在内)为自媒体平台用户上传并发布,本平台仅提供信息存储服务。", "editor_notes",
         "reposts"),
        ("当前页面:教育论文 > 小学教育 > 正文内容", "watermark", "breadcrumbs"),
        ("您当前的位置:学术论文网 > 管理论文 > 行政管理", "watermark", "breadcrumbs"),
        ("技术社区> 云计算> 正文", "watermark", "breadcrumbs"),
        ("编程在线 > 前端开发 > 如何理解浏览器的渲染流程", "watermark", "breadcrumbs"),
        ("Current Time 0:00", "watermark", "video player"),
        ("Video Player is loading.", "watermark", "video player"),
        ("https://img.example.com/2021/03/05/a8f3c2.png", "watermark", "media file"),
        ("在这里插入图片描述", "watermark", "image caption"),
        ("注意:离本文创建时间已经过去了 120 天,请注意时效性", "watermark", "age notice"),
        ("快捷下载时,用户名和密码都是您填写的手机号,方便查询和重复下载。", "watermark", "download tips"),
        ("以下为本文档部分文字说明:", "watermark", "download tips"),
        ("下一章 上一章 目录 设置", "watermark", "reading-mode rows"),
        ("我们使用 Cookie 改善网站体验。继续使用本网站即表示您同意我们的隐私政策。", "editor_notes", "cookie notice"),
        ("写于 2019年10月08日", "watermark", "article metadata"),
        ("技术文章站 2022-03-15 15:02:26", "watermark", "article metadata"),
        ("评论1 7.6k浏览", "watermark", "article metadata"),
        ("浏览1339|回应0|推荐9", "watermark", "article metadata"),
        ("【文章共5243字,精选参考范文,仅供学习借鉴】", "watermark", "article metadata"),
        ("- 约9.79千字", "watermark", "article metadata"),
        ("作者 王明 | 发布日期 2014 年 08 月 16 日 18:30 | 分类 科技 |", "watermark", "article metadata"),
        ("《班级管理制度.docx》由会员分享,可在线阅读,更多相关《班级管理制度.docx(12页珍藏版)》请在文档网上搜索。",
         "editor_notes", "sharing note"),
        ("今天范文网小编为大家分享工作总结、工作计划等内容。", "editor_notes", "content farm"),
        ("怎么写好说课稿呢?教育网为大家精心整理了说课稿优秀4篇,希望可以抛砖引玉,帮助到大家。", "editor_notes", "content farm"),
        ("提示:为了您能下次访问,请把我们加入到收藏夹里,谢谢!", "watermark", "asking to be kept"),
        ("您需要 登录 才可以下载或查看,没有账号?立即注册", "watermark", "login prompt"),
        ("验证码: 换一换", "watermark", "captcha"),
        ("该文章来自用户转载 点击阅读原文", "watermark", "link to its source"),
        ("图文请勿转载.......图文请勿转载", "watermark", "no-reposting stamp"),
        ("深入理解JVM内存模型-某某开发者社区", "watermark", "site title bars"),
        ("一旦您选择留言评论,即意味您已同意我们的使用条规,我们不会容忍任何人身攻击。", "editor_notes", "comment form's terms"),
        ("0 comments:", "watermark", "comment rows"),
        ("【这是免费文档,您可以免费阅读】", "watermark", "free document"),
        ("找回密码", "watermark", "interface rows"),
        ("• 医药卫生>", "watermark", "interface rows"),
        ("本文目录一览:", "watermark", "field headings"),
        ("文档简介:", "watermark", "field headings"),
        ("Loading [MathJax]/jax/output/CommonHTML/config.js", "watermark", "script loading"),
        ("Forpersonaluseonlyinstudyandresearch;notforcommercialuse", "watermark", "watermark injected"),
        ("本文包含相关资料包-----> 点击直达获取<-------", "watermark", "download teaser"),
        ("马上注册,结交更多好友,享用更多功能,让你轻松玩转社区。", "watermark", "login prompt"),
        ("【收藏】 作者: 佚名 阅读 次 【小 中 大】", "watermark", "metadata"),
        ("如填写123,账号就是123,密码也是123。", "watermark", "download tips"),
        ("发布2023-03-11 17:09:57", "watermark", "article metadata"),
        ("创建于05-03", "watermark", "article metadata"),
        ("文章被收录于专栏:技术笔记", "watermark", "blog and news-app chrome"),
        ("作者头像", "watermark", "blog and news-app chrome"),
        ("只需一步,快速开始", "watermark", "login prompt"),
        ("您好,欢迎访问某某文档", "watermark", "greeting"),
        ("刷新页面文档预览", "watermark", "viewer"),
        ("Loading...", "watermark", "viewer"),
        ("请输入您要查询的论文:", "watermark", "search box"),
        ("字体:小 中 大 | |", "watermark", "government information-disclosure metadata"),
        ("• 入党申请书 |", "watermark", "interface rows"),
        ("延伸阅读》总统连署门槛要多少", "watermark", "recommendations"),
        ("更多疫情资讯,请到以下专页浏览(按此)", "watermark", "click-here link"),
        ("【免费下载链接】DemoBot项目地址: https://gitcode.com/mirrors/demo/DemoBot", "watermark", "download"),
        ("文章看完觉得有帮助,何不给我们一个鼓励", "watermark", "support"),
        ("• 原文链接:http://news.example.com/s/20180123A07?refer=cp_1026", "watermark", "metadata rows"),
        ("编辑:小王 原文链接:The Magic of JavaScript", "watermark", "metadata rows"),
        ("归档时间:2018-11-21", "watermark", "government information-disclosure metadata"),
        ("学问网 人气:2.37W", "watermark", "social counters"),
        ("解压密码:abc123", "watermark", "social counters"),
        ("欢迎您访问学习资料站本站旨在为大家提供学习资料!", "watermark", "greeting"),
        ("某某小说网 www.example.so,最快更新某某传最新章节!", "watermark", "pointing at itself"),
        ("植树节活动心得体会篇二", "title_repeats", "范文 site's heading over a part"),
        ("暑假放假通知 篇3", "title_repeats", "范文 site's heading over a part"),
        ("管理学论文范文第2篇", "title_repeats", "范文 site's heading over a part"),
        ("有关安全生产的心得体会范本二", "title_repeats", "范文 site's heading over a part"),
        ("国庆节演讲稿范文(二)", "title_repeats", "范文 site's heading over a part"),
        ("篇(2)", "title_repeats", "范文 site's heading over a part"),
        ("有关劳务派遣协议书(精)二", "title_repeats", "范文 site's heading over a part"),
        ("】 【打 印】", "watermark", "printer button"),
        ("关于我们 ABOUT US", "watermark", "bilingual section headings"),
        ("如何配置Nginx反向代理_第3张图片", "watermark", "image caption"),
        ("博主 codecat 的头像", "watermark", "avatar"),
        ("跳至主要内容", "watermark", "skip link"),
        ("内容未加载完,尝试【刷新】或【关闭阅读模式】", "watermark", "loading tips"),
        ("某某书屋 > 山河记 > 第12章 夜渡", "watermark", "breadcrumb down to the chapter"),
        ("相关热词搜索:", "related_lists", "related-documents list heading"),
        ("Related Posts", "related_lists", "related-documents list heading"),
        ("【教师个人工作总结(通用15篇)】相关文章:", "related_lists", "related-documents list heading"),
        ("专业论文润色、SCI发表指导,点击立即咨询", "watermark", "a service's ad"),
        ("新人专享:首月仅需9.9元", "watermark", "a service's ad"),
        ("需要定制写作?添加客服微信:xiezuo2024", "watermark", "a service's ad"),
        ("• 王老师 某某大学副教授---在贵公司的帮助下,我的论文顺利发表在核心期刊上,服务专业,推荐给大家。", "watermark",
         "a service's ad"),
        ("本篇文章为你整理了如何学习Python的详细内容,包含有Python入门 Python怎么学,希望能帮助你了解如何学习Python。",
         "editor_notes", "SEO farm's template"),
        ("2025-03-08 来源:https://blog.example.net/u1/article/details/123  浏览:    关键词:如何学习Python", "watermark",
         "metadata"),
        ("2025/03/08 9:12:30 来源:https://blog.example.net/u1/article/details/123  浏览:    关键词:如何学习Python的十个步骤与"
         "常见问题解答以及入门书籍推荐和练习项目清单", "editor_notes", "where it took the page from"),
        ("数据结构期末试卷-总结 本文简介:2019年数据结构期末考试试卷一、(20分)选择题。", "editor_notes", "summary glued after the title"),
        ("Notice: The articles and pictures that this website notes as from other media are reprinted for reference only.",
         "editor_notes", "repost disclaimer in English"),
        ("数据结构期末试卷-总结 本文内容:", "watermark", "heading glued after the title"),
        ("本文涉及的产品", "watermark", "product box"),
        ("书迷正在阅读:某某传奇 山河旧梦 星辰大海之上 我在古代当县令 重生之都市修仙", "editor_notes", "other readers read"),
        ("写好一份总结并不容易。某某家长帮为大家精心整理了年度工作总结优秀5篇,欢迎阅读。", "editor_notes",
         "content farm's introduction by any name"),
        ("某某建站是一家专业提供滨江企业网站建设,专注网站设计、网站制作等业务的公司。", "editor_notes", "web-design firm"),
        ("http://www.example.com   2022-01-06 00:25:31", "watermark", "metadata rows"),
        ("编程入门 行业动态 更新时间:2024-10-23 17:23:21", "watermark", "metadata rows"),
        ("发布于:2014-10-08 共8774字", "watermark", "metadata rows"),
        ("- 2024年05月18日", "watermark", "metadata rows"),
        ("• 用 户 组: 普通用户", "watermark", "metadata rows"),
        ("• 发文日期:", "watermark", "metadata fields left empty"),
        ("学术论文(www.example.com)", "watermark", "name with its address"),
        ("欢迎来到某某网站建设!", "watermark", "welcome"),
        ("我的朋友", "watermark", "navigation"),
        ("文章图片", "watermark", "image placeholder"),
        ("返回", "watermark", "back button"),
        ("电话咨询:", "watermark", "contact labels"),
        ("本论文在其他论文栏目,由论文格式网整理,转载请注明来源www.example.cn,更多论文,请点论文格式范文查看", "watermark", "repost request"),
        ("本篇文章将带你了解 :按赞不单纯,社群网站正主导你我接收的动态讯息", "editor_notes", "lead-in to the title"),
        ("试读已结束,剩余18页需付费阅读", "paywall", "paywall notice"),
        ("还有15页内容未展示,点击加载更多", "paywall", "paywall notice"),
        ("文档共12页,可试读4页", "paywall", "paywall notice"),
        ("点击查看剩余内容", "paywall", "paywall notice"),
        ("阅读全文请先登录", "paywall", "paywall/price line"),
        ("此文档下载收益归作者所有", "paywall", "paywall/price line"),
        ("该资料需要5元购买后才能下载", "paywall", "paywall/price line"),
        ("限时特惠:原价¥9.9 现价¥1.9", "paywall", "paywall/price line"),
        ("资源编号:88412  资源类型:doc  所需积分:2", "watermark", "two fields"),
        ("点击次数:2956 更新日期:2019-05-21", "watermark", "two fields"),
        ("文件类型:PPTX 文件大小:3.45MB", "watermark", "two fields"),
        ("2023-05-06 上传 | 12页 | 35KB | 0人下载", "watermark", "upload row"),
        ("热度:2138℃", "watermark", "popularity"),
        ("匿名用户 2023-12-06 12:30", "watermark", "comment thread"),
        ("来自广东省深圳市的网友", "watermark", "comment thread"),
        ("3楼", "watermark", "comment thread"),
        ("举报 | 回复", "watermark", "comment thread"),
        ("张三丰 · 2天前", "watermark", "comment thread"),
        ("查看更多评论", "watermark", "comment thread"),
        ("请文明发言,理性评论", "watermark", "comment thread"),
        ("还可以输入140字", "watermark", "comment thread"),
        ("最新回复 (0)", "watermark", "comment thread"),
        ("&nbsp;&nbsp;", "markup_residue", "HTML entities only"),
        ("本站提供论文润色服务,欢迎咨询", "watermark", "advertising its own service"),
        ("于 2023-05-06 10:12:30 首次发布", "watermark", "blog platform"),
        ("已于 2023-05-07 09:00:00 修改", "watermark", "blog platform"),
        ("关注博主即可阅读全文", "watermark", "blog platform"),
        ("刷新评论刷新页面返回顶部", "watermark", "blog platform"),
        ("登录后才能查看或发表评论,立即 登录 或者 逛逛 博客园首页", "watermark", "blog platform"),
        ("著作权归作者所有。商业转载请联系作者获得授权,非商业转载请注明出处。", "watermark", "blog platform"),
        ("如果觉得本文对你有帮助,欢迎点赞收藏", "watermark", "blog platform"),
        ("来源:某某网-某某日报 2024年03月05日 06:12", "watermark", "news or government page"),
        ("责任编辑:王小明 (实习)", "watermark", "metadata rows"),
        ("(本文来源:某某日报 作者:李华)", "watermark", "news or government page"),
        ("关于我们 | 网站声明 | 联系方式 | 网站地图", "watermark", "interface rows"),
        ("您是第 12345 位访问者", "watermark", "news or government page"),
        ("建议使用1920*1080分辨率浏览本站", "watermark", "news or government page"),
        ("手机版", "watermark", "news or government page"),
        ("//player.bilibili.com/player.html?aid=12345&bvid=BV1xx411c7mD", "watermark", "a video player's address"),
        ("首页 教程 问答 Go开发 Rust开发 Swift开发 前端框架", "menu_rows", "menu row"),
        ("专栏 .NET开发 JavaScript开发 Vue.js开发 测试工具 数据库", "menu_rows", "menu row"),
        ("电气工程 会计论文 金融论文 国际贸易 财务管理 人力资源 法学论文 德语论文", "menu_rows", "menu row"),
        ("•教育理论论文•基础教育论文•中等教育论文•高等教育论文•职业教育论文•心理学论文", "menu_rows", "menu row"),
        ("修改2023-04-12 09:21:07", "watermark", "metadata rows"),
        ("编辑:校园通讯2019-05-08", "watermark", "metadata rows"),
        ("• 页数 12 页", "watermark", "metadata rows"),
        ("阅读 2316", "watermark", "metadata rows"),
        ("范文来源: https://www.example.com", "watermark", "metadata rows"),
        ("来源:网络整理   日期:2020-03-11 08:15:42点击数:", "watermark", "two fields"),
        ("所属分类:管理论文 阅读次 时间:2020-07-19 16:02", "watermark", "two fields"),
        ("2021/03/18 20:11:05浏览512|回应3|推荐2", "watermark", "two fields"),
        ("您现在的位置是: 首页 > 教育资讯", "watermark", "breadcrumbs"),
        ("2. 首页 > 工作总结 >", "watermark", "breadcrumbs"),
        ("用户名/邮箱/手机:", "watermark", "login form"),
        ("Tags:", "watermark", "tag row"),
        ("139 1234 5678", "watermark", "phone number"),
        ("Posts by: 某某日报", "watermark", "column"),
        ("发布在 前端译文", "watermark", "column"),
        ("close", "watermark", "close button"),
        ("文章由 某某编辑器 编辑制作", "watermark", "credit"),
        ("资料网 最新最全的资料下载", "watermark", "slogan"),
        ("范文网专稿 欢迎分享推荐给你的朋友同学们", "watermark", "share request"),
        ("今天给各位分享自行车内胎怎么换的知识,其中也会对补胎教程进行解释,如果能碰巧解决你现在面临的问题,别忘了关注本站,现在开始吧!",
         "editor_notes", "content farm intro template"),
        ("关于自行车内胎怎么换的问题,小编就为大家介绍到这里。", "editor_notes", "content farm outro template"),
        ("如果您还有其他问题,欢迎咨询我们的在线客服,我们将竭诚为您服务!", "editor_notes", "farm customer-service close"),
        ("本网站使用cookies,详见隐私政策。", "editor_notes", "cookie notice"),
        # session 16: kinds the unseen probe set noise5 showed leaking, in new wording
        ("本条例共六章三十二条,您当前阅读的为部分内容,登录后可查看全文>>", "paywall", "paywall/price line"),
        ("—— 以上为部分内容,全文共4章19条 ——", "paywall", "paywall/price line"),
        ("该判决书正文共3,108字,当前仅显示前500字", "paywall", "paywall/price line"),
        ("(剩余内容仅限会员查看)", "paywall", "paywall/price line"),
        ("下面小编就带大家一起来看看吧。", "editor_notes", "invitation to read on"),
        ("以上就是关于绿豆汤怎么煮的相关介绍,希望对大家有所帮助。", "editor_notes", "outro"),
        ("阳台封窗哪家好阳台封窗多少钱一平米阳台封窗材料对比阳台封窗漏水怎么办", "search_terms", "a row of search keywords"),
        ("酸菜鱼的做法 酸菜鱼的家常做法 酸菜鱼怎么做好吃 正宗酸菜鱼 酸菜鱼调料", "search_terms", "a row of search keywords"),
        ("头痛的原因 头痛吃什么药 头痛怎么办 头痛挂什么科 头痛偏方", "search_terms", "a row of search keywords"),
        ("护肤护肤品排行榜冬季护肤步骤护肤小技巧护肤误区", "search_terms", "a row of search keywords"),
        ("本文导读:长期失眠怎么调理?下面小编为大家详细介绍。", "editor_notes", "content farm"),
        ("为获得更好体验,请用1366×768以上分辨率访问", "watermark", "government page's furniture"),
        ("增值电信业务经营许可证:粤B2-20230871", "watermark", "copyright and filing footers"),
        ("某某购网  版权所有  浙B2-20130208", "watermark", "copyright and filing footers"),
        ("今天小编来聊聊羽绒服怎么洗不结团,看完你就明白了。", "editor_notes", "invitation to read on"),
    ],
    ids=["adult keyword string", "adult keywords with commas", "empty nested tags", "bulleted option tag",
         "HTML5 navigation tags", "a comment form's smiley codes",
         "unterminated link tag", "anti-copy symbol pairs", "a short row of anti-copy pairs", "a forum engine's random string", "a random string and a token", "pagination row", "pagination row cut short",
         "preview caption of one page", "content-farm intro (editor)", "content-farm intro (this article)",
         "content-farm intro (follow the editor)", "content-farm intro (the editor shares)",
         "content-farm intro (model essays for you)", "content-farm outro (friends who need it)",
         "document site's terms (download)", "image placeholder", "image caption placeholder",
         "a site greeting", "original title note", "ad slot", "ad slot notice", "mini-program promotion",
         "adult keywords with dashes", "read-more notice with pages read", "download costs coins",
         "not all shown for its length", "the document has N pages (cut short)",
         "prices with a currency sign", "Word field code", "noise15 page footer fields as text", "video player address", "comment row with likes",
         "comment with its age", "see more", "ghost-writing service",
         "document site's terms (no refunds)", "repost disclaimer (not our views)",
         "repost disclaimer (copyright contact)", "uploader disclaimer (a user uploaded it)",
         "interface row with a copyright complaint", "editor and reviewer credits",
         "a government page's eye-care colour switch", "a correction link", "an old-browser warning",
         "forum thread chrome", "Q&A: other answers", "Q&A: recommended by the asker", "Q&A: vote buttons",
         "Q&A: a better answer prompt", "Q&A: similar questions", "Q&A: answers' sort row",
         "original, no reposting", "user-contributed, no ownership", "a blog's tag row", "a read counter",
         "follow us", "a blog archive's month count", "continue reading", "a blog sidebar heading", "a document's star rating",
         "the content provider", "a like counter", "first reply filler", "posted from an app",
         "a commenter's region", "people joined the thread", "a post's comment and view counters",
         "a read count", "people liked it", "a date with a report link", "a document description row",
         "an essay site's note", "viewer zoom buttons", "loading, please wait", "open it with Office or WPS",
         "user-contributed content",
         "a document site's note on PPT notes", "click for the large picture", "expand the remaining share", "image credit: the web",
         "comment etiquette", "comment disclaimer", "self-media platform disclaimer",
         "breadcrumb (current page)", "breadcrumb (where you are now)", "breadcrumb ending at the article",
         "breadcrumb from a site name", "video player's clock", "video player loading", "an image's address alone",
         "a blog editor's default image caption", "a blog post's age notice", "a document site's download tip",
         "a document site's excerpt heading", "a novel site's reading row", "a cookie notice",
         "a blog post's date (written on)", "a site's name and a time", "comment and view counters",
         "counters separated by bars", "a content farm's word count", "a document's length", "a metadata row without colons",
         "a document site's sharing note", "the editor shares", "the site prepared N essays for you",
         "add us to your favourites", "a forum's login prompt", "a captcha", "a repost's source link",
         "a no-reposting stamp repeated", "a title with a developer community's name",
         "a comment form's terms", "a blog's comment count", "a free document's note",
         "a login form's link", "a category menu's item", "a content farm's contents heading",
         "a document site's summary heading",
         "MathJax loading", "a personal-use watermark", "a download teaser's arrow", "a forum's join prompt",
         "font size buttons small to large", "a download tip on accounts",
         "published and a time, no space", "created on a month and day", "the blog column it was filed in",
         "an author's avatar", "a forum's one-step login", "a greeting to a site's visitor", "a viewer's refresh prompt",
         "loading (English)", "a search box's prompt", "font size small to large", "a menu item with a bar",
         "one related title after an arrow", "a click-here link", "a repository mirror's download link",
         "a site asking for encouragement",
         "the original's link", "an editor and the original's link", "a government page's archive date",
         "a popularity counter in tens of thousands", "an archive password",
         "a greeting run into the site's description", "a novel site's fastest updates",
         "a model-essay part heading (篇二)", "a model-essay part heading (篇3)", "a model-essay part heading (第2篇)",
         "a model-essay part heading (范本二)", "a model-essay part heading ((二))", "a model-essay part heading alone",
         "a model-essay part heading ((精)二)", "a spaced printer button", "a bilingual section heading",
         "one image caption of a reposted post", "an avatar's alt text", "a skip link", "a novel site's loading tips",
         "a novel site's breadcrumb", "a related-keywords heading", "a related heading in English", "a content farm's related heading naming the page",
         "a service's consult button", "a newcomer's price", "a service's support WeChat", "a client's testimonial",
         "an SEO farm's template about the page", "a content farm's source row (short)", "a content farm's source row (long)",
         "a summary glued after the title", "a repost disclaimer in English", "a contents heading glued after the title",
         "a cloud vendor's product box", "a novel site's other readers' list", "a content farm's introduction (any name)",
         "a web-design firm's promotion", "a site's address and a time", "categories and an update time", "published and a word count",
         "a listing's date after a dash", "a forum profile's group", "a government page's empty field",
         "a site's name with its address", "a welcome to a site", "a blog sidebar's friends heading", "an image placeholder's text",
         "a back button", "a sales page's contact label", "a repost request in the site's note",
         "an SEO farm's lead-in to the title", "trial reading over, pages left to pay for", "pages not shown yet",
         "pages to read on trial", "see the rest", "log in to read it all", "the download's earnings go to the author",
         "pay to download", "a special price in yuan signs", "a resource's number, type and points", "clicks and an update date",
         "a file's type and size", "an upload row in cells", "a popularity reading", "an anonymous commenter and a time",
         "a commenter's region", "a floor number", "report and reply", "a commenter and an age", "more comments",
         "comment etiquette (short)", "characters left to type", "latest replies (0)", "HTML entities alone", "a site's service advert", "a post's first publication", "a post's modification",
         "follow to read it all", "refresh buttons glued", "log in to comment", "a platform's copyright footer",
         "asking for likes", "a source and a date and time", "an editor (intern)",
         "a source and author in brackets", "a government footer's links", "a visitor counter", "a screen resolution tip",
         "a mobile version link", "a protocol-relative video player address", "a menu row of a developer site", "a menu row with dotted and long Latin names",
         "a menu row of a paper site", "a menu row glued with bullets", "modified and a time", "an editor and a date",
         "a page count", "a lone read counter", "a source that is the site's address", "a source and a date and clicks",
         "a category, reads and a time", "a date and time run into counters", "breadcrumb (where you are now is)",
         "breadcrumb ending in a separator", "a login form's fields", "a tag row's label alone", "a phone number alone",
         "an author's column (English)", "the column it was filed in", "a picture viewer's close button",
         "a page-maker's credit", "a site's slogan", "a site's share request", "a content farm's intro",
         "a content farm's outro", "a farm's customer-service close", "a cookie notice in lower case",
         "noise5 a partial-text notice with a log-in", "noise5 a partial text with its length",
         "noise5 the first n characters shown", "noise5 the rest for members only", "noise5 a farm's intro with its editor",
         "noise5 a farm's outro naming an introduction", "noise6 glued search keywords on one term",
         "noise6 spaced search keywords on one term", "noise10 spaced search keywords on a two-character term",
         "noise4 glued search keywords on a two-character term", "noise12 a content farm's editor introducing the page", "noise12 a screen resolution hint asking", "noise12 a telecom licence", "noise5 a shop's licence number after its name", "noise11 a farm's editor who will chat about it"],
)
def test_noise_of_its_kind_goes_with_a_readable_reason(rules: Pipeline, line: str, cleaner: str, reason: str):
    doc = run(rules, line)
    assert [line.text for line in doc.lines] == BODY
    assert [(r.cleaner, r.kind, r.text) for r in doc.removals] == [(cleaner, "line", line.strip())]
    assert reason in doc.removals[0].reason


@pytest.mark.parametrize(
    "line",
    [
        "警方破获一起传播淫秽视频案,涉案网站打着免费视频和在线观看的旗号吸引用户。",
        "本次会议邀请了亚洲和欧美多个国家的专家,就成人教育和员工福利问题进行交流。",
        "中日韩统一表意文字收录了大量汉字。",
        "<div>",
        "在网页中使用 <br> 标签换行,使用 <p> 标签分段。",
        "x = a + b * c - d / e",
        "A B C D E F G H",
        "现为大家整理了这次面试的全部题目,都是我自己遇到的真题,满满的干货分享给大家!",
        "下面我给大家举个例子:一个班有四十名学生,其中男生比女生多六人。",
        "请旅客们注意,本站是列车终点站,请带好您的随身物品下车。",
        "第一章_第3节",
        "这篇文章主要介绍了模块的用法以及语法基础,需要的朋友参考学习下吧。",
        "学校为大家准备了丰富的课外活动,包括书法、绘画和篮球。",
        "欢迎各位来宾来到我们美丽的校园,参加本届运动会开幕式。",
        "把 logo.png 放到 static 目录下。",
        "广告法规定,广告不得含有虚假或者引人误解的内容。",
        "这款国产手机的影像系统表现精品,夜景拍摄高清细腻,午夜街头也能拍清楚。",
        "下载安装包需要5分钟左右,请耐心等待。",
        "会议于2024-03-01 09:30召开,与会代表对报告进行了回复。",
        "详见 https://www.example.gov.cn/zwgk/notice.html",
        "更多内容请见附件。",
        "学校严禁学生请人代写作业,一经发现严肃处理。",
        "法院认定该网站未经许可转载他人作品,侵犯了原告的著作权,判令其赔偿经济损失。",
        "如作品涉及著作权问题,请当事人依法向版权管理部门申请调解。",
        "关键词:安全生产;冬季;隐患排查",
        "追问责任人的做法,要依法依规进行。",
        "如有不适,请点击在线咨询医生。",
        "• 王主任---负责安全工作",
        "报名咨询请添加老师微信:zhang2024",
        "会员专享:全场商品仅需9.9元起",
        "该建议已采纳,将在下学期实施。",
        "如果同学们有更好的答案,可以在课后交流。",
        "先按时间排序,再按金额排序。",
        "展览的图片来源于网络征集活动,均由市民投稿并经本人同意展出。",
        "展开全面排查,整改率达到95%以上。",
        "附件请使用WPS软件打开,如有疑问请与县应急管理局联系。",
        "全年共开展宣讲活动120次,阅读推广活动30场。",
        "征文截止日期为5月30日,欢迎大家踊跃投稿!",
        "参赛作品须为原创,如涉及版权纠纷问题,请及时与组委会联系。",
        "若您的浏览器版本过低,请使用Chrome完成网上报名。",
        "获奖名单(因篇幅有限,无法全部显示,完整名单见附件)",
        "如遇不能下载的情况,请联系教务处。",
        "沙发",
        "菜单",
        "推荐指数:★★★★☆",
        "内容提供方:北京某某文化传媒有限公司",
        "输入 > 处理 > 输出",
        "数据中心 > 存储层 > 备份",
        "位置:北京市朝阳区建国路88号",
        "网站使用Cookie记录用户的登录状态,用户继续浏览时无需再次登录。",
        "目录",
        "请点击 https://www.example.gov.cn/files/notice.pdf 下载附件",
        "全年阅读推广活动30场,评论文章12篇。",
        "本文共分三个部分。",
        "约500字",
        "推荐 3 人,评论 2 次。",
        "2022-03-15 15:02:26 系统自动备份完成",
        "老师为大家整理了复习资料,希望同学们认真复习。",
        "社区工作人员为大家准备了防暑药品,欢迎居民前来领取。",
        "请勿转载他人作品。",
        "验证码是保护账户安全的重要手段。",
        "建设和谐社区",
        "链接:https://pan.example.com/s/1tSFWCT?pwd=1234",
        "阅读本文约需5分钟。",
        "参加活动即表示同意活动规则。",
        "时间格式为 :mm:ss: 或 :hh:",
        "资源描述要准确,便于检索。",
        "• 医药卫生",
        "发布2023年工作要点",
        "欢迎来到我们美丽的校园!",
        "欢迎访问团莅临我校指导工作。",
        "推荐阅读:《城南旧事》",
        "请同学们按此要求完成作业(按此)。",
        "第一篇 总则",
        "本书共分三篇",
        "摘要 ABSTRACT",
        "他换了一个新的头像",
        "学习笔记(二)",
        "实验报告(一)",
        "第三章 > 第二节",
        "跳到水里救人的少年",
        "时间:2024年3月1日 地点:学校礼堂",
        "作者:张三 单位:北京大学",
        "阅读 《红楼梦》",
        "来源:国家统计局",
        "联系电话:13812345678",
        "主页 > 关于",
        "标签:贴在瓶身正面",
        "发布在报纸上的文章引起了热议。",
        "本文简介了三种方法。",
        "Notice: the meeting starts at 9 am.",
        "老师为大家精心准备了复习资料,希望同学们认真复习。",
        "我们公司是一家专业提供环保设备的企业。",
        "日期:",
        "2024年5月18日",
        "会议定于2024-01-06 09:00在www.example.com直播",
        "本文由学校办公室整理,请各位老师转载时注明出处。",
        "这本书我还剩10页未读完,明天接着读。",
        "撰稿:李四 审核:张三",
        "3楼会议室",
        "开幕式 2023-12-06 12:30",
        "请同学们文明发言,理性讨论问题。",
        "A&B公司",
        "本站提供的服务仅限会员。",
        "同学们记得点赞身边的好人好事。",
        "阅读全文后回答问题。",
        "本书著作权归作者所有,未经许可不得转载。",
        "显示器的分辨率越高,画面越清晰。",
        "(数据来源:国家统计局)",
        "王小明 李华 张伟 刘洋 陈静 杨帆 赵磊 黄丽",
        "一心一意 二话不说 三心二意 四面八方 五光十色 六神无主",
        "语文 数学 英语 物理 化学 生物 政治 历史",
        "语文•数学•英语•物理•化学•生物•政治•历史",
        "春天来了 夏天来了 秋天来了 冬天来了 新年来了 快乐来了",
        "年级 一年级 二年级 三年级 四年级 五年级 六年级",
        "//player.play();",
        "以上为部分内容摘录,全文见附件。",
        "大赛只展示部分获奖作品,完整名单将在官网公布。",
        "我们和小编一起去了现场。",
        "1\t×\t√\t88.6\t11.13",
        "一二一 一二一 一二一 一二一 齐步走",
        "小兔子乖乖 小兔子乖乖 小兔子乖乖 把门开开",
        "春天来了春天来了春天在哪里春天在哪里",
        "本月期初余额 +本月增加额 -本月减少额 =本月期末余额",
    ],
    ids=["news about a spam crackdown", "several keywords in a sentence", "CJK unified ideographs",
         "a lone tag in a tutorial line of its own", "tags named in a sentence", "arithmetic code line",
         "letters of a list", "an author introducing their own list", "a teacher's example",
         "a station announcement", "an underscore heading", "an author's own summary (labellers differ)",
         "a school preparing activities", "a welcome speech", "a file named in a sentence",
         "advertising law", "a phone review with four new spam words", "a download taking minutes",
         "a meeting's date and time in a sentence", "a link the text cites", "more in the appendix",
         "a rule against ghost-writing", "a court ruling on reposting", "copyright mediation advice",
         "a paper's keywords", "a sentence starting with 追问", "consulting a doctor",
         "a staff list with dashes", "a teacher's WeChat in a notice", "a member's price in a shop's plan", "a proposal adopted",
         "better answers in a lesson", "sorting steps in a tutorial", "an image credit inside a sentence",
         "a percentage after 展开", "a notice's note on opening its attachment",
         "counts of activities in a report", "a call for essays", "contest rules on copyright",
         "a notice on old browsers", "a prize list cut for space", "a school's download help",
         "a furniture heading", "a canteen menu heading", "a reviewer's own rating", "a contract's party row",
         "a data flow in a tutorial", "a storage hierarchy", "an address row", "a sentence about cookies",
         "a table of contents heading", "a link to an attachment in a sentence",
         "counts in a report's sentence", "an essay's outline sentence", "a writing task's length",
         "nominations and comments counted in a sentence", "a log line with a time",
         "a teacher prepared revision notes", "a community office prepared medicine", "a rule against reposting",
         "a sentence about captchas", "a heading about a community", "a resource post's download link",
         "a reading-time note in a sentence", "taking part means agreeing", "colons in a format note",
         "a sentence about resource descriptions", "a bulleted item without an arrow",
         "a heading that starts with 发布", "a welcome in a speech", "a delegation's visit", "a lesson's one recommended book",
         "a click-here inside a sentence", "a book's part numbering", "a book's parts in a sentence",
         "a paper's bilingual abstract heading", "an avatar in a sentence", "a series title's part",
         "a lab report's part", "a chapter and its section", "a sentence starting with 跳到",
         "a notice's time and place", "a paper's author and school", "read a book", "a statistic's source",
         "a contact phone with its label", "two steps of a site map", "a label stuck on a bottle",
         "a sentence starting with 发布在", "a sentence starting with 本文简介", "a notice in English",
         "a teacher's careful preparation", "a company's own introduction", "a form's empty date field",
         "a signature's date", "a meeting's time and address in a sentence",
         "a school office's own repost request", "pages left of a book in a sentence",
         "a school news item's writer and reviewer", "a meeting room on a floor", "a schedule row",
         "a teacher asking for civil discussion", "an ampersand in a name", "a site's terms of service",
         "a teacher on praising good deeds", "a reading task", "a book's own copyright line",
         "a sentence about screen resolution", "a statistic's source in brackets", "a row of prize winners' names",
         "a row of idioms", "a row of school subjects", "a row of school subjects with bullets", "a rhyme's refrain", "a table's header of grades", "a code comment calling a player",
         "an author pointing to the full text in an attachment", "a notice showing part of the winners",
         "a sentence with an editor in it", "probe16 a table's row of numbers and marks",
         "a marching chant repeating one phrase", "a rhyme's refrain", "a song's lines repeating two phrasings",
         "real-dev an accounting formula on one term"],
)
def test_look_alikes_stay(rules: Pipeline, line: str):
    doc = run(rules, line, "int main() {" if line == "<div>" else "")
    assert line in [x.text for x in doc.lines], [(r.cleaner, r.reason) for r in doc.removals]


@pytest.mark.parametrize(
    ("line", "cleaner", "reason"),
    [
        pytest.param('<div class="player"><video src="https://media.example.org/clip/0412.mp4" controls></video></div>',
                     "markup_residue", "HTML tags only", id="probe14b-media-player-tags"),
        pytest.param('<iframe src="https://v.example.net/embed/77" allowfullscreen></iframe>', "markup_residue",
                     "HTML tags only", id="probe14b-iframe-tags"),
        pytest.param('&nbsp;&nbsp;</p><p style="text-align:left">', "markup_residue", "HTML tags only",
                     id="probe14b-tags-and-entities"),
        pytest.param("视频加载中,请稍候...", "late_chrome", "media placeholder", id="probe14b-player-loading-please-wait"),
        pytest.param('&nbsp;&nbsp;<span style="display:none">qz81</span>', "markup_residue", "HTML tags only",
                     id="noise8-a-content-farms-hidden-keyword"),
        pytest.param('<div style="visibility: hidden">关键词 装修 报价</div>', "markup_residue", "HTML tags only",
                     id="a-hidden-blocks-keywords-in-hanzi"),
    ],
)
def test_media_markup_and_a_players_placeholder_go(rules: Pipeline, line: str, cleaner: str, reason: str):
    """A line of a media player's tags (`<video>`, `<audio>`, `<iframe>`), of tags and entities together, or of tags
    around a hidden element's text (a content farm's keywords a browser does not show)."""
    test_noise_of_its_kind_goes_with_a_readable_reason(rules, line, cleaner, reason)


@pytest.mark.parametrize(
    "line",
    [pytest.param("<video>标签用于在网页中嵌入视频,常用属性有src和controls。", id="probe14b-a-lesson-naming-the-video-tag"),
     pytest.param("<source>1.8</source>", id="probe14b-a-build-files-source-element"),
     pytest.param("&lt;p&gt;段落&lt;/p&gt;", id="probe14b-escaped-markup-with-text"),
     pytest.param("视频加载完成后,点击播放按钮即可观看。", id="probe14b-a-tutorial-describing-the-player"),
     pytest.param("加载中,请稍候……", id="adv14-a-storys-phone-screen-loading"),
     pytest.param('<span style="color:red">注意:考试时间为90分钟</span>', id="a-styled-element-a-reader-sees")],
)
def test_look_alikes_of_media_markup_stay(rules: Pipeline, line: str):
    doc = run(rules, line)
    assert line in [x.text for x in doc.lines], [(r.cleaner, r.reason) for r in doc.removals]


def test_a_html_lessons_example_tags_stay(rules: Pipeline):
    """A lesson whose text names a tag as its subject (`video标签`) shows its tags alone on lines (adv14)."""
    lesson = ["在HTML5之前,网页里播放视频需要借助Flash插件,现在只要一个video标签就可以了。", '<video src="movie.mp4" controls width="640">',
              "</video>", "音频的写法几乎一样,只是把标签名换成audio:", '<audio src="song.mp3" controls></audio>',
              '<iframe src="https://example.com/player/123" width="640" height="360"></iframe>']
    doc = run(rules, *lesson)
    assert _kept(doc) == [*BODY, *lesson], [(r.cleaner, r.reason) for r in doc.removals]


def test_markup_stays_in_a_document_about_code(rules: Pipeline):
    code = ["<configuration>", '<setting name="cacheEnabled" value="true"/>', "</configuration>"]
    html = ['<div class="box">', "<span>示例</span>", "</div>", ".box { color: red; }"]
    doc = run(rules, *code, *html)
    assert [x.text for x in doc.lines] == [*BODY, *code, *html]


@pytest.mark.parametrize(
    ("line", "kept"),
    [('<p class="note-block">我们班开展了植树活动,同学们分工合作。</p> <p class="note-block">活动结束后大家合影留念。</p>',
      "我们班开展了植树活动,同学们分工合作。 活动结束后大家合影留念。"),
     ("<br><br><img src=http://img.example.com/upload/2008/06/1.jpg><br>图为会议现场,代表们认真听取报告。",
      "图为会议现场,代表们认真听取报告。"),
     ("这种修复方法和厂家的维修方式非<BR>常相似,但是指令代码<BR>一般是不公开的。", "这种修复方法和厂家的维修方式非常相似,但是指令代码一般是不公开的。"),
     ('<span style="color:red">通知</span>', '<span style="color:red">通知</span>'),
     ("网页中的<p>标签表示段落,<br>标签表示换行,两者用法不同。", "网页中的<p>标签表示段落,<br>标签表示换行,两者用法不同。"),
     ("换行时可以写“<br>”,也可以写“<br/>”,浏览器都能识别。", "换行时可以写“<br>”,也可以写“<br/>”,浏览器都能识别。"),
     ("老师说:每段文字之间空一行<br>就行,不必另起一页。", "老师说:每段文字之间空一行<br>就行,不必另起一页。"),
     ("已知a<b,且b>c,比较a与c的大小关系并说明理由。", "已知a<b,且b>c,比较a与c的大小关系并说明理由。")],
    ids=["a photo-diary app's paragraphs in p tags", "a news blog's line breaks and photo", "a forum's upper-case BR in a word",
         "a short notice in a span (too little text around)", "a web lesson naming the tags",
         "tags in quotes", "one bare tag in a sentence", "less-than and greater-than in maths"],
)
def test_html_tags_left_in_a_line_of_prose_are_cut_and_tags_the_text_names_stay(rules: Pipeline, line: str, kept: str):
    doc = run(rules, line)
    assert [x.text for x in doc.lines] == [*BODY, kept], [(r.cleaner, r.reason) for r in doc.removals]
    assert all(r.cleaner == "markup_residue" and r.reason.startswith("markup residue: HTML tags in the text")
               for r in doc.removals)


@pytest.mark.parametrize(
    ("line", "kept"),
    [("0 }0 J& T  E6 s* k# b  ~) Q电动车的大屏越来越流行了& \\7 ^3 d7 M( R", "电动车的大屏越来越流行了"),
     ("一汽也跟进了这个设计0 |7 B9 r4 x1 n) {", "一汽也跟进了这个设计"),
     ("2 V. W) h% y. @& H新能源车企纷纷跟进", "新能源车企纷纷跟进"),
     ("新的 print() 函数用法说明f5O-O*c;KaK!C", "新的 print() 函数用法说明"),
     ("配平后的方程式为H2O(l)+CO2(g)", "配平后的方程式为H2O(l)+CO2(g)"),
     ("判断条件写成if(a!=b){c=d;}", "判断条件写成if(a!=b){c=d;}"),
     ("下列说法正确的是 A. B. C. D.", "下列说法正确的是 A. B. C. D."),
     ("变量依次记为 x1 x2 y1 y2 z1", "变量依次记为 x1 x2 y1 y2 z1"),
     ("选出正确答案填在括号里 ( ) ( ) ( ) ( )", "选出正确答案填在括号里 ( ) ( ) ( ) ( )"),
     ("A B C D E 五个同学排成一排,共有多少种排法?", "A B C D E 五个同学排成一排,共有多少种排法?")],
    ids=["a forum mirror's filler around a sentence", "filler after a sentence ending in a brace",
         "filler before a short line", "a random string glued after a sentence", "a chemical equation after a sentence",
         "code after a sentence", "an exam's options", "variables", "an exam's blanks", "letters before a question"],
)
def test_anti_copy_filler_glued_to_a_line_is_cut_and_look_alikes_stay(rules: Pipeline, line: str, kept: str):
    doc = run(rules, line)
    assert [x.text for x in doc.lines] == [*BODY, kept], [(r.cleaner, r.reason) for r in doc.removals]
    assert all(r.reason.endswith("(anti-copy filler)") for r in doc.removals)


@pytest.mark.parametrize(
    "line", ["x^2+y^2=1", "a[i]=Foo();", "H2O(l)+CO2(g)", "Hi,Tom!How are you?", "Na2CO3+2HCl"],
    ids=["a formula", "a line of code", "a chemical equation", "an English greeting", "a chemical formula"],
)
def test_a_line_of_letters_and_symbols_that_is_not_random_stays(rules: Pipeline, line: str):
    assert [x.text for x in run(rules, line).lines] == [*BODY, line]


def test_filler_lines_ending_in_a_brace_do_not_make_a_forum_post_code(rules: Pipeline):
    lines = ["8 x\" e1 I; a. M7 u; {", "网页上<br><br>这段话是从论坛转过来的,大家可以看看。"]
    doc = run(rules, *lines)
    assert [x.text for x in doc.lines] == [*BODY, "网页上这段话是从论坛转过来的,大家可以看看。"]


def test_html_tags_in_prose_stay_in_a_document_about_code(rules: Pipeline):
    lines = ['用<div class="box">包住内容,再写</div>闭合,样式里设置边框即可。', ".box { border: 1px solid; }"]
    assert [x.text for x in run(rules, *lines).lines] == [*BODY, *lines]


@pytest.mark.parametrize(
    ("line", "kept"),
    [("已知EMBED Equation.DSMT4,求x的值。", "已知,求x的值。"),
     ("已知EMBED Equation.KSEE3,求x的值。", "已知,求x的值。"),
     ('如图INCLUDEPICTURE "http://www.example.com/img.jpg" \\* MERGEFORMATINET所示,三角形ABC中', "如图所示,三角形ABC中"),
     ("EMBEDDED systems are common.", "EMBEDDED systems are common.")],
    ids=["an embedded formula's field code", "noise15 WPS's formula field code", "an included picture's field code",
         "a word starting with EMBED"],
)
def test_word_field_codes_of_formulas_and_pictures_are_cut(rules: Pipeline, line: str, kept: str):
    assert [x.text for x in run(rules, line).lines] == [*BODY, kept]


@pytest.mark.parametrize(
    ("line", "kept"),
    [("  date 2026-01-07 早晨!今日系 2026 年 1 月 7 日星期三,天气晴朗。", "早晨!今日系 2026 年 1 月 7 日星期三,天气晴朗。"),
     ("[编辑本段]图书信息 书名:汽车营销 作者:王明", "图书信息 书名:汽车营销 作者:王明"),
     ("本文博客地址:https://blog.example.net/a/1文章来源地址https://www.example-mirror.com/news/detail-1.html",
      "本文博客地址:https://blog.example.net/a/1"),
     ("Spring框架基础概要_第1张图片 图1 Spring框架模块图", "图1 Spring框架模块图"),
     ("精选优质文档-倾情为你奉上教学目标:理解分数的意义。", "教学目标:理解分数的意义。"),
     ("date 2026-01-07 is the release date.", "date 2026-01-07 is the release date."),
     ("如图所示,第1张图片是实验装置,第2张图片是实验结果。", "如图所示,第1张图片是实验装置,第2张图片是实验结果。"),
     ("课题中期研究汇报(2013-10-30 17:46:48)转载▼", "课题中期研究汇报"),
     ("第一百九十四章:热血演讲(求订阅、求月票、求各种!!!)", "第一百九十四章:热血演讲"),
     ("控制理论试卷及答案 本文关键词:试卷,答案,理论", "控制理论试卷及答案"),
     ("同学们要求订阅报纸的人数比去年多了一倍。", "同学们要求订阅报纸的人数比去年多了一倍。"),
     ("关键词:分数;教学设计;小学数学", "关键词:分数;教学设计;小学数学"),
     ("文章来源于作者的亲身经历,请勿对号入座。", "文章来源于作者的亲身经历,请勿对号入座。"),
     ("今天就写到这里,明天继续整理照片。Posted by 小米 at 10:32 PM", "今天就写到这里,明天继续整理照片。"),
     ("附近的菜市场每天早上六点就开门了。点击下方名片关注我们", "附近的菜市场每天早上六点就开门了。"),
     ("后台问过的问题都整理在这里了。——END——", "后台问过的问题都整理在这里了。"),
     ("这是我在山里住的第三天。<#-- 热度 -->", "这是我在山里住的第三天。"),
     ("出发前建议把护照拍照备份。以上就是关于日本签证怎么办的全部内容,希望对你有所帮助。", "出发前建议把护照拍照备份。"),
     ("滤芯里的保护液需要冲洗干净。本文由某某家电导购网整理发布,转载请注明出处。", "滤芯里的保护液需要冲洗干净。"),
     ("学者指出,手续费若能再降低将有助于转型。本文来源于网络,如有侵权请联系删除", "学者指出,手续费若能再降低将有助于转型。"),
     ("摊商们也开始经营社群账号。更多精彩内容请关注本站", "摊商们也开始经营社群账号。"),
     ("也吸引了其他县市前来取经。(转载请注明出处)", "也吸引了其他县市前来取经。"),
     ("让老人出门更方便。【责任编辑:孙琪】", "让老人出门更方便。"),
     ("目前已完成可行性研究。更多新闻请下载某某新闻客户端", "目前已完成可行性研究。"),
     ("徒步回来以后,我才明白慢下来的意义。继续阅读 →", "徒步回来以后,我才明白慢下来的意义。"),
     ("“以上就是我想说的全部内容,希望对你有所帮助。”他笑着合上了本子。", "“以上就是我想说的全部内容,希望对你有所帮助。”他笑着合上了本子。"),
     ("老师说,更多精彩内容请关注下周的班会。", "老师说,更多精彩内容请关注下周的班会。"),
     ("本文由三位同学整理,指导老师为李老师。", "本文由三位同学整理,指导老师为李老师。"),
     ("(此件公开发布)【打印本页】【关闭窗口】", "(此件公开发布)"),
     ("县应急管理局供稿。扫一扫在手机打开当前页", "县应急管理局供稿。"),
     ("1.C 2.B 3.D 4.A 显示答案 | 收藏 | 纠错 | 加入试题篮", "1.C 2.B 3.D 4.A"),
     ("这次骑行算是深有体会,下次一定提前规划补给。 收藏 分享 评分", "这次骑行算是深有体会,下次一定提前规划补给。"),
     ("要摘,发黑的说明已经烂了,留着会传染其他叶片。 本回答被提问者采纳", "要摘,发黑的说明已经烂了,留着会传染其他叶片。"),
     ("[骑行游记] 五天环太湖,一个人的四百公里 [复制链接]", "[骑行游记] 五天环太湖,一个人的四百公里"),
     ("本帖最后由 风过西山岛 于 2019-10-28 08:40 编辑 这次出发前做了很多功课。", "这次出发前做了很多功课。"),
     ("学校今年的升学率提高了8个百分点。本文档由用户上传,仅供参考", "学校今年的升学率提高了8个百分点。"),
     ("这副对联的上下联要对仗工整。VIP免费下载", "这副对联的上下联要对仗工整。"),
     ("这副对联的上下联要对仗工整。限时特惠 原价¥12.8 券后¥2.8", "这副对联的上下联要对仗工整。"),
     ("各班要做好分层辅导。文档评论(0)", "各班要做好分层辅导。"),
     ("呼气试验无创,十几分钟就能出结果。图片来源于网络,如有侵权请联系删除", "呼气试验无创,十几分钟就能出结果。"),
     ("本文所说的调理方法只适合轻症,如有不适请及时就医。温馨提示:以上内容仅供参考,具体请咨询医生", "本文所说的调理方法只适合轻症,如有不适请及时就医。"),
     ("要换,出汗后及时擦干换上干爽衣服,避免再次着凉。该回答由 儿科 某某某 医生 解答", "要换,出汗后及时擦干换上干爽衣服,避免再次着凉。"),
     ("(本文作者周某某,某律师事务所合伙人,执业十五年。)转载请注明出处", "(本文作者周某某,某律师事务所合伙人,执业十五年。)"),
     ("违反本条例第十五条第二项规定的,处警告或者二十元罚款。相关法条", "违反本条例第十五条第二项规定的,处警告或者二十元罚款。"),
     ("如有不适请及时就医。", "如有不适请及时就医。"),
     ("这种写法在生产环境里有副作用。好文要顶 关注我 收藏该文", "这种写法在生产环境里有副作用。"),
     ("这里最容易踩坑。文章知识点与官方知识档案匹配,可进一步学习相关知识", "这里最容易踩坑。"),
     ("以上就是这次迁移的全部过程。转载请注明出处 某某程式坊", "以上就是这次迁移的全部过程。"),
     ("下次热一热照样好吃。更多精彩菜谱请关注微信公众号:某某厨房", "下次热一热照样好吃。"),
     ("“问吧,今晚我不走。”天才壹秒记住『某某书屋』,为您提供精彩小说阅读。", "“问吧,今晚我不走。”"),
     ("每个月末花半小时检查一遍就够了。本文图片来源网络,如有侵权请联系删除", "每个月末花半小时检查一遍就够了。"),
     ("他推开门走了出去。本章完,请点击下一章继续阅读", "他推开门走了出去。")],
    ids=["a page's date field glued before its first line", "an encyclopedia mirror's edit links",
         "a scraper's source stamp glued after the author's link", "an image's alt text glued before its caption",
         "a document site's stamp glued before the text", "an English date sentence", "pictures counted in a sentence",
         "a blog platform's time and repost button", "a web novel's plea after a chapter title",
         "a content site's keywords row after the title", "subscriptions asked for in a sentence", "a paper's own keywords",
         "a story's source",
         "a blog engine's signature", "a WeChat follow prompt", "a WeChat END mark", "a blog template's comment", "a content farm's outro", "a content farm's repost stamp", "a takedown notice", "a follow-the-site prompt", "a bracketed repost request", "an editor's credit after the text", "a news app's promotion", "a read-more link with an arrow", "a character's closing words in quotes", "a teacher's announcement", "students' own compilation", "print and close buttons", "scan to open the page on a phone", "an exam site's buttons after the answers", "a forum post's buttons", "an accepted-answer stamp", "a thread title's copy-link button", "a forum post's edit stamp", "a document site's uploader notice", "a VIP download button", "a limited-time price", "a document's comment count", "a web image credit", "a health site's disclaimer", "an answered-by credit", "a repost request after a bio", "a law site's button", "an article's own advice", "a blog's footer buttons", "a platform's knowledge-base link", "a repost credit with a name", "a recipe site's follow prompt", "a novel mirror's reminder", "an article's web image credit", "a chapter's end notice"],
)
def test_stamps_of_extraction_and_mirrors_glued_into_a_line_are_cut(rules: Pipeline, line: str, kept: str):
    assert [x.text for x in run(rules, line).lines] == [*BODY, kept]


def test_a_word_field_code_where_a_formula_was_is_cut_and_the_sentence_stays(rules: Pipeline):
    doc = run(rules, "已知SKIPIF 1 < 0,求SKIPIF 1 < 0的值。")
    assert [x.text for x in doc.lines] == [*BODY, "已知,求的值。"]
    assert {(r.cleaner, r.kind, r.text.strip()) for r in doc.removals} == {("watermark_spans", "span", "SKIPIF 1 < 0")}


def test_page_preview_captions_go_in_groups_whatever_the_title(rules: Pipeline):
    captions = [f"第四章 专利基本知识_第{k}页" for k in (1, 2, 3)]
    doc = rules.clean(Document.from_text("doc", "\n".join(["课程资料下载", *BODY[:1], *captions, BODY[1]])))
    assert [x.text for x in doc.lines] == ["课程资料下载", *BODY]
    assert {r.cleaner for r in doc.removals} == {"title_repeats"}
    assert all("page-preview caption" in r.reason for r in doc.removals)


def test_image_captions_of_a_reposted_post_go_and_a_real_caption_stays(rules: Pipeline):
    """One caption alone is a page's (watermark); a group of them is recognised by its shared name too; glued
    before the post's own caption, the alt text is cut and the caption stays."""
    captions = [f"如何搭建本地开发环境_第{k}张图片" for k in (1, 2)]
    real = "如何搭建本地开发环境_第3张图片 图3 环境变量的设置界面"
    doc = rules.clean(Document.from_text("doc", "\n".join(["开发笔记", BODY[0], *captions, real, BODY[1]])))
    assert [x.text for x in doc.lines] == ["开发笔记", BODY[0], "图3 环境变量的设置界面", BODY[1]]
    assert [(r.text, "image caption" in r.reason) for r in doc.removals if r.kind == "line"] == [(c, True) for c in captions]
    assert [(r.kind, r.text.strip()) for r in doc.removals if r.kind == "span"] == [("span", "如何搭建本地开发环境_第3张图片")]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        pytest.param("第一课时的教学重点是理解课文内容。当前文档最多只能预览3页,此文档共5页", "第一课时的教学重点是理解课文内容。",
                     id="probes15 a preview limit glued after a line"),
        pytest.param("点击下载完整版教案", None, id="probes15 a download-the-full-version button"),
        pytest.param("这本书我只能预览3页就被吸引了。", "这本书我只能预览3页就被吸引了。", id="probes15 a reader's preview in a sentence"),
        pytest.param("他用一只小虫子换来了同学们的笑声。点击阅读全文", "他用一只小虫子换来了同学们的笑声。", id="probes17 read-the-full-text glued"),
        pytest.param("我很喜欢这首诗。VIP会员免费下载 非会员2元", "我很喜欢这首诗。", id="probes17 VIP price glued"),
        pytest.param("本课件共24页,当前仅展示12页,下载后查看全部", None, id="probes17 pages shown of all"),
        pytest.param("试看结束,余下68%内容需开通会员", None, id="probes17 trial ended, percent left"),
        pytest.param("下载该课件需消耗 2 张下载券", None, id="probes17 coins for a download"),
        pytest.param("首付30%,剩余70%需付款后交房。", "首付30%,剩余70%需付款后交房。", id="probes17 a contract's payment terms"),
    ],
)
def test_preview_limits_and_download_buttons_go(rules: Pipeline, line: str, kept: str | None):
    doc = run(rules, line)
    assert [x.text for x in doc.lines] == [*BODY, *([kept] if kept else [])]
    assert {r.cleaner for r in doc.removals} == ({"paywall"} if kept != line else set())


@pytest.mark.parametrize(
    "notice", ["▸ 更多即时新闻请点此", "订阅本报电子报,每天早晨收到精选新闻"], ids=["probes18 more news", "probes18 e-newsletter"]
)
def test_a_news_sites_notice_glued_after_a_sentence_is_cut(rules: Pipeline, notice: str):
    doc = run(rules, "先倾听、少评价。 " + notice)
    assert [x.text for x in doc.lines] == [*BODY, "先倾听、少评价。"]
    assert ("watermark_spans", "span") in [(r.cleaner, r.kind) for r in doc.removals]  # (junk_chars takes the ▸)


def test_a_single_page_reference_stays(rules: Pipeline):
    line = "详见附件_第3页"
    doc = run(rules, line)
    assert line in [x.text for x in doc.lines]


@pytest.mark.parametrize(
    "caption",
    ["班主任工作计划(第{k}页)", "班主任工作计划 第{k}/6页", "班主任工作计划 - 预览图{k}", "班主任工作计划课件_幻灯片{k}",
     "班主任工作计划.docx 预览图 {k}", "班主任工作计划.pdf_page{k}", "班主任工作计划.pptx_第{k}张"],
    ids=["probes16 essay site, bracketed", "probes16 essay site, N of M", "probes16 essay site, preview N",
         "sites5 courseware site, slide N", "noise15 document site, spaced preview N", "noise15 document site, pdf_pageN",
         "noise15 courseware site, pptx slide N"],
)
def test_page_preview_captions_in_other_wordings_go_and_one_alone_stays(rules: Pipeline, caption: str):
    """Two or more captions naming one document are the previews' furniture; one alone may be the text's own."""
    captions = [caption.format(k=k) for k in (1, 2)]
    doc = rules.clean(Document.from_text("doc", "\n".join(["学期计划", BODY[0], *captions, BODY[1]])))
    assert [x.text for x in doc.lines] == ["学期计划", *BODY]
    assert {r.cleaner for r in doc.removals} == {"title_repeats"}
    alone = rules.clean(Document.from_text("doc", "\n".join(["学期计划", BODY[0], captions[0], BODY[1]])))
    assert captions[0] in [x.text for x in alone.lines]


def test_an_uploader_disclaimer_glued_after_content_is_cut(rules: Pipeline):
    content = "复习时要注意把握重点,做到查漏补缺。"
    line = "本页资料《期末复习提纲.docx》由用户(小明)主动上传,其收益全归该用户。本站仅提供信息存储空间。"
    doc = run(rules, content + line)
    assert [x.text for x in doc.lines] == [*BODY, content]
    assert [(r.cleaner, r.kind, r.text) for r in doc.removals] == [("watermark_spans", "span", line)]


# ---- a line the page shows twice (repeated_lines) ----

SUMMARY = "市政府召开常务会议,研究部署今冬明春供暖保障工作,要求各区压实责任、确保群众温暖过冬。"
CAPTION = "图为志愿者在社区服务站为老人测量血压。(记者 王某 摄)"


def _kept(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def _repeats(doc: Document) -> list[tuple[int, str]]:
    return [(r.line_no, r.reason) for r in doc.removals if r.cleaner == "repeated_lines"]


@pytest.mark.parametrize(
    ("lines", "kept_no", "dropped_no"),
    [
        # a news site's summary above the article, then the same sentence inside the body: the body's copy stays
        pytest.param(["供暖保障工作会议召开", SUMMARY, "图片来自网络", BODY[0], SUMMARY, BODY[1]], 5, 2,
                     id="news-summary-above-its-body-copy"),
        # a photo caption rendered twice (alt text, then caption): the first stays
        pytest.param([BODY[0], CAPTION, CAPTION, BODY[1]], 2, 3, id="caption-rendered-twice"),
        # a whole body rendered twice: each line keeps its first copy, the order stays
        pytest.param(["供暖保障工作会议召开", *BODY, *BODY], 2, 4, id="body-rendered-twice"),
    ],
)
def test_a_line_shown_twice_keeps_one_copy_in_its_place(rules: Pipeline, lines, kept_no, dropped_no):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    kept = _kept(doc)
    assert len(kept) == len(dict.fromkeys(kept)), kept  # no verbatim copy left
    removed = _repeats(doc)
    assert (dropped_no, f"repeats line {kept_no} word for word (shown twice by the page)") in removed, removed
    if dropped_no == 4:  # body twice: both later copies go, the first copies keep their order
        assert kept == ["供暖保障工作会议召开", *BODY]


def test_a_summary_cut_from_a_paragraph_goes_and_the_paragraph_stays(rules: Pipeline):
    cut = BODY[1][:34] + "…"
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研活动总结", cut, BODY[0], BODY[1]])))
    assert _kept(doc) == ["教研活动总结", *BODY]
    assert _repeats(doc) == [(2, "the start of line 4 again (a summary cut from it)")]


def test_the_title_repeated_deep_in_the_body_keeps_its_place_at_the_top(rules: Pipeline):
    title = "关于做好冬季安全生产和森林防火工作的通知"
    body = [f"第{k}项工作已经按计划完成,各项指标均达到预期目标,群众满意度明显提高。" for k in range(1, 15)]
    # deeper than title_repeats looks (its own heading there, an author's), between two prose lines
    lines = [title, *body, title, BODY[1]]
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert _kept(doc)[0] == title and _kept(doc).count(title) == 1
    assert _repeats(doc) == [(16, "repeats line 1 word for word (shown twice by the page)")]


@pytest.mark.parametrize(
    "text",
    [pytest.param(BODY[0], id="one-line"), pytest.param("  \n\t\n" + BODY[0] + "\n   ", id="whitespace-lines"),
     pytest.param("", id="empty")],
)
def test_repeated_lines_on_tiny_documents_removes_nothing(rules: Pipeline, text: str):
    assert not _repeats(rules.clean(Document.from_text("doc", text)))


@pytest.mark.parametrize(
    ("summary", "why"),
    [("导读:" + BODY[1][:40] + "……", "line 4 again after a label"),
     ("推荐阅读:" + BODY[0] + BODY[1][:12], "lines 3-4 again after a label"),
     (BODY[1][:36] + "…今天我们一起来看看教研活动的具体做法。", "line 4 again after a label or up to an ellipsis")],
    ids=["a guide's label over the body's start", "a reading tip gluing the first lines", "pieced from the body with an ellipsis"],
)
def test_a_summary_under_a_label_or_pieced_with_an_ellipsis_goes_and_the_body_stays(rules: Pipeline, summary, why):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研活动总结", summary, *BODY])))
    assert _kept(doc) == ["教研活动总结", *BODY]
    assert len(_repeats(doc)) == 1 and _repeats(doc)[0][0] == 2 and _repeats(doc)[0][1].startswith(why)


@pytest.mark.parametrize(
    "line",
    ["摘要:本文以区域教研为例,分析了课堂教学改革中教师专业发展的路径与保障机制。",
     "校长常说:" + BODY[1][6:40] + "……这句话让大家印象深刻。",
     "同学们……" + BODY[0][:10]],
    ids=["a paper's own abstract", "a quote from the middle of a line", "an ellipsis with a short start"],
)
def test_a_labelled_line_that_does_not_start_another_stays(rules: Pipeline, line: str):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研活动总结", line, *BODY])))
    assert _kept(doc) == ["教研活动总结", line, *BODY]


def test_a_summary_cut_with_three_dots_goes(rules: Pipeline):
    cut = BODY[1][:34] + "..."
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研活动总结", cut, BODY[0], BODY[1]])))
    assert _kept(doc) == ["教研活动总结", *BODY]


def test_a_description_of_the_body_glued_from_its_lines_goes_and_the_body_stays(rules: Pipeline):
    # a page's description above the article: its first lines glued together (spaces and punctuation lost)
    # and cut short
    body = ["一、工作背景", BODY[0], "二、主要做法", BODY[1]]
    description = "".join(body)[:70].replace(",", "").replace("、", "")
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", description, *body])))
    assert _kept(doc) == ["教研工作总结", *body]
    assert _repeats(doc) == [(2, "lines 3-6 again as one line (a summary of the body)")]


def test_a_copy_that_differs_only_in_spaces_and_punctuation_goes(rules: Pipeline):
    copy = BODY[1].replace(",", " ").rstrip("。")
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研活动总结", copy, BODY[0], BODY[1]])))
    assert _kept(doc) == ["教研活动总结", *BODY]
    assert _repeats(doc) == [(2, "repeats line 4 word for word (shown twice by the page)")]


def test_a_conclusion_that_restates_the_body_in_other_words_stays(rules: Pipeline):
    conclusion = "总之,本学期全区教育系统深化综合改革,各校教研活动形式多样,教师参与热情高,成效明显。"
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研活动总结", *BODY, conclusion])))
    assert _kept(doc) == ["教研活动总结", *BODY, conclusion]


def test_a_title_that_starts_the_first_paragraph_stays(rules: Pipeline):
    title = BODY[0][:32]
    doc = rules.clean(Document.from_text("doc", "\n".join([title, *BODY])))
    assert _kept(doc)[0] == title and not _repeats(doc)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("A. 正确    B. 错误    C. 无法判断    D. 以上都不对", id="exam-options-repeated-per-question"),
        pytest.param("甲方(盖章):____________  乙方(盖章):____________", id="contract-signature-rows"),
        pytest.param("本人已认真阅读并同意以上全部条款内容,签字确认:______", id="mostly-hanzi-form-row-with-a-blank"),
        pytest.param("不忘初心", id="short-slogan"),
    ],
)
def test_repeated_rows_that_are_not_prose_stay(rules: Pipeline, line: str):
    doc = rules.clean(Document.from_text("doc", "\n".join([BODY[0], line, "第一题的题干在这里。", line, BODY[1]])))
    assert _kept(doc).count(line.strip()) == 2, _kept(doc)


ANSWER = "答:请本人携带户口簿和身份证到街道便民服务中心二楼窗口办理,工作日上午9:00-12:00。"


def test_one_answer_to_two_questions_of_a_faq_stays_twice(rules: Pipeline):
    """probe14: a FAQ writes the same answer under two different questions; each is its question's own."""
    lines = [BODY[0], "问:第一次办理需要带什么材料?", ANSWER, "问:可以委托家人代办吗?", ANSWER, BODY[1]]
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert _kept(doc).count(ANSWER) == 2, doc.removals


def test_a_qa_block_the_page_shows_twice_keeps_one_copy(rules: Pipeline):
    qa = ["问:第一次办理需要带什么材料?", ANSWER]
    doc = rules.clean(Document.from_text("doc", "\n".join([BODY[0], *qa, BODY[1], *qa])))
    assert _kept(doc).count(ANSWER) == 1, doc.removals


MIRROR_BODY = [
    "為(wèi)切實做好今冬明春安全生產(chǎn)工作,有效防范和堅決遏制各類生產(chǎn)安全事故發(fā)生,現(xiàn)將有關(guān)事項通知如下。",
    "一、提高思想認(rèn)識。各單位要充分認(rèn)識做好冬季安全生產(chǎn)工作的重要性和緊迫性,把安全生產(chǎn)擺在突出位置。",
    "二、強(qiáng)化隱患排查。要組織開展全覆蓋的隱患排查整治,對排查出的問(wèn)題建立臺(tái)賬,明確責(zé)任,限期整改到位。",
]


@pytest.mark.parametrize(
    "chrome",
    [
        pytest.param("當(dāng)前位置(zhì):首頁(yè) > 工作總(zǒng)結(jié) > 正文", id="breadcrumb"),
        pytest.param("熱(rè)門(mén)標(biāo)簽(qiān):工作總(zǒng)結(jié) 述職報(bào)告", id="hot-tags-row"),
        pytest.param("上(shàng)一篇(piān):2023年教育工作總(zǒng)結(jié)", id="previous-article-link"),
        pytest.param("發(fā)布時(shí)間(jiān):2024-01-12 瀏覽(lǎn)次數(shù):1024", id="metadata-row"),
    ],
)
def test_chrome_of_an_annotated_traditional_mirror_goes_once_its_annotations_are_cut(rules: Pipeline, chrome: str):
    """An SEO mirror annotates every character of the page (`發(fā)展`): the annotations go first, then the chrome
    is recognised in simplified script like any other page's; the body stays, annotations cut."""
    doc = rules.clean(Document.from_text("doc", "\n".join([MIRROR_BODY[0], chrome, *MIRROR_BODY[1:]])))
    kept = [line.text for line in doc.lines]
    assert len(kept) == 3 and kept[0].startswith("为切实做好今冬明春安全生产工作"), kept
    assert all("(" not in line for line in kept), kept


# ---- a list of other documents after the text, with no heading (related_lists) ----

OTHER_DOCUMENTS = ["2024年个人工作总结范文(精选10篇).docx", "年度工作总结报告模板 12页", "教师个人工作总结2023",
                   "员工年终总结范文大全", "部门工作计划怎么写"]


def test_a_list_of_other_documents_after_the_text_goes_with_no_heading(rules: Pipeline):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *OTHER_DOCUMENTS])))
    assert _kept(doc) == ["教研工作总结", *BODY]
    assert {r.reason for r in doc.removals} == {
        "item of a list of other documents after the text (4 of 5 name a document)"
    }


@pytest.mark.parametrize(
    "last",
    [
        pytest.param("请大家相信我、支持我,谢谢大家!", id="noise-a-speechs-closing-exclamation"),
        pytest.param("同学们,你们准备好了吗?", id="a-speechs-closing-question"),
    ],
)
def test_a_short_closing_line_of_the_text_is_no_item_of_the_list_below_it(rules: Pipeline, last: str):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, last, *OTHER_DOCUMENTS])))
    assert _kept(doc) == ["教研工作总结", *BODY, last]


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(["附件:", "学校工作总结模板.docx", "教研活动汇总表.xlsx", "填报说明.pdf"], id="a-notice's-attachments"),
        pytest.param(["1.学校工作总结模板.docx", "2.教研活动汇总表.xlsx", "3.填报说明.pdf"], id="numbered-attachments"),
        pytest.param(["春眠不觉晓", "处处闻啼鸟", "夜来风雨声", "花落知多少"], id="a-poem-at-the-end"),
        pytest.param(["[1] 王明.教学改革研究[J].教育学报,2020", "[2] 李华.课堂教学模板设计[M].北京:教育出版社,2019",
                      "[3] 张强.教研活动汇编[M].2018"], id="references"),
        pytest.param(["某某区教育局", "2024年12月3日"], id="a-signature"),
        pytest.param(OTHER_DOCUMENTS[2:4], id="two-titles-only"),
        pytest.param(["暑假阅读小结", "读完:4本", "合计读了:512页", "平均每天:约18页"],
                     id="probe14-reading-log's-totals-in-pages"),
        pytest.param(["本学期实习汇总", "实习周数:16周", "实习日志:约120页", "实习报告:32页"],
                     id="probe14-internship-summary-fields-in-pages"),
    ],
)
def test_the_documents_own_lines_after_its_text_stay(rules: Pipeline, tail: list[str]):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *tail])))
    assert _kept(doc) == ["教研工作总结", *BODY, *tail]


@pytest.mark.parametrize(
    "titles",
    [
        pytest.param(["高一物理《牛顿第一定律》说课稿", "初中化学实验教学反思", "小学科学课堂教学策略研究", "班主任德育工作总结",
                      "校本课程开发实施方案"], id="probe14-tail-titles-naming-their-kind"),
        pytest.param(["绿萝叶子发黄怎么办", "新手适合养的多肉有哪些", "兰花多久浇一次水", "月季花不开花是什么原因"],
                     id="probe14-tail-questions-of-a-qa-site"),
        pytest.param(["現代企業財務風險管理論文", "中小學教師績效工資制度探析", "農村集體經濟發展的幾點思考"],
                     id="probe14-tail-titles-traditional-script"),
        pytest.param(["五年级上册分数乘法专项练习", "人教版五年级数学期末模拟卷(B卷)", "五年级上册第三单元检测"],
                     id="noise11-an-exam-sites-other-papers"),
        pytest.param(["关于做好2025年春季森林防火工作的通知", "青石镇2024年度低保对象公示", "关于印发乡村振兴考核办法的通知"],
                     id="noise11-a-government-sites-other-notices"),
    ],
)
def test_a_tail_list_of_titles_naming_their_kind_or_asking_goes(rules: Pipeline, titles: list[str]):
    """Other documents' titles end in the kind of document they are (教学反思, 实施方案, 论文) or, on a Q&A site,
    ask a question without its question mark: a run of them after the text is the site's list."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *titles])))
    assert _kept(doc) == ["教研工作总结", *BODY]
    assert {r.cleaner for r in doc.removals} == {"related_lists"}


def test_a_removed_toolbar_ends_a_notices_signature_and_its_sites_other_notices_below_go(rules: Pipeline):
    """noise11: a government notice signs and dates itself, the page's toolbar follows, then the site's other
    notices. Counted as one run with the signature, the titles were too few of it to be a list."""
    signature = ["某某乡人民政府", "2024年9月3日"]
    others = ["关于做好秋季森林防火工作的通知", "某某乡2024年第三批临时救助对象公示", "某某乡召开安全生产工作推进会"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *signature, "[ 打印 ]  [ 关闭 ]", *others])))
    assert _kept(doc) == ["教研工作总结", *BODY, *signature]
    assert {r.cleaner for r in doc.removals if r.text in others} == {"related_lists"}


@pytest.mark.parametrize(
    ("pair", "goes"),
    [
        pytest.param(["白玉镇召开2025年安全生产工作会议 02-24", "白玉镇开展冬季森林防火专项检查 01-09"], True,
                     id="noise13-two-dated-stories-of-a-town-site"),
        pytest.param(["关于2024年度教师职称评审结果的公示", "某某县2024年公开招聘幼儿园教师拟聘用人员名单"], True,
                     id="noise13-two-notices-naming-their-kind"),
        pytest.param(["感谢各位领导莅临指导工作", "祝大家新春愉快万事如意"], False, id="two-closing-wishes-of-the-text"),
        pytest.param(["每组同学完成练习 3-5", "每组同学完成练习 6-8"], False, id="ranges-are-no-dates-without-a-list"),
    ],
)
def test_two_titles_between_removed_lines_go_when_each_is_dated_or_names_a_document(
        rules: Pipeline, pair: list[str], goes: bool):
    """noise13: a town's or a news site's other stories, two of them between the page's removed toolbar and its
    footer, each with its list date or naming its kind of document; two other lines there are the text's own."""
    footer = "版权所有:某某镇人民政府 | 网站地图 | 联系我们"
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, "【打印】【关闭】", *pair, footer])))
    assert _kept(doc) == ["教研工作总结", *BODY, *([] if goes else pair)]


@pytest.mark.parametrize(
    "office",
    [pytest.param("某某区妇女联合会", id="noise13-a-federation-signs"), pytest.param("某某乡人民政府", id="a-government-signs")],
)
def test_a_notices_signature_and_date_end_it_and_the_sites_dated_notices_right_below_go(rules: Pipeline, office: str):
    """noise13: a notice's contact rows, its office and date, then the site's other notices with their dates and no
    line removed between: the signature and the date close the document, the run below them is the site's list."""
    own = ["联系电话:0750-3382716(工作日上午8:30-12:00)", "来信地址:某某区人民路8号区行政中心3楼", office, "2024年12月3日"]
    others = ["某某区2024年度“三八红旗手”评选结果公示 2024-11-15", "关于开展第二届“书香家庭”推荐工作的通知 2024-10-08",
              "区妇联召开2024年第三季度工作例会 2024-09-27"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *own, *others])))
    assert _kept(doc) == ["教研工作总结", *BODY, *own]
    assert {r.cleaner for r in doc.removals} == {"related_lists"}


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(["某某区妇女联合会", "2024年12月3日", "抄送:区委办、区政府办", "附件:推荐表.docx"],
                     id="noise13-a-notices-copy-line-and-attachment-below-its-date"),
        pytest.param(["某某区妇女联合会", "2024年12月3日", "某某区教育局", "2024年12月5日"], id="two-offices-sign-in-turn"),
    ],
)
def test_a_notices_own_lines_below_its_signature_and_date_stay(rules: Pipeline, tail: list[str]):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *tail])))
    assert _kept(doc) == ["教研工作总结", *BODY, *tail]


@pytest.mark.parametrize(
    ("taken", "titles_go"),
    [
        pytest.param("2024年教研组长述职报告范文", True, id="noise12-a-title-the-model-took-out-of-the-list"),
        pytest.param("政府网站  市长信箱  依申请公开", False, id="noise12-a-row-of-links-the-model-took-splits-it"),
    ],
)
def test_a_title_the_model_removed_from_a_tail_list_does_not_split_it(rules: Pipeline, classifier: Cleaner, taken: str,
                                                                      titles_go: bool):
    """The model may take one title of a site's list (its own judgment, recorded before related_lists looks again):
    the two titles above it and the two below are still one list of four, enclosed by the page's removed lines."""
    titles = ["班主任工作述职报告(精选)", "小学数学教师年度述职", taken, "初中教务主任述职述廉报告", "新任班主任工作总结"]
    lines = ["教研工作总结", *BODY, ENCLOSING[0], *titles, ENCLOSING[1]]
    doc = Document.from_text("doc", "\n".join(lines))
    chain = {c.name: c for c in rules.cleaners}
    classifier.drop_line(doc, doc.lines[lines.index(taken)], "line classifier: p(noise)=0.84 (lexical score +1.5)")
    for name in ("watermark_spans", "watermark"):
        doc = chain[name].run(doc)
    doc = chain["related_lists"].run(doc)
    others = [t for t in titles if t != taken]
    assert _kept(doc) == ["教研工作总结", *BODY] + ([] if titles_go else others)


@pytest.mark.parametrize(
    ("taken", "gone"),
    [
        pytest.param(True, True, id="noise14-qa-sites-other-questions-the-model-took-the-first-of"),
        pytest.param(False, False, id="two-enclosed-titles-alone-stay"),
    ],
)
def test_titles_the_model_took_from_an_enclosed_list_count_as_its_items(rules: Pipeline, classifier: Cleaner, taken: bool,
                                                                        gone: bool):
    """Three titles after the text between the page's removed lines go as a list; when the model took the first,
    the two it left are still a list of three (two titles alone, with no date nor document named, are too few)."""
    questions = ["电脑频繁蓝屏重启是什么原因", "内存条混插有什么讲究?", "笔记本加装内存后开不了机"]
    lines = ["教研工作总结", *BODY, ENCLOSING[0], *questions, ENCLOSING[1]]
    if not taken:
        lines.remove(questions[0])
    doc = Document.from_text("doc", "\n".join(lines))
    chain = {c.name: c for c in rules.cleaners}
    if taken:
        classifier.drop_line(doc, doc.lines[lines.index(questions[0])], "line classifier: p(noise)=0.94 (lexical score +1.5)")
    for name in ("watermark_spans", "watermark"):
        doc = chain[name].run(doc)
    doc = chain["related_lists"].run(doc)
    assert _kept(doc) == ["教研工作总结", *BODY] + ([] if gone else questions[1:])
    if gone:
        assert {r.reason for r in doc.removals if r.cleaner == "related_lists"} == {
            "item of a list of 2 titles (and 1 the line_classifier took) after the text, between lines of the page "
            "removed above and below it"}


ENCLOSING = ("[ 打印 ]  [ 关闭 ]", "版权所有 © 2024 某某新闻网  京ICP备12345678号")


@pytest.mark.parametrize(
    "headlines",
    [
        pytest.param(["城南新区学校今秋投入使用", "本周末将迎来强降雨天气", "老城区龙舟队开始集训"], id="noise8-noise11-other-stories"),
        pytest.param(["2023年物业公司安全生产工作总结", "物业客服部年终总结及明年计划", "小区保洁工作月度考核细则"],
                     id="noise12-a-title-opening-with-its-year"),
        pytest.param(["某某电池发布第二代产品 量产时间表曝光", "固态电池离上车还有多远?", "虚拟电厂是什么?一文看懂"],
                     id="noise12-other-stories-asking"),
        pytest.param(["发财树叶子发黄掉叶怎么办?", "多肉夏天需要遮阴吗?", "龟背竹为什么不裂叶?"], id="noise11-a-qa-sites-other-questions"),
        pytest.param(["多家城商行一季报出炉 谁的净息差最稳?", "北向资金本周净流入超百亿", "4月29日晚间重要公告一览"],
                     id="noise15-a-headline-opening-with-its-day"),
    ],
)
def test_titles_between_a_removed_toolbar_and_a_removed_footer_go_whatever_they_name(rules: Pipeline, headlines: list[str]):
    """noise8, noise11, noise12: other stories' headlines (no kind of document in them, some asking) between the
    page's toolbar and its footer, both removed, after the text."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, ENCLOSING[0], *headlines, ENCLOSING[1]])))
    assert _kept(doc) == ["教研工作总结", *BODY]
    assert {r.cleaner for r in doc.removals if r.text in headlines} == {"related_lists"}


@pytest.mark.parametrize(
    "own",
    [
        pytest.param(["附件:1.加装电梯补助申请表", "2.申报材料清单", "某某区住房和城乡建设局", "2024年5月21日"],
                     id="noise11-a-notices-attachments-signature-and-date"),
        pytest.param(["参考文献:", "[1]王明.校园节约行为研究[J].高校后勤,2021(6):33-36.", "[2]李华.食物浪费综述[D].2020."],
                     id="noise11-a-papers-references"),
        pytest.param(["3.1 开工前为乙方入场施工创造条件。", "3.2 提供施工期间的水源、电源。"], id="noise11-a-contracts-numbered-clauses"),
    ],
)
@pytest.mark.parametrize(
    "titles",
    [
        pytest.param(["既有住宅加装电梯常见问题解答", "关于公布加装电梯补助资金发放情况的公示", "区住建局召开老旧小区改造推进会"],
                     id="noise11-a-government-sites-other-notices"),
        pytest.param(["城乡居民医保门诊待遇政策解读", "2024-10-21", "异地就医直接结算备案指南", "2024-09-30", "长期护理保险试点常见问题"],
                     id="noise11-other-notices-each-with-its-date-below"),
    ],
)
def test_titles_the_pages_removed_lines_enclose_go_after_the_documents_attachments_or_numbered_items(
        rules: Pipeline, own: list[str], titles: list[str]):
    """noise9-11: a notice's attachments, a paper's references or a contract's numbered clauses end the text; the
    page's toolbar follows, then the site's other documents (their dates below them), then its footer. The
    document's own lines stay."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *own, ENCLOSING[0], *titles, ENCLOSING[1]])))
    assert _kept(doc) == ["教研工作总结", *BODY, *own]
    # (a date alone on its line has no words: no_words may take it first)
    assert {r.cleaner for r in doc.removals if r.text in titles and not r.text[0].isdigit()} == {"related_lists"}


@pytest.mark.parametrize(
    "own",
    [
        pytest.param(["附件:", "加装电梯补助申请表", "申报材料清单", "业主同意书"], id="attachments-named-after-a-colon"),
        pytest.param(["附件:1.加装电梯补助申请表", "2024年度补助资金汇总表", "申报材料清单", "业主意见征询表"],
                     id="attachments-the-first-numbered-the-rest-not"),
    ],
)
def test_a_documents_attachments_stay_after_a_removed_page_marker(rules: Pipeline, own: list[str]):
    """Attachments named after a page break (the page marker removed): no list of the site's, even above its footer."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, own[0], "- 3 -", *own[1:], ENCLOSING[1]])))
    assert _kept(doc) == ["教研工作总结", *BODY, *own]


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(["10:30-11:30 圆桌对话", "主持:卜晓川", "12:00-13:30 午餐", "14:00-17:30 分论坛"],
                     id="safety3-an-events-schedule"),
        pytest.param(["上午 参观数字农场", "下午 乡村振兴展示中心", "傍晚 返回市区"], id="a-visits-half-days"),
        pytest.param(["报名人:__________", "联系电话:__________", "所在单位:__________"], id="a-forms-labelled-rows"),
        pytest.param(["一根扁担", "挑过我的童年", "也挑过他的半生", "肩头还在", "人已白头"], id="noise11-a-blogs-closing-verse"),
        pytest.param(["课后讨论", "冰为什么会浮在水面上?", "水结冰以后体积怎样变化?", "你还能举出生活中的哪些例子?"],
                     id="a-lessons-questions-under-its-own-heading"),
        pytest.param(["2024年秋季学期", "9月1日 开学报到", "9月10日 教师节表彰"], id="a-schedule-under-its-year"),
        pytest.param(["2024年秋季学期", "9月1日开学报到", "9月10日教师节表彰", "10月1日至7日国庆放假"], id="a-schedule-unspaced"),
        pytest.param(["某某市住房和城乡建设局", "某某市市场监督管理局", "2024年9月3日"], id="co-signing-offices-and-their-date"),
    ],
)
def test_a_documents_own_rows_between_removed_lines_stay(rules: Pipeline, rows: list[str]):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, ENCLOSING[0], *rows, ENCLOSING[1]])))
    assert _kept(doc) == ["教研工作总结", *BODY, *rows]


def test_a_qa_sites_other_questions_after_the_answer_go(rules: Pipeline):
    """noise13-15: a Q&A site's or a content farm's other questions right after the answer, under no heading and with
    no removed line above them: two in three of them ask."""
    questions = ["试用期辞职需要提前几天通知?", "公司拖欠最后一个月工资怎么维权", "劳动仲裁需要准备哪些材料"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["离职证明怎么开", *BODY, *questions])))
    assert _kept(doc) == ["离职证明怎么开", *BODY]
    assert {r.reason for r in doc.removals if r.cleaner == "related_lists"} == {
        "item of a list of other pages' questions after the text (3 of 3 ask)"}


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(["课后讨论", "冰为什么会浮在水面上?", "水结冰以后体积怎样变化?", "你还能举出生活中的哪些例子?"],
                     id="a-lessons-questions-under-its-own-heading"),
        pytest.param(["风知道吗?", "云知道吗?", "月亮知道吗?"], id="a-poems-closing-questions"),
        pytest.param(["提问:你能提出一个减法问题吗?", "预设1:芍药比牡丹多多少棵?", "预设2:多多少平方米?"],
                     id="real-dev-a-lessons-labelled-questions"),
        pytest.param(["秋天的田野", "金黄的稻穗", "弯弯的小路"], id="titles-that-do-not-ask"),
    ],
)
def test_a_documents_own_questions_or_lines_after_its_text_stay(rules: Pipeline, tail: list[str]):
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *tail])))
    assert _kept(doc) == ["教研工作总结", *BODY, *tail]


def test_a_sites_list_heading_ending_in_a_colon_announces_no_own_list(rules: Pipeline):
    """A colon after a site's list heading (看过…还看了以下文章:) is no document's lead-in: the titles still go."""
    titles = ["2023年社区书记述职报告", "网格员年度工作总结", "社区换届选举工作实施方案"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, "看过本篇范文的人还看了以下文章:", *titles])))
    assert not set(titles) & set(_kept(doc))


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(["三、工作要求", "健全安全管理制度", "落实领导带班制度", "完善应急处置预案"],
                     id="probe14-tail-own-section-under-an-ordinal-heading"),
        pytest.param(["第四章 附则", "本办法自发布之日起施行", "本办法由校长办公室负责解释"], id="probe14-tail-own-chapter"),
        # no heading at all: a plan's own closing tasks name a kind of document as their object, a verse asks
        pytest.param(["健全安全管理制度", "落实领导带班制度", "完善应急处置预案", "签订安全目标责任书"],
                     id="own-closing-tasks-without-a-heading"),
        pytest.param(["小草在哪里呢", "小花在哪里呢", "春天在哪里呢"], id="a-verse-asking-line-after-line"),
        pytest.param(["评选优秀班集体", "公布获奖名单", "发放荣誉证书"], id="own-closing-tasks-naming-a-list-undated"),
        pytest.param(["(三)保障措施", "建立联席会议制度", "健全考核评价办法", "落实专项经费保障方案"],
                     id="probe14-tail-own-subsection-in-brackets"),
        # a list the last paragraph announces with a colon (adv14)
        pytest.param(["请各班主任于1月20日前将以下材料交教务处:", "班级工作总结", "学生综合素质评价实施方案", "寒假安全教育家长会发言稿"],
                     id="adv14-tail-materials-a-notice-asks-for"),
        pytest.param(["资源包包括:", "《秋天的雨》第一课时教学设计", "《秋天的雨》说课稿", "《秋天的雨》教学反思"],
                     id="adv14-tail-a-resource-packs-own-files"),
        pytest.param(["在教研上,我积极参加区里的课题研究,本年度撰写并发表的文章有:", "农村初中留守学生阅读习惯的培养初探",
                      "群文阅读在七年级语文教学中的几点思考", "双减背景下初中语文作业设计探析"], id="adv14-tail-a-teachers-own-papers"),
        pytest.param(["以下情况请到服务台咨询:", "读者证丢失了怎么办", "借的书弄破了怎么办", "一次最多能续借多少天是什么规定"],
                     id="adv14-tail-a-guides-own-questions-after-a-lead-in"),
        # a lesson's discussion questions (是什么, 有哪些: a lesson's question forms, not a help-seeker's)
        pytest.param(["课后讨论", "暗反应为什么在黑暗中也能进行一段时间", "影响光合作用强度的环境因素有哪些", "大棚种植中提高产量的措施是什么"],
                     id="adv14-tail-a-lessons-discussion-questions"),
        # a heading of the recommendation family a document uses for its own list
        pytest.param(["网友推荐", "老李家羊肉面", "王记芝麻烧饼", "陈阿婆凉粉"], id="adv14-food-guide-shops-locals-recommend"),
        pytest.param(["热点话题", "中学生使用手机利大于弊", "网络流行语丰富了汉语", "人工智能让学习更轻松"],
                     id="adv14-debate-lessons-topics"),
    ],
)
def test_the_documents_own_short_lines_after_its_text_stay(rules: Pipeline, tail: list[str]):
    """A heading numbered `三、`, `第四章`, `(三)` is the document's own: the short lines under it stay even when
    they end in 制度 or 方案; without a heading, a plan's closing tasks (their object a 制度 or a 预案) and a verse's
    questions stay too."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, *tail])))
    assert _kept(doc) == ["教研工作总结", *BODY, *tail]


@pytest.mark.parametrize(
    "heading",
    [
        pytest.param("热点推荐", id="probe14-related-heading-hot-picks"),
        pytest.param("人气文章排行", id="probe14-related-heading-popular-ranking"),
        pytest.param("【本周热门话题】", id="probe14-related-heading-this-weeks-hot-topics"),
        pytest.param("精选图文 更多>>", id="probe14-related-heading-picked-photo-stories"),
        pytest.param("相关资讯推荐:", id="probe14-related-heading-related-news-recommended"),
        pytest.param("猜你感兴趣:", id="probe14b-related-heading-guess-you-are-interested"),
        pytest.param("看过本篇范文的人还看了…", id="probe14b-related-heading-readers-of-this-also-read"),
        pytest.param("本类热门", id="probe14b-related-heading-hot-in-this-category"),
        pytest.param("下载过该文档的用户还下载了", id="related-heading-downloaders-also-downloaded"),
        pytest.param("▍相关阅读", id="probe14c-related-heading-after-a-bar-bullet"),
        pytest.param("■ 推荐阅读", id="related-heading-after-a-square-bullet"),
        pytest.param("与本文档相关的文档", id="probe14s-related-heading-related-to-this-document"),
        pytest.param("【和该专利相似的专利】", id="probe14s-related-heading-similar-to-this-patent"),
        pytest.param("同类专利推荐", id="probe14s-related-heading-same-kind-patents-recommended"),
        pytest.param("相关法规", id="noise5-related-heading-law-database-related-laws"),
        pytest.param("【相关公告】", id="noise5-related-heading-announcement-sites-related-notices"),
        pytest.param("该公司其他公告:", id="noise5-related-heading-the-companys-other-notices"),
        pytest.param("看此商品的人也看了", id="noise5-related-heading-shop-viewers-also-viewed"),
        pytest.param("和这份课件相似的资料", id="noise8-related-heading-similar-to-this-kind-of-document"),
    ],
)
def test_a_list_heading_of_recommendation_and_item_words_goes_with_its_titles(rules: Pipeline, heading: str):
    """A heading made of a word of recommendation or popularity and the kind of item listed, in wordings no
    pattern lists one by one, goes with the titles under it."""
    titles = ["城区新增三条公交线路", "周末气温回升 雨水减少", "图书馆延长夜间开放时间"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["教研工作总结", *BODY, heading, *titles])))
    assert _kept(doc) == ["教研工作总结", *BODY]


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(["最新资讯", "学校举行春季田径运动会"], id="probe14-recency-label-over-the-pages-own-story"),
        pytest.param(["三、热门话题", "课后服务如何提质"], id="probe14-numbered-heading-of-the-document"),
        # a tutorial's own list of what else to prepare
        pytest.param(["你可能还需要", "一台能联网的电脑"], id="a-tutorials-list-of-what-to-prepare"),
        # a review's own heading naming a study, with its list of works
        pytest.param(["与本研究相关的文献", "城市绿地降温效应研究综述"], id="probe14s-review-heading-works-related-to-this-study"),
    ],
)
def test_a_recency_label_or_a_numbered_heading_keeps_the_story_under_it(rules: Pipeline, head: list[str]):
    """An index page's `最新资讯` sits over its own latest story, and a document's numbered heading over its own
    section: neither is a list of other pages."""
    doc = rules.clean(Document.from_text("doc", "\n".join([*head, *BODY])))
    assert _kept(doc) == [*head, *BODY]


@pytest.mark.parametrize(
    "section",
    [
        pytest.param(["延伸阅读", "登鹳雀楼", "[唐] 王之涣", "白日依山尽,黄河入海流。", "欲穷千里目,更上一层楼。"],
                     id="probe14-textbook-further-reading-a-poem"),
        pytest.param(["推荐阅读", "爱莲说", "〔宋〕周敦颐", "水陆草木之花,可爱者甚蕃。", "晋陶渊明独爱菊。"],
                     id="probe14-reader-recommended-a-classical-essay"),
    ],
)
def test_a_textbooks_own_section_under_a_list_heading_stays(rules: Pipeline, section: list[str]):
    """A classical text's byline among the lines under the heading: the document's own anthology, not other pages."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["第六单元 古诗词诵读", *BODY, *section])))
    assert _kept(doc) == ["第六单元 古诗词诵读", *BODY, *section], doc.removals


def test_teasers_cut_short_go_in_a_hot_list_and_stay_in_a_sites_list_of_stories(rules: Pipeline):
    """Under a related heading another story's teaser cut short (`...`) is an item; a listing page of teasers
    with no such heading is the page's own text (labellers keep it)."""
    teasers = ["(本报讯)市交通局昨日表示,将在下月起对中心城区的十二条主干道实施分时段限行措施,以缓解早晚高峰...",
               "(本报讯)市气象台今晨发布暴雨黄色预警,预计未来六小时内全市大部分地区将出现短时强降水,提醒市民..."]
    hot = ["热门新闻", "暴雨致多条道路积水 交警提醒绕行", "国内", teasers[0], "阅读全文", "市民排队领取新版社保卡", teasers[1]]
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, *hot])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY]
    assert sum("teaser of another story" in r.reason for r in doc.removals) == 2
    listing = rules.clean(Document.from_text("doc", "\n".join(["本地新闻", *teasers])))
    assert _kept(listing) == ["本地新闻", *teasers]


DECORATED_TITLE = "社区卫生服务中心2023年度工作总结"


@pytest.mark.parametrize(
    "copy",
    [f"【{DECORATED_TITLE}】", f"《{DECORATED_TITLE}》", f"标题:{DECORATED_TITLE}", f"{DECORATED_TITLE}(可编辑)",
     f"{DECORATED_TITLE}-文档在线预览", f"{DECORATED_TITLE} 下载", f"{DECORATED_TITLE}【精品】",
     f"{DECORATED_TITLE}(通用10篇)", f"{DECORATED_TITLE}(优秀作文800字)", f"文档名称:{DECORATED_TITLE}"],
    ids=["in lenticular brackets", "in title marks", "after a title label", "editable", "online preview", "download",
         "a quality badge", "a collection's count", "an essay site's length", "after a document-name label"],
)
def test_the_title_repeated_with_a_sites_decoration_goes(rules: Pipeline, copy: str):
    doc = rules.clean(Document.from_text("doc", "\n".join([DECORATED_TITLE, copy, *BODY])))
    assert _kept(doc) == [DECORATED_TITLE, *BODY]
    assert [r.reason for r in doc.removals] == ["repeats the title of line 1 with the site's decoration"]


@pytest.mark.parametrize(
    "heading",
    [f"一、{DECORATED_TITLE}的主要内容", f"{DECORATED_TITLE}的通知", f"关于{DECORATED_TITLE}的说明",
     f"{DECORATED_TITLE}(第2稿)", f"{DECORATED_TITLE}附件3"],
    ids=["a section about the title", "a notice on it", "a note on it", "a draft's number", "an attachment"],
)
def test_headings_that_contain_the_title_in_a_sentence_stay(rules: Pipeline, heading: str):
    doc = rules.clean(Document.from_text("doc", "\n".join([DECORATED_TITLE, heading, *BODY])))
    assert _kept(doc) == [DECORATED_TITLE, heading, *BODY]


def test_a_short_title_decorated_stays(rules: Pipeline):
    """A short title ("工作总结") is part of too many of the document's own headings to be matched decorated."""
    doc = rules.clean(Document.from_text("doc", "\n".join(["工作总结", "【工作总结】", *BODY])))
    assert _kept(doc) == ["工作总结", "【工作总结】", *BODY]


def test_a_related_list_of_long_headlines_with_their_dates_goes(rules: Pipeline):
    items = ["- 某市举办第二届海峡两岸青年文化交流冬令营暨迎春联欢会2026-02-02",
             "- 全市中小学生艺术展演活动在市文化中心隆重举行并评出各类奖项2026-02-01"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, "新闻推荐", *items])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY]


@pytest.mark.parametrize(
    "heading", ["相关视频", "【相关问答】", "相关试卷", "相关范文推荐", "相关标准推荐", "相关菜谱", "本版热门话题", "本期其他文章",
                "相似专利", "同类题", "相似题目"],
    ids=["a news page's videos", "a content farm's Q&A", "an exam site's papers", "an essay site's model texts",
         "probes19 a standards site's standards", "probes19 a recipe site's recipes", "probes19 a forum's threads",
         "probes20 a journal issue's other articles", "probes20 a patent site's similar patents",
         "noise12 a Q&A site's questions of the same kind", "noise9 a homework site's similar questions"]
)
def test_a_list_of_videos_or_questions_goes_with_its_heading(rules: Pipeline, heading: str):
    items = ["自行车补胎只需三步 新手也能学会", "山地车爆胎了怎么办 老师傅教你一招"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, heading, *items])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY]


def test_a_news_sites_hot_list_goes_with_its_read_more_links(rules: Pipeline):
    hot = ["热门新闻", "阅读全文", "某市举办首届龙舟邀请赛 吸引上万市民观赛", "阅读全文", "暴雨致多条道路积水 交警提醒绕行",
           "阅读全文"]
    caption = "图为志愿者在社区服务站为老人测量血压。"
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, *hot, caption])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY, caption]
    assert {r.cleaner for r in doc.removals} == {"related_lists"}


def test_a_hot_lists_exclaimed_headlines_and_other_stories_captions_go(rules: Pipeline):
    """Under a related heading a news headline may end with '!' or '?', and another story's photo caption (a
    short sentence between two items) goes with the list; a caption after the list's last item stays."""
    hot = ["热门新闻", "阅读全文", "老人长期熬夜身体出现异常 医生提醒:赶紧改!", "阅读全文", "资料图",
           "新能源车销量再创新高?业内人士这样说", "市长昨日在记者会上回应了市民关心的交通问题。", "市长:年内完成主干道改造",
           "阅读全文"]
    caption = "图为志愿者在社区服务站为老人测量血压。"
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, *hot, caption])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY, caption]
    assert any("caption of another story" in r.reason for r in doc.removals)


def test_exclaimed_lines_with_no_list_heading_above_stay(rules: Pipeline):
    lines = ["同学们,加油!", "我们一定能行!", "比赛结束后,大家一起合影留念。", "明年再见!"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["运动会记", *BODY, *lines])))
    assert _kept(doc) == ["运动会记", *BODY, *lines]


@pytest.mark.parametrize(
    ("line", "kept"),
    [("市长表示,明年将继续推进老旧小区改造。 read more", "市长表示,明年将继续推进老旧小区改造。"),
     ("运动会于上午九点正式开幕。阅读全文>>", "运动会于上午九点正式开幕。"),
     ("请同学们课后点击链接阅读全文", "请同学们课后点击链接阅读全文"),
     ("Click the link to read more", "Click the link to read more")],
    ids=["an English read-more link", "a Chinese read-more link", "a reading task in a sentence",
         "read more inside an English sentence"],
)
def test_a_read_more_link_glued_after_a_sentence_is_cut(rules: Pipeline, line: str, kept: str):
    doc = run(rules, line)
    assert [x.text for x in doc.lines] == [*BODY, kept]


def test_a_long_teaser_ending_in_a_read_more_link_goes_in_a_related_list(rules: Pipeline):
    teaser = ("市政府今日宣布,将延续现行的防疫措施十四天,由本周四起生效。卫生部门表示,近日确诊个案有所回落,但仍需保持警惕,"
              "呼吁市民尽早接种疫苗,做好个人防护,减少不必要的聚集活动。 read more")
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, "Related Posts", "防疫措施再延长两周",
                                                           teaser])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY]
    assert any("teaser of another story" in r.reason for r in doc.removals)


def test_an_aggregators_teaser_with_its_source_and_age_goes_in_a_related_list(rules: Pipeline):
    teaser = ("市议会昨日三读通过了新的公共交通补贴方案,明年起学生和长者乘坐公交可享受半价优惠,预计每年受惠人次超过两千万。"
              "某某新闻网 ・ 1 天前 ・ 36")
    items = ["公交半价方案通过 学生长者受惠", teaser, "地铁新线下月试运行 沿线居民盼通车"]
    doc = rules.clean(Document.from_text("doc", "\n".join(["龙舟赛今日开幕", *BODY, "其他人也在看", *items])))
    assert _kept(doc) == ["龙舟赛今日开幕", *BODY]


# a project page's description: its body's sentences, reordered and shortened, glued into one line
PROJECT = [
    "基于Python的贪吃蛇游戏设计与实现",
    "一、项目简介",
    "本项目为贪吃蛇游戏及自动寻路算法的实现,分为游戏本体和自动寻路两个部分。",
    "二、游戏本体",
    "游戏本体带有图形界面,玩家用方向键控制蛇的移动,吃到食物后蛇身变长,撞墙或撞到自己则游戏结束。",
    "三、自动寻路",
    "自动寻路部分用广度优先搜索计算蛇头到食物的最短路径,找不到路径时跟随蛇尾移动,避免把自己困死。",
]
PIECED = ("贪吃蛇游戏及自动寻路算法的实现:游戏本体带有图形界面,玩家用方向键控制蛇的移动,"
          "自动寻路部分用广度优先搜索计算蛇头到食物的最短路径")


@pytest.mark.parametrize(
    "description",
    [PIECED, "简介:" + PIECED + "。"],
    ids=["cut-short", "under-a-pages-label"],
)
def test_a_description_pieced_from_the_body_goes_and_the_body_stays(rules: Pipeline, description: str):
    doc = rules.clean(Document.from_text("doc", "\n".join([PROJECT[0], description, *PROJECT[1:]])))
    assert _kept(doc) == PROJECT
    assert len(_repeats(doc)) == 1
    line_no, why = _repeats(doc)[0]
    assert line_no == 2 and why.endswith("of its words recur in the lines after it (a summary pieced from the body)")


def test_the_shingle_sets_are_compared_as_numpy_unique_and_isin_compare_them():
    import numpy as np

    from cleaners.repeated_lines import _distinct, _found

    rng = np.random.default_rng(7)
    for size, later in ((0, 0), (1, 0), (5, 3), (300, 2000), (300, 1)):
        mine = rng.integers(0, 40, size).astype(np.uint64) * np.uint64(2**58)  # repeats, and the top bits set
        rest = rng.integers(0, 40, later).astype(np.uint64) * np.uint64(2**58)
        distinct = _distinct(mine)
        assert distinct.tobytes() == np.unique(mine).tobytes()
        assert _found(distinct, np.sort(rest)).tolist() == np.isin(distinct, rest).tolist()


@pytest.mark.parametrize(
    "lines",
    [
        # a book's blurb, then the table of contents naming the same topics: half its words recur, not most
        pytest.param(["网络爬虫开发实战", "本书介绍了如何开发网络爬虫,内容包括爬虫所需的语法基础、网页抓取的工作原理、"
                      "开源组件的使用方法以及数据存储的常见方案,适合初学者阅读。",
                      "第1章 爬虫的语法基础", "第2章 网页抓取的工作原理", "第3章 开源组件的使用方法", "第4章 数据存储"],
                     id="blurb-over-its-contents"),
        # the last paragraph restates the first in other words: the first is the author's, not a summary
        pytest.param([PROJECT[0], PROJECT[2], PROJECT[4], PROJECT[6],
                      "总之,本项目实现了贪吃蛇游戏及自动寻路算法,并在实验中验证了寻路策略的有效性。"],
                     id="conclusion-restating-the-introduction"),
        # a student paper's abstract copied from its own body: the author's, whatever the body repeats
        pytest.param([PROJECT[0], "摘要:" + PROJECT[4] + PROJECT[6][:30], *PROJECT[1:]],
                     id="paper-abstract-its-body-repeats"),
        pytest.param([PROJECT[0], "摘 要", PROJECT[4][2:] + PROJECT[6][2:], *PROJECT[1:]],
                     id="paper-abstract-under-a-bare-heading"),
        # a whole sentence the body restates (a lead, a claim, a contract's preamble, an exam's prompt): the author's
        pytest.param([PROJECT[0], PROJECT[4][2:-1] + "," + PROJECT[6][2:], *PROJECT[1:]], id="lead-sentence-restated"),
        # a patent's claims: each repeats most words of the one before, a word changed (rows of one pattern)
        pytest.param(["一种用于果蔬保鲜的包装装置"] + [
            f"{k}.根据权利要求{k - 1}所述的包装装置,其特征在于,所述包装盒的内壁设有{part},"
            "所述包装盒的盖板上开设有若干透气孔,透气孔的孔径为零点五毫米至一毫米。"
            for k, part in ((2, "吸湿层"), (3, "隔热层"), (4, "抑菌涂层"))], id="patent-claims-of-one-pattern"),
    ],
)
def test_a_line_whose_words_partly_recur_later_stays(rules: Pipeline, lines):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert _kept(doc) == lines and not _repeats(doc)


# ---- the title after a site's name: its repeat goes too (title_repeats, the head's lines) ----

SITE_NAME, POST_TITLE = "编程随笔", "Python装饰器详解"


def test_the_title_after_a_sites_name_repeated_as_a_heading_goes(rules: Pipeline):
    doc = rules.clean(Document.from_text("doc", "\n".join([SITE_NAME, POST_TITLE, POST_TITLE, *BODY])))
    assert _kept(doc) == [SITE_NAME, POST_TITLE, *BODY]
    assert [(r.cleaner, r.line_no, r.reason) for r in doc.removals] == [
        ("title_repeats", 3, "repeats line 2 of the page's head as a heading")]


@pytest.mark.parametrize(
    "between",
    [
        pytest.param(["2024-11-06 · 人教版 · 第一~三章", "23人已下"], id="noise12-doc-site-date-and-downloads-between"),
        pytest.param(["上传人:清风徐来", "文档编号:c41f0e7a", "2.9万"], id="noise12-uploader-id-and-views-between"),
    ],
)
def test_the_title_repeated_below_a_few_rows_of_the_head_goes_not_the_title(rules: Pipeline, between: list[str]):
    """A document site shows the file's name, its metadata rows, then the title again above the text: the copy goes
    (repeated_lines would take the first, the title, when two copies are left)."""
    title = "2024年初中班主任个人述职报告"
    doc = rules.clean(Document.from_text("doc", "\n".join([SITE_NAME, title + ".doc", *between, title, *BODY])))
    assert _kept(doc)[:2] == [SITE_NAME, title + ".doc"] and _kept(doc)[-2:] == BODY
    (r,) = [r for r in doc.removals if r.cleaner == "title_repeats"]
    assert (r.line_no, r.text) == (len(between) + 3, title)
    assert r.reason == f"repeats line 2 of the page's head as a heading after {len(between)} rows of the head"


@pytest.mark.parametrize(
    "lines",
    [
        # the rows between come again too: a contents list above its headings, a song's verse sung twice
        pytest.param(["家庭急救常识手册", "心肺复苏", "海姆立克急救法", "烫伤的处理", "心肺复苏", BODY[0], "海姆立克急救法", BODY[1]],
                     id="probe13-contents-without-a-heading"),
        pytest.param(["我和我的祖国(歌词)", "我和我的祖国", "一刻也不能分割", "无论我走到哪里", "我和我的祖国", "一刻也不能分割",
                      "无论我走到哪里", BODY[0]], id="probe13-a-songs-verse-twice"),
        # a sentence between ends the head
        pytest.param([SITE_NAME, POST_TITLE, BODY[0], POST_TITLE, BODY[1]], id="a-copy-below-a-sentence"),
    ],
)
def test_a_heads_line_again_below_rows_that_recur_too_stays(rules: Pipeline, lines: list[str]):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert not [r for r in doc.removals if r.cleaner == "title_repeats"], doc.removals


@pytest.mark.parametrize(
    ("first", "site"),
    [
        pytest.param("中秋夜,一城灯火一城诗 - 聚合快讯", "聚合快讯", id="sites9-a-news-aggregators-title-tag"),
        pytest.param("中秋夜,一城灯火一城诗_青崖县人民政府", "青崖县人民政府", id="sites9-a-county-portals-title-tag"),
        pytest.param("中秋夜,一城灯火一城诗 | 老韩的折腾笔记", "老韩的折腾笔记", id="sites5-a-blogs-title-tag"),
    ],
)
def test_the_pages_title_tag_with_the_sites_name_goes_above_the_title(rules: Pipeline, first: str, site: str):
    """The first line is the page's <title>: the title again below it as a line of its own, and the site's name,
    which the page shows on its own line too."""
    doc = rules.clean(Document.from_text("doc", "\n".join([first, site, "中秋夜,一城灯火一城诗", *BODY])))
    (r,) = [r for r in doc.removals if r.cleaner == "title_repeats"]
    assert (r.line_no, r.reason) == (1, f"the page's <title>: the title of line 3 and the site's name {site!r}")
    assert _kept(doc)[-3:] == ["中秋夜,一城灯火一城诗", *BODY]


@pytest.mark.parametrize(
    "lines",
    [
        # the words after the bar are the title's own: the page names them nowhere else
        pytest.param(["开发者大会 深圳站|学习笔记(二)", "开发者大会 深圳站", *BODY], id="real-dev-a-talks-title-with-its-part"),
        # the site's name, but no copy of the title below: the first line is the only title there is
        pytest.param(["中秋夜,一城灯火一城诗 - 聚合快讯", "聚合快讯", *BODY], id="no-title-below"),
    ],
)
def test_a_first_line_with_a_bar_that_is_no_title_tag_stays(rules: Pipeline, lines: list[str]):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert lines[0] in _kept(doc)


@pytest.mark.parametrize(
    "lines",
    [
        # a table of contents under its heading: the body repeats its entries as headings
        pytest.param([POST_TITLE, "目录", "装饰器的概念", "带参数的装饰器", "装饰器的概念", BODY[0], "带参数的装饰器", BODY[1]],
                     id="contents-then-headings"),
        # numbered entries of a contents list without a heading
        pytest.param([POST_TITLE, "1. 装饰器的概念", "2. 带参数的装饰器", "1. 装饰器的概念", BODY[0]], id="numbered-contents"),
        # a form's labelled rows repeat by design
        pytest.param(["参会回执", "单位名称:", BODY[0], "单位名称:", BODY[1]], id="form-rows"),
        # an office at the top of its notice signs it above the date
        pytest.param(["青禾县水利局", "关于开展汛前水利工程安全检查的通知", BODY[0], BODY[1], "青禾县水利局", "2025年4月2日"],
                     id="probe14-notice-office-on-top-signs-it-above-the-date"),
        pytest.param(["青禾县人民政府办公室", BODY[0], "青禾县人民政府办公室", "二〇二五年四月二日"],
                     id="probe14-notice-office-signature-date-in-numerals"),
    ],
)
def test_headings_and_rows_the_document_shows_twice_by_design_stay(rules: Pipeline, lines):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert not [r for r in doc.removals if r.cleaner == "title_repeats"], doc.removals


def test_a_body_line_that_starts_a_longer_line_above_it_stays(rules: Pipeline):
    """An author's lead glued from the body's first sentences, in order: the body's line is no summary of it."""
    lead = PROJECT[2] + PROJECT[4]
    doc = rules.clean(Document.from_text("doc", "\n".join([PROJECT[0], lead, *PROJECT[1:]])))
    assert PROJECT[2] in _kept(doc) and PROJECT[4] in _kept(doc)


# ---- the title as a refrain: an essay or a song repeating its title between its paragraphs keeps every copy ----

REFRAIN = "我们一起走过的路"
STANZAS = [
    "那年秋天我们第一次背着书包走进校门,操场边的梧桐树叶正一片一片地落下来,铺满了小路。",
    "后来我们一起参加运动会,一起在晚自习后数天上的星星,也一起为一道难题争论到熄灯。",
    "毕业那天下起了小雨,我们在教学楼前拍了最后一张合影,谁也没有说再见,只是笑着挥手。",
]


@pytest.mark.parametrize(
    ("lines", "removed"),
    [
        # the title between the paragraphs, three times: the author's refrain
        pytest.param([REFRAIN, "文/陈晓", REFRAIN, STANZAS[0], REFRAIN, STANZAS[1], REFRAIN, STANZAS[2]], [],
                     id="probe13-essay-refrain"),
        # once after a paragraph is still a page repeating its heading (a lead above the article's heading)
        pytest.param([REFRAIN, STANZAS[0], REFRAIN, STANZAS[1], STANZAS[2]], [3], id="heading-after-a-lead"),
    ],
)
def test_a_title_that_comes_back_between_paragraphs_is_a_refrain(rules: Pipeline, lines, removed):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert [r.line_no for r in doc.removals if r.cleaner == "title_repeats"] == removed, doc.removals


# ---- a page's title between the paragraphs: images captioned with it, however deep (title_repeats) ----

TUTORIAL = [f"第{k}步的配置写在项目根目录的配置文件里,修改以后需要重新启动服务才能生效,日志里会打印加载的结果。"
            for k in range(1, 16)]


@pytest.mark.parametrize(
    ("title", "copy"),
    [
        pytest.param("Nginx反向代理配置详解(附流程图)", "Nginx反向代理配置详解(附流程图)", id="look-alike-tech-post-image-alt-text"),
        pytest.param("董事会工作手册|第三版", "董事会工作手册|第三版", id="look-alike-title-with-a-bar"),
        pytest.param("仓库管理制度范本", "仓库管理制度范本.docx", id="look-alike-document-site-file-name"),
    ],
)
def test_a_page_titles_copies_between_paragraphs_go_however_deep(rules: Pipeline, title: str, copy: str):
    """A title with a page's or a file's marks (Latin, digits, brackets, a bar) is no refrain: its copies between the
    paragraphs are the page's image text, near the top and deep in the text alike; the title itself stays."""
    lines = [title, TUTORIAL[0], copy, *TUTORIAL[1:4], copy, *TUTORIAL[4:], copy, "收尾的说明写在最后一段,感谢大家的阅读和支持。"]
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    copies = [k + 1 for k, line in enumerate(lines) if line == copy and k]
    assert [r.line_no for r in doc.removals if r.cleaner == "title_repeats"] == copies, doc.removals
    assert _kept(doc)[0] == title and all(t in _kept(doc) for t in TUTORIAL)


def test_a_contents_lists_first_entry_on_line_one_is_no_title_to_repeat(rules: Pipeline):
    """A page whose title went earlier (a pass before, or the model) starts with its contents list: the headings
    the list names below are the document's, not the first line repeated as a page heading."""
    long = "这一部分在考试中分值稳定,复习时要回到课本,把基础知识整理成自己的笔记,再配合近三年的真题反复练习。"
    lines = ["现代文阅读", "课外阅读", "作文训练", "同学们,离期末考试只剩三周了,下面按题型谈谈复习的方法,供大家参考。",
             "现代文阅读", long, "课外阅读", long + "一", "作文训练", long + "二"]
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert not [r for r in doc.removals if r.cleaner == "title_repeats"], doc.removals


def test_a_lessons_title_on_its_blackboard_plan_deep_in_the_text_stays(rules: Pipeline):
    """A title of words only, once deep in the text (a lesson's blackboard plan), is the author's own."""
    lines = ["桂林山水", *TUTORIAL, "板书设计", "桂林山水", "水:静、清、绿 山:奇、秀、险"]
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert _kept(doc).count("桂林山水") == 2, doc.removals


# ---- breadcrumbs in new wordings: the location-label family and a spaced double colon (watermark) ----

@pytest.mark.parametrize(
    "line",
    [
        pytest.param("当前所在:主页>>校园生活>>社团活动", id="probe14-breadcrumb-current-whereabouts-label"),
        pytest.param("您所在的栏目 > 政策解读", id="probe14-breadcrumb-your-column-label"),
        pytest.param("美食 :: 川菜 :: 麻婆豆腐", id="probe14-breadcrumb-spaced-double-colon"),
        pytest.param("您在这里:美文集 / 散文 / 写景散文", id="noise13-breadcrumb-you-are-here"),
    ],
)
def test_a_breadcrumb_in_new_wording_goes(rules: Pipeline, line: str):
    doc = run(rules, line)
    assert _kept(doc) == BODY
    assert {r.cleaner for r in doc.removals} == {"watermark"}


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("所在单位:市第一中学", id="probe14-breadcrumb-lookalike-a-forms-field"),
        pytest.param("Haskell 中 map 的类型写作 map :: (a -> b) -> [a] -> [b]", id="probe14-breadcrumb-lookalike-a-type-signature"),
        pytest.param("学生所在班级和宿舍号码请如实填写", id="probe14-breadcrumb-lookalike-a-sentence-with-suo-zai"),
        pytest.param("目前所在:杭州", id="adv14-breadcrumb-lookalike-a-resumes-current-city"),
        pytest.param("你在这里:等我回来,好吗?", id="noise13-breadcrumb-lookalike-a-letter-says-you-are-here"),
        pytest.param("auto start = std :: chrono :: steady_clock :: now()", id="adv14-breadcrumb-lookalike-cpp-with-spaced-scopes"),
    ],
)
def test_a_breadcrumb_look_alike_stays(rules: Pipeline, line: str):
    doc = run(rules, line)
    assert _kept(doc) == [*BODY, line]


# --- probe14d (helper noise4): ads, junk, field codes; a lesson's arithmetic the model must not take ---------


@pytest.fixture(scope="module")
def full() -> Pipeline:
    return Pipeline(load_config(None))


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("例3:2/3 + 1/5 = 10/15 + 3/15 = 13/15", id="probe14d-arithmetic-worked-example"),
        pytest.param("练一练:3/8 + 1/6 =   7/9 - 2/3 =   1/2 + 1/5 + 1/10 =", id="probe14d-arithmetic-exercise-row"),
        pytest.param("试一试:0.5 × 4 + 1.2 = 3.2", id="probe14d-arithmetic-decimals"),
    ],
)
def test_probe14d_a_lessons_arithmetic_behind_a_label_stays(full: Pipeline, line: str):
    doc = full.clean(Document.from_text("lesson", "\n".join([
        "数学教案网 > 五年级 > 分数加减法",
        "异分母分数加减法教学设计",
        "教学目标:理解异分母分数加减法的算理,掌握先通分再计算的方法。",
        line,
        "想一想:为什么要先通分?因为只有分数单位相同,才能直接相加减。",
        "- 2 -",
        "拓展:一项工程,甲队单独做要12天完成,乙队单独做要18天完成,两队合作每天完成几分之几?",
        "课堂小结:异分母分数相加减,先通分,再按同分母分数加减法计算,结果化成最简分数。",
        "数学教案网",
    ])))
    assert line.replace(":", ":") in doc.text


@pytest.mark.parametrize(
    ("line", "gone"),
    [
        pytest.param("太原治疗脑梗去哪家医院比较好？太原康宁脑病医院", "哪家医院比较好", id="probe14d-hospital-ad-new-order"),
        pytest.param("看糖尿病最好的医院是哪家 糖尿病专科医院排名 济南糖尿病医院哪家正规", "医院是哪家", id="probe14d-hospital-keyword-row"),
        pytest.param("杭州胃病医院哪家好 杭州看胃病哪个医院好 杭州胃病专科医院排名", "医院", id="city-hospital-keyword-row-goes-whole"),
        pytest.param("学生也能借,只需身份证就能下款,黑白户均可,不查征信不查负债,最快5分钟到账", "身份证", id="probe14d-loan-ad-promises"),
    ],
)
def test_probe14d_hospital_and_loan_ads_go(rules: Pipeline, line: str, gone: str):
    assert gone not in run(rules, line).text


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("反诈民警提醒:宣称“只需身份证就能下款、不看征信”的网贷平台多为诈骗,切勿轻信。", id="probe14d-loan-warning-stays"),
        pytest.param("患者常问:看高血压到底该去哪家医院?医生建议先到社区医院建档,病情复杂再转诊。", id="probe14d-which-hospital-question-stays"),
        pytest.param("据统计,全国肿瘤专科医院排名前十的医院中有四家位于华东地区。", id="probe14d-hospital-ranking-news-stays"),
        pytest.param("网友提问:孩子夜里发烧,附近儿童医院哪个好?", id="a-parents-question-with-its-question-mark-stays"),
    ],
)
def test_probe14d_look_alikes_of_medical_and_loan_ads_stay(rules: Pipeline, line: str):
    assert line in run(rules, line).text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        pytest.param("解方程组(见式 错误!未找到引用源。),得x=2,y=-1。", "解方程组(见式 ),得x=2,y=-1。", id="probe14d-word-broken-crossref"),
        pytest.param("由勾股定理得AB=5 MACROBUTTON MTEditEquationSection2 Equation Chapter 1 Section 1", "由勾股定理得AB=5", id="probe14d-mathtype-section-field"),
        pytest.param("所以面积S=12。 SEQ MTEqn \\r \\h \\* MERGEFORMAT", "所以面积S=12。", id="probe14d-mathtype-seq-field"),
    ],
)
def test_probe14d_word_field_codes_in_a_line_are_cut(rules: Pipeline, line: str, kept: str):
    text = run(rules, line).text
    assert "MTEqn" not in text and "MACROBUTTON" not in text and "引用源" not in text
    assert kept.strip() in text


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("如果交叉引用显示“错误!未找到引用源。”,说明书签已被删除,需要重新插入。", id="probe14d-word-lesson-names-the-error"),
        pytest.param("用MathType编号时,Word会插入SEQ MTEqn域,按Alt+F9可以看到它。", id="probe14d-word-lesson-names-the-field"),
    ],
)
def test_probe14d_a_word_lesson_naming_field_codes_stays(rules: Pipeline, line: str):
    assert line in run(rules, line).text


# --- ads14: a site's own promotion as a whole short line (a call to action with an offer, a join-our-group
# invitation, a follow-and-reply or like prompt), and template/script residue alone on a line ----------------

ADS14_ADS = [
    pytest.param("新用户注册立减50元,立即下单", id="ads14-call-to-action-with-offer"),
    pytest.param("限时特惠:首单5折,马上抢购", id="ads14-first-order-discount-grab-now"),
    pytest.param("点击领取100元新人红包", id="ads14-click-to-claim-red-packet"),
    pytest.param("扫码领取免费体验课,名额有限", id="ads14-scan-to-claim-trial-class"),
    pytest.param("下载优学APP,领取新人专享优惠券", id="ads14-download-app-for-coupon"),
    pytest.param("打开优学APP,阅读体验更流畅", id="ads14-open-app-smoother-reading"),
    pytest.param("立即预约免费试听课 >>", id="ads14-book-free-audition"),
    pytest.param("暑期班火热报名中,前50名立减200元,立即咨询", id="ads14-summer-class-first-50"),
    pytest.param("【限时福利】扫码免费领取考研资料大礼包", id="ads14-limited-welfare-gift-pack"),
    pytest.param("长按识别二维码,加入考研交流群,免费领取真题", id="ads14-long-press-join-group"),
    pytest.param("加小编微信,拉你进读者福利群", id="ads14-add-editor-pull-into-group"),
    pytest.param("扫码加入粉丝交流群,进群领取每日早报", id="ads14-fan-group-claim-daily"),
    pytest.param("觉得有用的话,记得点个「在看」哦", id="ads14-tap-zaikan"),
    pytest.param("喜欢本文就点个赞吧,分享给身边的朋友", id="ads14-like-and-share"),
    pytest.param("关注公众号「学习小站」,回复“资料”免费领取全套课件", id="ads14-follow-reply-keyword"),
    pytest.param("会员年卡低至6.8折,立即开通", id="ads14-membership-discount-open"),
    pytest.param("雅思一对一私教课,仅需99元,点击预约", id="ads14-private-lesson-only-99"),
    pytest.param("新人专享:首月仅需1元,马上开通", id="ads14-newcomer-first-month"),
    pytest.param("海景客栈首晚立减80元,立即预订", id="ads14-hotel-first-night-book-now"),
    pytest.param("全场8折,扫码进店领券", id="ads14-shop-scan-for-coupon"),
    pytest.param("免费获取专属学习方案,立即测评", id="ads14-free-plan-test-now"),
    pytest.param("下载App领现金红包,最高可得66元", id="ads14-download-app-cash"),
    pytest.param("PPT模板免费下载,扫码领取,限前200名", id="ads14-template-scan-first-200"),
    pytest.param("点击咨询,专业老师一对一免费答疑", id="ads14-click-consult-free"),
    pytest.param("少儿编程体验课免费领,点击报名", id="ads14-coding-trial-class"),
    pytest.param("扫码添加客服微信,免费领取试用装", id="ads14-scan-service-free-sample"),
    pytest.param("想要更多干货?关注我们,回复“1”领取电子书", id="ads14-follow-us-reply-ebook"),
    pytest.param("宝妈交流群招募中,扫码进群领取育儿资料", id="ads14-mom-group-recruiting"),
    pytest.param("打开APP查看全文,新用户送7天会员", id="ads14-open-app-full-text"),
    pytest.param("立即抢购,前100名下单享半价优惠", id="ads14-grab-now-half-price"),
]

ADS14_CONTENT = [
    pytest.param("报名方式:扫码报名,免费参加", id="ads14-school-notice-scan-to-register"),
    pytest.param("班级QQ群:415263789,请家长们及时加入", id="ads14-class-qq-group"),
    pytest.param("商场推出满200减30活动,活动持续到本月底。", id="ads14-news-mall-discount"),
    pytest.param("待汤汁收浓后立即关火,撒上葱花即可出锅。", id="ads14-recipe-turn-off-heat"),
    pytest.param("第三步:点击下载按钮,选择保存路径", id="ads14-tutorial-click-download"),
    pytest.param("首单8折很划算,配送也快,下次还会再买", id="ads14-shop-review-first-order"),
    pytest.param("预约电话:0571-86012345", id="ads14-gov-booking-phone"),
    pytest.param("本次讲座免费参加,请扫码报名,限前100名", id="ads14-lecture-scan-first-100"),
    pytest.param("疫苗接种需提前预约,市民可通过“健康杭州”小程序预约。", id="ads14-vaccine-booking"),
    pytest.param("记者了解到,多家平台推出新用户立减优惠,最高可减50元。", id="ads14-news-platform-discount"),
    pytest.param("打开微信APP,点击右下角“我”,进入设置", id="ads14-tutorial-open-wechat"),
    pytest.param("学校将于下周一开放新生报名,请家长扫码填写信息。", id="ads14-school-scan-form"),
    pytest.param("活动期间,市民扫码可领取20元消费券", id="ads14-news-consumption-voucher"),
    pytest.param("下载“个人所得税”APP,按提示填报专项附加扣除", id="ads14-tax-app-download"),
    pytest.param("老师在家长群里通知:明天带齐课本。", id="ads14-parents-group-notice"),
    pytest.param("我点了个赞,又把文章转给了妈妈。", id="ads14-first-person-like"),
    pytest.param("点击“在看”后,好友可以在“看一看”里看到你推荐的文章", id="ads14-zaikan-feature-explained"),
    pytest.param("关注公众号后回复关键词领取资料,是很多商家常用的引流手段", id="ads14-follow-reply-explained"),
    pytest.param("限时优惠往往是商家促销的套路,消费者要理性消费", id="ads14-limited-offer-warning"),
    pytest.param("他马上领取了快递,转身回了家", id="ads14-story-collect-parcel"),
    pytest.param("点击领取按钮后,优惠券会自动放入卡包", id="ads14-coupon-tutorial-step"),
    pytest.param("预约挂号:可通过医院官网或电话预约", id="ads14-hospital-booking-field"),
    pytest.param("全场8折的消息一出,商场门口就排起了长队", id="ads14-story-queue-for-sale"),
    pytest.param("市场监管局提醒,消费者可扫码查询食品抽检结果", id="ads14-gov-scan-to-query"),
    pytest.param("免费体验课结束后,家长普遍反映孩子兴趣提高了", id="ads14-after-trial-class"),
    pytest.param("新人红包是互联网平台常见的拉新方式", id="ads14-red-packet-explained"),
    pytest.param("立即停止使用并联系客服", id="ads14-product-recall-advice"),
    pytest.param("扫码进群,仅限本班家长", id="ads14-class-group-parents-only"),
    pytest.param("马上就要期末考试了,同学们抓紧复习", id="ads14-exam-soon"),
    pytest.param("抢购当天,网站一度崩溃", id="ads14-rush-day-story"),
    pytest.param("参加体验课的学员可获赠教材一套,报名截止到5月20日", id="ads14-school-trial-class-gift"),
    pytest.param("进群后请修改备注为“姓名+学号”", id="ads14-class-group-rename"),
]


@pytest.mark.parametrize("line", ADS14_ADS)
def test_ads14_a_sites_own_promotion_line_goes(rules: Pipeline, line: str):
    doc = run(rules, line)
    assert _kept(doc) == BODY


@pytest.mark.parametrize("line", ADS14_CONTENT)
def test_ads14_a_look_alike_of_a_promotion_stays(rules: Pipeline, line: str):
    doc = run(rules, line)
    assert _kept(doc) == [*BODY, line]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("undefined", id="ads14-residue-undefined"),
        pytest.param("[object Object]", id="ads14-residue-object-object"),
        pytest.param("{{$article.next_title}}", id="ads14-residue-cms-placeholder"),
        pytest.param("{{item.title}}", id="ads14-residue-dotted-placeholder"),
        pytest.param("{dede:field.title/}", id="ads14-residue-dede-tag"),
        pytest.param("${data.name}", id="ads14-residue-dollar-placeholder"),
        pytest.param("[/quote]", id="ads14-residue-bbcode-close"),
        pytest.param("[quote][b]", id="ads14-residue-bbcode-row"),
        pytest.param("NaN", id="ads14-residue-nan"),
        pytest.param("[attach]2204518[/attach]", id="noise13-residue-bbcode-attachment-by-id"),
        pytest.param("[img]https://bbs.example-forum.cn/data/attachment/2024/07/a1.jpg[/img]", id="residue-bbcode-image-by-address"),
    ],
)
def test_ads14_script_or_template_residue_alone_goes(rules: Pipeline, line: str):
    doc = run(rules, line, "{{$article.prev_title}}")
    assert _kept(doc) == BODY
    assert {r.cleaner for r in doc.removals} == {"markup_residue"}


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["变量声明后没有赋值,打印出来是:", "undefined"], id="ads14-residue-lookalike-js-lesson-output"),
        pytest.param(["对象直接和字符串相加,会得到 [object Object] 这样的结果:", "[object Object]"],
                     id="ads14-residue-lookalike-object-explained"),
        pytest.param(["Vue 的插值语法用双花括号把数据包起来:", "{{ message }}", "{{user.name}}"],
                     id="ads14-residue-lookalike-vue-template"),
        pytest.param(["function show(a) {", "console.log(a);", "}", "show();", "undefined"],
                     id="ads14-residue-lookalike-code-block-output"),
        pytest.param(["论坛里引用别人的话,用 [quote] 开头,用下面这个标签结尾:", "[/quote]"],
                     id="ads14-residue-lookalike-bbcode-lesson"),
        pytest.param(["console.log(undefined)"], id="ads14-residue-lookalike-console-log-undefined"),
    ],
)
def test_ads14_script_values_a_page_discusses_stay(rules: Pipeline, lines: list[str]):
    doc = run(rules, *lines)
    assert _kept(doc) == [*BODY, *lines]


def test_ads14_a_placeholder_line_does_not_make_the_page_hold_code(rules: Pipeline):
    doc = run(rules, '<p style="text-indent:2em;">&nbsp;</p>', "{{$article.next_title}}")
    assert _kept(doc) == BODY


def test_ads14_an_escaped_tag_ending_a_line_of_prose_does_not_make_the_page_hold_code(rules: Pipeline):
    doc = run(rules, '<p style="text-indent:2em;">&nbsp;</p>', "傍晚大人们坐在树下乘凉,说着村里的新鲜事。&lt;br /&gt;", "[/quote]")
    assert '<p style="text-indent:2em;">&nbsp;</p>' not in _kept(doc) and "[/quote]" not in _kept(doc)


def test_ads14_code_ending_in_an_entity_still_holds_code(rules: Pipeline):
    lines = ["if (a &amp;&amp; b) {", "undefined"]
    assert _kept(run(rules, *lines))[-1] == "undefined"


@pytest.mark.parametrize(
    "tags", ['<div class="tags"><a href="/tag/jiaoyu/" target="_blank">', "</p><p>&nbsp;</p>"],
    ids=["noise9-kind-a-tag-boxs-open-tags", "noise9-kind-paragraph-tags-with-an-entity"],
)
def test_a_chinese_lists_semicolons_do_not_make_the_page_hold_code(rules: Pipeline, tags: str):
    """A Chinese list item ends in `；`, folded to `;`: not a program's line (no Latin letter), so a line of HTML
    tags on the page is still a scraper's residue."""
    items = ["一是加强组织领导,明确责任分工;", "二是完善工作机制,强化督促检查;"]
    doc = run(rules, *items, tags)
    assert _kept(doc) == [*BODY, *items]


def test_a_programs_line_ending_in_a_semicolon_still_keeps_html_tags_as_code(rules: Pipeline):
    doc = run(rules, 'document.getElementById("box").innerHTML = "<p>你好</p>";', "<div>")
    assert _kept(doc)[-1] == "<div>"


# ---- a reading list under a related heading: books with their authors are the document's own list ----

@pytest.mark.parametrize(
    ("items", "kept"),
    [
        pytest.param(["《草房子》 曹文轩", "《城南旧事》 林海音", "《稻草人》 叶圣陶"], True, id="adv14-school-reading-list"),
        # a site's list names pages about books by their titles
        pytest.param(["《骆驼祥子》读后感", "《城南旧事》读书笔记", "《稻草人》教学设计"], False, id="related-pages-about-books"),
    ],
)
def test_a_reading_list_of_books_and_authors_under_a_related_heading_stays(rules: Pipeline, items, kept: bool):
    doc = rules.clean(Document.from_text("doc", "\n".join(["寒假读书计划", *BODY, "推荐阅读", *items])))
    assert all((item in _kept(doc)) == kept for item in items), doc.removals


# Session 17 (noise8, sites4): kinds recognised by their words in any order, none naming a site: a farm's notes in
# new wordings, a site's disclaimer about what it reposts, a notice that the rest takes paying, a reply to a named
# commenter, an advertisement, pinyin written word by word, an editor's recommendation, a journal page's citation and
# export buttons, a blog's previous and next post, a video player's address, a forum floor's header
@pytest.mark.parametrize(
    ("line", "cleaner", "reason"),
    [
        pytest.param("不少读者问起阳台种菜的事,本篇汇总了几条入门经验,一起往下看。", "editor_notes", "gathered",
                     id="noise8-a-farm-gathering-tips"),
        pytest.param("想写好开学典礼发言稿?这里挑了几篇结构清楚的样稿,改改就能用。", "editor_notes", "gathered",
                     id="noise8-a-farm-picking-model-texts"),
        pytest.param("今天要和大家聊的是宝宝夜里频繁醒来的原因,顺便说说应对的小办法。", "editor_notes", "gathered",
                     id="noise8-a-farm-announcing-its-topic"),
        pytest.param("关于阳台种菜的内容就介绍到这里了,想看更多园艺知识,记得收藏本站。", "editor_notes", "outro",
                     id="noise8-a-farm-closing-its-topic"),
        pytest.param("以上便是本期分享的全部内容,有疑问欢迎在下方留言。", "editor_notes", "outro",
                     id="noise8-a-farms-issue-is-over"),
        pytest.param("本站部分稿件转自公开渠道,如涉及版权问题,请与编辑部联系,我们将及时处理。", "late_chrome",
                     "an uploader's disclaimer", id="noise8-a-sites-repost-disclaimer"),
        pytest.param("资料内容由上传者负责,本平台仅提供存储与展示;权利人如有异议,可来函告知。", "late_chrome",
                     "an uploader's disclaimer", id="noise8-an-upload-sites-disclaimer"),
        pytest.param("剩余4页内容已隐藏,下载后可查看完整方案", "paywall", "paywall notice", id="noise8-pages-hidden-until-download"),
        pytest.param("—— 以下内容登录后可见 ——", "late_chrome", "takes paying", id="noise8-the-rest-after-log-in"),
        pytest.param("听雨的猫 回复 小满:谢谢,下次一定带上", "late_chrome", "a reply to a named commenter",
                     id="noise8-a-reply-to-a-commenter"),
        pytest.param("阿森(作者)回复 路过的风:是的,周末人比较多", "late_chrome", "a reply to a named commenter",
                     id="noise8-the-authors-reply"),
        pytest.param("回复 @江边人:要提前预约", "late_chrome", "a reply to a named commenter", id="noise8-a-bare-reply"),
        pytest.param("年终福利:专业登山鞋清仓,低至4折,戳我抢购", "late_chrome", "an advertisement", id="noise8-a-clearance-ad"),
        pytest.param("【免费量房】厨房翻新 5天完工 立即预约", "late_chrome", "an advertisement", id="noise8-a-service-ad"),
        pytest.param("Python入门训练营 限时 ¥19.9,名额有限 >", "late_chrome", "an advertisement", id="noise8-a-course-ad"),
        pytest.param("→ 下载本篇Word原稿(可编辑)", "late_chrome", "takes paying", id="noise8-download-the-word-original"),
        pytest.param("chuzhong yuwen qimo fuxi tigang mianfei xiazai word ban", "pinyin_spam", "words of pinyin",
                     id="sites4-pinyin-written-word-by-word"),
        pytest.param("编辑推荐:这份教案环节清楚,板书设计简洁,适合新教师参考。", "late_chrome", "recommendation",
                     id="sites4-an-editors-recommendation"),
        pytest.param("引用本文:王一, 李二. 稻田土壤微生物群落研究[J]. 某某学报, 2023, 12(4): 33-40.", "late_chrome",
                     "citation", id="sites4-a-journal-pages-citation"),
        pytest.param("‹ 用 pandas 读取大文件的三种办法", "late_chrome", "previous and next post", id="sites4-previous-post"),
        pytest.param("一次数据库迁移的复盘 ›", "late_chrome", "previous and next post", id="sites4-next-post"),
        pytest.param("https://tv.example-news.hk/embed/v/55102?autoplay=false", "watermark", "video player",
                     id="noise8-a-video-embed-address"),
        pytest.param("https://vod.example.gov.cn/player/index.html?vid=2024jd07", "watermark", "video player",
                     id="noise8-a-government-video-player"),
        pytest.param("#7  爱钓鱼的老王  2024-02-03 18:20", "late_chrome", "floor's header", id="noise8-a-forum-floors-header"),
        pytest.param("山里的猫 (博主)  2024年3月2日 21:15", "late_chrome", "a commenter's row", id="sites4-a-commenters-row"),
        pytest.param("# Python  # 爬虫  # 数据分析", "late_chrome", "a row of hashtags", id="sites4-a-blogs-tag-row"),
        pytest.param("#Vue3 #前端工程化", "late_chrome", "a row of hashtags", id="a-posts-latin-hashtags"),
        pytest.param("教研资料站 的其他文档", "late_chrome", "other documents", id="sites4-an-uploaders-other-documents"),
        pytest.param("本文作者:小林 · 本文链接:https://blog.example.net/post/42 · 版权声明:转载请注明出处", "late_chrome",
                     "copyright footer", id="noise8-a-blog-posts-footer"),
        pytest.param("2024-05-02 09:30(最后更新 2024-05-02 11:12)", "late_chrome", "last update", id="noise8-a-news-pages-update-time"),
        pytest.param("导出引用: BibTeX | EndNote | RIS", "late_chrome", "export buttons", id="sites4-citation-export-buttons"),
        # session 18: kinds noise9 showed leaking, in new wording
        pytest.param("提示:本文只做健康科普之用,不能作为诊断依据,身体不适请就医。", "late_chrome", "disclaimer",
                     id="noise9-kind-a-health-sites-disclaimer"),
        pytest.param("(以上内容仅供参考,不构成任何投资建议)", "late_chrome", "disclaimer", id="noise9-kind-a-finance-pages-disclaimer"),
        pytest.param("以上解答基于提问者的描述,不构成正式法律意见。", "late_chrome", "disclaimer", id="noise9-kind-a-qa-sites-disclaimer"),
        pytest.param("签名:车是用来开的,不是用来供的", "late_chrome", "signature", id="noise9-kind-a-forum-signature"),
        pytest.param("个人签名:春天去拍花,秋天去拍叶", "late_chrome", "signature", id="noise9-kind-a-forum-personal-signature"),
        pytest.param("做题的小熊 LV4:第二问的定义域是不是写反了", "late_chrome", "member level", id="noise9-kind-a-commenter-with-a-level"),
        pytest.param("新手司机第一次上高速要注意什么 · 2.3万阅读", "late_chrome", "count of its readers", id="noise9-kind-a-related-title-with-its-readers"),
        pytest.param("函数的最值问题有没有通用解法  8人在讨论", "late_chrome", "count of its readers", id="noise9-kind-a-related-question-with-its-discussion"),
        pytest.param("初二物理压强专题训练  12页  0.8MB", "late_chrome", "pages and size", id="noise9-kind-another-documents-pages-and-size"),
        pytest.param("★★★★☆  李***师  2024-03-08", "late_chrome", "commenter's row", id="sites5-kind-a-reviewers-row"),
        pytest.param("海**风  2024-02-11  赞7", "late_chrome", "commenter's row", id="sites4-kind-a-commenters-masked-name"),
        pytest.param("网友点评(12)", "late_chrome", "reviews heading", id="sites5-kind-a-reviews-heading-with-its-count"),
        pytest.param("钓鱼的阿明 · 2024-05-11 07:42 · 板凳", "late_chrome", "number after the time", id="noise13-kind-a-floors-header-bench"),
        pytest.param("湖边老周 2024-05-11 08:15 #6", "late_chrome", "number after the time", id="noise13-kind-a-floors-header-hash"),
        pytest.param("关于绿萝的养护常识,本站汇总了几条实用经验,一起来看看吧。", "editor_notes", "speaks of itself",
                     id="noise13-kind-a-farm-says-it-gathered"),
        pytest.param("想看更多办公技巧,欢迎把本站加入书签,随时回来查。", "editor_notes", "speaks of itself",
                     id="noise13-kind-a-farm-asks-for-a-bookmark"),
        pytest.param("社保转移的内容先写到这里,你想了解的都清楚了吗?", "editor_notes", "outro", id="noise13-kind-a-farms-outro-for-now"),
        pytest.param("本博客文字采用 CC BY-NC 4.0 协议授权,转载请注明作者", "late_chrome", "Creative Commons licence",
                     id="noise13-kind-a-blogs-licence"),
        pytest.param("Home · Archives · Categories · About", "late_chrome", "menu in English", id="noise13-kind-a-blogs-english-menu"),
        pytest.param("财讯天下 ∷ 财经 ∷ 宏观", "late_chrome", "separator no sentence uses", id="noise13-kind-a-path-joined-by-a-rare-separator"),
        pytest.param("Word教程 / 排版技巧 / 正文", "late_chrome", "last step is the page's body", id="noise13-kind-a-breadcrumb-ending-in-the-body"),
        pytest.param("考研报名时间是什么时候 考研报名费多少钱 考研报名怎么报", "late_chrome", "search phrases stuffed for SEO",
                     id="noise13-kind-a-row-of-search-phrases"),
    ],
)
def test_noise_recognised_by_its_words_in_any_order_goes(rules: Pipeline, line: str, cleaner: str, reason: str):
    test_noise_of_its_kind_goes_with_a_readable_reason(rules, line, cleaner, reason)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("本文仅供学习交流使用,如有侵权,请告知删除,谢谢合作!", id="real-dev-kind-an-authors-own-disclaimer"),
        pytest.param("好啦,今天就写到这里,我们下周见~", id="sites2-kind-a-bloggers-own-sign-off"),
        pytest.param("今天的日记先写到这里,明天还要早起去看日出。", id="noise13-kind-a-diarys-own-sign-off"),
        pytest.param("本站自7月1日起调整首末班车时间,请乘客留意。", id="noise13-kind-a-bus-stations-notice"),
        pytest.param("张老师 2024-05-11 08:15 在三楼会议室主持教研活动", id="noise13-kind-a-minutes-line-with-a-time"),
        pytest.param("知识共享许可协议(CC BY 4.0)允许他人在署名的前提下自由分享和改编作品,这是本课要讲的第一个概念。",
                     id="noise13-kind-a-lesson-explains-the-licence"),
        pytest.param("Home 和 About 两个页面的路由写在 routes.js 里", id="noise13-kind-a-tutorial-names-two-pages"),
        pytest.param("第二部分 正文", id="noise13-kind-a-reports-part-heading-the-body"),
        pytest.param("1.为什么天是蓝的 2.云是怎么形成的 3.雨从哪里来", id="noise13-kind-a-quizs-numbered-questions-in-a-row"),
        pytest.param("想一想 小蝌蚪为什么找不到妈妈 它们是怎么找到的?", id="noise13-kind-a-lessons-questions-with-a-question-mark"),
        pytest.param("我的发言就到这里,谢谢大家!", id="a-speechs-close"),
        pytest.param("联系电话:登录后查看", id="noise5-kind-a-job-posts-contact-row"),
        pytest.param("3. 登录后在个人中心查看完整订单", id="a-how-tos-numbered-step"),
        pytest.param("如需了解比赛详情,可登录市体育局官网(http://tyj.example.gov.cn)查看获奖名单。", id="heldout-kind-a-notice-pointing-to-its-site"),
        pytest.param("著作权人发现网络侵权后,可以书面通知平台删除相关内容。", id="a-law-pages-sentence-on-takedown"),
        pytest.param("研究小组整理了12篇相关文献,归纳出三类影响因素。", id="a-papers-own-literature-review"),
        pytest.param("商场推出限时5折优惠,市民可扫码领取优惠券,活动持续到月底。", id="a-news-story-on-a-discount"),
        pytest.param("报名方式:扫码加入家长群,免费领取开学资料。", id="a-schools-notice-sentence"),
        pytest.param("答:回复客户时要先确认订单号。", id="a-qa-answer-about-replying"),
        pytest.param("张老师回复说:作业周五前交就可以。", id="a-story-quoting-a-reply"),
        pytest.param("the students read the story and answer the questions", id="an-english-sentence"),
        pytest.param("git add . and git commit then push to the main branch", id="a-command-in-words"),
        pytest.param("Li Ming Wang Fang Zhang Wei Liu Yang Chen Jie", id="names-in-pinyin-capitalised"),
        pytest.param("收稿日期:2023-03-01", id="sites2-kind-a-papers-received-date"),
        pytest.param("老师给出的推荐理由是:这本书语言朴素,情感真挚。", id="a-reason-inside-a-sentence"),
        pytest.param("详见 https://www.example.gov.cn/zwgk/2024/0301.html", id="a-notices-own-link-in-a-sentence"),
        pytest.param("#include <stdio.h>", id="a-c-include"),
        pytest.param("导出引用格式时请选择GB/T 7714。", id="a-guides-sentence-on-citing"),
        pytest.param("城南街道办事处  2024年3月2日", id="an-offices-signature-and-date"),
        pytest.param("会议时间  2024年3月2日 14:30", id="a-notices-meeting-time-row"),
        pytest.param("# 第一步:安装依赖", id="a-markdown-heading"),
        pytest.param("#include <vector>", id="a-c-include-line"),
        pytest.param("鲁迅的其他作品也值得一读。", id="a-sentence-on-other-works"),
        pytest.param("需要提醒的是,食疗不能代替药物治疗,患者切勿擅自停药。", id="noise4-kind-an-articles-own-caution"),
        pytest.param("文中引用的机构观点仅供参考。", id="noise6-kind-a-news-storys-caveat"),
        pytest.param("签名:__________  日期:__________", id="a-forms-blank-signature"),
        pytest.param("本人签名:", id="a-forms-signature-label"),
        pytest.param("这段视频上线三天,累计获得了120万次浏览。", id="a-sentence-counting-views"),
        pytest.param("本书共320页,约25万字。", id="a-book-notes-pages"),
        pytest.param("评价", id="a-lesson-plans-own-section-heading"),
        pytest.param("张**同学在2024-03-08的市赛中获得第一名,值得大家学习。", id="a-news-storys-masked-name-in-a-sentence"),
        pytest.param("本办法自发布之日起施行,最后修改于2023年。", id="a-rules-own-closing-sentence"),
        pytest.param("一班 (45)  二班 (44)  三班 (46)", id="a-schools-classes-with-their-sizes"),
    ],
)
def test_look_alikes_of_noise_recognised_by_its_words_stay(rules: Pipeline, line: str):
    doc = run(rules, line)
    assert line in [x.text for x in doc.lines], [(r.cleaner, r.reason) for r in doc.removals]


# ---- a 范文 site's part headings over a page of several texts, and its introduction to them (title_repeats) ----

FANWEN_TITLE = "社区志愿服务活动总结(精选3篇)"
FANWEN_INTRO = "志愿服务是社区治理的重要力量,一份好的活动总结能让经验得到传承。不妨读一读别人是怎么写的,改一改就能用。"
PART_A = ["本季度我们社区共组织志愿服务活动十二场,参与居民四百余人次,累计服务时长一千六百小时。",
          "活动覆盖助老助残、环境整治、文明劝导等方面,受到居民普遍好评。"]
PART_B = ["今年三月以来,社区志愿服务队以“邻里守望”为主题,每周末走进小区开展便民服务。",
          "队员们为老人理发、测血压、修理小家电,把服务送到了居民家门口。"]


@pytest.mark.parametrize(
    ("lines", "removed"),
    [
        pytest.param([FANWEN_TITLE, FANWEN_INTRO, "社区志愿服务活动总结 篇一", *PART_A, "社区志愿服务活动总结 篇二", *PART_B],
                     {2, 3, 6}, id="noise6-parts-numbered-and-the-intro-above-them"),
        pytest.param([FANWEN_TITLE, "更新:2024-03-12", FANWEN_INTRO, "社区志愿服务活动总结 第一篇", *PART_A,
                      "社区志愿服务活动总结 第二篇", *PART_B], {3, 4, 7}, id="noise8-parts-as-first-and-second-text"),
        pytest.param([FANWEN_TITLE, FANWEN_INTRO, "社区志愿服务活动总结 第一篇", *PART_A], {2, 3},
                     id="sites5-a-first-text-named-in-the-title"),
        pytest.param(["社区志愿服务心得体会篇一", *PART_A], {1}, id="real-dev-a-first-part-at-the-top-without-its-title"),
        pytest.param(["社区志愿服务心得范本 志愿服务心得(二篇)", FANWEN_INTRO, "有关社区志愿服务心得范本一", *PART_A],
                     {2, 3}, id="real-dev-a-model-text-named-in-the-title"),
        pytest.param(["志愿服务活动总结", "篇(1)", *PART_A, "篇(2)", *PART_B], {2, 5}, id="real-dev-bare-part-numbers"),
        pytest.param(["建军节演讲稿范文(一)", *PART_A], {1}, id="real-dev-a-speech-model-numbered-in-brackets"),
        # not an introduction: two sentences above the first part (the text), or a sentence above a second part
        pytest.param([FANWEN_TITLE, *PART_A, "社区志愿服务活动总结 篇一", *PART_B], {4}, id="two-sentences-above-are-text"),
        pytest.param([FANWEN_TITLE, PART_A[0], "社区志愿服务活动总结 篇二", *PART_B], {3}, id="a-sentence-above-a-second-part"),
    ],
)
def test_a_fanwen_sites_part_headings_and_its_intro_go(rules: Pipeline, lines, removed):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert {r.line_no for r in doc.removals if r.cleaner == "title_repeats"} == removed, doc.removals
    assert lines[0] in _kept(doc) or 1 in removed  # the title stays


@pytest.mark.parametrize(
    "lines",
    [
        # a teacher's page of pupils' essays: "范文一" names no document, and the teacher's words above stay
        pytest.param(["秋天的习作", FANWEN_INTRO, "范文一", *PART_A, "范文二", *PART_B], id="probe14-pupils-essays"),
        # a blog series' part in its title, a title counting its texts, a book's part heading
        pytest.param(["【Vue复习】组件通信基础----第一篇", *PART_A], id="real-dev-a-series-part-in-the-title"),
        pytest.param(["社区志愿服务优秀心得体会范文2篇", *PART_A], id="real-dev-a-title-counting-its-texts"),
        pytest.param(["城市规划原理", FANWEN_INTRO, "第一篇 总论", *PART_A], id="a-books-part-heading"),
        # "X 第一篇" alone: a series' title, or a part no other heading or title names
        pytest.param(["Vue组件通信入门 第一篇", *PART_A], id="a-series-title-with-its-part"),
        pytest.param(["社区工作札记", *PART_A, "会议纪要 第三篇", *PART_B], id="a-lone-spaced-part-named-nowhere-else"),
    ],
)
def test_headings_that_only_look_like_part_headings_stay(rules: Pipeline, lines):
    doc = rules.clean(Document.from_text("doc", "\n".join(lines)))
    assert not [r for r in doc.removals if r.cleaner == "title_repeats"], doc.removals


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("论文阁 - 毕业论文 | 职称论文 | 论文范文 | 论文格式", id="noise10-a-menu-with-bars"),
        pytest.param("首页  初中语文  初中数学  初中英语  初中物理", id="noise10-a-menu-from-the-home-page"),
        pytest.param("作文网 > 初中作文 > 初二作文 > 写人作文", id="noise3-a-breadcrumb"),
    ],
)
def test_a_menu_on_one_word_is_no_row_of_search_keywords(rules: Pipeline, line: str):
    """A site's menu or breadcrumb of one word's compounds is navigation (other cleaners' to name), not queries."""
    doc = run(rules, line)
    assert not [r for r in doc.removals if r.cleaner == "search_terms"], doc.removals
