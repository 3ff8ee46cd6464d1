"""The committed docs pages of the 互动回应 / 服务实用 rules are current and carry their sections."""

from __future__ import annotations

from pathlib import Path

from govinspect.rules.base import get_rule
from govinspect.rules.catalogue import rule_doc_markdown
from tests.rules.builders import config

REPO = Path(__file__).resolve().parents[2]
CODES = ["W-V5a", "W-V5b", "W-V6a", "W-V6b", "W-D4", "W-D5", "W-D6"]


def test_docs_are_current_and_complete() -> None:
    for code in CODES:
        rule = get_rule(code)
        assert "Example finding" in rule.doc and "Not flagged" in rule.doc, code
        page = REPO / "docs" / "rules" / f"{code}.md"
        assert page.read_text(encoding="utf-8") == rule_doc_markdown(rule, config()), f"{page} is stale"


def test_unconfirmed_guide_threshold_is_off_and_flagged_unverified() -> None:
    raw = config().rule("W-V6b")
    assert raw.raw["enabled"] is False
    assert {t.name: t.verified for t in raw.thresholds()} == {"min_missing_categories": False, "veto_share": False}
    assert {t.name: t.verified for t in config().rule("W-D5").thresholds()}["points"] is True
