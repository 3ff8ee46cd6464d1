"""The demo farm's accounts, collected through the farm's forward proxy (http_proxy, as an
intranet proxy would be): every planted account defect is found, no look-alike is flagged, and a
second demo built for another monitoring point keeps its defects (dates count back from it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from govinspect import pipeline
from govinspect.config import load_config
from govinspect.demo.farm import DEMO_AS_OF, Farm, build_farm
from govinspect.demo.server import serve_farm_in_thread
from govinspect.store import open_store
from govinspect.timeutil import parse_as_of
from tests.e2e_support import FAST_CRAWL, proxy_env


def _inspect_accounts(home: Path, farm: Farm) -> pipeline.RunResult:
    assert farm.media is not None
    config = load_config(home, FAST_CRAWL)
    store = open_store(config.db_url)
    run_id = pipeline.start_run(store, [], parse_as_of(farm.as_of.isoformat()), accounts=farm.media.accounts)
    pipeline.crawl(store, config, run_id)
    result = pipeline.analyse(store, config, run_id)
    store.close()
    return result


@pytest.fixture(scope="module", params=[DEMO_AS_OF, date(2023, 7, 9)], ids=["demo", "other-as-of"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[tuple[Farm, pipeline.RunResult]]:
    farm = build_farm(request.param)
    with serve_farm_in_thread(farm) as url, proxy_env(url):
        yield farm, _inspect_accounts(tmp_path_factory.mktemp("home"), farm)


def test_planted_account_defects_found_and_look_alikes_not_flagged(demo: tuple[Farm, pipeline.RunResult]) -> None:
    farm, result = demo
    assert farm.media is not None
    found = {(f.target, f.rule) for f in result.findings if str(f.severity) != "info"}
    judged = {t.site.code: t.judgement for t in result.targets}
    assert set(judged) == {a.code for a in farm.media.accounts}
    for exp in farm.media.expectations:
        for rule, why in exp.must_find.items():
            assert (exp.code, rule) in found, (exp.code, rule, why)
        for rule, why in exp.must_not_find.items():
            assert (exp.code, rule) not in found, (exp.code, rule, why)
        assert judged[exp.code].verdict == exp.verdict, exp.code
        assert set(exp.pending_review) <= set(judged[exp.code].pending_review), exp.code


def test_feeds_are_evidence_and_the_lost_feed_is_an_error(demo: tuple[Farm, pipeline.RunResult]) -> None:
    _, result = demo
    feeds = [f for f in result.findings if f.rule == "M-V2" and str(f.severity) == "veto"]
    assert feeds and all(f.evidence.get("warc") and f.evidence.get("record") for f in feeds)
    [error] = [e for e in result.errors if e.rule == "collect"]
    assert error.target == "快手:ks_shifanshuiwu" and "404" in error.error
    document = pipeline.findings_document(result)
    assert {t["kind"] for t in document["targets"]} == {"account"}
