"""The 互动回应 / 服务实用 rules' thresholds: the unconfirmed ones are off or flagged (their docs pages
are checked with every other rule's in test_catalogue)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.builders import config

REPO = Path(__file__).resolve().parents[2]
CODES = ["W-V5a", "W-V5b", "W-V6a", "W-V6b", "W-D4", "W-D5", "W-D6"]


def test_unconfirmed_guide_threshold_is_off_and_flagged_unverified() -> None:
    raw = config().rule("W-V6b")
    assert raw.raw["enabled"] is False
    assert {t.name: t.verified for t in raw.thresholds()} == {"min_missing_categories": False, "veto_share": False}
    assert {t.name: t.verified for t in config().rule("W-D5").thresholds()}["points"] is True
