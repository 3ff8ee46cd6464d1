"""Alerts keyed by cause (Finding.cause): the same injected spam block first met on another page
in the next run is the same problem, announced once; a different block is a new alert. Alert
state stored under the older key (source|rule|first page) is taken over, not announced again.

The end-to-end case inspects a real site on 127.0.0.1 three times, its hidden casino-link block
moving between article pages, with the alerts posted to a real local webhook."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from govinspect import pipeline
from govinspect.alerts import AlertSettings, plan_alerts
from govinspect.alerts.state import KEY_LENGTH, Seen, alert_key, firm_vetoes, stored_targets
from govinspect.config import load_config
from govinspect.demo.webhook import webhook_receiver
from govinspect.model import Site, SiteType
from govinspect.rules.base import Finding, Severity
from govinspect.store import Store, open_store
from govinspect.store.models import AlertStateRow
from govinspect.timeutil import parse_as_of

from ..crawl.helpers import pages_handler, threaded_site

SITE = Site(code="4401060021", name="越秀湾街道办事处", url="http://www.yxw.example.gov.cn/",
            sponsor="越秀湾街道办事处综合办")


def _veto(url: str, cause: str | None, pages: list[str] | None = None) -> Finding:
    details = {"pages": {"count": len(pages), "first": pages}} if pages else {}
    return Finding(target=SITE.code, rule="W-V1c", severity=Severity.VETO, message="隐藏的赌博链接",
                   url=url, details=details, cause=cause)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()


def _settings(hook: str, dry_run: bool = False) -> AlertSettings:
    return AlertSettings(True, dry_run, (), {SITE.sponsor: (hook,)})


def test_same_cause_on_another_first_page_is_one_alert(store: Store) -> None:
    page = "http://www.yxw.example.gov.cn/xxgk/{}.html".format
    with webhook_receiver() as (hook, posted):
        cfg = _settings(hook)
        first = plan_alerts(store, cfg, "run", [(SITE, firm_vetoes([
            _veto(page(11), "concealed:links:www.hg-yl88.com", [page(11), page(12)])]))], "r1")
        assert [a.kind for a in first.alerts] == ["veto"]
        # next run: page 11 was cleaned, the block is first met on page 12: the same problem
        again = plan_alerts(store, cfg, "run", [(SITE, firm_vetoes([
            _veto(page(12), "concealed:links:www.hg-yl88.com", [page(12), page(13)])]))], "r2")
        assert again.alerts == [] and len(posted) == 1
        # a block leading elsewhere is another cause: its own alert, and the first one cleared
        other = plan_alerts(store, cfg, "run", [(SITE, firm_vetoes([
            _veto(page(12), "concealed:links:www.amjs-777.net")]))], "r3")
        assert sorted(a.kind for a in other.alerts) == ["resolved", "veto"] and len(posted) == 3
        assert "www.amjs-777.net" in next(a.key for a in other.alerts if a.kind == "veto")


def test_findings_without_a_cause_keep_the_first_page_key() -> None:
    [seen] = firm_vetoes([_veto("http://www.yxw.example.gov.cn/", None)])
    assert seen.key == "run|W-V1c|http://www.yxw.example.gov.cn/" and seen.legacy_keys == ()
    # two findings of one rule on different pages without a cause stay two alerts
    assert len(firm_vetoes([_veto("http://a.example.gov.cn/1", None), _veto("http://a.example.gov.cn/2", None)])) == 2


def test_long_causes_get_distinct_keys_that_fit() -> None:
    one, two = "seen:" + "澳门赌场" * 100 + "甲", "seen:" + "澳门赌场" * 100 + "乙"
    keys = {alert_key("run", "W-V1c", None, one), alert_key("run", "W-V1c", None, two)}
    assert len(keys) == 2 and all(len(k) <= KEY_LENGTH for k in keys)
    assert alert_key("run", "W-V1c", None, one) == alert_key("run", "W-V1c", "http://x/", one)  # page-free


def _old_state(store: Store, hook: str, url: str) -> None:
    """An open, delivered alert stored the way it was before alerts were keyed by cause."""
    old = Seen(alert_key("run", "W-V1c", url), "W-V1c", "隐藏的赌博链接", url)
    assert [a.kind for a in plan_alerts(store, _settings(hook), "run", [(SITE, [old])], "r0").alerts] == ["veto"]


def test_state_stored_under_the_first_page_is_taken_over(store: Store) -> None:
    page = "http://www.yxw.example.gov.cn/tzgg/{}.html".format
    cause = "concealed:links:www.hg-yl88.com"
    with webhook_receiver() as (hook, posted):
        _old_state(store, hook, page(3))
        # a dry run reads the old state (nothing would be sent) and leaves it as it was
        dry = plan_alerts(store, _settings(hook, dry_run=True), "run",
                          [(SITE, firm_vetoes([_veto(page(5), cause, [page(5), page(3)])]))], "r1")
        assert dry.alerts == []
        with store.session() as session:
            assert [r.key for r in session.scalars(select(AlertStateRow))] == [alert_key("run", "W-V1c", page(3))]
        # the upgraded run: the same block, now first met on page 5, keyed by its cause
        report = plan_alerts(store, _settings(hook), "run",
                             [(SITE, firm_vetoes([_veto(page(5), cause, [page(5), page(3)])]))], "r1")
        assert report.alerts == [] and len(posted) == 1
        with store.session() as session:
            [row] = session.scalars(select(AlertStateRow)).all()
            assert row.key == alert_key("run", "W-V1c", None, cause) and row.resolved is None and row.delivered


def test_old_state_of_another_page_is_not_taken_over(store: Store) -> None:
    page = "http://www.yxw.example.gov.cn/tzgg/{}.html".format
    with webhook_receiver() as (hook, posted):
        _old_state(store, hook, page(3))
        report = plan_alerts(store, _settings(hook), "run", [(SITE, firm_vetoes([
            _veto(page(7), "concealed:links:www.hg-yl88.com", [page(7), page(8)])]))], "r1")
        # a block on pages the old alert never named: a new alert, and the old one resolved
        assert sorted(a.kind for a in report.alerts) == ["resolved", "veto"] and len(posted) == 3


# ---- end to end: three inspections of a real local site ---------------------------------------

ARTICLE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="main"><h1>{title}</h1><p>发布时间：2021-03-{day:02d}</p><p>{text}</p></div>{spam}
<div class="foot">越秀湾街道办事处综合办主办</div></body></html>"""
ARTICLES = {
    "/xxgk/1.html": ("关于开展汛前安全检查的通知", 10, "各社区：为做好汛期安全工作，现将有关事项通知如下。"),
    "/xxgk/2.html": ("辖区老旧小区改造进展情况", 12, "今年计划改造老旧小区六个，已完成方案设计。"),
    "/xxgk/3.html": ("春季义务植树活动安排", 15, "街道机关干部于本月下旬参加义务植树。"),
}
# a hidden link block (an injected template): the keywords rotate, the casino host does not
SPAM = ('<div style="position:absolute;left:-9999px"><a href="http://{host}/">{words}</a> '
        '<a href="http://{host}/kh">网上娱乐城开户</a></div>')


