"""抽查: stratified by 地区 × 平台, at least the share overall and one per stratum, reproducible."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.media.registry import load_accounts, write_accounts
from govinspect.media.sample import SampleError, draw_sample


def _registry() -> list[Account]:
    out = []
    for region, counts in {"澄溪县": {Platform.WECHAT: 23, Platform.WEIBO: 7, Platform.DOUYIN: 1},
                           "临江区": {Platform.WECHAT: 12, Platform.TOUTIAO: 3}}.items():
        for platform, n in counts.items():
            out += [Account(f"{region}{platform}{i}", platform, f"{region}单位{i}", f"{region}-{platform}-{i}",
                            region=region) for i in range(n)]
    out.append(Account("已关停", Platform.WECHAT, "澄溪县单位", "closed-1", region="澄溪县", status=AccountStatus.CLOSED))
    return out


def test_every_stratum_at_least_share_and_one() -> None:
    sample = draw_sample(_registry(), 0.1, seed=7)
    sizes = {(s.region, s.platform): (s.size, len(s.drawn)) for s in sample.strata}
    assert sizes == {("澄溪县", "微信"): (23, 3), ("澄溪县", "微博"): (7, 1), ("澄溪县", "抖音"): (1, 1),
                     ("临江区", "微信"): (12, 2), ("临江区", "今日头条"): (3, 1)}
    assert sample.population == 46 and len(sample.accounts) == 8 >= 0.1 * 46
    assert all(a.status is AccountStatus.RUNNING for a in sample.accounts)


def test_same_seed_same_sample_other_seed_other_sample() -> None:
    registry = _registry()
    first = [a.code for a in draw_sample(registry, 0.1, seed=7).accounts]
    assert first == [a.code for a in draw_sample(list(reversed(registry)), 0.1, seed=7).accounts]
    assert first != [a.code for a in draw_sample(registry, 0.1, seed=8).accounts]


def test_whole_population_and_bad_share() -> None:
    assert len(draw_sample(_registry(), 1.0, seed=1).accounts) == 46
    for share in (0, -0.1, 1.5):
        with pytest.raises(SampleError, match="share"):
            draw_sample(_registry(), share, seed=1)


def test_command_writes_a_registry_that_reads_back(tmp_path: Path) -> None:
    write_accounts(_registry(), tmp_path / "all.csv")
    result = CliRunner().invoke(app, ["sample", str(tmp_path / "all.csv"), "--share", "0.1", "--seed", "7",
                                      "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 0, result.output
    assert len(load_accounts(tmp_path / "s.csv")) == 8
    assert (tmp_path / "s.sample.json").is_file()
    bad = CliRunner().invoke(app, ["sample", str(tmp_path / "all.csv"), "--share", "2"])
    assert bad.exit_code == 2


def test_the_run_records_its_sample(tmp_path: Path) -> None:
    from govinspect.store import open_store
    from govinspect.store.models import RunRow

    write_accounts(_registry(), tmp_path / "all.csv")
    runner = CliRunner()
    assert runner.invoke(app, ["sample", str(tmp_path / "all.csv"), "--seed", "3", "--out",
                               str(tmp_path / "s.csv")]).exit_code == 0
    home = tmp_path / "home"
    result = runner.invoke(app, ["--home", str(home), "inspect", "--media", str(tmp_path / "s.csv"),
                                 "--as-of", "2021-03-21", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    store = open_store(f"sqlite:///{home / 'govinspect.db'}")
    with store.session() as session:
        [run] = session.query(RunRow).all()
    store.close()
    assert run.options["sample"] == {"share": 0.1, "seed": 3, "population": 46, "drawn": 8, "strata": 5}
