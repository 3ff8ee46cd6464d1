from govinspect.model import Footer
from govinspect.rules.base import Severity
from govinspect.rules.website.w_d13_meta_tags import parse_pubdate
from tests.rules.builders import CODE, HOME, page, run, snapshot

SITE = {"SiteName": "嘉定区人民政府", "SiteDomain": "www.jiading.gov.cn", "SiteIDCode": CODE}
LIST = {**SITE, "ColumnName": "通知公告", "ColumnType": "通知公告"}
ART = {**SITE, "ArticleTitle": "关于…的通知", "PubDate": "2021-03-01 09:30", "ContentSource": "区政府办"}


def home(meta: dict[str, str] | None = None) -> object:
    return page(HOME, kind="home", meta=SITE if meta is None else meta, footer=Footer(site_id_code=CODE))


def articles(n: int, meta: dict[str, str], start: int = 0) -> list:
    return [page(f"{HOME}art/{i}.html", kind="article", meta=meta) for i in range(start, start + n)]


def test_complete_tags_pass() -> None:
    pages = [*articles(5, ART), page(f"{HOME}list/", kind="list", meta=LIST)]
    assert run("W-D13", snapshot(homepage=home(), pages=pages)) == []


def test_missing_tag_aggregated_with_share_gate() -> None:
    no_source = {k: v for k, v in ART.items() if k != "ContentSource"}
    # 1 of 5 articles: share 0.2 → reported; one finding for the tag, not one per page
    [finding] = run("W-D13", snapshot(homepage=home(), pages=articles(4, ART) + articles(1, no_source, 4)))
    assert finding.severity is Severity.DEDUCTION
    assert finding.details["tag"] == "ContentSource"
    assert (finding.details["missing"], finding.details["pages"]) == (1, 5)
    assert finding.points == 0.5
    assert finding.message == "网页标签ContentSource缺失：5个文章页中1个"


def test_below_share_not_reported() -> None:
    no_source = {k: v for k, v in ART.items() if k != "ContentSource"}
    assert run("W-D13", snapshot(homepage=home(), pages=articles(5, ART) + articles(1, no_source, 5))) == []


def test_tags_only_required_on_their_page_kind_and_case_insensitive() -> None:
    lower = {k.lower(): v for k, v in SITE.items()}
    pages = [page(f"{HOME}art/1.html", kind="article", meta={**ART}),
             page(f"{HOME}list/", kind="list", meta={**LIST}),
             page(f"{HOME}other.html", kind="other", meta=lower)]
    assert run("W-D13", snapshot(homepage=home(), pages=pages)) == []


def test_failed_and_soft404_pages_ignored() -> None:
    pages = [page(f"{HOME}gone.html", status=404), page(f"{HOME}soft.html", soft404=True)]
    assert run("W-D13", snapshot(homepage=home(), pages=pages)) == []


def test_site_tags_missing_everywhere() -> None:
    findings = run("W-D13", snapshot(homepage=home({}), pages=articles(1, {k: v for k, v in ART.items()
                                                                           if k not in SITE})))
    assert sorted(f.details["tag"] for f in findings) == sorted(SITE)


def test_siteidcode_differs_from_footer_is_reported_without_gate() -> None:
    wrong = {**ART, "SiteIDCode": "3101140039"}
    [finding] = run("W-D13", snapshot(homepage=home(), pages=articles(9, ART) + articles(1, wrong, 9)))
    assert finding.details["values"] == ["3101140039"]
    assert finding.details["footer_code"] == CODE


def test_unparseable_pubdate() -> None:
    bad = {**ART, "PubDate": "三月一日"}
    [finding] = run("W-D13", snapshot(homepage=home(), pages=articles(2, bad)))
    assert "不是有效日期" in finding.message


def test_parse_pubdate_forms() -> None:
    assert parse_pubdate("2021-03-01 09:30").isoformat() == "2021-03-01"  # type: ignore[union-attr]
    assert parse_pubdate("2021/3/1") is not None
    assert parse_pubdate("2021年03月01日 09:30:00") is not None
    assert parse_pubdate("2021-02-30") is None
    assert parse_pubdate("yesterday") is None
