"""defaults.toml is the only source of settings (issue 8 part 1).

- every setting a rule reads is in defaults.toml (a static scan of the rule modules);
- a user's config.toml key that defaults.toml does not know is refused, naming the nearest one;
- a plain user value replaces a threshold's number and keeps its metadata (``verified``);
- the typed crawl and monitor settings take their defaults from the file.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect import cli
from govinspect.config import ConfigError, Threshold, load_config, load_defaults
from govinspect.crawl.settings import CrawlSettings
from govinspect.monitor.settings import MonitorSettings
from govinspect.rules.base import all_rules

RULES = Path(__file__).resolve().parents[1] / "src" / "govinspect" / "rules"
RULE_PACKAGES = ("website", "media")


def _config_keys(source: str) -> set[str]:
    """String keys read from anything named ``config``/``cfg`` (``ctx.config["k"]``, ``cfg.get("k")``).
    A key held in a loop variable is resolved when the loop runs over a literal, or over a
    module-level dict literal's ``.items()``; otherwise it is reported as unresolved."""
    tree = ast.parse(source)
    literals = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    loops: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For):
            for name, strings in _loop_strings(node, literals).items():
                loops.setdefault(name, set()).update(strings)

    def receiver(expr: ast.expr) -> bool:
        name = expr.attr if isinstance(expr, ast.Attribute) else expr.id if isinstance(expr, ast.Name) else ""
        return name in ("config", "cfg")

    keys: set[str] = set()
    for node in ast.walk(tree):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and receiver(node.value):
            key = node.slice
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and receiver(node.func.value) and node.args):
            key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            keys.add(key.value)
        elif isinstance(key, ast.Name):
            keys |= loops.get(key.id, {f"<unresolved {key.id}>"})
    return keys


def _strings(node: ast.expr) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _loop_strings(loop: ast.For, literals: dict[str, ast.expr]) -> dict[str, set[str]]:
    """Loop variable → the strings it can hold, for loops over literals this scan can read."""
    iterable = loop.iter
    names = [loop.target] if isinstance(loop.target, ast.Name) else list(getattr(loop.target, "elts", []))
    if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr == "items" and isinstance(iterable.func.value, ast.Name)):
        mapping = literals.get(iterable.func.value.id)
        if isinstance(mapping, ast.Dict) and len(names) == 2:
            parts = [[k for k in mapping.keys if k is not None], mapping.values]
            return {n.id: set().union(*(_strings(e) for e in part))
                    for n, part in zip(names, parts, strict=True) if isinstance(n, ast.Name)}
        return {}
    if isinstance(iterable, ast.Name):
        iterable = literals.get(iterable.id, iterable)
    if not isinstance(iterable, ast.Tuple | ast.List):
        return {}
    out: dict[str, set[str]] = {}
    for i, name in enumerate(names):
        if isinstance(name, ast.Name):
            for element in iterable.elts:
                item = element.elts[i] if len(names) > 1 and isinstance(element, ast.Tuple) else element
                out.setdefault(name.id, set()).update(_strings(item))
    return out


def _missing_settings() -> dict[str, set[str]]:
    """Rule code → keys its module (or a helper module it imports) reads that defaults.toml lacks."""
    sections = load_defaults()["rules"]
    modules = {f"govinspect.rules.{package}.{path.stem}": path.read_text(encoding="utf-8")
               for package in RULE_PACKAGES for path in (RULES / package).glob("*.py")}
    helpers = {name: _config_keys(text) for name, text in modules.items() if name.rsplit(".", 1)[-1].startswith("_")}
    missing: dict[str, set[str]] = {}
    for rule in all_rules():
        if rule.func.__module__ not in modules:
            continue  # a rule registered from elsewhere (a test's own rule)
        text = modules[rule.func.__module__]
        keys = _config_keys(text)
        for helper, helper_keys in helpers.items():
            if f"{helper} import" in text:
                keys |= helper_keys
        lacking = keys - set(sections.get(rule.code, {}))
        if lacking:
            missing[rule.code] = lacking
    return missing


