from govinspect.model import Link
from govinspect.rules.base import Severity
from tests.rules.builders import HOME, fetch, page, run, snapshot

A = f"{HOME}a.html"
DEAD = f"{HOME}dead.html"
IMG = f"{HOME}img/x.png"


def test_homepage_and_other_links_counted_separately_one_finding_per_target() -> None:
    home = page(HOME, kind="home", links=[Link(DEAD, "政务公开"), Link(A, "文章")])
    other = page(A, links=[Link(DEAD, "旧链接"), Link(IMG, "", tag="img"), Link(IMG, "", tag="img")])
    snap = snapshot(homepage=home, pages=[other],
                    fetches=[fetch(HOME), fetch(A), fetch(DEAD, 404), fetch(IMG, None, error="timeout", kind="link")])
    findings = run("W-D7", snap)
    assert [f.url for f in findings] == [DEAD, IMG]
    dead, img = findings
    assert dead.severity is Severity.DEDUCTION
    assert dead.points == 1.0 and dead.details["on_homepage"] is True
    assert {s["text"] for s in dead.details["linked_from"]} == {"政务公开", "旧链接"}
    assert dead.details["problem"] == "HTTP 404"
    assert "首页" in dead.message
    assert img.points == 0.1 and img.details["on_homepage"] is False
    assert img.details["occurrences"] == 2 and len(img.details["linked_from"]) == 1
    assert img.details["problem"] == "timeout"
    assert img.evidence["warc"] == "test.warc.gz"


def test_soft404_is_broken() -> None:
    home = page(HOME, kind="home", links=[Link(A, "x")])
    [finding] = run("W-D7", snapshot(homepage=home, fetches=[fetch(A, 200, soft404=True)]))
    assert finding.details["problem"] == "soft404"


def test_unchecked_ok_redirect_and_robots_links_are_not_broken() -> None:
    unchecked = f"{HOME}disallowed/"
    robots = f"{HOME}robots.txt"
    home = page(HOME, kind="home", links=[Link(unchecked, "禁止抓取"), Link(A, "ok"), Link(robots, "r")])
    snap = snapshot(homepage=home, fetches=[fetch(A, 301), fetch(robots, 404, kind="robots")])
    assert run("W-D7", snap) == []


def test_points_from_config() -> None:
    home = page(HOME, kind="home", links=[Link(DEAD, "x")])
    [finding] = run("W-D7", snapshot(homepage=home, fetches=[fetch(DEAD, 500)]),
                    {"points_per_homepage_link": {"value": 2.0}})
    assert finding.points == 2.0


def test_crawler_limits_are_not_broken_links() -> None:
    big, internal = f"{HOME}big.pdf", f"{HOME}x.html"
    home = page(HOME, kind="home", links=[Link(big, "大文件"), Link(internal, "x"), Link(A, "a")])
    snap = snapshot(homepage=home, fetches=[fetch(big, 200, error="too_large", kind="link"),
                                            fetch(internal, None, error="internal: KeyError"),
                                            fetch(A, None, error="tls: certificate expired")])
    [finding] = run("W-D7", snap)
    assert finding.url == A and finding.details["problem"] == "tls: certificate expired"
