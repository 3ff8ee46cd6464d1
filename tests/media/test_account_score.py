"""The optional provincial score of new-media accounts ([media_scoring], off by default): with it
off an account has no score and is judged on vetoes alone; with it on, M-D* problems cost points
and an account under the pass mark fails. End to end through `govinspect inspect --media` on a
local server (127.0.0.1), both ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from govinspect.config import load_config
from govinspect.media.registry import write_accounts
from govinspect.media.run import account_site_view
from govinspect.media.scoring import AccountScale
from govinspect.rules.base import Finding, Severity
from govinspect.rules.scoring import judge
from tests.crawl.helpers import LocalServer
from tests.media import samples
from tests.media.builders import account
from tests.media.test_inspect_media import CONFIG, _account, _home, _inspect, pages_app

ACCOUNT = account()
SCALE_ON = {"media_scoring": {"enabled": True, "points_per_problem": 10, "max_points_per_rule": 30, "pass_score": 60}}


def _problem(rule: str, n: int = 0, *, review: bool = False, severity: Severity = Severity.DEDUCTION) -> Finding:
    return Finding(target=ACCOUNT.code, rule=rule, severity=severity, message=f"{rule} 问题{n}", review=review)


def _judge(findings: list[Finding], overrides: dict[str, Any] | None = None, tmp: Path | None = None) -> Any:
    config = load_config(tmp, overrides=overrides)
    return judge(account_site_view(ACCOUNT), findings, config)


def test_off_by_default_an_account_has_no_score_and_problems_do_not_fail_it(tmp_path: Path) -> None:
    many = [_problem(code, i) for code in ("M-D1", "M-D4", "M-D5", "M-D6") for i in range(5)]
    judgement = _judge(many, tmp=tmp_path)
    assert judgement.score is None and judgement.verdict == "pass" and judgement.pending_review == []
    scale = load_config(tmp_path).data["media_scoring"]
    assert scale["enabled"] is False
    assert all(scale[k]["verified"] is False for k in ("points_per_problem", "max_points_per_rule", "pass_score"))


def test_on_problems_cost_points_capped_per_rule_and_fail_under_the_pass_mark(tmp_path: Path) -> None:
    clean = _judge([], SCALE_ON, tmp_path)
    assert clean.score == 100.0 and clean.verdict == "pass"
    # 5 typos cost 30 (the rule's cap), one slow-reply problem 10: 60 passes (exactly the mark)
    at_mark = _judge([_problem("M-D6", i) for i in range(5)] + [_problem("M-D4")], SCALE_ON, tmp_path)
    assert at_mark.score == 60.0 and at_mark.verdict == "pass" and at_mark.deductions == {"M-D4": 10.0, "M-D6": 30.0}
    under = _judge([_problem("M-D6", i) for i in range(5)] + [_problem("M-D4"), _problem("M-D1")], SCALE_ON, tmp_path)
    assert under.score == 50.0 and under.verdict == "fail" and under.veto == []


def test_on_what_does_not_count(tmp_path: Path) -> None:
    # info notes ("not assessable"), rejected false alarms, other targets' findings and vetoes cost nothing
    info = _problem("M-D1", severity=Severity.INFO)
    rejected = _problem("M-D4")
    rejected.decision = "rejected"
    other = Finding(target="微信:gh_other", rule="M-D5", severity=Severity.DEDUCTION, message="x")
    veto = _problem("M-V2", severity=Severity.VETO)
    judgement = _judge([info, rejected, other, veto], SCALE_ON, tmp_path)
    assert judgement.score == 100.0 and judgement.verdict == "fail" and judgement.veto == ["M-V2"]


def test_on_problems_awaiting_review_count_only_when_they_could_change_the_verdict(tmp_path: Path) -> None:
    firm = [_problem("M-D1", i) for i in range(3)]  # 30 points: 70
    harmless = _judge([*firm, _problem("M-D6", review=True)], SCALE_ON, tmp_path)  # 60 at worst: still a pass
    assert harmless.score == 70.0 and harmless.verdict == "pass" and harmless.pending_review == []
    decisive = _judge([*firm, *(_problem("M-D6", i, review=True) for i in range(2))], SCALE_ON, tmp_path)
    assert decisive.score == 70.0 and decisive.verdict == "pass" and decisive.pending_review == ["M-D6"]


def _app() -> web.Application:
    snapshot = samples.snapshot(menus=[{"name": "办事服务", "children": [
        {"name": "办事指南", "url": "/menu/ok"}, {"name": "公开目录", "url": "/menu/gone"},
        {"name": "旧版入口", "url": "/menu/old"}]}])
    return pages_app({"/snapshot.json": (samples.dumps(snapshot), "application/json"),
                      "/menu/ok": (b"<html><body>ok</body></html>", "text/html")})


@pytest.mark.slow
async def test_inspect_writes_the_score_only_when_the_scale_is_enabled(tmp_path: Path) -> None:
    server = await LocalServer(_app()).start()
    registry = tmp_path / "accounts.csv"
    write_accounts([_account("澄溪发布", "/snapshot.json", server.base, sponsor="澄溪县人民政府办公室")], registry)
    scale = "\n[media_scoring]\nenabled = true\npoints_per_problem = 45\npass_score = 60\nmax_points_per_rule = 45\n"
    try:
        results = {}
        for name, config in (("off", CONFIG), ("on", CONFIG + scale)):
            folder = tmp_path / name
            folder.mkdir()
            code, output = await _inspect(_home(folder, config), registry, folder / "out")
            assert code == 0, output
            doc = json.loads((folder / "out" / "findings.json").read_text(encoding="utf-8"))
            [target] = doc["targets"]
            assert [f["rule"] for f in doc["findings"] if f["severity"] != "info"] == ["M-D1"]
            results[name] = (target["verdict"], target["score"])
    finally:
        await server.stop()
    assert results == {"off": ("pass", None), "on": ("fail", 55.0)}


def test_charges_itemise_what_the_scale_takes_per_rule(tmp_path: Path) -> None:
    # what `govinspect explain` shows for an account: the problems, the points each, the cap
    scale = AccountScale.from_config(load_config(tmp_path, overrides=SCALE_ON))
    typos = [_problem("M-D6", i) for i in range(4)]
    charges = scale.charges([*typos, _problem("M-D4"), _problem("M-D1", severity=Severity.INFO),
                             _problem("M-V2", severity=Severity.VETO)])
    assert [(c.rule, len(c.problems), c.points_each, c.raw, c.cap, c.applied, c.capped) for c in charges] == [
        ("M-D4", 1, 10.0, 10.0, 30.0, 10.0, False), ("M-D6", 4, 10.0, 40.0, 30.0, 30.0, True)]
    assert list(charges[1].problems) == typos
    assert scale.deductions(typos) == {"M-D6": 30.0}
