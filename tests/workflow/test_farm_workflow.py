"""On the demo farm: a real run, the bulletin with evidence screenshots re-served from WARC after
the farm is gone, and targeted re-checks that close or reopen tickets."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from govinspect.config import Config, load_config
from govinspect.demo.farm import DEMO_AS_OF, Farm, build_farm
from govinspect.demo.server import serve_farm_in_thread
from govinspect.report.periods import Period
from govinspect.report.publish import publish_bulletin
from govinspect.store import Store, open_store
from govinspect.timeutil import parse_as_of
from govinspect.workflow.recheck import recheck
from govinspect.workflow.tickets import TicketSpec, open_tickets

from ..e2e_support import FAST_CRAWL, inspect_sites, proxy_env

CODES = ("3399000001", "3399210002")  # compliant portal; stale homepage and columns
# Fewer pages per site keep the crawl short; the verdicts come from the homepage and column lists.
CRAWL = {"crawl": {**FAST_CRAWL["crawl"], "max_pages_per_site": 80, "check_links": False}}
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def farm() -> Farm:
    return build_farm(DEMO_AS_OF)


@pytest.fixture(scope="module")
def proxy(farm: Farm) -> Iterator[str]:
    with serve_farm_in_thread(farm) as url, proxy_env(url):
        yield url


@pytest.fixture(scope="module")
def inspected(farm: Farm, proxy: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Store, str]:
    home = tmp_path_factory.mktemp("home")
    sites = [s for s in farm.registry() if s.code in CODES]
    _, result = inspect_sites(home, sites, DEMO_AS_OF.isoformat(), CRAWL)
    config = load_config(home, CRAWL)
    return config, open_store(config.db_url), result.run_id


def _period() -> Period:
    return Period("quarter", DEMO_AS_OF.year, (DEMO_AS_OF.month - 1) // 3 + 1)


@pytest.mark.browser
def test_bulletin_with_screenshots_from_warc_only(inspected: tuple[Config, Store, str], farm: Farm,
                                                  tmp_path: Path) -> None:
    config, store, _ = inspected
    if not Path(str(config.crawl.get("chromium_path"))).exists():
        pytest.skip("Debian's chromium is needed for screenshots")
    # The farm is not being served in this test's own scope: pages can only come from WARC.
    out = publish_bulletin(store, config, _period(), tmp_path / "b", screenshots=True, issued=date.today(),
                           tickets=False)
    assert [t.site.code for t in out.data.failing] == ["3399210002"]
    assert out.shots, "evidence screenshots taken from the stored pages"
    assert all(s.path.stat().st_size > 5000 for s in out.shots)
    assert {s.problem for s in out.shots} <= {g.title for g in out.data.groups}
    assert len(Document(str(out.docx)).inline_shapes) == len(out.shots)
    html = (out.html or Path()).read_text(encoding="utf-8")
    assert 'src="screenshots/' in html
    keep = os.environ.get("GOVINSPECT_KEEP_PNG")
    if keep:  # to look at the screenshots by eye
        for shot in out.shots:
            shutil.copy(shot.path, Path(keep) / shot.path.name)


def test_recheck_reopens_a_still_failing_site_and_closes_a_fixed_one(inspected: tuple[Config, Store, str],
                                                                      proxy: str) -> None:
    config, store, run_id = inspected
    tickets = open_tickets(store, run_id, "demo", [TicketSpec("3399210002", "样板县人民政府", "样板县人民政府办公室", []),
                                                  TicketSpec("3399000001", "示范市人民政府", "示范市人民政府办公室", [])],
                           date(2021, 3, 22), date(2021, 4, 6))
    as_of = parse_as_of(DEMO_AS_OF.isoformat())  # the farm's pages are dated for its monitoring point
    still = recheck(store, config, tickets[0].id, as_of=as_of)
    assert still.verdict == "fail" and still.ticket.state == "reopened"
    assert "W-V3" in still.remaining
    fixed = recheck(store, config, tickets[1].id, as_of=as_of)
    assert fixed.verdict == "pass" and fixed.ticket.state == "closed"
    assert fixed.run_id.startswith("recheck-")
