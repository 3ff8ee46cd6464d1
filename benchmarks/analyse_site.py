"""Benchmark: `govinspect analyse` of one large synthetic site from stored WARC (issue 10 part 4).

    .venv/bin/python benchmarks/analyse_site.py --pages 5000            # pages per CPU second, peak RSS
    .venv/bin/python benchmarks/analyse_site.py --pages 50000 --pages 5000   # is memory flat?
    .venv/bin/python benchmarks/analyse_site.py --pages 5000 --work /tmp/a --reuse   # again, same site

Writes one site of N pages straight into a fresh home (store rows + WARC records, as a crawl
records them; no crawl, no server): a homepage, eight columns with paged lists of 20 dated
entries, and articles of ~30 paragraphs of generated Chinese prose (about 2,300 characters, most
sentences new) with ~25 links. Then runs ``govinspect analyse`` (every rule) in its own process,
pinned to one core (--cpus), and prints wall and CPU seconds, pages per CPU second (on a shared
machine CPU time varies less than wall time) and the process's peak RSS. Given several --pages,
it builds and measures each, so one table shows whether memory grows with the site.

Nothing is committed: the site is generated here, from word pools written for this benchmark.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = datetime(2021, 3, 21, 0, 0)
RUN_ID = "bench-analyse"
COLUMNS = [("xwdt", "新闻动态", "news"), ("tzgg", "通知公告", "notice"), ("zcwj", "政策文件", "policy"),
           ("zcjd", "政策解读", "policy"), ("rsxx", "人事信息", "personnel"), ("ghjh", "规划计划", "planning"),
           ("bmdt", "部门动态", "news"), ("xzdt", "乡镇动态", "news")]
PER_LIST = 20

# Word pools for generated prose (written for this benchmark): sentences are built from parts, so
# a long site repeats few whole sentences, as a real one does.
_WHO = ["市政府", "县发展改革局", "区教育局", "市卫生健康委", "县农业农村局", "区住房城乡建设局", "市生态环境局",
        "县人力资源社会保障局", "市交通运输局", "区市场监管局", "县应急管理局", "市自然资源局", "区民政局",
        "县水利局", "市商务局", "区文化旅游局", "各乡镇（街道）", "有关部门", "各责任单位", "工作专班"]
_DO = ["召开专题会议，研究部署", "组织开展", "深入推进", "认真落实", "全面启动", "持续加强", "扎实做好",
       "统筹推进", "督促指导", "集中开展", "进一步规范", "稳步推进"]
_WHAT = ["安全生产隐患排查整治工作", "城乡环境综合整治", "优化营商环境各项举措", "乡村振兴重点任务",
         "老旧小区改造项目", "河湖长制日常巡查", "森林防火宣传教育", "重点项目建设", "政务服务事项梳理",
         "农村饮水安全保障", "社区养老服务设施建设", "就业援助专项活动", "义务教育招生入学", "垃圾分类宣传",
         "食品安全专项检查", "防汛备汛各项准备", "耕地保护监督检查", "公共资源交易监管", "消防安全检查"]
_HOW = ["确保各项措施落地见效", "切实增强群众获得感", "推动工作常态长效", "形成工作合力", "压实各方责任",
        "及时回应群众关切", "做到早发现、早处置", "提升服务质量和效率", "守牢安全底线"]
_FACT = ["截至目前，共排查各类问题{n}个，已整改{m}个。", "今年以来，累计投入资金{n}万元。",
         "活动共吸引{n}余名群众参与，发放宣传资料{m}份。", "全年计划完成项目{n}个，目前已开工{m}个。",
         "共受理群众诉求{n}件，办结率达到百分之{p}。", "参加培训的业务骨干共{n}人次。",
         "检查组先后走访企业{n}家、村（社区）{m}个。"]


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(_FACT).format(n=rng.randint(12, 980), m=rng.randint(3, 400), p=rng.randint(80, 99))
    return f"{rng.choice(_WHO)}{rng.choice(_DO)}{rng.choice(_WHAT)}，{rng.choice(_HOW)}。"


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return ["".join(_sentence(rng) for _ in range(rng.randint(2, 3))) for _ in range(count)]


def _title(rng: random.Random, kind: str) -> str:
    what = rng.choice(_WHAT)
    if kind == "notice":
        return f"关于做好{what}的通知"
    if kind == "policy":
        return f"{rng.choice(_WHO)}关于{what}的实施意见"
    return f"{rng.choice(_WHO)}{rng.choice(_DO)[:4]}{what}"


def _page(title: str, site: str, meta: dict[str, str], body: str) -> str:
    tags = "".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in meta.items())
    nav = "".join(f'<li><a href="/{path}/">{name}</a></li>' for path, name, _ in COLUMNS)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}_{site}</title>'
            f'<meta name="SiteName" content="{site}"><meta name="SiteDomain" content="www.bench.gov.cn">'
            f'<meta name="SiteIDCode" content="3399000042">{tags}</head><body>'
            f'<div class="top"><a href="/"><img src="/images/logo.png" alt="{site}"></a>'
            f'<form action="/search/"><input name="q"><button>搜索</button></form></div>'
            f'<div class="nav"><ul><li><a href="/">首页</a></li>{nav}</ul></div>{body}'
            f'<div class="footer"><p><a href="/lxwm/">联系我们</a> | <a href="/wzdt/">网站地图</a></p>'
            f'<p>主办单位：演示市人民政府办公室　联系电话：0571-88880000</p>'
            f'<p>网站标识码：3399000042　<a href="http://beian.miit.gov.cn/">演ICP备12345678号</a></p>'
            f'<script id="_jiucuo_" sitecode="3399000042" src="http://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
            f'</div></body></html>')


def _list_pages(articles: int) -> int:
    per_column = [len(range(c, articles, len(COLUMNS))) for c in range(len(COLUMNS))]
    return sum(max(1, -(-n // PER_LIST)) for n in per_column)


def _articles_for(count: int) -> int:
    """The most articles whose homepage and column lists still leave the site at ``count`` pages."""
    articles = max(0, count - 1)
    while articles and 1 + articles + _list_pages(articles) > count:
        articles -= 1
    return articles


def _site_pages(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(path, HTML) of a site of ``count`` pages: homepage, paged column lists, articles."""
    rng = random.Random(seed)
    articles = _articles_for(count)
    entries: dict[str, list[tuple[str, str, date]]] = {path: [] for path, _, _ in COLUMNS}
    pages: list[tuple[str, str]] = []
    for n in range(articles):
        path, name, kind = COLUMNS[n % len(COLUMNS)]
        day = AS_OF.date() - timedelta(days=n // 3)
        title = _title(rng, kind)
        href = f"/{path}/{day:%Y%m}/t{day:%Y%m%d}_{n}.html"
        entries[path].append((title, href, day))
        related = "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for t, h, _ in entries[path][-6:-1])
        body = (f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/{path}/">{name}</a></div>'
                f'<div class="article"><h1>{escape(title)}</h1><div class="info">发布时间：{day} 09:30　'
                f'来源：演示市人民政府办公室</div><div id="zoom">'
                + "".join(f"<p>{p}</p>" for p in _paragraphs(rng, 30))
                + f'</div><div class="related"><h3>相关文章</h3><ul>{related}</ul></div></div>')
        meta = {"ColumnName": name, "ArticleTitle": title, "PubDate": f"{day} 09:30"}
        pages.append((href, _page(title, "演示市人民政府", meta, body)))
    for path, name, _ in COLUMNS:
        rows = entries[path]
        total = max(1, -(-len(rows) // PER_LIST))
        for i in range(total):
            chunk = rows[i * PER_LIST:(i + 1) * PER_LIST]
            items = "".join(f'<li><a href="{h}" title="{escape(t)}">{escape(t)}</a><span>{d}</span></li>'
                            for t, h, d in chunk)
            pager = ""
            if i + 1 < total:
                pager = f'<div class="page">共{total}页 <a href="index_{i + 1}.html">下一页</a></div>'
            body = f'<div class="main"><h2>{name}</h2><ul class="list">{items}</ul>{pager}</div>'
            pages.append((f"/{path}/" + ("" if i == 0 else f"index_{i}.html"),
                          _page(name, "演示市人民政府", {"ColumnName": name}, body)))
    blocks = "".join(
        f'<div class="block"><h3>{name}</h3><a href="/{path}/">更多</a><ul>'
        + "".join(f'<li><a href="{h}">{escape(t)}</a><span>{d}</span></li>' for t, h, d in entries[path][:8])
        + "</ul></div>" for path, name, _ in COLUMNS)
    pages.insert(0, ("/", _page("首页", "演示市人民政府", {}, blocks)))
    for k in range(count - len(pages)):  # what the lists' rounding leaves: 单页栏目 pages
        body = f'<div class="main"><h2>机构职能{k}</h2>' + "".join(f"<p>{p}</p>" for p in _paragraphs(rng, 5)) + "</div>"
        pages.append((f"/jgzn/page_{k}.html", _page(f"机构职能{k}", "演示市人民政府", {}, body)))
    return pages


def build_home(home: Path, count: int) -> int:
    """A home holding one run of one site of ``count`` pages; returns the pages written."""
    from govinspect.config import load_config
    from govinspect.crawl.incremental import content_hash
    from govinspect.model import Site, SiteType
    from govinspect.snapshot.warc import WarcWriter
    from govinspect.store import open_store
    from govinspect.store.models import FetchRow
    from govinspect.store.runs import start_run
    from govinspect.timeutil import CHINA_TZ

    config = load_config(home)
    store = open_store(config.db_url)
    site = Site(code="3399000042", name="演示市人民政府", url="http://www.bench.gov.cn/",
                sponsor="演示市人民政府办公室", site_type=SiteType.PORTAL)
    start_run(store, [site], AS_OF.replace(tzinfo=CHINA_TZ), run_id=RUN_ID)
    when = datetime(2021, 3, 20, 8, tzinfo=UTC)
    written = 0
    pages = _site_pages(count)
    with WarcWriter(config.warc_dir, RUN_ID) as writer:
        for start in range(0, len(pages), 2000):
            with store.session() as session, session.begin():
                for path, html in pages[start:start + 2000]:
                    url = "http://www.bench.gov.cn" + path
                    body = html.encode("utf-8")
                    ptr = writer.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")],
                                                body, fetched_at=when)
                    session.add(FetchRow(run_id=RUN_ID, site_code=site.code, url=url, final_url=url, kind="page",
                                         status=200, content_type="text/html; charset=utf-8", length=len(body),
                                         warc_file=ptr.file, warc_record_id=ptr.record_id, warc_offset=ptr.offset,
                                         warc_length=ptr.length, fetched_at=when, elapsed_ms=20,
                                         content_hash=content_hash(body)))
                    written += 1
    store.close()
    return written


def measure(home: Path, cpus: str | None, profile: Path | None) -> tuple[float, float, float, int]:
    """Run ``govinspect analyse`` on the home's run: (wall seconds, CPU seconds, peak RSS MiB, exit
    code). CPU seconds are what one core spent: on a shared machine they vary less than wall time."""
    cmd = [sys.executable]
    if profile is not None:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += ["-m", "govinspect", "--home", str(home), "analyse", RUN_ID, "--out", str(home / "out"),
            "--format", "json"]
    if cpus and shutil.which("taskset"):
        cmd = ["taskset", "-c", cpus, *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, action="append", help="site size (repeat to compare sizes)")
    parser.add_argument("--cpus", default="0", help="taskset CPU list for the analysis ('' = no pinning)")
    parser.add_argument("--work", type=Path, default=HERE / "_work" / "analyse_site")
    parser.add_argument("--reuse", action="store_true", help="analyse the homes already built under --work")
    parser.add_argument("--profile", action="store_true", help="write cProfile output next to each home")
    args = parser.parse_args()
    sizes = args.pages or [5000]
    print(f"{'pages':>7} {'build s':>8} {'wall s':>8} {'CPU s':>8} {'pages/CPU s':>11} {'peak MiB':>9} {'exit':>4}")
    for count in sizes:
        home = args.work / f"site-{count}"
        built = 0.0
        if not (args.reuse and (home / "govinspect.db").exists()):
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir(parents=True)
            t0 = time.perf_counter()
            build_home(home, count)
            built = time.perf_counter() - t0
        wall, cpu, rss, code = measure(home, args.cpus, home / "analyse.prof" if args.profile else None)
        print(f"{count:7d} {built:8.1f} {wall:8.2f} {cpu:8.2f} {count / cpu:11.1f} {rss:9.1f} {code:4d}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
