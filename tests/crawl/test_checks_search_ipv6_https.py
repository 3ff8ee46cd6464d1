"""Site checks "search" (W-D8), "ipv6" (W-D9) and "https" (W-I3) against local servers, judged by
their rules from the stored evidence."""

from __future__ import annotations

import socket
import ssl
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.crawl.sitechecks import https as https_check
from govinspect.crawl.sitechecks import ipv6 as ipv6_check
from govinspect.crawl.sitechecks.search import find_search_forms, query_from_title
from govinspect.extract.categories import load_category_table
from govinspect.model import Site
from govinspect.rules.base import Finding, RuleContext, get_rule
from govinspect.snapshot.builder import build_snapshot
from govinspect.store import Store

from .helpers import LocalServer, fast_settings, fetches, make_run, make_store, refused_port, site

SEEN = web.AppKey("seen", list[str])
AS_OF = datetime(2021, 3, 21, tzinfo=ZoneInfo("Asia/Shanghai"))
TITLES = ["示范市召开2021年政务公开工作会议", "示范市部署春季农业生产工作", "关于做好清明节期间安全工作的通知"]

FORM = ('<form class="search" action="/search/" method="get"><input type="hidden" name="siteid" value="7">'
        '<input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form>')


def homepage(form: str = FORM) -> str:
    items = "".join(f'<li><a href="/xw/t2021031{i}_{i}.html">{t}</a><span>2021-03-1{i}</span></li>'
                    for i, t in enumerate(TITLES))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范市人民政府</title></head><body>'
            f'<div class="header">{form}</div><div class="news"><ul>{items}</ul></div>'
            '<form action="/login" method="post"><input type="text" name="user">'
            '<input type="password" name="pw"></form></body></html>')


