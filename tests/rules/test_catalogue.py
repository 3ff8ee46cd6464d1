from pathlib import Path

from govinspect.rules.base import get_rule
from govinspect.rules.catalogue import catalogue, rule_doc_markdown, write_docs
from tests.rules.builders import config
from tests.rules.test_engine import MY_RULES

REPO = Path(__file__).resolve().parents[2]


def test_catalogue_lists_my_rules_with_thresholds_and_flags() -> None:
    entries = {e["code"]: e for e in catalogue(config())}
    assert set(MY_RULES) <= set(entries)
    v4b = entries["W-V4b"]
    assert v4b["severity"] == "veto" and v4b["enabled"] is True
    flags = {t["name"]: t["verified"] for t in v4b["thresholds"]}
    assert flags["min_stale_columns"] is True and flags["personnel_max_months"] is False
    assert entries["W-V3"]["summary"] == "W-V3 homepage-stale — 首页不更新"
    assert entries["W-V1e"]["review"] is False and entries["W-V1e"]["confidence"] == "high"
    for code in MY_RULES:
        e = entries[code]
        assert e["summary"].startswith(f"{code} {e['name']} — "), code
        assert e["thresholds"], code


def test_each_docstring_has_the_required_sections() -> None:
    for code in MY_RULES:
        doc = get_rule(code).doc
        assert "Example finding" in doc and "Not flagged" in doc, code


def test_doc_page_has_docstring_and_threshold_table() -> None:
    md = rule_doc_markdown(get_rule("W-D7"), config())
    assert md.startswith("# W-D7 broken-links — 错链断链\n")
    assert "| `points_per_homepage_link` | 1.0 | **no (UNCONFIRMED)** |" in md
    assert "Not flagged" in md


def test_write_docs(tmp_path: Path) -> None:
    written = write_docs(tmp_path, config())
    names = {p.name for p in written}
    assert {"index.md", "W-V3.md", "W-D11.md"} <= names
    assert "[W-V4a](W-V4a.md)" in (tmp_path / "index.md").read_text(encoding="utf-8")


def test_committed_docs_are_current() -> None:
    docs = REPO / "docs" / "rules"
    for code in MY_RULES:
        page = docs / f"{code}.md"
        assert page.read_text(encoding="utf-8") == rule_doc_markdown(get_rule(code), config()), (
            f"{page} is stale: regenerate with write_docs")
