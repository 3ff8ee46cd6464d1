"""The command line: help that teaches, the rule catalogue from the code, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.rules.base import all_rules

runner = CliRunner()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("inspect", "analyse", "rules", "demo", "registry", "runs"):
        assert command in result.output


def test_rules_catalogue_comes_from_the_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--home", str(tmp_path), "rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [e["code"] for e in entries] == [r.code for r in all_rules()]
    codes = {e["code"] for e in entries}
    assert {"W-V3", "W-V4a", "W-V4b", "W-V4c", "W-V1e", "W-D7", "W-D11", "W-D13"} <= codes
    unverified = [t for e in entries for t in e["thresholds"] if not t["verified"]]
    assert unverified, "unconfirmed numbers are marked"


def test_one_rule_docs_page(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--home", str(tmp_path), "rules", "W-V4a"])
    assert result.exit_code == 0
    assert "栏目不更新" in result.output
    bad = runner.invoke(app, ["--home", str(tmp_path), "rules", "W-X99"])
    assert bad.exit_code == 2


def test_bad_registry_is_rejected_with_rows_and_reasons(tmp_path: Path) -> None:
    registry = tmp_path / "bad.csv"
    registry.write_text("网站名称,首页网址,网站标识码,主办单位,主管单位,地区,网站类型,运行状态\n"
                        "示范市人民政府,http://www.sfs.gov.cn/,12345,示范市人民政府办公室,,,政府门户网站,运行\n",
                        encoding="utf-8")
    result = runner.invoke(app, ["--home", str(tmp_path / "h"), "inspect", "--registry", str(registry),
                                 "--as-of", "2021-03-21"])
    assert result.exit_code == 2
    assert "网站标识码" in result.output


def test_bad_as_of_is_a_clear_error(tmp_path: Path) -> None:
    registry = tmp_path / "ok.csv"
    registry.write_text("网站名称,首页网址,网站标识码,主办单位,主管单位,地区,网站类型,运行状态\n"
                        "示范市人民政府,http://127.0.0.1:9/,3101140038,示范市人民政府办公室,,,政府门户网站,运行\n",
                        encoding="utf-8")
    result = runner.invoke(app, ["--home", str(tmp_path / "h"), "inspect", "--registry", str(registry),
                                 "--as-of", "21/03/2021"])
    assert result.exit_code == 2
    assert "as-of" in result.output