def _site_pages(spam_pages: tuple[str, ...], host: str, words: str) -> dict[str, str]:
    """What the site serves now: the articles in ``spam_pages`` carry the injected block."""
    links = "".join(f'<li><a href="{p}">{t}</a><em>2021-03-{d:02d}</em></li>' for p, (t, d, _) in ARTICLES.items())
    pages = {"/": (f'<html><head><meta charset="utf-8"><title>越秀湾街道办事处</title></head><body>'
                   f'<div class="box"><h3>政务公开</h3><ul>{links}</ul></div></body></html>')}
    for path, (title, day, text) in ARTICLES.items():
        spam = SPAM.format(host=host, words=words) if path in spam_pages else ""
        pages[path] = ARTICLE.format(title=title, day=day, text=text, spam=spam)
    return pages


def test_inspections_alert_a_moving_spam_block_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    served = _site_pages((), "", "")  # the handler reads it at each request: inspect() changes it
    as_of = parse_as_of("2021-03-21")
    with threaded_site(pages_handler(served)) as url, webhook_receiver() as (hook, posted):
        site = Site("4401060099", "越秀湾街道办事处", url, SITE.sponsor, "越秀区人民政府", "越秀区", SiteType.DEPARTMENT)
        config = load_config(tmp_path, {"crawl": {"site_checks": "none", "render_js": "never", "timeout_seconds": 5,
                                                  "retries": 0},
                                        "alerts": {"enabled": True, "units": {SITE.sponsor: [hook]}}})
        store = open_store(config.db_url)

        def inspect(day: int, pages: tuple[str, ...], host: str, words: str) -> list[dict[str, Any]]:
            served.update(_site_pages(pages, host, words))
            before = len(posted)
            run_id = pipeline.start_run(store, [site], as_of + timedelta(days=day))
            pipeline.crawl(store, config, run_id)
            pipeline.analyse(store, config, run_id)
            return [p for p in posted[before:] if "W-V1c" in p["title"]]

        try:
            first = inspect(0, ("/xxgk/1.html", "/xxgk/2.html"), "www.hg-yl88.com", "真人百家乐")
            assert len(first) == 1 and "【单项否决】" in first[0]["title"]
            # cleaned on article 1; on article 3 now, other keywords, the same casino host
            assert inspect(1, ("/xxgk/2.html", "/xxgk/3.html"), "www.hg-yl88.com", "澳门赌场") == []
            # the stored run reads back with its causes: `govinspect alerts` keys them the same way
            newest = pipeline.start_run(store, [site], as_of + timedelta(days=2))
            pipeline.crawl(store, config, newest)
            pipeline.analyse(store, config, newest)
            [(_, findings)] = stored_targets(store, newest)
            assert [f.cause for f in findings if f.rule == "W-V1c"] == ["concealed:links:www.hg-yl88.com"]
            # another injected block, leading to another host: a new alert, the old one resolved
            third = inspect(3, ("/xxgk/3.html",), "www.amjs-777.net", "真人百家乐")
            assert sorted("【已恢复】" in p["title"] for p in third) == [False, True]
        finally:
            store.close()
