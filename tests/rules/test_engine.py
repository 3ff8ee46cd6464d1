from collections.abc import Iterator

import pytest

from govinspect.model import ColumnCategory
from govinspect.rules import base
from govinspect.rules.base import Finding, RuleContext, Severity
from govinspect.rules.engine import enabled_rules, run_rules
from tests.rules.builders import HOME, column, config, page, snapshot

MY_RULES = ["W-V1e", "W-V2", "W-V3", "W-V4a", "W-V4b", "W-V4c", "W-D7", "W-D11", "W-D13"]


@pytest.fixture
def exploding_rule() -> Iterator[str]:
    code = "W-X99"

    def explode(ctx: RuleContext) -> Iterator[Finding]:
        yield ctx.finding("half-way")
        raise RuntimeError("boom")

    base.rule(code, "explodes", title="测试", severity=Severity.VETO)(explode)
    try:
        yield code
    finally:
        base._REGISTRY.pop(code, None)


def test_all_my_rules_are_enabled_by_default() -> None:
    codes = [r.code for r in enabled_rules(config())]
    assert set(MY_RULES) <= set(codes)
    assert codes.index("W-V4a") < codes.index("W-V4b") < codes.index("W-V4c")
    assert codes.index("W-D7") < codes.index("W-D11") < codes.index("W-D13")


def test_disabled_in_config_and_only_selection() -> None:
    cfg = config({"rules": {"W-D7": {"enabled": False}}})
    assert "W-D7" not in [r.code for r in enabled_rules(cfg)]
    # naming a rule explicitly runs it even when disabled
    assert [r.code for r in enabled_rules(cfg, only=["W-V3", "W-D7", "W-V3"])] == ["W-D7", "W-V3"]
    with pytest.raises(KeyError, match="unknown rule"):
        enabled_rules(cfg, only=["W-NOPE"])


def test_a_rule_that_raises_is_isolated(exploding_rule: str) -> None:
    snap = snapshot(homepage=page(HOME, kind="home"), columns=[column(f"c{i}", ColumnCategory.NEWS, None)
                                                                  for i in range(5)])
    outcome = run_rules(snap, config(), only=[exploding_rule, "W-V4c"])
    assert [e.rule for e in outcome.errors] == [exploding_rule]
    assert "RuntimeError: boom" in outcome.errors[0].error
    assert outcome.errors[0].target == snap.site.code
    # the other rule still reported; the half-run rule's finding was dropped
    assert [f.rule for f in outcome.findings] == ["W-V4c"]


def test_full_run_on_a_healthy_snapshot_has_no_errors() -> None:
    outcome = run_rules(snapshot(homepage=page(HOME, kind="home")), config())
    assert outcome.errors == []


def test_findings_of_every_rule_serialise_to_json() -> None:
    import json
    from datetime import datetime

    from govinspect.model import Footer, Link
    from tests.rules.builders import TZ, fetch, item

    dead = f"{HOME}dead.html"
    home = page(HOME, kind="home", items=[item(40), item(-9)], links=[Link(dead, "坏链")],
                footer=Footer(text="版权所有"))
    art = page(f"{HOME}a.html", kind="article", pub_date=datetime(2021, 4, 1, tzinfo=TZ), pub_date_source="meta")
    cols = [column(f"动态{i}", ColumnCategory.NEWS, 30) for i in range(10)]
    cols += [column(f"空{i}", ColumnCategory.NOTICE, None) for i in range(5)]
    snap = snapshot(homepage=home, pages=[art], columns=cols, fetches=[fetch(dead, 404)],
                    probes=[fetch(HOME, None, error="timeout", kind="probe")])
    outcome = run_rules(snap, config())
    assert outcome.errors == []
    assert set(MY_RULES) <= {f.rule for f in outcome.findings}
    json.dumps([f.to_json() for f in outcome.findings], ensure_ascii=False)
