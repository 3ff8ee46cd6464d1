import re
from pathlib import Path

from govinspect.rules.base import Rule, all_rules, get_rule
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


def _shipped_rules() -> list[Rule]:
    """Every rule the package registers (tests register throwaway rules of their own)."""
    return [r for r in all_rules() if r.func.__module__.startswith("govinspect.")]


def test_each_docstring_has_the_required_sections() -> None:
    # Website and new-media rules alike: a rule's page says what it flags and which look-alikes it leaves.
    for rule in _shipped_rules():
        assert "Example finding" in rule.doc and "Not flagged" in rule.doc, rule.code


def test_every_rule_has_its_bulletin_name() -> None:
    # The bulletin's 主要问题 names each problem by it; a rule without one would appear by its code.
    for rule in _shipped_rules():
        assert rule.bulletin.strip(), f"{rule.code}: @rule(..., bulletin=...) is missing"
        assert len(rule.bulletin) <= 20 and not rule.bulletin.startswith(rule.code), rule.code
    assert get_rule("W-V4a").bulletin == get_rule("W-V4b").bulletin == "栏目不更新"


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


def test_committed_docs_are_current(tmp_path: Path) -> None:
    # Every rule the registry holds, and only those: regenerate with `govinspect rules --docs docs/rules`.
    docs = REPO / "docs" / "rules"
    written = {p.name: p for p in write_docs(tmp_path, config())}
    assert {p.name for p in docs.glob("*.md")} == set(written), "docs/rules has missing or extra pages"
    for name, page in written.items():
        assert (docs / name).read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), (
            f"docs/rules/{name} is stale: regenerate with `govinspect rules --docs docs/rules`")


def _restated_values(code: str, doc: str) -> list[str]:
    """Places where a docstring gives a threshold's value beside its name (``max_days`` = 14,
    ``min_ids`` (1)): the value belongs to the generated table, which cannot go stale."""
    found = []
    for name in config().rule(code).raw:
        ref = r'``(?:\[rules\."[^"]+"\] )?' + re.escape(name) + r"``"
        value = r'(?:"[^"]*"|-?\d)'
        pattern = ref + r"\s*(?:=\s*" + value + r"|\((?:``[^`]*``,\s*)?" + value + ")"
        found += [m.group(0) for m in re.finditer(pattern, doc)]
    return found


def test_docs_name_thresholds_without_restating_their_values() -> None:
    for rule in _shipped_rules():
        assert _restated_values(rule.code, rule.doc) == [], rule.code
    # The check itself sees every shape it looks for, and lets a bare name pass.
    doc = '''``[rules."W-D14"] points`` = 5; ``min_ids`` (1) on a page; ``cap`` (``[rules."W-D14"]``, 10);
    ``min_phones`` (verified = false) mobile numbers'''
    assert set(_restated_values("W-D14", doc)) == {'``[rules."W-D14"] points`` = 5', "``min_ids`` (1",
                                                  '``cap`` (``[rules."W-D14"]``, 1'}
