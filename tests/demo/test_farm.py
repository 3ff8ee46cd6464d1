"""The demo farm builds deterministically and holds the defects its expectations promise."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from govinspect.demo.expected import EXPECTATIONS, expectations
from govinspect.demo.farm import DEMO_AS_OF, Farm, build_farm
from govinspect.demo.images import scanned_pdf
from govinspect.extract.links import trs_pagination
from govinspect.model import SiteType
from govinspect.rules.base import get_rule


def _digest(farm: Farm) -> dict[str, bytes]:
    return {f"{s.host}{p}": page.body for s in farm.sites for p, page in s.pages.items()}


def test_same_bytes_twice() -> None:
    # how fast it builds is not asserted here: a timed test fails on a loaded machine (goals live in benchmarks/)
    assert _digest(build_farm()) == _digest(build_farm())


def test_size_and_page_counts() -> None:
    farm = build_farm()
    assert 300 <= farm.page_count() <= 1000
    assert len(farm.registry()) >= 9
    for site in farm.sites:
        if site.behaviour == "normal":
            assert len(site.pages) >= 20, site.host
    assert build_farm(scale=3).page_count() > 2 * farm.page_count()


def test_scale_keeps_newest_dates() -> None:
    small, big = build_farm(), build_farm(scale=4)
    for site in small.sites:
        if site.behaviour != "normal":
            continue
        assert site.pages["/" + site.index_name].body == big.site(site.host).pages["/" + site.index_name].body


def test_codes_well_formed() -> None:
    farm = build_farm()
    codes = [s.code for s in farm.registry()]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.fullmatch(r"33\d{8}", code)
    home = farm.site("www.shifan.gov.cn").pages["/index.html"].body.decode()
    assert re.search(r"浙ICP备\d{8}号", home)
    assert re.search(r"浙公网安备 33\d{12}号", home)
    assert "网站标识码：3399000001" in home
    assert "sitecode='3399000001'" in home and "http://dcs.conac.cn/js/" in home


def test_dates_follow_as_of() -> None:
    later = build_farm(date(2022, 6, 30))
    body = later.site("www.shifan.gov.cn").pages["/index.html"].body.decode()
    assert "2022-06-29" in body and "2021-03-20" not in body


def test_gbk_site() -> None:
    site = build_farm().site("wjj.yangban.gov.cn")
    page = site.pages["/index.html"]
    assert "GBK" in page.content_type
    assert b'<meta charset="gbk">' in page.body
    text = page.body.decode("gbk")
    assert "样板县卫生健康局" in text
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")


def test_trs_pagination_announced_and_present() -> None:
    site = build_farm().site("zrzy.shifan.gov.cn")
    first = site.pages["/xwzx/gzdt/index.shtml"].body.decode()
    assert 'createPageHTML(4, 0, "index", "shtml")' in first
    further = trs_pagination(first, "http://zrzy.shifan.gov.cn/xwzx/gzdt/index.shtml")
    assert len(further) == 3
    for url in further:
        assert url.removeprefix("http://zrzy.shifan.gov.cn") in site.pages


def test_js_list_is_blank_without_script() -> None:
    site = build_farm().site("wgl.shifan.gov.cn")
    body = site.pages["/xwzx/gzdt/index.html"].body.decode()
    assert '<ul class="list" id="newsList"></ul>' in body and "var listData = [" in body
    assert "<li>" not in body.split("<script")[0].split('id="newsList"')[1]


def test_defects_present() -> None:
    farm = build_farm()
    as_of = DEMO_AS_OF
    forged = farm.site("www.qinghequ.gov.cn")
    assert any(b'content="2021-03-25' in p.body for p in forged.pages.values())
    assert "2021年03月25日".encode() in forged.pages["/xwzx/qhyw/index.html"].body
    dept = farm.site("jyj.shifan.gov.cn")
    assert "暂无信息".encode() in dept.pages["/zwgk/czxx/index.html"].body
    assert "正在建设中".encode() in dept.pages["/zwgk/jyta/index.html"].body
    assert b"<div class=\"list\">\n</div>" in dept.pages["/zwgk/jytj/index.html"].body
    trs = farm.site("zrzy.shifan.gov.cn")
    article = next(p for path, p in trs.pages.items() if "/t2021" in path).body.decode()
    assert 'name="SiteIDCode"' not in article and "浙ICP备21000106<" in article
    assert "dcs.conac.cn" not in article
    assert build_farm().site("www.qinghe-travel.com.cn").site.site_type is SiteType.OTHER
    assert as_of == date(2021, 3, 21)


def test_compliant_lookalikes() -> None:
    site = build_farm().site("www.shifan.gov.cn")
    assert "/zcwj/fj/P020210301.pdf" in site.pages
    assert site.pages["/zcwj/fj/P020210301.pdf"].body.startswith(b"%PDF-")
    assert any("自2021年5月1日起施行".encode() in p.body for p in site.pages.values())
    assert b"http://www.yangban.gov.cn/" in site.pages["/index.html"].body


def test_expectations_cover_registry_with_known_codes(shared_dir: Path) -> None:
    catalogue = (shared_dir / "spec" / "INDICATORS.md").read_text(encoding="utf-8")
    known = set(re.findall(r"^\| (W-[A-Z]\d+[a-z]?) \|", catalogue, re.M))
    assert {"W-V1e", "W-V4a", "W-D7"} <= known
    farm = build_farm()
    assert [e.site_code for e in EXPECTATIONS] == [s.code for s in farm.registry()]
    for exp in EXPECTATIONS:
        assert set(exp.must_find) | set(exp.must_not_find) <= known, exp.site_code
        assert not set(exp.must_find) & set(exp.must_not_find)
        assert exp.verdict in ("pass", "fail")
        for urls in [*exp.must_find_urls.values(), *exp.must_not_find_urls.values()]:
            assert urls
    assert expectations(build_farm(date(2021, 9, 1)))[3].must_find_urls["W-V1e"][0].endswith(
        "t20210905_4000000.html")


def test_expectations_name_registered_rules_of_the_right_kind() -> None:
    # The expectations name rules by code only; title, bulletin name and kind come from the registry.
    farm = build_farm(DEMO_AS_OF)
    site_codes = {exp.site_code for exp in EXPECTATIONS}
    assert site_codes == {s.code for s in farm.registry()}
    for exp in EXPECTATIONS:
        for code in [*exp.must_find, *exp.must_not_find]:
            assert get_rule(code).target_kind == "site", (exp.site_code, code)
    assert farm.media is not None
    for account in farm.media.expectations:
        for code in [*account.must_find, *account.must_not_find]:
            assert get_rule(code).target_kind == "account", (account.code, code)


def test_scanned_pdf_is_the_same_bytes_whatever_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow stamps the clock into a PDF's dates unless told not to; two builds a second apart differed
    first = scanned_pdf([["扫描件第一行", "第二行"]])
    monkeypatch.setattr(time, "gmtime", lambda *args: time.struct_time((2031, 1, 2, 3, 4, 5, 3, 2, 0)))
    assert scanned_pdf([["扫描件第一行", "第二行"]]) == first
