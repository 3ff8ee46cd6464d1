"""`govinspect explain` for a new-media account: which problems, the points each costs under
[media_scoring], the cap per rule and the running score, read from the same scale the verdict
came from; without the scale the problems are listed as costing nothing; an account whose data
could not be read says why. Accounts inspected end to end (`inspect --media`, a local server on
127.0.0.1), explained through the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.config import load_config
from govinspect.media.registry import write_accounts
from govinspect.store import open_store
from govinspect.store.models import FindingRow
from tests.crawl.helpers import LocalServer
from tests.media import samples
from tests.media.test_inspect_media import CONFIG, _account, _home, _inspect, pages_app

runner = CliRunner()
ACCOUNT = "溪畔发布"
UNREADABLE = "溪畔失联"
# 15 points a problem, at most 20 from one rule, pass at 60
SCALE = "\n[media_scoring]\nenabled = true\npoints_per_problem = 15\nmax_points_per_rule = 20\npass_score = 60\n"


def _comment(day: int, replied: bool) -> dict[str, Any]:
    replies = [{"text": "已转交县住建局办理。", "at": f"2021-03-{day + 1:02d} 10:00"}] if replied else []
    return {"author": f"网友{day}", "text": "小区路灯坏了很久，何时维修？", "at": f"2021-03-{day:02d} 20:00", "replies": replies}


def _snapshot() -> dict[str, Any]:
    """One broken menu link (M-D1), 6 comments with 1 reply (M-D4), two slips awaiting review (M-D6)."""
    posts = [
        {"title": "县医保局召开专题会议", "text": "会议要求，认真学习贯切落实全省医疗保障工作会议精神。",
         "url": "http://127.0.0.1/s/1", "published": "2021-03-18 09:00",
         "comments": [_comment(d, d == 2) for d in range(2, 8)]},
        {"title": "民营企业座谈会召开", "text": "县委主要负责同志表示，我们将一如继往地支持民营企业发展。",
         "url": "http://127.0.0.1/s/2", "published": "2021-03-12 09:00", "comments": []},
    ]
    menus = [{"name": "办事服务", "children": [{"name": "办事指南", "url": "/menu/ok"},
                                              {"name": "公开目录", "url": "/menu/gone"}]}]
    return samples.snapshot(account={"platform": "微信", "id": "gh_7c21ab90d4e5", "name": ACCOUNT,
                                     "entity": "溪畔县人民政府办公室"}, posts=posts, menus=menus)


def _app() -> web.Application:
    return pages_app({"/snapshot.json": (samples.dumps(_snapshot()), "application/json"),
                      "/menu/ok": (b"<html><body>ok</body></html>", "text/html")})


def _explain(home: Path, target: str) -> str:
    result = runner.invoke(app, ["--home", str(home), "explain", target])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # Rich wraps long cells: compare words, not lines


def _row(output: str, *cells: str) -> bool:
    """Do these cells follow one another in a table row of the output (separated by │)?"""
    return " │ ".join(cells) in output


@pytest.fixture
def homes(tmp_path: Path) -> dict[str, Path]:
    """Two stores holding the same accounts inspected once without the scale and once with it."""
    async def inspect_both() -> dict[str, Path]:
        server = await LocalServer(_app()).start()
        registry = tmp_path / "accounts.csv"
        write_accounts([_account(ACCOUNT, "/snapshot.json", server.base, sponsor="溪畔县人民政府办公室"),
                        _account(UNREADABLE, "/gone.json", server.base)], registry)
        out = {}
        try:
            for name, config in (("off", CONFIG), ("on", CONFIG + SCALE)):
                folder = tmp_path / name
                folder.mkdir()
                home = _home(folder, config)
                code, output = await _inspect(home, registry, folder / "out")
                assert code == 0, output
                out[name] = home
        finally:
            await server.stop()
        return out

    return asyncio.run(inspect_both())


@pytest.mark.slow
def test_explain_itemises_an_accounts_points_under_the_scale_and_after_a_review(homes: dict[str, Path]) -> None:
    home = homes["on"]
    text = _explain(home, ACCOUNT)
    # M-D1 and M-D4 cost 15 each: 70, a pass; the two slips await review and could take it under 60
    assert "合格 pass" in text and "得分 score: 70" in text and "待复核 pending review: M-D6" in text
    assert "政务新媒体评分 [media_scoring]：每个问题15分，每项指标至多20分" in text and "（政务新媒体，运行）" in text
    assert _row(text, "15", "15", "20", "15", "85") and _row(text, "15", "15", "20", "15", "70")
    assert "M-D1" in text and "M-D4" in text and "扣分后得分70分（60分及格），合格" in text
    assert text.count("疑似错别字") == 2 and "按当前配置重新计算" not in text

    # An inspector confirms both slips: 2 × 15 = 30, capped at 20 → 50, a fail
    store = open_store(load_config(home).db_url)
    with store.session() as session:
        ids = session.scalars(select(FindingRow.id).where(FindingRow.rule == "M-D6")).all()
    store.close()
    assert len(ids) == 2
    for finding_id in ids:
        confirmed = runner.invoke(app, ["--home", str(home), "findings", "confirm", str(finding_id)])
        assert confirmed.exit_code == 0, confirmed.output
    text = _explain(home, ACCOUNT)
    assert "不合格 fail" in text and "得分 score: 50" in text and "待复核" not in text
    assert _row(text, "15", "30", "20", "20 (封顶 capped)", "50")
    assert "扣分后得分50分（60分及格），不合格" in text and "按当前配置重新计算" not in text


@pytest.mark.slow
def test_explain_lists_an_unscored_accounts_problems_and_an_unreadable_account(homes: dict[str, Path]) -> None:
    text = _explain(homes["off"], ACCOUNT)
    assert "合格 pass" in text and "得分 score: —" in text
    assert "不计分（未启用 [media_scoring]" in text and "M-D1" in text and "M-D4" in text and "扣分 points" not in text
    assert "只按单项否决判定" in text and "按当前配置重新计算" not in text
    # data that could not be read: not a pass, and the collection error says why
    for home in homes.values():
        text = _explain(home, UNREADABLE)
        assert "无法评估 not assessable" in text and "得分 score: —" in text
        assert "出错 error: collect" in text and "404" in text and "按当前配置重新计算" not in text
