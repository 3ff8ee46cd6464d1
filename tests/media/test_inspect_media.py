"""`govinspect inspect --media` end to end on a local server (127.0.0.1): every feed format and
every bad input of issue 14 gives a finding or a per-account error; the others are still judged;
a run killed with SIGKILL resumes without fetching collected accounts again."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.media.registry import write_accounts
from tests.crawl.helpers import LocalServer
from tests.media import samples

AS_OF = "2021-03-21"
CONFIG = """
[crawl]
timeout_seconds = 2
retries = 0
obey_robots = false
[media]
max_feed_bytes = 2_000_000
"""


def _rss(items: list[tuple[str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>http://127.0.0.1/{i}</link><pubDate>{d}</pubDate></item>"
                   for i, (t, d) in enumerate(items))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>{body}</channel></rss>'


def media_app(slow_seconds: float = 5.0) -> web.Application:
    app = web.Application()
    xml = "application/rss+xml"
    fixed: dict[str, tuple[bytes, str]] = {
        "/fresh.xml": (samples.RSS.encode(), xml),
        "/stale.xml": (_rss([("防汛抗旱工作部署会召开", "Tue, 23 Feb 2021 10:00:00 +0800")]).encode(), xml),
        "/atom.xml": (samples.ATOM.encode(), "application/atom+xml"),
        "/feed.json": (samples.dumps(samples.JSON_FEED), "application/feed+json"),
        "/page.html": ("<!DOCTYPE html><html><body><h1>澄溪县人民政府</h1></body></html>".encode(), "text/html"),
        "/truncated.xml": (samples.RSS.encode()[:300], xml),
        "/empty.xml": (_rss([]).encode(), xml),
        "/nodates.xml": (_rss([("无日期的文章", "")]).encode(), xml),
        "/future.xml": (_rss([("明年的活动预告", "Mon, 21 Mar 2022 10:00:00 +0800"),
                              ("旧闻", "Mon, 01 Feb 2021 10:00:00 +0800")]).encode(), xml),
        "/snapshot.json": (samples.dumps(samples.snapshot(
            menus=[{"name": "办事服务", "children": [{"name": "办事指南", "url": "/menu/ok"},
                                                    {"name": "公开目录", "url": "/menu/gone"}]}])), "application/json"),
        "/partial.json": (samples.dumps(samples.snapshot(posts=[{"title": "没有日期"}])), "application/json"),
        "/menu/ok": (b"<html><body>ok</body></html>", "text/html"),
    }

    async def serve(request: web.Request) -> web.StreamResponse:
        if request.path in fixed:
            body, content_type = fixed[request.path]
            return web.Response(body=body, content_type=content_type)
        if request.path == "/slow.xml":
            await asyncio.sleep(slow_seconds)
            return web.Response(body=samples.RSS.encode(), content_type=xml)
        if request.path == "/huge.xml":  # 50 MB of feed: cut at [media] max_feed_bytes
            response = web.StreamResponse(headers={"Content-Type": xml})
            await response.prepare(request)
            await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>')
            chunk = b"<item><title>" + "很长的内容".encode() * 200 + b"</title></item>"
            try:
                for _ in range(50_000_000 // len(chunk)):
                    await response.write(chunk)
            except (ConnectionError, RuntimeError):
                pass  # the client stopped reading at its limit
            return response
        raise web.HTTPNotFound()

    app.router.add_get("/{tail:.*}", serve)
    return app


def pages_app(pages: dict[str, tuple[bytes, str]]) -> web.Application:
    """A local account server: each path answers its (body, content type), any other 404."""
    async def serve(request: web.Request) -> web.Response:
        if request.path in pages:
            body, content_type = pages[request.path]
            return web.Response(body=body, content_type=content_type)
        raise web.HTTPNotFound()

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    return app


def _account(name: str, path: str, base: str, *, platform: Platform = Platform.WECHAT, sponsor: str = "",
             status: AccountStatus = AccountStatus.RUNNING) -> Account:
    url = path if not path.startswith("/") else base + path
    return Account(name=name, platform=platform, sponsor=sponsor or f"{name}单位", account_id=f"id_{abs(hash(name)) % 10**8}",
                   data_url=url, region="澄溪县", status=status)


async def _inspect(home: Path, registry: Path, out: Path, *extra: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"), "no_proxy": "127.0.0.1"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "govinspect", "--home", str(home), "inspect", "--media", str(registry),
        "--as-of", AS_OF, "--out", str(out), *extra, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await proc.communicate()
    return proc.returncode or 0, stdout.decode() + stderr.decode()


def _home(tmp_path: Path, config: str = CONFIG) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(config, encoding="utf-8")
    return home


@pytest.mark.slow
async def test_every_format_and_bad_input_in_one_run(tmp_path: Path) -> None:
    server = await LocalServer(media_app()).start()
    base = server.base
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "posts.csv").write_bytes(samples.CSV_EXPORT.encode("gb18030"))
    (exports / "posts.jsonl").write_text(samples.JSONL_EXPORT, encoding="utf-8")
    accounts = [
        _account("澄溪应急", "/fresh.xml", base),
        _account("澄溪水利", "/stale.xml", base),
        _account("澄溪水务", "/atom.xml", base, platform=Platform.TOUTIAO),
        _account("澄溪教育", "/feed.json", base, platform=Platform.WEIBO),
        _account("澄溪发布", "/snapshot.json", base),
        _account("澄溪植树", "exports/posts.csv", base, platform=Platform.DOUYIN),
        _account("澄溪图书馆", "exports/posts.jsonl", base, platform=Platform.KUAISHOU),
        _account("澄溪网页", "/page.html", base),
        _account("澄溪截断", "/truncated.xml", base),
        _account("澄溪空", "/empty.xml", base),
        _account("澄溪无日期", "/nodates.xml", base),
        _account("澄溪未来", "/future.xml", base),
        _account("澄溪超大", "/huge.xml", base),
        _account("澄溪缺字段", "/partial.json", base),
        _account("澄溪失效", "/missing.xml", base),
        _account("澄溪超时", "/slow.xml", base),
        _account("澄溪缺文件", "exports/none.csv", base),
        _account("澄溪旧号", "/fresh.xml", base, status=AccountStatus.CLOSED, platform=Platform.WEIBO),
    ]
    registry = tmp_path / "accounts.csv"
    write_accounts(accounts, registry)
    try:
        code, output = await _inspect(_home(tmp_path), registry, tmp_path / "out")
    finally:
        await server.stop()
    assert code == 0, output
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    targets = {t["name"]: t for t in doc["targets"]}
    assert len(targets) == len(accounts) and all(t["kind"] == "account" for t in targets.values())
    errors = {e["target"]: e["error"] for e in doc["errors"] if e["rule"] == "collect"}
    by_name = {a.name: a.code for a in accounts}

    def rules_of(name: str) -> set[str]:
        """Firm findings (not info notes, not awaiting an inspector's review)."""
        return {f["rule"] for f in doc["findings"]
                if f["target"] == by_name[name] and f["severity"] != "info" and not f.get("review")}

    def assessed(name: str, rule: str) -> bool:
        return not any(f["rule"] == rule and f["details"].get("assessable") is False
                       for f in doc["findings"] if f["target"] == by_name[name])

    assert targets["澄溪应急"]["verdict"] == "pass" and rules_of("澄溪应急") == set()
    assert not assessed("澄溪应急", "M-V3") and not assessed("澄溪应急", "M-D1")  # a feed has no menus
    assert targets["澄溪水利"]["verdict"] == "fail" and targets["澄溪水利"]["veto"] == ["M-V2"]
    for name in ("澄溪水务", "澄溪教育", "澄溪植树", "澄溪图书馆"):
        assert targets[name]["verdict"] in ("pass", "fail") and by_name[name] not in errors, name
    assert "M-V2" in rules_of("澄溪教育")  # its newest post is 2021-02-27
    assert rules_of("澄溪发布") == {"M-D1"}  # /menu/gone answers 404, /menu/ok works
    [menu] = [f for f in doc["findings"] if f["rule"] == "M-D1" and f["severity"] != "info"]
    assert [b["menu"] for b in menu["details"]["broken"]] == ["公开目录"] and menu["evidence"]["warc"]
    for name, words in {"澄溪网页": "HTML", "澄溪截断": "truncated", "澄溪超大": "max_feed_bytes",
                        "澄溪缺字段": "posts[0].published", "澄溪失效": "HTTP 404", "澄溪超时": "timed out",
                        "澄溪缺文件": "does not exist"}.items():
        assert targets[name]["verdict"] == "not_assessable", name
        assert words in errors[by_name[name]], (name, errors[by_name[name]])
    assert "M-V2" in targets["澄溪空"]["pending_review"]  # empty feed: an inspector looks
    assert not assessed("澄溪无日期", "M-V2") and targets["澄溪无日期"]["verdict"] == "pass"
    assert targets["澄溪未来"]["veto"] == ["M-V2"]  # a future date does not make it fresh
    closed = [f for f in doc["findings"] if f["target"] == by_name["澄溪旧号"]]
    assert [f["rule"] for f in closed] == ["M-D2"] and closed[0]["details"]["kind"] == "closed-but-posting"
    assert server.hits["/huge.xml"] == 1 and server.hits["/fresh.xml"] == 2


WORKER_DELAY = 0.4


def _collected(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from run_targets where crawl_state='done'").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


@pytest.mark.slow
async def test_kill_and_resume_accounts(tmp_path: Path) -> None:
    app = web.Application()

    async def feed(request: web.Request) -> web.Response:
        await asyncio.sleep(WORKER_DELAY)
        return web.Response(body=samples.RSS.encode(), content_type="application/rss+xml")

    app.router.add_get("/{tail:.*}", feed)
    server = await LocalServer(app).start()
    accounts = [_account(f"澄溪账号{i}", f"/a{i}.xml", server.base) for i in range(12)]
    registry = tmp_path / "accounts.csv"
    write_accounts(accounts, registry)
    home = _home(tmp_path, CONFIG + "accounts_in_parallel = 1\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"), "no_proxy": "127.0.0.1"}
    args: list[Any] = [sys.executable, "-m", "govinspect", "--home", str(home), "inspect", "--media", str(registry),
                       "--as-of", AS_OF, "--out", str(tmp_path / "out")]
    try:
        first = await asyncio.create_subprocess_exec(*args, env=env, stdout=asyncio.subprocess.DEVNULL,
                                                     stderr=asyncio.subprocess.DEVNULL)
        deadline = time.monotonic() + 180  # liveness only: the command's start-up takes seconds on a loaded machine
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            if _collected(home / "govinspect.db") >= 4 or first.returncode is not None:
                break
        assert first.returncode is None, "the run finished before it could be killed"
        first.send_signal(signal.SIGKILL)
        await first.wait()
        done_before = _collected(home / "govinspect.db")
        hits_before = dict(server.hits)
        code, output = await _inspect(home, registry, tmp_path / "out")
    finally:
        await server.stop()
    assert code == 0, output
    assert "resuming" in output
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert len(doc["targets"]) == 12 and not [e for e in doc["errors"] if e["rule"] == "collect"]
    assert 4 <= done_before < 12
    fetched_twice = [path for path, n in server.hits.items() if n > 1]
    assert len(fetched_twice) <= 1  # at most the account in flight at the kill
    assert all(server.hits[p] == 1 for p in hits_before if p not in fetched_twice)
    assert sum(server.hits.values()) <= 13
