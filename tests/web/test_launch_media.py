"""A run launched from the browser includes the new-media accounts of an account registry in the
home folder (``inspect --media``): only registries that load are offered, and no other name or
path is accepted."""

from __future__ import annotations

import json

from sqlalchemy import select

from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.media.registry import write_accounts
from govinspect.store.models import RunRow, RunTargetRow
from tests.media import samples
from tests.web.conftest import Web

ACCOUNT = Account(name="溪口镇发布", platform=Platform.WECHAT, sponsor="溪口镇人民政府", account_id="gh_0a9c44e1d2b7",
                  data_url="exports/xikou.json", region="桃源县", status=AccountStatus.RUNNING)


def _write_media(web: Web) -> None:
    exports = web.home / "exports"
    exports.mkdir()
    doc = samples.snapshot(account={"platform": "微信", "id": ACCOUNT.account_id, "name": ACCOUNT.name,
                                    "entity": ACCOUNT.sponsor})
    (exports / "xikou.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    write_accounts([ACCOUNT], web.home / "accounts-2021q2.csv")
    (web.home / "broken-accounts.csv").write_text("账号名称,平台\n溪口镇发布,微信\n", encoding="utf-8")


def test_runs_page_offers_only_the_account_registries_that_load(web: Web) -> None:
    _write_media(web)
    web.login("insp1")
    page = web.client.get("/runs").text
    assert '<option value="accounts-2021q2.csv">' in page
    assert "broken-accounts.csv" not in page  # rejected file: not offered
    assert '<option value="sites.csv">' not in page  # the site registry is not an account registry


def test_a_launch_with_the_account_registry_inspects_its_accounts(web: Web) -> None:
    _write_media(web)
    web.login("insp1")
    token = web.csrf("/runs")
    answer = web.client.post("/runs", data={"csrf": token, "as_of": "2021-03-21", "media": "accounts-2021q2.csv"},
                             follow_redirects=False)
    assert answer.status_code == 303
    jobs = web.client.app.state.jobs  # type: ignore[attr-defined]
    jobs.wait(120)
    assert jobs.state.phase == "done", jobs.state.error
    with web.store.session() as session:
        run = session.get(RunRow, jobs.state.run_id)
        targets = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == jobs.state.run_id)).all()
    assert run is not None and run.options["media_dir"] == str(web.home.resolve())
    accounts = [t for t in targets if (t.snapshot or {}).get("kind") == "account"]
    assert [a.snapshot["name"] for a in accounts] == [ACCOUNT.name]
    assert len(targets) == 3  # the two sites of the registry as well


def test_a_launch_naming_another_file_is_refused_and_starts_nothing(web: Web) -> None:
    _write_media(web)
    web.login("insp1")
    token = web.csrf("/runs")
    with web.store.session() as session:
        before = len(session.scalars(select(RunRow.id)).all())
    for name in ("../../etc/passwd", "broken-accounts.csv", "sites.csv", str(web.home / "accounts-2021q2.csv")):
        refused = web.client.post("/runs", data={"csrf": token, "media": name})
        assert refused.status_code == 409 and "no such account registry" in refused.text
    with web.store.session() as session:
        assert len(session.scalars(select(RunRow.id)).all()) == before
