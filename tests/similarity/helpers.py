"""Pages for the similarity tests: our own article texts, a store and WARC records written here."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from govinspect import pipeline
from govinspect.config import Config, load_config
from govinspect.crawl.incremental import content_hash
from govinspect.model import Site, SiteType
from govinspect.snapshot.warc import WarcWriter
from govinspect.store import Store, open_store
from govinspect.store.models import FetchRow

_WORDS = ("工作", "制度", "审核", "发布", "网站", "信息", "管理", "安全", "责任", "落实", "规范", "要求",
          "单位", "科室", "负责", "同志", "栏目", "内容", "及时", "准确", "政策", "文件", "办理", "服务",
          "公开", "监督", "检查", "整改", "考核", "机制", "部门", "群众", "保障", "建设", "推进", "加强")


def prose(seed: int, chars: int = 600) -> str:
    """Deterministic Chinese-looking text of about ``chars`` characters (our own word salad)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = "".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 12))) + "。"
        out.append(sentence)
        size += len(sentence)
    return "".join(out)


def article_html(title: str, paragraphs: list[str], *, pub: str = "2021-03-01 09:00", source: str = "",
                 site_name: str = "示例网站", extra: str = "") -> str:
    meta_source = f'<meta name="ContentSource" content="{source}">' if source else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><meta charset="utf-8"><title>{title}_{site_name}</title>'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{pub}">{meta_source}</head>'
            f'<body><div class="nav"><a href="/">首页</a><a href="/xwzx/">新闻中心</a><a href="/zcwj/">政策文件</a></div>'
            f'<div class="article"><h1>{title}</h1><div class="info">发布时间：{pub}　来源：{source or site_name}</div>'
            f'<div id="zoom">{body}{extra}</div></div>'
            f'<div class="footer"><p>主办单位：{site_name}　网站标识码：3399000001　'
            f'本网站所有内容转载请注明来源。</p></div></body></html>')


def make_site(code: str, name: str, host: str) -> Site:
    return Site(code=code, name=name, url=f"http://{host}/", sponsor=f"{name}办公室", site_type=SiteType.PORTAL)


class World:
    """A store plus WARC directory where runs are recorded page by page (no crawl)."""

    def __init__(self, home: Path, overrides: dict[str, Any] | None = None) -> None:
        self.config: Config = load_config(home, overrides)
        self.store: Store = open_store(self.config.db_url)

    def record_run(self, pages: dict[Site, dict[str, str]], *, as_of: date = date(2021, 3, 21),
                   fetched_at: datetime | None = None, run_id: str | None = None) -> str:
        """A run whose fetches are ``pages`` (site → path → HTML), stored as WARC + fetch rows."""
        from govinspect.timeutil import CHINA_TZ

        when = fetched_at or datetime(as_of.year, as_of.month, as_of.day, 1, tzinfo=UTC)
        run_id = pipeline.start_run(self.store, list(pages), datetime(as_of.year, as_of.month, as_of.day,
                                                                     tzinfo=CHINA_TZ), run_id=run_id)
        with WarcWriter(self.config.warc_dir, run_id) as writer, self.store.session() as session, session.begin():
            for site, site_pages in pages.items():
                for path, html in site_pages.items():
                    url = site.url.rstrip("/") + path
                    body = html.encode("utf-8")
                    ptr = writer.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")],
                                                body, fetched_at=when)
                    session.add(FetchRow(run_id=run_id, site_code=site.code, url=url, final_url=url, kind="page",
                                         status=200, content_type="text/html; charset=utf-8", length=len(body),
                                         warc_file=ptr.file, warc_record_id=ptr.record_id, warc_offset=ptr.offset,
                                         warc_length=ptr.length, fetched_at=when,
                                         content_hash=content_hash(body)))  # as a crawl records it
        return run_id

    def close(self) -> None:
        self.store.close()
