"""One finding per cause in the site rules (issue 13 part 2): a defect repeated across many pages
of a site is one finding listing its pages, one deduction; different defects stay apart.

Run through the engine (``run_rules``), which merges findings of one cause, on page shapes of
their own: a 县 site whose sidebar repeats a contact block of mobiles on every page, a 公示名单
shown as a page and as its attachment, one copied document filed under two columns, and a
template whose relative 在线访谈 footer link breaks under every directory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from govinspect.model import Link, PageModel
from govinspect.rules.engine import pages_of, run_rules
from govinspect.rules.scoring import judge
from govinspect.similarity.types import SimilarDocument

from .builders import HOME, config, fetch, page, snapshot

SIDEBAR = "便民热线 值班联系人：" + "、".join(f"139{n:08d}" for n in (10203040, 10203041, 10203042, 10203043,
                                                                       10203044, 10203045))
OTHER_LIST = "困难群众临时救助公示：" + "、".join(f"158{n:08d}" for n in (55660001, 55660002, 55660003,
                                                                        55660004, 55660005))


def _text_page(url: str, text: str, kind: str = "article") -> PageModel:
    p = page(url, kind=kind)
    p.text = text
    return p


def test_a_sidebar_leak_on_every_page_is_one_privacy_finding() -> None:
    urls = [f"{HOME}bmfw/2021/t{i:02d}.html" for i in range(30)]
    pages = [_text_page(u, f"第{i}篇通知正文。{SIDEBAR}") for i, u in enumerate(urls)]
    pages.append(_text_page(f"{HOME}zwgk/jzgs.html", OTHER_LIST))  # a different leak: a finding of its own
    outcome = run_rules(snapshot(homepage=page(HOME, kind="home"), pages=pages), config(), ["W-D14"])
    sidebar, other = sorted(outcome.findings, key=lambda f: -pages_of(f)[0])
    count, first = pages_of(sidebar)
    assert count == 30 and first[0] == urls[0] and sidebar.url == urls[0]
    assert sidebar.points == 5.0  # one cause, one deduction
    assert pages_of(other) == (1, [f"{HOME}zwgk/jzgs.html"])
    assert "pii:" not in str(sidebar.details)  # the cause key never travels with the evidence


def test_the_same_leak_as_page_and_attachment_is_one_finding_different_leaks_are_not() -> None:
    listing = "、".join(f"186{n:08d}" for n in range(70001000, 70001006))
    pages = [_text_page(f"{HOME}gsgg/t1.html", "2021年公益性岗位拟录用人员公示 " + listing),
             _text_page(f"{HOME}gsgg/t2.html", "转载：2021年公益性岗位拟录用人员公示 " + listing),
             _text_page(f"{HOME}gsgg/t3.html", OTHER_LIST)]
    outcome = run_rules(snapshot(homepage=page(HOME, kind="home"), pages=pages), config(), ["W-D14"])
    assert sorted(pages_of(f)[0] for f in outcome.findings) == [1, 2]


COPY = SimilarDocument(
    url=f"{HOME}zwgk/zcwj/t20210310_1.html", title="政府信息公开工作制度", pub_date=date(2021, 3, 10),
    chars=1200, attribution="", source_site_code="3101140001", source_site_name="某镇人民政府",
    source_url="https://www.mouzhen.gov.cn/zwgk/t20210102_9.html", source_title="政府信息公开工作制度",
    source_pub_date=date(2021, 1, 2), source_first_seen=None, source_run_id="run-1", jaccard=0.95)


def test_one_copied_document_under_two_columns_is_one_plagiarism_finding() -> None:
    snap = snapshot()
    snap.similar_documents = [COPY, replace(COPY, url=f"{HOME}tzgg/t20210311_4.html", jaccard=0.93),
                              replace(COPY, url=f"{HOME}zwgk/t5.html", source_url="https://www.b.gov.cn/x.html")]
    findings = run_rules(snap, config(), ["W-D16"]).findings
    assert [pages_of(f)[0] for f in findings] == [2, 1]
    assert pages_of(findings[0])[1] == [COPY.url, f"{HOME}tzgg/t20210311_4.html"]
    assert findings[0].points == 1.0


DIRS = ["xwzx", "zwgk", "bmdt", "zcwj", "tzgg", "rsxx", "jdhy", "zmhd"]


def test_a_broken_relative_template_link_is_one_finding_for_all_directories() -> None:
    pages, fetches = [], [fetch(HOME)]
    for d in DIRS:
        url = f"{HOME}{d}/index.html"
        broken = f"{HOME}{d}/zxft/index.html"
        pages.append(page(url, kind="list", links=[Link(broken, "在线访谈", "footer")]))
        fetches += [fetch(url), fetch(broken, 404, kind="link")]
    outcome = run_rules(snapshot(homepage=page(HOME, kind="home"), pages=pages, fetches=fetches), config(),
                        ["W-D7"])
    (finding,) = outcome.findings
    assert "在线访谈" in finding.message and "zxft/index.html" in finding.message and "8个目录" in finding.message
    assert len(finding.details["urls"]) == 8 and finding.details["template"]["relative"] == "zxft/index.html"
    assert pages_of(finding) == (8, [f"{HOME}{d}/index.html" for d in sorted(DIRS)])
    assert finding.points == 0.1  # not on the homepage: one 'other page' link, counted once
    report = judge(snapshot().site, outcome.findings, config())
    assert report.deductions == {"W-D7": 0.1}


def test_body_links_to_each_columns_own_missing_page_stay_separate() -> None:
    pages, fetches = [], []
    for d in DIRS[:3]:
        url = f"{HOME}{d}/list.html"
        pages.append(page(url, kind="list", links=[Link(f"{HOME}{d}/index.html", "更多", "body")]))
        fetches += [fetch(url), fetch(f"{HOME}{d}/index.html", 404, kind="link")]
    findings = run_rules(snapshot(homepage=page(HOME, kind="home"), pages=pages, fetches=fetches), config(),
                         ["W-D7"]).findings
    assert len(findings) == 3 and all(pages_of(f)[0] == 1 for f in findings)


def test_one_broken_link_from_many_pages_is_one_finding() -> None:
    dead = "https://www.jiading.gov.cn/old/ldxx.html"
    pages = [page(f"{HOME}{d}/index.html", kind="list", links=[Link(dead, "领导信息", "nav")]) for d in DIRS]
    home = page(HOME, kind="home", links=[Link(dead, "领导信息", "nav")])
    findings = run_rules(snapshot(homepage=home, pages=pages, fetches=[fetch(dead, 404, kind="link")]), config(),
                         ["W-D7"]).findings
    (finding,) = findings
    assert finding.url == dead and finding.points == 1.0 and finding.details["occurrences"] == 9
