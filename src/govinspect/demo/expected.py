"""What an inspection of the demo farm must find, and the look-alikes it must not flag.

``EXPECTATIONS`` covers every registry site of ``build_farm()`` at ``DEMO_AS_OF``;
``expectations(farm)`` gives the same for a farm built for another ``as_of`` (the URLs of
articles carry their dates). Rule codes are those of INDICATORS.md.

Not expressible by the farm, so never listed: W-D9 (IPv6: needs DNS) and W-I3 (HTTPS: the farm
is plain http) — expect those informational findings on every site. W-V2 needs probes over a
week; the 503 site fails every probe, however many are taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govinspect.demo.farm import Farm, build_farm


@dataclass
class Expectation:
    site_code: str
    must_find: dict[str, str]  # rule code -> why
    must_not_find: dict[str, str]  # rule code -> the look-alike that must not trigger it
    verdict: str = "pass"  # "pass" | "fail" (a veto fails any site; portals also fail under 60 points)
    must_find_urls: dict[str, list[str]] = field(default_factory=dict)  # rule -> URLs its findings must name
    must_not_find_urls: dict[str, list[str]] = field(default_factory=dict)  # rule -> URLs no finding may name
    columns: dict[str, list[str]] = field(default_factory=dict)  # rule -> column names its finding must list
    spared_columns: dict[str, list[str]] = field(default_factory=dict)  # rule -> column names it must not list
    column_items: dict[str, int] = field(default_factory=dict)  # column URL -> items over all its list pages


_COMPLIANT_EXTRAS = {
    "W-V2": "首页正常访问 / the homepage answers 200",
    "W-V5a": "有咨询投诉栏目 / a 咨询投诉 column with answered messages",
    "W-V6a": "有办事指南 / 办事服务 with guides",
    "W-I1": "首页有上年度政府网站工作年度报表 / last year's annual report linked from the homepage",
}


def _urls(farm: Farm, host: str, column: str, titles: list[str]) -> list[str]:
    """Article URLs of ``column`` on ``host`` whose page title contains one of ``titles``."""
    site = farm.site(host)
    out = []
    for path, page in site.pages.items():
        if not path.startswith(column) or "/t" not in path:
            continue
        head = page.body[:600].decode("gbk" if site.charset == "gbk" else "utf-8", "replace")
        if any(f"<title>{t}_" in head for t in titles):
            out.append(f"http://{host}{path}")
    return sorted(out)


def _article_with(farm: Farm, host: str, needle: str) -> list[str]:
    site = farm.site(host)
    enc = "gbk" if site.charset == "gbk" else "utf-8"
    return sorted(f"http://{host}{p}" for p, page in site.pages.items()
                  if "/t" in p and needle.encode(enc) in page.body)


def _interpretations(farm: Farm, host: str, *, linked: bool) -> list[str]:
    """政策解读 article URLs of ``host`` with (or without) their 相关文件 link."""
    site = farm.site(host)
    enc = "gbk" if site.charset == "gbk" else "utf-8"
    return sorted(f"http://{host}{p}" for p, page in site.pages.items()
                  if p.startswith("/zwgk/zcjd/") and "/t" in p and ("相关文件：".encode(enc) in page.body) == linked)


def expectations(farm: Farm) -> list[Expectation]:
    """The expectations for ``farm`` (built with any ``as_of`` and ``scale``)."""
    as_of = farm.as_of
    s6 = farm.site("zrzy.shifan.gov.cn")
    trs_items = {}
    for column in ("/xwzx/gzdt/", "/xwzx/jcdt/", "/tzgg/", "/zcwj/"):
        trs_items[f"http://{s6.host}{column}"] = sum(
            1 for p in s6.pages if p.startswith(column) and "/t" in p[len(column):])
    s7 = farm.site("wgl.shifan.gov.cn")
    js_items = {}
    for column in ("/xwzx/gzdt/", "/xwzx/wlhd/", "/xwzx/jcdt/", "/tzgg/", "/zcwj/", "/zwgk/rsxx/"):
        js_items[f"http://{s7.host}{column}"] = sum(
            1 for p in s7.pages if p.startswith(column) and "/t" in p[len(column):])
    fine = {
        "W-V3": "首页有2周内的信息 / homepage has items within 14 days",
        "W-V1e": "没有超前的发稿日期 / no publish date after as_of",
    }
    return [
        Expectation(
            "3399000001",
            must_find={},
            must_not_find={
                "W-V1e": f"正文提到将来的施行日期（自{as_of.year}年…起施行），不是发稿日期 / a future date in the body",
                "W-V4a": "通知公告5个月前更新（6个月内）、部门动态10天前更新 / notice 5 months, news 10 days old",
                "W-V4b": "所有栏目都在更新周期内 / every column within its window",
                "W-V4c": "没有空白栏目 / no blank column",
                "W-V3": "首页有昨天的要闻 / yesterday's news on the homepage",
                "W-D7": "PDF附件存在、外链到另一个政府网站 / the PDF exists; external link to another gov site",
                "W-D11": "页脚要素齐全、编码正确 / complete, well-formed footer",
                "W-D13": "网页标签齐全 / all meta tags present",
                "W-D10": "找错脚本的sitecode与标识码一致 / jiucuo sitecode equals the code",
                "W-D8": "站内搜索能找到最新标题 / site search finds recent titles",
                "W-D1": "政策文件20天前更新 / the policy column is 20 days old",
                "W-D2": "部门动态10天前更新（14天内）/ news columns within 14 days",
                "W-D3": "机构概况40天前更新，含机构职能、领导信息、概况 / profile, functions and leaders 40 days old",
                "W-V5b": "留言均在3天内答复 / every message answered within 3 days",
                "W-D5": "最近答复在2个月内，有留言办理情况统计 / recent replies and a statistics page",
                "W-D6": "留言详情页有留言时间和答复时间 / message pages show both dates",
                "W-D4": "无办件统计栏目不扣分 / no 办件统计 page is not a finding",
                "W-V1a": "“四个意识”“四个自信”“两个维护”“两个确立”“五位一体”均正确，《习近平谈治国理政》、中国台湾地区 / "
                         "correct formulations, a leader's name in a quoted title, correct names",
                "W-D12": "大数据、中国台湾地区等正确用词；站名“示范市”不是错别字 / correct wording, the site's own names",
                "W-D15": "政策解读都有相关文件链接、解读比例4/6 / every interpretation links its policy; ratio 4/6",
                "W-D16": "信息发布审核制度是本站先发布的（被示范市教育局抄袭）；转载国务院文件注明来源 / "
                         "this site published the 制度 first; the central notice names its source",
                "W-V1c": "打击网络赌博的新闻不是有害信息 / news on cracking down on gambling is not spam",
                "W-V1d": "各种访问方式看到的页面相同；只引用统计和标识脚本 / the same page for every visitor",
                "W-D14": "公示名单身份证号、手机号已脱敏（含xlsx附件和图片），索引号不是身份证号 / masked IDs and phones "
                         "(also in an xlsx and a picture), document serial numbers",
                **_COMPLIANT_EXTRAS,
            },
            verdict="pass",
            must_not_find_urls={"W-V1e": _article_with(farm, "www.shifan.gov.cn", "起施行")},
        ),
        Expectation(
            "3399210002",
            must_find={
                "W-V3": "首页最新信息20天前 / newest homepage item 20 days old",
                "W-V4a": "4个动态要闻栏目超2周、通知公告和政策文件一级栏目超6个月，共6个 / 6 stale columns",
                "W-D1": "政策文件一级栏目250天未更新 / the level-1 policy column is 250 days old",
                "W-D3": "机构概况（机构职能、领导信息、概况）400天未更新 / profile information 400 days old",
                "W-V5b": "一条4个月前的咨询留言未答复 / a 4-month-old 咨询 message left unanswered",
                "W-V1c": "一篇文章页脚主办单位被篡改为“竞彩投注app,竞彩足球app”（种子001）/ gambling spam in the "
                         "footer's 主办单位 (seed 001)",
            },
            must_find_urls={"W-V1c": _article_with(farm, "www.yangban.gov.cn", "主办单位：竞彩投注app")},
            must_not_find={
                "W-V4c": "没有空白栏目 / no blank column",
                "W-V4b": "超期栏目只有8个（少于10个）/ only 8 columns past their window",
                "W-D2": "W-V4a已否决，动态栏目不再重复扣分 / W-V4a vetoes: stale news columns not reported twice",
                "W-V5a": "有咨询投诉栏目 / a working 咨询投诉 column",
                "W-D6": "留言详情页有留言时间（未答复的不需答复时间）/ dates shown; open messages need no reply date",
                "W-V1e": fine["W-V1e"],
                "W-D11": "页脚要素齐全 / complete footer",
                "W-D15": "政策解读都有相关文件链接 / every interpretation links its policy",
                "W-V1d": "各种访问方式看到的页面相同 / the same page for every visitor",
            },
            verdict="fail",
            columns={"W-V4a": ["样板要闻", "乡镇动态", "部门动态", "工作动态", "通知公告", "政策文件"]},
            spared_columns={"W-V4a": ["人事信息", "规划计划"]},
        ),
        Expectation(
            "3399000003",
            must_find={
                "W-V4b": "11个栏目超过更新周期（动态3、通知政策4、人事2、规划2）/ 11 neglected columns",
                "W-V4c": "5个空白栏目（3个无内容、暂无信息、正在建设中）/ 5 blank columns",
                "W-V4a": "3个动态栏目超2周+通知公告、政策文件一级栏目超6个月 = 5 / 5 stale",
                "W-D1": "政策文件一级栏目220天未更新 / the level-1 policy column is 220 days old",
                "W-V6a": "没有办事服务、办事指南或政务服务网入口 / no service entry at all",
                "W-D16": "信息发布审核制度照搬示范市人民政府网站较早发布的制度，未注明来源 / the 制度 copies "
                         "an earlier one of the city portal without naming it",
                "W-V1c": "一篇文章的网页标题被篡改为色情垃圾信息（种子002）/ porn spam as a page title (seed 002)",
                "W-D14": "助学金发放名单xlsx附件含完整身份证号和手机号；资助名单截图和扫描件PDF（文字识别）/ an xlsx "
                         "公示名单 with full ID numbers; a screenshot and a scanned PDF read by OCR",
            },
            must_not_find={
                "W-V3": "教育要闻3天前更新 / news 3 days old on the homepage",
                "W-D2": "W-V4a已否决，动态栏目不再重复扣分 / W-V4a vetoes: stale news columns not reported twice",
                "W-V1e": fine["W-V1e"],
            },
            verdict="fail",
            columns={
                "W-V4b": ["工作动态", "基层动态", "校园动态", "通知公告", "政策文件", "公示公告", "规范性文件",
                          "人事信息", "人事任免", "规划计划", "发展规划"],
                "W-V4c": ["教育统计", "财政信息", "建议提案办理", "重点项目", "学前教育"],
            },
            must_find_urls={"W-D16": _urls(farm, "jyj.shifan.gov.cn", "/xwzx/jyyw/", ["示范市教育局门户网站信息发布审核制度"]),
                            "W-V1c": _article_with(farm, "jyj.shifan.gov.cn", "<title>日韩AV"),
                            "W-D14": ["http://jyj.shifan.gov.cn/zwgk/gsgg/fj/P020200912_gsmd.xlsx",
                                      "http://jyj.shifan.gov.cn/zwgk/gsgg/fj/P020200920_sm.pdf",
                                      *_article_with(farm, "jyj.shifan.gov.cn", "gsmd_202009.png")]},
            spared_columns={
                "W-V4b": ["年度计划", "安全教育专题", "教育要闻"],
                "W-V4a": ["公示公告", "规范性文件", "安全教育专题"],
            },
        ),
        Expectation(
            "3399020004",
            must_find={"W-V1e": "一篇文章PubDate与列表日期为监测点后4天 / PubDate and list date 4 days after as_of",
                       "W-V1a": "习进平总书记（同音字）、“三个自信”（应为四个自信）/ a leader's name misspelt, 三个自信 "
                                "(firm: a current leader next to his title; a wrong count beside other formulations)",
                       "W-D12": "“大数局产业”应为大数据 / typo 大数局",
                       "W-D15": "2篇政策解读没有相关文件链接，解读比例2/6 / two interpretations unlinked, ratio 2/6",
                       "W-I1": "首页只链接了前年的年度报表 / the homepage links only the report of two years before",
                       "W-V1d": "首页只对百度蜘蛛和百度搜索来访者显示赌博垃圾信息（伪装）/ gambling spam shown only to "
                                "Baiduspider and Baidu visitors (cloaking)"},
            must_not_find={
                "W-V3": fine["W-V3"],
                "W-V4a": "栏目都在更新 / columns are fresh",
                "W-V4c": "没有空白栏目 / no blank column",
                "W-D16": "转载国务院办公厅通知并注明来源：中国政府网 / a central notice reposted with its source named",
                "W-V1c": "普通访问看到的页面没有垃圾信息 / the crawler's own view of the site is clean",
            },
            verdict="fail",
            must_find_urls={"W-V1e": _urls(farm, "www.qinghequ.gov.cn", "/xwzx/qhyw/", ["青禾区召开春季植树造林动员部署会"]),
                            "W-D15": _interpretations(farm, "www.qinghequ.gov.cn", linked=False)},
            must_not_find_urls={"W-V1e": _urls(farm, "www.qinghequ.gov.cn", "/xwzx/qhyw/",
                                               ["青禾区部署开展城乡环境综合整治百日攻坚行动"]),
                                "W-D15": _interpretations(farm, "www.qinghequ.gov.cn", linked=True)},
        ),
        Expectation(
            "3399210005",
            must_find={"W-D7": "404链接、拒绝连接的主机、软404、跳转首页、坏图片、坏附件 / dead, refused, soft-404, "
                               "redirect-to-home, broken image and attachment"},
            must_not_find={
                "W-V3": fine["W-V3"],
                "W-V4a": "栏目都在更新 / columns are fresh",
                "W-V4c": "没有空白栏目 / no blank column",
                "W-V1e": fine["W-V1e"],
            },
            verdict="pass",
            must_find_urls={"W-D7": [
                "http://wjj.yangban.gov.cn/tzgg/202012/t20201201_5999999.html",
                "http://old.wjj.yangban.gov.cn/",
                "http://wjj.yangban.gov.cn/ztzl/jkzg/",
                "http://wjj.yangban.gov.cn/zwgk/old/",
                "http://wjj.yangban.gov.cn/images/banner_2020.jpg",
                "http://wjj.yangban.gov.cn/uploads/2020/jhbg.doc",
            ]},
            must_not_find_urls={"W-D7": ["http://wjj.yangban.gov.cn/ztzl/ymjz/",
                                         *_article_with(farm, "wjj.yangban.gov.cn", "404错误代码")]},
        ),
        Expectation(
            "3399000006",
            must_find={
                "W-D11": "ICP备案号缺“号”、公安备案号数字属广东(44)与“浙”不符、页脚标识码3399000066与登记不符、"
                         "无党政机关网站标识 / ICP without 号, PSB digits of another province, footer code ≠ "
                         "registry, no conac badge",
                "W-D13": "文章页缺SiteIDCode / SiteIDCode missing on article pages",
                "W-D10": "找错脚本sitecode为3399000066，与标识码不符 / the jiucuo sitecode is another site's",
            },
            must_not_find={
                "W-V4a": "栏目都在更新（翻页后条目数正确）/ columns fresh; pages index_1.shtml… hold older items",
                "W-V4c": "列表由createPageHTML翻页，不是空白 / paginated, not blank",
                "W-V6a": "只链接浙江政务服务网（办事由省平台提供）/ service only via the provincial 政务服务网",
                "W-V3": fine["W-V3"],
                "W-V1e": fine["W-V1e"],
            },
            verdict="pass",
            column_items=trs_items,
        ),
        Expectation(
            "3399000007",
            must_find={},
            must_not_find={
                "W-V4c": "列表由脚本从内联JSON生成，渲染后有内容 / lists built by JavaScript are not blank when rendered",
                "W-V4a": "渲染后栏目都在更新 / rendered columns are fresh",
                "W-V4b": "渲染后栏目都在更新 / rendered columns are fresh",
                "W-V3": fine["W-V3"],
                "W-D11": "页脚要素齐全 / complete footer",
            },
            verdict="pass",
            column_items=js_items,
        ),
        Expectation(
            "3399020008",
            must_find={"W-D11": "域名www.qinghe-travel.com.cn不在gov.cn下 / domain not under gov.cn",
                       "W-D8": "首页没有站内搜索 / no search form on the homepage",
                       "W-D2": "景区动态20天未更新 / a news column 20 days old"},
            must_not_find={
                "W-V3": fine["W-V3"],
                "W-V4a": "只有1个动态栏目超期（少于5个）/ only one stale column, below the veto count",
                "W-V4c": "没有空白栏目 / no blank column",
                "W-D13": "网页标签齐全 / all meta tags present",
            },
            verdict="pass",
        ),
        Expectation(
            "3399210009",
            must_find={"W-V2": "所有请求返回503 / every request answers 503"},
            must_not_find={},
            verdict="fail",
        ),
        Expectation(
            "3399210010",
            must_find={"W-I2": "登记为关停，首页仍有新闻列表 / closed in the registry, the homepage still lists news"},
            must_not_find={"W-V3": "关停网站只判W-I2 / a closed site is judged by W-I2 only"},
            verdict="pass",
        ),
        Expectation(
            "3399210011",
            must_find={},
            must_not_find={"W-I2": "登记为关停且已无法访问 / closed in the registry and offline"},
            verdict="pass",
        ),
    ]


EXPECTATIONS: list[Expectation] = expectations(build_farm())