def search_app(mode: str, form: str = FORM, charset: str = "utf-8") -> web.Application:
    app = web.Application()
    seen: list[str] = []
    app[SEEN] = seen

    async def home(request: web.Request) -> web.Response:
        body = homepage(form).replace('charset="utf-8"', f'charset="{charset}"').encode(charset)
        return web.Response(body=body, content_type="text/html", charset=charset)

    async def search(request: web.Request) -> web.Response:
        query = request.query.get("q", "")
        seen.append(request.path_qs)
        if mode == "error":
            return web.Response(status=500, text="Internal Server Error")
        hits = [(i, t) for i, t in enumerate(TITLES) if query and query in t and mode == "works"]
        rows = "".join(f'<li><a href="/xw/t2021031{i}_{i}.html">{t.replace(query[:4], "<em>" + query[:4] + "</em>")}'
                       "</a></li>" for i, t in hits)
        return web.Response(text=f"<html><body><h2>“{query}”的搜索结果</h2><ul>{rows}</ul>"
                                 f'<input value="{query}"></body></html>', content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/search/", search)
    return app


def judge(store: Store, tmp_path: Path, the_site: Site, code: str) -> list[Finding]:
    cfg = load_config(tmp_path / "nohome")
    snap = build_snapshot(store, "r", the_site, AS_OF, tmp_path / "warc", load_category_table(None))
    rule = get_rule(code)
    return list(rule.func(RuleContext(snap, cfg.rule(code), rule)))


async def crawl(tmp_path: Path, the_site: Site) -> Store:
    store = make_store(tmp_path)
    make_run(store, "r", [the_site])
    await crawl_run(store, "r", [the_site], fast_settings(site_checks="all"), tmp_path / "warc")
    return store


# ---- search -----------------------------------------------------------------


def test_form_finder_prefers_the_search_form_and_skips_login() -> None:
    [form] = find_search_forms(homepage(), "http://x.gov.cn/")
    assert (form.action, form.name, form.hidden, form.method) == ("http://x.gov.cn/search/", "q", [("siteid", "7")],
                                                                   "get")
    assert form.url("会议") == "http://x.gov.cn/search/?siteid=7&q=%E4%BC%9A%E8%AE%AE"
    assert query_from_title("示范市召开政务公开工作会议…") == "示范市召开政务公开工作会议"


@pytest.mark.parametrize(("mode", "problem"), [("works", None), ("error", "failed"), ("empty", "not_found")])
async def test_search_is_submitted_with_the_newest_title(tmp_path: Path, mode: str, problem: str | None) -> None:
    app = search_app(mode)
    server = await LocalServer(app).start()
    try:
        the_site = site(server.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await server.stop()
    assert len(app[SEEN]) == 1 and "siteid=7" in app[SEEN][0]  # one query, hidden fields kept
    rows = fetches(store, "r", "search")
    assert rows[0].content_type == "application/warc-fields"
    found = judge(store, tmp_path, the_site, "W-D8")
    if problem is None:
        assert found == []
    else:
        [f] = found
        assert f.details["problem"] == problem and f.details["query"] == TITLES[2]
        assert f.evidence["warc"] and f.points == 1.0


async def test_gbk_page_is_searched_in_gbk_then_utf8(tmp_path: Path) -> None:
    app = search_app("works", charset="gbk")  # this search engine decodes UTF-8 only
    server = await LocalServer(app).start()
    try:
        the_site = site(server.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await server.stop()
    assert len(app[SEEN]) == 2
    assert "q=%B9%D8" in app[SEEN][0] and "q=%E5%85%B3" in app[SEEN][1]  # 关 in GBK, then in UTF-8
    assert judge(store, tmp_path, the_site, "W-D8") == []


async def test_no_search_form_is_noted_and_flagged(tmp_path: Path) -> None:
    server = await LocalServer(search_app("works", form="<p>欢迎访问</p>")).start()
    try:
        the_site = site(server.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await server.stop()
    [f] = judge(store, tmp_path, the_site, "W-D8")
    assert f.message == "首页未提供站内搜索" and f.details["problem"] == "no_search_form"


# ---- ipv6 -------------------------------------------------------------------


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def simple_app() -> web.Application:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text="<html><head><title>首页</title></head><body><p>首页</p></body></html>",
                            content_type="text/html")

    app.router.add_get("/", home)
    return app


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback (::1) on this machine")
async def test_site_on_ipv6_loopback_answers_over_ipv6(tmp_path: Path) -> None:
    runner = web.AppRunner(simple_app(), access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET6)
    sock.bind(("::1", 0))  # listened on as bound: no other process can take the port in between
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    try:
        the_site = site(f"http://[::1]:{port}/")
        store = await crawl(tmp_path, the_site)
    finally:
        await runner.cleanup()
    rows = fetches(store, "r", "ipv6")
    assert [(r.content_type, r.status) for r in rows][1][1] == 200
    assert judge(store, tmp_path, the_site, "W-D9") == []


async def test_no_aaaa_is_flagged(tmp_path: Path) -> None:
    server = await LocalServer(simple_app()).start()
    try:
        the_site = site(server.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await server.stop()
    [f] = judge(store, tmp_path, the_site, "W-D9")
    assert f.details["problem"] == "no_aaaa" and f.details["a"] == "127.0.0.1" and f.points == 1.0


async def test_aaaa_without_an_ipv6_answer_is_flagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = ipv6_check.resolve

    async def fake(host: str, port: int, family: socket.AddressFamily, timeout: float) -> list[str]:
        return ["::1"] if family == socket.AF_INET6 else await real(host, port, family, timeout)

    monkeypatch.setattr(ipv6_check, "resolve", fake)
    server = await LocalServer(simple_app()).start()  # listens on IPv4 only
    try:
        the_site = site(server.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await server.stop()
    [f] = judge(store, tmp_path, the_site, "W-D9")
    assert f.details["problem"] == "ipv6_fetch_failed" and f.details["aaaa"] == "::1"


async def test_unresolvable_host_is_for_review_not_deducted(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    async def nothing(host: str, port: int, family: socket.AddressFamily, timeout: float) -> list[str]:
        return []

    monkeypatch.setattr(ipv6_check, "resolve", nothing)
    server = await LocalServer(simple_app()).start()
    try:
        the_site = site(server.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await server.stop()
    [f] = judge(store, tmp_path, the_site, "W-D9")
    assert f.review and f.details["problem"] == "dns_unresolved"


# ---- https ------------------------------------------------------------------


def test_https_url_of_a_homepage() -> None:
    assert https_check.https_url("http://www.x.gov.cn:8080/index.html") == "https://www.x.gov.cn/"
    assert https_check.https_url("https://www.x.gov.cn/") == "https://www.x.gov.cn/"
    assert https_check.https_url("http://[::1]:81/") == "https://[::1]/"


async def test_self_signed_certificate_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    tls = await LocalServer(simple_app(), ssl_context=context).start()
    plain = await LocalServer(simple_app()).start()
    monkeypatch.setattr(https_check, "https_url", lambda home: tls.url("/"))
    try:
        the_site = site(plain.url("/"))
        store = await crawl(tmp_path, the_site)
    finally:
        await plain.stop()
        await tls.stop()
    [f] = judge(store, tmp_path, the_site, "W-I3")
    # named from the certificate itself, the https page fetched anyway (crawl.tls)
    assert f.details["problem"] == "self_signed" and f.message.startswith("HTTPS证书无效：自签名证书、证书与域名不符（CN=127.0.0.1")
    assert f.details["verification"] == "relaxed" and fetches(store, "r", "https")[0].status == 200
    assert f.evidence["warc"]


async def test_no_https_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = await LocalServer(simple_app()).start()
    try:
        with refused_port() as port:
            monkeypatch.setattr(https_check, "https_url", lambda home: f"https://127.0.0.1:{port}/")
            the_site = site(plain.url("/"))
            store = await crawl(tmp_path, the_site)
    finally:
        await plain.stop()
    [f] = judge(store, tmp_path, the_site, "W-I3")
    assert f.details["problem"] == "no_https"
