"""W-I2 closed-site-online — 已关停网站仍在提供内容

Rule (国办发〔2017〕47号 政府网站发展指引: 网站关停、整合要报备并妥善处理; the registry marks
the site 运行状态 = 关停): a site the registry lists as closed (关停) should no longer serve
content — at most a closure notice (关停公告) or a redirect to the site that took it over.

How it judges (closed sites only: the crawler fetches just their homepage, no links, no site
checks; every other rule is skipped for them):

- the homepage answers 2xx with content → warning "已关停网站仍可访问并提供内容";
- "content" means dated items (news lists) on the page, or at least ``min_content_chars``
  (verified = false) of visible text that contains none of ``closed_words`` (已关停, 已迁移,
  已整合 … verified = false).

Example finding::

    {"rule": "W-I2", "severity": "warning",
     "message": "登记为关停的网站仍可访问并提供内容（首页12条带日期的信息，最新2021-03-02）",
     "url": "http://old.example.gov.cn/",
     "details": {"status": 200, "dated_items": 12, "newest": "2021-03-02", "text_chars": 1830}}

Not flagged:

- a closed site that does not answer (refused, DNS, 404/410 …): closed as registered;
- a closure notice page ("本网站已关停，请访问……"), however it is styled;
- a redirect to another host (the site that took it over);
- running sites (运行状态 运行): this rule says nothing about them.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from govinspect.model import SiteStatus
from govinspect.rules.base import Finding, RuleContext, Severity, rule


def _host(url: str) -> str:
    return (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower()


@rule("W-I2", "closed-site-online", title="已关停网站仍在提供内容", bulletin="已关停网站仍在提供内容", severity=Severity.WARNING)
def closed_site_online(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    if ctx.site.status is not SiteStatus.CLOSED:
        return
    home, fetch = snap.homepage, snap.homepage_fetch
    if home is None or fetch is None or not fetch.ok or home.is_soft404:
        return
    if _host(fetch.final_url or home.final_url) != _host(ctx.site.url):
        return  # handed over to another site
    words = [w for w in ctx.config["closed_words"] if w]
    text = home.text
    items = [i for i in home.dated_items if i.date <= snap.as_of_date]
    notice = any(w in text for w in words) or len(text) < int(ctx.config["min_content_chars"])
    if notice and not items:
        return
    newest = max((i.date for i in items), default=None)
    what = f"首页{len(items)}条带日期的信息，最新{newest.isoformat()}" if newest else f"首页文字{len(text)}字"
    yield ctx.finding(f"登记为关停的网站仍可访问并提供内容（{what}）", url=home.url, excerpt=home.title,
                      details={"status": fetch.status, "dated_items": len(items), "newest": newest,
                               "text_chars": len(text), "final_url": fetch.final_url})
