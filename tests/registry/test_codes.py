"""网站标识码 / ICP / 公安备案 / 域名 checks: real-world valid shapes must pass, malformed ones fail."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from govinspect.model import SiteType
from govinspect.registry.codes import (
    ABBREV_TO_PROVINCE,
    PROVINCE_CODES,
    check_domain,
    check_icp,
    check_psb,
    check_site_code,
    codes_consistent,
    find_icp,
    find_psb,
    find_site_code,
    province_of_code,
)


def _bilingual(reason: str | None) -> None:
    assert reason is not None
    zh, _, en = reason.partition(" / ")
    assert zh and en, reason


@pytest.mark.parametrize(
    "code",
    [
        "bm01000001",
        "bm64130001",
        "3101140038",
        "4412910009",
        "3600000013",
        "1101070001",
        "5001070012",
        "6500000001",
    ],
)
def test_site_code_valid(code: str) -> None:
    assert check_site_code(code) is None


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("3610782", "10位"),
        ("bm0999999", "8位"),
        ("bm010000011", "8位"),
        ("BM01000001", "小写"),
        ("9912345678", "99"),
        ("7100000001", "71"),  # 台湾: exists, but no registered mainland site carries it
        ("0012345678", "00"),
        ("31011400３8", "10位"),  # a full-width digit is not an ASCII code
        ("", "为空"),
        (" 3101140038", "10位"),  # callers trim; the checker is exact
        ("ab01000001", "10位"),
    ],
)
def test_site_code_malformed(code: str, needle: str) -> None:
    reason = check_site_code(code)
    _bilingual(reason)
    assert reason is not None and needle in reason


@pytest.mark.parametrize(
    "value",
    [
        "京ICP备05070218号",
        "粤ICP备2022014957号-1",
        "陇ICP备2021002435号",
        "苏ICP备05003616号",
        "闽ICP备10207592号-4",
        "黔ICP备12345678号",
        "滇ICP备12345678号",
        "蜀ICP备12345678号",
    ],
)
def test_icp_valid(value: str) -> None:
    assert check_icp(value) is None


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("粤ICP备09172506", "号"),
        ("京ICP备0507021号", "8或10位"),
        ("京ICP备123456789号", "8或10位"),
        ("ICP备05070218号", "简称"),
        ("港ICP备05070218号", "简称"),
        ("京icp备05070218号", "大写"),
        ("京ICP证050702号", "格式错误"),
        ("京ICP备05070218号-", "格式错误"),
        ("", "为空"),
    ],
)
def test_icp_malformed(value: str, needle: str) -> None:
    reason = check_icp(value)
    _bilingual(reason)
    assert reason is not None and needle in reason


@pytest.mark.parametrize(
    "value",
    [
        "京公网安备11010202000001号",
        "粤公网安备 44049102496850号",
        "京公网安备110401300059号",
        "苏公网安备32041102000483号",
        "辽公网安备 21010502000372号",
        "陇公网安备62010202000001号",
        "甘公网安备62010202000001号",
        "川公网安备51010402000001号",
    ],
)
def test_psb_valid(value: str) -> None:
    assert check_psb(value) is None


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("京公网安备44049102496850号", "不符"),  # digits are Guangdong's
        ("粤公网安备11010202000001号", "不符"),
        ("京公网安备99010202000001号", "99"),
        ("京公网安备1101020200000号", "14位"),
        ("京公网安备11010202000001", "号"),
        ("公网安备11010202000001号", "简称"),
        ("京公网安备  11010202000001号", "格式错误"),  # two spaces
        ("京ICP备05070218号", "格式错误"),
        ("", "为空"),
    ],
)
def test_psb_malformed(value: str, needle: str) -> None:
    reason = check_psb(value)
    _bilingual(reason)
    assert reason is not None and needle in reason


def test_tables() -> None:
    assert len(PROVINCE_CODES) == 31
    assert PROVINCE_CODES["11"] == "北京" and PROVINCE_CODES["65"] == "新疆"
    assert not {"71", "81", "82"} & PROVINCE_CODES.keys()
    assert set(ABBREV_TO_PROVINCE.values()) == set(PROVINCE_CODES)
    for a, b in [("甘", "陇"), ("贵", "黔"), ("云", "滇"), ("川", "蜀")]:
        assert ABBREV_TO_PROVINCE[a] == ABBREV_TO_PROVINCE[b]


def test_province_table_matches_published_division_codes(shared_dir: Path) -> None:
    path = shared_dir / "data" / "regions" / "modood_2023_provinces.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = {row["code"]: row["name"] for row in rows}
    assert set(codes) == set(PROVINCE_CODES)
    for code, short in PROVINCE_CODES.items():
        assert codes[code].startswith(short)


def test_every_division_code_has_a_known_province(shared_dir: Path) -> None:
    # Every county-level code in force makes a valid site-code prefix (serial 0001).
    lines = (shared_dir / "data" / "regions" / "yescallop_areacodes_2024.txt").read_text("utf-8").splitlines()
    codes = [line.split()[0] for line in lines if line.strip() and line.split()[0].isdigit()]
    assert len(codes) > 3000
    bad = [c for c in codes if not c.startswith(("71", "81", "82")) and check_site_code(c + "0001")]
    assert bad == []


def test_finders_on_free_text() -> None:
    footer = "主办单位：国务院办公厅 网站标识码bm01000001\u3000 京ICP备05070218号 \u3000 京公网安备11010202000001号"
    assert find_site_code(footer) == "bm01000001"
    assert find_icp(footer) == "京ICP备05070218号"
    assert find_psb(footer) == "京公网安备11010202000001号"

    text = "ICP备案号：粤ICP备2022014957号-1 公安机关备案号：粤公网安备 44049102496850号 政府网站标识码：4412910009"
    assert find_icp(text) == "粤ICP备2022014957号-1"
    assert find_psb(text) == "粤公网安备44049102496850号"
    assert find_site_code(text) == "4412910009"


def test_finders_return_malformed_values_for_the_checker() -> None:
    assert find_site_code("网站标识码：3610782") == "3610782"
    assert find_site_code("标识码: bm0999999 ") == "bm0999999"
    assert find_icp("备案号：粤ICP备09172506  版权所有") == "粤ICP备09172506"
    assert find_icp("ICP备05070218号") == "ICP备05070218号"
    assert find_psb("公网安备11010202000001号") == "公网安备11010202000001号"


def test_finders_normalise_display_artefacts() -> None:
    assert find_icp("京ＩＣＰ备０５０７０２１８号") == "京ICP备05070218号"
    assert find_icp("京 icp 备 05070218 号") == "京ICP备05070218号"
    assert find_site_code("网站标识码：３１０１１４００３８") == "3101140038"


def test_finders_find_nothing_in_look_alikes() -> None:
    assert find_site_code("联系电话：0101234567890 邮编 100000") is None
    assert find_site_code("") is None
    assert find_icp("ICP备案号：") is None
    assert find_icp("请到工信部ICP备案管理系统查询") is None
    assert find_psb("公安机关备案号：") is None
    assert find_psb("全国公安机关互联网站安全管理服务平台") is None


def test_real_footers(shared_dir: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    expected = {
        "gne_www.gov.cn_gongbao_2007_23.html": (
            "bm01000001",
            "京ICP备05070218号",
            "京公网安备11010202000001号",
        ),
        "gne_www.shanxi.gov.cn_news.html": ("1400000045", "晋ICP备12000773号", "晋公网安备14010502050691号"),
        "gne_zj.gov.cn_deqing_news.html": ("3300000020", "浙ICP备05018911号", "浙公网安备33010602009328号"),
        "gne_www.cmse.gov.cn_news.html": (None, "京ICP备20027467号-1", None),
    }
    for name, (code, icp, psb) in expected.items():
        body = LexborHTMLParser((shared_dir / "data" / "html" / name).read_text("utf-8")).body
        assert body is not None
        text = body.text(separator=" ")
        assert (find_site_code(text), find_icp(text), find_psb(text)) == (code, icp, psb), name
        for value, check in ((code, check_site_code), (icp, check_icp), (psb, check_psb)):
            if value is not None:
                assert check(value) is None, (name, value)
        assert codes_consistent(code, icp, psb) == [], name


def test_province_of_code() -> None:
    assert province_of_code("3101140038") == "31"
    assert province_of_code("4412910009") == "44"
    assert province_of_code("bm01000001") is None
    assert province_of_code("9912345678") is None
    assert province_of_code("京公网安备11010202000001号") == "11"
    assert province_of_code("粤公网安备 44049102496850号") == "44"
    assert province_of_code("陇ICP备2021002435号") == "62"
    assert province_of_code("garbage") is None


@pytest.mark.parametrize(
    ("url", "site_type"),
    [
        ("http://www.gov.cn/", SiteType.PORTAL),
        ("https://www.beijing.gov.cn/", SiteType.PORTAL),
        ("http://www.mofcom.gov.cn", SiteType.PORTAL),
        ("www.jiading.gov.cn", SiteType.PORTAL),
        ("http://WWW.Beijing.GOV.CN.:8080/index.html", SiteType.PORTAL),
        ("http://slj.bd.gov.cn/", SiteType.DEPARTMENT),
        ("http://www.mofcom.gov.cn/", SiteType.DEPARTMENT),  # 国务院部门 sites use www.○○○.gov.cn
        ("http://fgw.sz.gov.cn/", SiteType.DEPARTMENT),
        ("http://a.b.c.gov.cn/", SiteType.OTHER),
        ("http://中国政府网.政务/", SiteType.PORTAL),
        ("http://xn--fiqs8sxq3a.xn--zfr164b/", SiteType.DEPARTMENT),
    ],
)
def test_domain_valid(url: str, site_type: SiteType) -> None:
    assert check_domain(url, site_type) is None


@pytest.mark.parametrize(
    ("url", "site_type", "needle"),
    [
        ("http://www.example.com/", SiteType.OTHER, ".gov.cn"),
        ("http://www.beijing.gov.cn.evil.com/", SiteType.PORTAL, ".gov.cn"),
        ("http://www.xgov.cn/", SiteType.PORTAL, ".gov.cn"),
        ("http://www.x.gov.com/", SiteType.PORTAL, ".gov.cn"),
        ("http://beijing.gov.cn/", SiteType.PORTAL, "www."),
        ("http://gov.cn/", SiteType.PORTAL, "www."),
        ("http://www.dq.zj.gov.cn/", SiteType.PORTAL, "www."),
        ("http://slj.bd.gov.cn/", SiteType.PORTAL, "www."),
        ("http://mofcom.gov.cn/", SiteType.DEPARTMENT, "○○○"),
        ("http://a.slj.bd.gov.cn/", SiteType.DEPARTMENT, "○○○"),
        ("http://127.0.0.1:8080/", SiteType.PORTAL, "IP"),
        ("http://[::1]/", SiteType.OTHER, "IP"),
        ("http://localhost/", SiteType.OTHER, ".gov.cn"),
        ("", SiteType.OTHER, "域名"),
    ],
)
def test_domain_invalid(url: str, site_type: SiteType, needle: str) -> None:
    reason = check_domain(url, site_type)
    _bilingual(reason)
    assert reason is not None and needle in reason


def test_codes_consistent_ok() -> None:
    assert codes_consistent("1101070001", "京ICP备05070218号", "京公网安备11010202000001号") == []
    assert codes_consistent("6200000001", "陇ICP备2021002435号", "甘公网安备62010202000001号") == []
    assert codes_consistent("4412910009", "粤ICP备2022014957号-1", "粤公网安备 44049102496850号") == []
    # 国务院部门: a national bm-code beside a Beijing filing is normal
    assert codes_consistent("bm01000001", "京ICP备05070218号", "京公网安备11010202000001号") == []
    # a vertical unit in a province with a bm-code: no province to compare with the code
    assert codes_consistent("bm64130001", "闽ICP备10207592号-4", "闽公网安备35010202000001号") == []
    assert codes_consistent(None, None, None) == []
    assert codes_consistent("3101140038", None, None) == []
    # malformed values are the check_* functions' business, not repeated here
    assert codes_consistent("3101140038", "粤ICP备09172506", "京公网安备1101号") == []


def test_codes_consistent_mismatches() -> None:
    reasons = codes_consistent("3101140038", "京ICP备05070218号", None)
    assert len(reasons) == 1 and "ICP" in reasons[0] and "上海" in reasons[0]
    _bilingual(reasons[0])

    reasons = codes_consistent("3101140038", "沪ICP备05070218号", "京公网安备11010202000001号")
    assert len(reasons) == 1 and "公安" in reasons[0]

    # psb abbreviation matches the code but its digits are from another province
    reasons = codes_consistent("1101070001", None, "京公网安备44049102496850号")
    assert len(reasons) == 1 and "号码" in reasons[0]

    # without a local site code, ICP and 公安 are compared with each other
    reasons = codes_consistent("bm01000001", "京ICP备05070218号", "粤公网安备44049102496850号")
    assert len(reasons) == 1 and "ICP备案属北京" in reasons[0]
    assert len(codes_consistent(None, "京ICP备05070218号", "粤公网安备44049102496850号")) == 1
