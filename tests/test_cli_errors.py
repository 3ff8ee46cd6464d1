"""Bad input on the command line gets a bilingual error and exit code 2, never a Python traceback:
a config.toml that cannot be read (a folder, not UTF-8) or holds a setting of the wrong kind, an
unknown run, a folder given as the file to check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.config import ConfigError, load_config

runner = CliRunner()


def _refused(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "错误 / error" in result.output
    return " ".join(result.output.split())


def _home(tmp_path: Path, config: str | None = None) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    if config is not None:
        (home / "config.toml").write_text(config, encoding="utf-8")
    return home


def test_a_config_toml_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    home = _home(tmp_path)
    (home / "config.toml").mkdir()
    said = _refused("--home", str(home), "runs")
    assert "配置文件无法读取 / cannot read" in said and "config.toml" in said


def test_a_config_toml_saved_in_gbk_is_a_clear_error(tmp_path: Path) -> None:
    home = _home(tmp_path)
    (home / "config.toml").write_bytes("[bulletin]\nissuer = \"柳塘县人民政府办公室\"\n".encode("gbk"))
    said = _refused("--home", str(home), "runs")
    assert "配置文件不是UTF-8编码 / " in said and "is not UTF-8 text" in said


@pytest.mark.parametrize(("toml", "named"), [
    ('[crawl]\nmax_pages_per_site = "all"\n', "crawl.max_pages_per_site = 'all'：应为数字 number / should be a number"),
    ("[crawl]\nobey_robots = 1\n", "crawl.obey_robots = 1：应为true/false / should be a true/false"),
    ('[bulletin]\nissuer = ["a", "b"]\n', "bulletin.issuer = ['a', 'b']：应为文字 text / should be a text"),
    ('[rules."W-V2"]\nenabled = "no"\n', "rules.\"W-V2\".enabled = 'no'：应为true/false"),
    ('[rules."W-D1"]\nmax_months = { value = "six" }\n', "rules.\"W-D1\".max_months = 'six'：应为数字 number"),
])
def test_a_setting_of_the_wrong_kind_is_named_when_the_configuration_is_read(
        tmp_path: Path, toml: str, named: str) -> None:
    home = _home(tmp_path, toml)
    said = _refused("--home", str(home), "runs")
    assert "settings of the wrong kind" in said and named in said
    with pytest.raises(ConfigError):
        load_config(home)


def test_settings_of_the_right_kind_load(tmp_path: Path) -> None:
    """Whole numbers where decimals are the default and back, a threshold as a plain number, one
    alert recipient as a text instead of a list."""
    home = _home(tmp_path, '[crawl]\ntimeout_seconds = 7\n[scoring]\npass_score = 59.5\n'
                 '[rules."W-D1"]\nmax_months = 4\n[alerts]\ninspector = "json://127.0.0.1:9/hook"\n')
    config = load_config(home)
    assert config.value("scoring", "pass_score") == 59.5 and config.rule("W-D1").raw["max_months"]["value"] == 4


def test_findings_of_an_unknown_run_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    said = _refused("--home", str(_home(tmp_path)), "findings", "list", "--run", "20210321-nope")
    assert "未找到运行 20210321-nope / no run '20210321-nope'" in said


def test_checking_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    said = _refused("--home", str(_home(tmp_path)), "check", str(folder))
    assert "无法读取文件 / cannot read" in said and "drafts" in said


def test_an_output_folder_that_cannot_be_made_is_refused_before_the_work(tmp_path: Path) -> None:
    """A file where the --out folder should be: said at once, before a crawl or a bulletin, and the
    file is left as it was."""
    from govinspect.model import Site
    from govinspect.registry.importer import write_registry

    home = _home(tmp_path)
    in_the_way = tmp_path / "out"
    in_the_way.write_text("整改台账", encoding="utf-8")
    registry = tmp_path / "sites.csv"
    write_registry([Site("3399000031", "柳塘镇人民政府", "http://127.0.0.1:9/", "柳塘镇人民政府办公室")], registry)
    for args in (["inspect", "--registry", str(registry), "--out", str(in_the_way / "q1")],
                 ["analyse", "20210321-any", "--out", str(in_the_way / "q1")],
                 ["bulletin", "--period", "2021Q1", "--out", str(in_the_way / "bulletin")],
                 ["findings", "export", "20210321-any", "--out", str(in_the_way / "f.json")],
                 ["rules", "--docs", str(in_the_way / "docs")]):
        said = _refused("--home", str(home), *args)
        assert "无法创建输出目录 / cannot create the output folder" in said and str(in_the_way) in said, args
    assert in_the_way.read_text(encoding="utf-8") == "整改台账"
    listed = runner.invoke(app, ["--home", str(home), "runs"])
    assert listed.exit_code == 0 and not re.search(r"\d{8}-\d{8}T", listed.output)  # no run was started


def test_an_unknown_output_format_is_refused_not_taken_for_a_table(tmp_path: Path) -> None:
    home = str(_home(tmp_path))
    for args in (["rules", "--format", "xml"], ["annual-report", "2021", "--format", "csv"],
                 ["analyse", "20210321-any", "--format", "yaml"], ["demo", "--format", "html"]):
        said = _refused("--home", home, *args)
        assert "--format 只能是 table 或 json / --format must be table or json" in said, args