def test_every_setting_a_rule_reads_is_in_defaults_toml() -> None:
    assert _missing_settings() == {}


def test_the_scan_sees_a_missing_setting() -> None:
    # The scan must find reads in the shapes rule modules use, or the test above proves nothing.
    source = '''
def run(ctx):
    a = ctx.config["max_days"]
    cfg = ctx.config
    b = float(cfg.get("points"))
    for key, element in (("profile_terms", "概况"), ("leader_terms", "领导")):
        c = cfg[key]
    for element, name in ELEMENTS.items():
        d = cfg[name]
ELEMENTS = {"概况": "function_terms"}
'''
    assert _config_keys(source) == {"max_days", "points", "profile_terms", "leader_terms", "function_terms"}
    assert _config_keys("x = ctx.config[name]") == {"<unresolved name>"}


def _home(tmp_path: Path, toml: str) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(toml, encoding="utf-8")
    return home


@pytest.mark.parametrize(("toml", "unknown", "nearest"), [
    ('[rules."W-V3"]\nmax_dayz = 10\n', 'rules."W-V3".max_dayz', 'rules."W-V3".max_days'),
    ("[crawl]\nmax_page_byte = 5\n", "crawl.max_page_byte", "crawl.max_page_bytes"),
    ("[crawll]\nretries = 1\n", "crawll", "crawl"),
    ('[rules."W-I3"]\npoints = 1\n', 'rules."W-I3".points', None),  # W-I3 has no settings but `enabled`
])
def test_an_unknown_user_key_is_refused_with_the_nearest_known_one(tmp_path: Path, toml: str, unknown: str,
                                                                   nearest: str | None) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_home(tmp_path, toml))
    message = str(caught.value)
    assert unknown in message and "未知的设置" in message and "unknown setting" in message
    if nearest:
        assert f"是否应为 {nearest}" in message and f"did you mean {nearest}?" in message


def test_known_user_keys_are_accepted(tmp_path: Path) -> None:
    home = _home(tmp_path, '[crawl]\nretries = 1\n[rules."W-I3"]\nenabled = false\n'
                           '[bulletin.problem_types]\n"W-V3" = "首页长期不更新"\n')
    config = load_config(home)
    assert config.crawl["retries"] == 1 and config.rule("W-I3").enabled is False


def test_the_cli_reports_an_unknown_key_instead_of_a_traceback(tmp_path: Path) -> None:
    home = _home(tmp_path, '[rules."W-V3"]\nmax_dayz = 10\n')
    result = CliRunner().invoke(cli.app, ["--home", str(home), "rules", "--format", "json"])
    assert result.exit_code == 2, result.output
    assert "max_dayz" in result.output and "max_days" in result.output


def test_a_plain_user_value_keeps_the_threshold_metadata(tmp_path: Path) -> None:
    home = _home(tmp_path, '[rules."W-V3"]\nmax_days = 10\n[rules."W-D14"]\nmin_phones = 4\n')
    config = load_config(home)
    assert config.rule("W-V3")["max_days"] == 10
    assert Threshold("max_days", 10, True) in config.rule("W-V3").thresholds()
    assert Threshold("min_phones", 4, False) in config.rule("W-D14").thresholds()
    result = CliRunner().invoke(cli.app, ["--home", str(home), "rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    w_v3 = next(e for e in json.loads(result.output) if e["code"] == "W-V3")
    assert {"name": "max_days", "value": 10, "verified": True} in w_v3["thresholds"]


def test_typed_settings_take_every_default_from_the_file() -> None:
    defaults = load_defaults()
    for settings, section in ((CrawlSettings(), "crawl"), (MonitorSettings(), "monitor")):
        fields = {f.name for f in dataclasses.fields(settings)}
        assert fields == set(defaults[section]), section
        for name in fields:
            assert getattr(settings, name) == defaults[section][name], (section, name)
