"""W-I2: a registry site marked 关停 that still serves content."""

from dataclasses import replace

from govinspect.model import PageModel, SiteStatus
from govinspect.rules.base import Severity
from tests.rules.builders import HOME, fetch, item, page, run, site, snapshot

CLOSED = replace(site(), status=SiteStatus.CLOSED)
LONG_TEXT = "嘉定区政府工作动态，" * 40


def home(text: str = LONG_TEXT, days: tuple[int, ...] = (3, 10)) -> PageModel:
    p = page(HOME, kind="home", items=[item(d, f"新闻{d}") for d in days])
    p.text = text
    return p


def test_closed_site_with_news_is_flagged() -> None:
    [f] = run("W-I2", snapshot(homepage=home(), homepage_fetch=fetch(HOME), the_site=CLOSED))
    assert f.severity is Severity.WARNING and f.details["dated_items"] == 2
    assert f.message.startswith("登记为关停的网站仍可访问并提供内容（首页2条带日期的信息")


def test_closed_site_with_long_text_only_is_flagged() -> None:
    [f] = run("W-I2", snapshot(homepage=home(days=()), homepage_fetch=fetch(HOME), the_site=CLOSED))
    assert f.details["text_chars"] == len(LONG_TEXT)


def test_look_alikes_not_flagged() -> None:
    notice = home("本网站已关停，相关信息请访问嘉定区人民政府门户网站。" * 3, days=())
    assert run("W-I2", snapshot(homepage=notice, homepage_fetch=fetch(HOME), the_site=CLOSED)) == []
    # offline, as registered
    assert run("W-I2", snapshot(homepage_fetch=fetch(HOME, None, error="refused"), the_site=CLOSED)) == []
    assert run("W-I2", snapshot(homepage_fetch=fetch(HOME, 410), the_site=CLOSED)) == []
    # redirected to the site that took it over
    moved = fetch(HOME)
    moved = replace(moved, final_url="http://www.shanghai.gov.cn/")
    assert run("W-I2", snapshot(homepage=home(), homepage_fetch=moved, the_site=CLOSED)) == []
    # a running site is never this rule's business
    assert run("W-I2", snapshot(homepage=home(), homepage_fetch=fetch(HOME))) == []
