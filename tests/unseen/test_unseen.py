"""The unseen farm end to end: sites whose markup our extraction was not written against.

Registry → crawl through http_proxy → WARC → extraction → rules. Each site's planted defects must
be found, its look-alikes not flagged, and the compliant portal must pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect import pipeline

from ..e2e_support import inspect_sites, proxy_env
from .sites import AS_OF_ISO, EXPECTED, UnseenSite, build_unseen, serve_in_thread


@pytest.fixture(scope="module")
def sites() -> list[UnseenSite]:
    return build_unseen()


@pytest.fixture(scope="module")
def run(sites: list[UnseenSite], tmp_path_factory: pytest.TempPathFactory) -> Iterator[pipeline.RunResult]:
    home: Path = tmp_path_factory.mktemp("unseen")
    with serve_in_thread(sites) as url, proxy_env(url):
        _, result = inspect_sites(home, [s.site for s in sites], AS_OF_ISO)
    yield result


def _found(result: pipeline.RunResult, code: str) -> set[str]:
    return {f.rule for f in result.findings if f.target == code}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_planted_defects_found_and_look_alikes_spared(run: pipeline.RunResult, code: str) -> None:
    found = _found(run, code)
    exp = EXPECTED[code]
    detail = sorted((f.rule, f.message) for f in run.findings if f.target == code)
    assert exp.must_find <= found, (exp.must_find - found, detail)
    assert not (exp.must_not_find & found), (exp.must_not_find & found, detail)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_verdicts(run: pipeline.RunResult, code: str) -> None:
    verdicts = {t.site.code: t.judgement for t in run.targets}
    assert verdicts[code].verdict == EXPECTED[code].verdict, verdicts[code]


def test_no_rule_raised(run: pipeline.RunResult) -> None:
    assert not run.errors
