"""The rules of the remaining website deductions: documented, with thresholds (docs pages: test_catalogue)."""

from pathlib import Path

from govinspect.rules.base import Severity, get_rule
from govinspect.rules.catalogue import catalogue
from tests.rules.builders import config

REPO = Path(__file__).resolve().parents[2]
CODES = ["W-D1", "W-D2", "W-D3", "W-D8", "W-D9", "W-D10", "W-I1", "W-I2", "W-I3"]


def test_catalogue_entries_and_flags() -> None:
    entries = {e["code"]: e for e in catalogue(config())}
    for code in CODES:
        assert code in entries, code
        assert "Example finding" in get_rule(code).doc and "Not flagged" in get_rule(code).doc, code
    flags = {t["name"]: t["verified"] for t in entries["W-D1"]["thresholds"]}
    assert flags == {"max_months": True, "points": True, "cap": False, "undated_is_stale": False,
                     "excluded_name_words": False}
    assert {t["name"]: t["verified"] for t in entries["W-D3"]["thresholds"]}["max_months"] is False
    assert get_rule("W-I1").severity is Severity.INFO and get_rule("W-I2").severity is Severity.WARNING
    assert get_rule("W-D9").severity is Severity.DEDUCTION
