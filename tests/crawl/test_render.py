"""Lists built by JavaScript: detection in static HTML, rendering with Debian's chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.crawl.render import looks_script_built
from govinspect.extract.links import discover
from govinspect.snapshot.warc import read_record

from .helpers import LocalServer, fast_settings, fetches, frontier, html, make_run, make_store, site

CHROMIUM = Path("/usr/bin/chromium")

JS_LIST = html("""
<div class="nav"><a href="/">首页</a></div>
<ul id="list"></ul>
<script>
  var data = [{"t": "关于开展检查的通知", "u": "/tzgg/a1.html"}, {"t": "工作动态", "u": "/tzgg/a2.html"}];
  var box = document.getElementById("list");
  for (var i = 0; i < data.length; i++) {
    box.innerHTML += '<li><a href="' + data[i].u + '">' + data[i].t + '</a></li>';
  }
</script>""", "通知公告")

STATIC_LIST = html("".join(f'<li><a href="/a{i}.html">新闻{i}</a></li>' for i in range(20)) +
                   "<script>var _hmt = _hmt || []; (function(){var hm = document.createElement('script');"
                   "hm.src = 'https://hm.example.com/hm.js'; document.body.appendChild(hm);})();</script>")
ANALYTICS_ONLY = html('<p>正文</p><a href="/x.html">相关</a>'
                      "<script>document.getElementById('visits').innerHTML = '1024';</script>")


def _detect(page: str) -> bool:
    tree, links, _ = discover(page, "http://www.example.gov.cn/tzgg/")
    return looks_script_built(tree, links)


def test_detects_script_built_list() -> None:
    assert _detect(JS_LIST)
    xhr = html('<ul id="l"></ul><script>$.ajax({url: "/api/list", success: function (d) {'
               '$("#l").html(d.map(function (x) { return "<li>" + x + "</li>"; }).join(""));}});</script>')
    assert _detect(xhr)


def test_static_lists_and_small_scripts_are_not_rendered() -> None:
    assert not _detect(STATIC_LIST)  # many body links: the list is in the HTML
    assert not _detect(ANALYTICS_ONLY)  # writes the DOM but loads no data


def _app() -> web.Application:
    app = web.Application()

    async def serve(request: web.Request) -> web.Response:
        if request.path == "/":
            return web.Response(text=html('<a href="/tzgg/">通知公告</a>'), content_type="text/html")
        if request.path == "/tzgg/":
            return web.Response(text=JS_LIST, content_type="text/html")
        return web.Response(text=html("<p>正文</p>", "通知"), content_type="text/html")

    app.router.add_get("/{tail:.*}", serve)
    return app


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")
async def test_js_list_rendered_with_chromium(tmp_path: Path) -> None:
    server = await LocalServer(_app()).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(render_js="auto", timeout_seconds=10), tmp_path / "warc")
    finally:
        await server.stop()
    renders = fetches(store, "r", "render")
    assert [r.url for r in renders] == [server.url("/tzgg/")]
    record = read_record(tmp_path / "warc", renders[0].warc_file or "", renders[0].warc_offset or 0)
    assert record.rec_type == "resource" and "关于开展检查的通知".encode() in record.body
    assert record.headers["Content-Type"].startswith("text/html")
    pages = {p.url for p in fetches(store, "r", "page")}
    # the links only the rendered DOM has fed the frontier
    assert server.url("/tzgg/a1.html") in pages and server.url("/tzgg/a2.html") in pages


async def test_missing_chromium_is_recorded_not_fatal(tmp_path: Path) -> None:
    server = await LocalServer(_app()).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(render_js="auto", chromium_path=str(tmp_path / "nope")),
                        tmp_path / "warc")
    finally:
        await server.stop()
    render_rows = frontier(store, "r", "render")
    assert len(render_rows) == 1 and render_rows[0].state == "skipped"
    assert (render_rows[0].reason or "").startswith("not rendered: no_chromium")
    assert fetches(store, "r", "render") == []
    assert len(fetches(store, "r", "page")) == 2


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")
async def test_js_list_behind_a_self_signed_certificate_is_rendered(tmp_path: Path) -> None:
    """Chromium, like the crawler, renders a page whose certificate is invalid (W-I3 reports it)."""
    from .test_certificates import issue, server_context

    server = await LocalServer(_app(), ssl_context=server_context(tmp_path, issue("127.0.0.1"))).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(render_js="auto", timeout_seconds=10), tmp_path / "warc")
    finally:
        await server.stop()
    [render] = fetches(store, "r", "render")
    record = read_record(tmp_path / "warc", render.warc_file or "", render.warc_offset or 0)
    assert "关于开展检查的通知".encode() in record.body
    assert len(fetches(store, "r", "tls")) == 1
