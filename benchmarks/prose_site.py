"""A large site of long prose pages for the crawl benchmarks, written by our own code.

Every article is ~30 paragraphs of Chinese prose (~3,000 characters) and carries 20 in-site
links: 8 in the navigation (首页 and 7 columns), 10 "related" articles and 上一篇/下一篇. The
sentences are composed from the small word lists below (time, actor, manner, action, object,
purpose...), so no two pages share most of their text and nothing is copied from anywhere.
The site is invented: 基准市人民政府 (基准, "benchmark") at ``www.jizhun.gov.cn`` does not exist.

Related links form a tree (article ``i`` links to ``10i+1 … 10i+10``, modulo the article count),
so every article is reachable from article 0 and the homepage within about log10(N) + 2 clicks;
with 10,000 pages the deepest article is at depth 6, so a crawl must raise ``max_depth`` above
the default 4 to see the whole site (the benchmark says which limits it uses).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path

from govinspect.model import Site, SiteType

HOST = "www.jizhun.gov.cn"
SITE = Site(code="3399990001", name="基准市人民政府", url=f"http://{HOST}/", sponsor="基准市人民政府办公室",
            supervisor="基准市人民政府", region="基准市", site_type=SiteType.PORTAL)
COLUMNS = ("要闻动态", "通知公告", "政策文件", "部门动态", "基层动态", "政策解读", "专题专栏")
NAV_LINKS = 1 + len(COLUMNS)  # 首页 + columns
RELATED_LINKS = 10
PARAGRAPHS = 30
SENTENCES_PER_PARAGRAPH = 3
SPECIAL_PAGES = 1 + len(COLUMNS)  # the homepage and one list page per column

# -- our word lists (the slots of a sentence) -------------------------------------------------
_TIMES = ("今年以来", "近年来", "上半年", "一季度以来", "截至目前", "本月初", "去年以来", "近日", "此前",
          "下一步", "“十四五”以来", "入汛以来")
_ACTORS = ("市政府", "各区县", "市发展改革委", "市财政局", "市住房城乡建设局", "市生态环境局", "市农业农村局",
           "市交通运输局", "市卫生健康委", "市教育局", "各乡镇（街道）", "市场监管部门", "有关部门",
           "各责任单位", "市应急管理局", "市人力资源社会保障局", "市商务局", "市民政局", "市文化广电旅游局",
           "市自然资源和规划局", "市水利局", "市司法局")
_MANNERS = ("持续", "扎实", "积极", "稳步", "全面", "深入", "着力", "切实", "进一步", "统筹", "有序", "大力")
_ACTIONS = ("推进", "落实", "完善", "加强", "优化", "提升", "开展", "健全", "规范", "强化", "推动", "做好")
_OBJECTS = ("老旧小区改造", "营商环境建设", "基层治理工作", "公共服务供给", "农村人居环境整治", "安全生产监管",
            "政务公开工作", "就业创业服务", "养老服务体系建设", "生态环境保护", "重点项目建设", "防汛备汛工作",
            "食品药品安全监管", "城乡供水保障", "数字政府建设", "校园安全管理", "社区卫生服务",
            "交通基础设施建设", "文化惠民工程", "耕地保护工作", "河湖管理保护", "政务服务标准化建设")
_PURPOSES = ("不断增强群众获得感", "确保各项任务按期完成", "推动工作提质增效", "切实保障群众合法权益",
             "为经济社会发展提供有力支撑", "努力实现全年目标任务", "形成上下联动的工作格局",
             "持续改善群众生活品质", "筑牢安全发展底线", "让改革成果更多惠及群众")
_RESULTS = ("取得阶段性成效", "得到群众普遍认可", "完成年度计划的六成以上", "比上年同期有所提升",
            "进展总体顺利", "各项指标稳中向好", "走在全省前列", "受到上级部门肯定")
_OPENERS = ("据统计", "总体来看", "从实际情况看", "经过各方努力", "通过多方协同", "从督查情况看")
_MEASURES = ("建立周调度机制", "开展专项督查", "组织业务培训", "召开现场推进会", "印发工作方案",
             "成立专门工作组", "公开征求意见", "开通咨询热线", "建立工作台账", "实行清单化管理")


def sentence(rng: random.Random) -> str:
    """One sentence of official prose composed from the word lists."""
    pick = rng.choice
    shape = rng.randrange(4)
    if shape == 0:
        return f"{pick(_TIMES)}，{pick(_ACTORS)}{pick(_MANNERS)}{pick(_ACTIONS)}{pick(_OBJECTS)}，{pick(_PURPOSES)}。"
    if shape == 1:
        return f"{pick(_ACTORS)}{pick(_MEASURES)}，{pick(_MANNERS)}{pick(_ACTIONS)}{pick(_OBJECTS)}，{pick(_PURPOSES)}。"
    if shape == 2:
        return f"{pick(_OPENERS)}，{pick(_OBJECTS)}{pick(_RESULTS)}。"
    return (f"会议要求，{pick(_ACTORS)}要{pick(_MANNERS)}{pick(_ACTIONS)}{pick(_OBJECTS)}，"
            f"{pick(_ACTIONS)}{pick(_OBJECTS)}。")


def paragraphs(rng: random.Random, count: int = PARAGRAPHS) -> list[str]:
    """``count`` paragraphs of ``SENTENCES_PER_PARAGRAPH`` sentences each."""
    return ["".join(sentence(rng) for _ in range(SENTENCES_PER_PARAGRAPH)) for _ in range(count)]


@dataclass(frozen=True)
class Article:
    index: int
    column: int
    published: date
    title: str

    @property
    def path(self) -> str:
        return f"/col{self.column}/{self.published:%Y%m}/t{self.published:%Y%m%d}_{self.index}.html"


class ProseSite:
    """The site's structure: ``pages`` pages in all (homepage, column lists, articles)."""

    def __init__(self, pages: int, as_of: date, seed: int = 2021) -> None:
        if pages < SPECIAL_PAGES + 2:
            raise ValueError(f"pages 至少为 {SPECIAL_PAGES + 2} / pages must be >= {SPECIAL_PAGES + 2}, got {pages}")
        self.seed = seed
        self.as_of = as_of
        count = pages - SPECIAL_PAGES
        self.articles = [self._article(i, count) for i in range(count)]

    def _article(self, i: int, count: int) -> Article:
        rng = random.Random(f"{self.seed}/title/{i}")
        # newest first: article 0 was published the day before as_of, the rest spread over ~2 years
        published = self.as_of - timedelta(days=1 + (i * 730) // count)
        title = f"{rng.choice(_ACTORS)}{rng.choice(_MANNERS)}{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}"
        return Article(i, i % len(COLUMNS), published, title)

    @property
    def page_count(self) -> int:
        return SPECIAL_PAGES + len(self.articles)

    def related(self, i: int) -> list[int]:
        """The articles article ``i`` links to: its 10 children in the tree, then 上一篇/下一篇."""
        n = len(self.articles)
        return [(RELATED_LINKS * i + j) % n for j in range(1, RELATED_LINKS + 1)] + [(i - 1) % n, (i + 1) % n]

    def column_path(self, column: int) -> str:
        return f"/col{column}/index.html"

    # -- HTML ------------------------------------------------------------------------------------
    def _page(self, title: str, main: str, meta: str = "") -> str:
        nav = "".join(f'<li><a href="{self.column_path(k)}">{name}</a></li>' for k, name in enumerate(COLUMNS))
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>"
            f'<meta name="SiteName" content="{SITE.name}"><meta name="SiteDomain" content="{HOST}">'
            f'<meta name="SiteIDCode" content="{SITE.code}">{meta}</head>\n<body>'
            f'<div class="header"><h1>{SITE.name}</h1></div>'
            f'<div class="nav"><ul><li><a href="/">首页</a></li>{nav}</ul></div>\n'
            f"{main}\n"
            f'<div class="footer"><p>主办单位：{SITE.sponsor}　承办单位：基准市大数据发展中心　'
            "联系电话：0570-8123456</p>"
            f"<p>网站标识码：{SITE.code}　浙ICP备21999001号　浙公网安备 33999902000001号</p></div>"
            "</body></html>\n")

    def _item(self, a: Article) -> str:
        return f'<li><a href="{a.path}">{escape(a.title)}</a><span>{a.published.isoformat()}</span></li>'

    def article_html(self, i: int) -> str:
        a = self.articles[i]
        rng = random.Random(f"{self.seed}/body/{i}")
        body = "".join(f"<p>{text}</p>" for text in paragraphs(rng))
        related = self.related(i)
        items = "".join(self._item(self.articles[k]) for k in related[:RELATED_LINKS])
        prev, nxt = (self.articles[k] for k in related[RELATED_LINKS:])
        main = (f'<div class="article"><h2>{escape(a.title)}</h2>'
                f'<div class="info">发布时间：{a.published.isoformat()} 09:00　来源：{COLUMNS[a.column]}</div>'
                f'<div id="zoom">{body}</div>'
                f'<div class="pager"><a href="{prev.path}">上一篇：{escape(prev.title)}</a>'
                f'<a href="{nxt.path}">下一篇：{escape(nxt.title)}</a></div></div>'
                f'<div class="related"><h3>相关信息</h3><ul>{items}</ul></div>')
        meta = (f'<meta name="ArticleTitle" content="{escape(a.title)}">'
                f'<meta name="PubDate" content="{a.published.isoformat()} 09:00">'
                f'<meta name="ColumnName" content="{COLUMNS[a.column]}">')
        return self._page(f"{a.title}_{SITE.name}", main, meta)

    def column_html(self, column: int) -> str:
        latest = [a for a in self.articles if a.column == column][:20]
        main = (f'<div class="list"><h2>{COLUMNS[column]}</h2><ul>'
                + "".join(self._item(a) for a in latest) + "</ul></div>")
        return self._page(f"{COLUMNS[column]}_{SITE.name}", main, f'<meta name="ColumnName" content="{COLUMNS[column]}">')

    def home_html(self) -> str:
        blocks = "".join(
            f'<div class="block"><h3><a href="{self.column_path(k)}">{name}</a></h3><ul>'
            + "".join(self._item(a) for a in self.articles[k::len(COLUMNS)][:6]) + "</ul></div>"
            for k, name in enumerate(COLUMNS))
        return self._page(SITE.name, f'<div class="home">{blocks}</div>')

    def pages(self) -> dict[str, str]:
        """Every page by path (builds all the HTML: ~10 KB a page)."""
        out = {"/index.html": self.home_html()}
        out.update({self.column_path(k): self.column_html(k) for k in range(len(COLUMNS))})
        out.update({a.path: self.article_html(a.index) for a in self.articles})
        return out

    def export(self, root: Path) -> int:
        """Write the site under ``root/<host>/`` with an nginx snippet in ``root/_nginx/`` as
        ``static_farm.export_static`` does; return the number of pages written.

        The snippet adds a ``LinkChecker`` response header: linkchecker limits itself to 10
        requests per second on a host unless the host sends it (its documented opt-in), and the
        benchmark measures its checking, not its politeness."""
        host_dir = Path(root) / HOST
        count = 0
        for path, html in self.pages().items():
            target = host_dir / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            count += 1
        (host_dir / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
        conf_dir = Path(root) / "_nginx"
        conf_dir.mkdir(parents=True, exist_ok=True)
        (conf_dir / f"{HOST}.conf").write_text("charset utf-8;\nadd_header LinkChecker benchmark;\n",
                                               encoding="utf-8")
        return count
