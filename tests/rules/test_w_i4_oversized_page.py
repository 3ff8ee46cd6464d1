"""W-I4 (page cut at the size limit) and the 不可评估 outcome of the rules that report absence,
on hand-made snapshots: what a cut page still shows is judged, what it may have lost is not."""

from __future__ import annotations

from govinspect.model import Footer, PageModel, too_large_error
from govinspect.rules.base import Severity

from .builders import HOME, fetch, item, page, run, snapshot

CUT = too_large_error(12_500_000, True, 10_000_000)
ARTICLE = HOME + "xwzx/2021/t0315_77.html"
SITE_META = {"SiteName": "嘉定区人民政府", "SiteDomain": "www.jiading.gov.cn", "SiteIDCode": "3101140038"}


def cut(p: PageModel) -> PageModel:
    p.truncated = True
    return p


def test_cut_homepage_is_one_warning_with_its_size() -> None:
    home_fetch = fetch(HOME, error=CUT)
    snap = snapshot(homepage=cut(page(HOME, kind="home")), fetches=[home_fetch], homepage_fetch=home_fetch)
    [f] = run("W-I4", snap)
    assert f.severity is Severity.WARNING and f.url == HOME
    assert f.message == "首页超过抓取大小上限被截断（12.5 MB，上限10.0 MB），超出部分未检查"
    assert f.details["pages"] == [{"url": HOME, "size": 12_500_000, "size_exact": True, "limit": 10_000_000}]


def test_several_cut_pages_make_one_finding_and_a_lower_bound_says_at_least() -> None:
    other = HOME + "zwgk/list_3.html"
    lower = too_large_error(10_065_536, False, 10_000_000)
    snap = snapshot(homepage=page(HOME, kind="home"),
                    fetches=[fetch(HOME), fetch(ARTICLE, error=lower), fetch(other, error=lower)])
    [f] = run("W-I4", snap)
    assert f.message.startswith("2个页面超过抓取大小上限被截断（至少10.1 MB")
    assert [p["url"] for p in f.details["pages"]] == sorted([ARTICLE, other])


def test_cut_link_checks_and_attachments_are_not_pages() -> None:
    big = HOME + "upload/2021/gsmd.pdf"
    snap = snapshot(homepage=page(HOME, kind="home"),
                    fetches=[fetch(HOME), fetch(big, error=CUT, kind="link"), fetch(ARTICLE, error="timeout")])
    assert run("W-I4", snap) == []


def test_footer_absence_on_a_cut_homepage_is_not_assessable_but_a_wrong_code_is_reported() -> None:
    footer = Footer(text="主办单位：嘉定区人民政府办公室 网站标识码：3101140039", site_id_code="3101140039",
                    sponsor="嘉定区人民政府办公室", has_jiucuo=True, jiucuo_sitecode="3101140039")
    home = cut(page(HOME, kind="home", footer=footer))
    snap = snapshot(homepage=home, fetches=[fetch(HOME, error=CUT)])
    identity = run("W-D11", snap)
    [info] = [f for f in identity if f.severity is Severity.INFO]
    assert info.details["elements"] == ["党政机关网站标识", "ICP备案编号", "公安机关备案号", "联系方式"]
    assert info.details["size"] == 12_500_000 and info.points == 0
    # what the cut page does show is still judged: its 标识码 differs from the registry
    assert any(f.details.get("check") == "registry" and f.severity is Severity.DEDUCTION for f in identity)
    [entry] = run("W-D10", snap)
    assert entry.details["problem"] == "mismatch" and entry.severity is Severity.DEDUCTION


def test_same_footer_on_a_whole_homepage_is_reported_missing() -> None:
    home = page(HOME, kind="home", footer=Footer(text="版权所有"))
    snap = snapshot(homepage=home, fetches=[fetch(HOME)])
    missing = [f for f in run("W-D11", snap) if f.details.get("check") == "footer"]
    assert len(missing) == 6 and all(f.severity is Severity.DEDUCTION for f in missing)
    [entry] = run("W-D10", snap)
    assert entry.details["problem"] == "missing"


def test_meta_tags_unseen_on_a_cut_page_are_left_out_of_the_count() -> None:
    home = cut(page(HOME, kind="home"))  # its head was cut too: no tags seen
    pages = [page(HOME + f"zwgk/p{i}.html", meta=SITE_META) for i in range(3)]
    snap = snapshot(homepage=home, pages=pages, fetches=[fetch(HOME, error=CUT)])
    [info] = run("W-D13", snap)
    assert info.severity is Severity.INFO and info.details["tags"] == ["SiteName", "SiteDomain", "SiteIDCode"]
    # the same homepage read whole: 1 of 4 pages lacks them (25 % ≥ 20 %), reported
    whole = snapshot(homepage=page(HOME, kind="home"), pages=pages, fetches=[fetch(HOME)])
    assert {f.details["tag"] for f in run("W-D13", whole)} == {"SiteName", "SiteDomain", "SiteIDCode"}


def test_stale_items_on_a_cut_homepage_do_not_veto() -> None:
    stale = [item(40, "关于开展春季植树活动的通知")]
    snap = snapshot(homepage=cut(page(HOME, kind="home", items=stale)), fetches=[fetch(HOME, error=CUT)])
    [info] = run("W-V3", snap)
    assert info.severity is Severity.INFO and info.details["assessable"] is False
    # fresh items before the cut: judged as usual (nothing to say)
    fresh = snapshot(homepage=cut(page(HOME, kind="home", items=[item(2)])), fetches=[fetch(HOME, error=CUT)])
    assert run("W-V3", fresh) == []
    # the same stale homepage read whole is a veto
    whole = snapshot(homepage=page(HOME, kind="home", items=stale), fetches=[fetch(HOME)])
    [veto] = run("W-V3", whole)
    assert veto.severity is Severity.VETO


def test_no_service_entry_on_a_cut_homepage_needs_review() -> None:
    snap = snapshot(homepage=cut(page(HOME, kind="home")), fetches=[fetch(HOME, error=CUT)])
    [f] = run("W-V6a", snap)
    assert f.review and f.details["homepage_truncated"] is True
