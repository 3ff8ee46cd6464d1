from govinspect.model import Footer, SiteType
from govinspect.rules.base import Confidence, Severity
from tests.rules.builders import CODE, HOME, page, run, site, snapshot

GOOD_TEXT = ("主办单位：上海市嘉定区人民政府办公室 联系电话：021-59992000 "
             "网站标识码：3101140038 沪ICP备05001234号 沪公网安备31011402000123号")


def footer(text: str = GOOD_TEXT, badge: bool = True, **kw: object) -> Footer:
    return Footer(text=text, has_conac_badge=badge, **kw)  # type: ignore[arg-type]


def snap(f: Footer | None = None, url: str = HOME, site_type: SiteType = SiteType.PORTAL,
         meta: dict[str, str] | None = None, others: list | None = None) -> object:
    home = page(url, kind="home", footer=f or footer(), meta=meta)
    return snapshot(homepage=home, pages=others or [], the_site=site(url=url, site_type=site_type))


def messages(findings: list) -> list[str]:
    return [f.message for f in findings]


def test_complete_identity_passes() -> None:
    assert run("W-D11", snap(meta={"SiteIDCode": CODE})) == []


def test_fields_from_extractor_count_without_text() -> None:
    f = Footer(text="", has_conac_badge=True, site_id_code=CODE, icp="沪ICP备05001234号",
               psb="沪公网安备31011402000123号", sponsor="嘉定区政府办", contact="021-59992000")
    assert run("W-D11", snap(f)) == []


def test_each_missing_element_is_one_finding() -> None:
    findings = run("W-D11", snap(footer(text="版权所有", badge=False)))
    assert messages(findings) == [f"底部功能区缺少{e}" for e in
                                  ("党政机关网站标识", "网站标识码", "ICP备案编号", "公安机关备案号", "主办单位", "联系方式")]
    assert all(f.severity is Severity.DEDUCTION and f.points == 1.0 for f in findings)


def test_element_seen_on_other_pages_lowers_confidence() -> None:
    other = page(f"{HOME}a.html", footer=footer())
    [finding] = run("W-D11", snap(footer(badge=False), others=[other]))
    assert finding.details["other_pages_with_element"] == 1
    assert finding.confidence is Confidence.MEDIUM


def test_domain_rules_strict_for_ip_and_localhost() -> None:
    for url in ("http://127.0.0.1:8080/", "http://localhost:8000/", "https://www.jiading.com.cn/"):
        findings = run("W-D11", snap(url=url))
        assert [f.details["check"] for f in findings] == ["domain"], url
    # a department site must be x.y.gov.cn
    assert run("W-D11", snap(url="https://fgw.jiading.gov.cn/", site_type=SiteType.DEPARTMENT)) == []


def test_portal_domain_shape() -> None:
    findings = run("W-D11", snap(url="https://jiading.gov.cn/"))
    assert [f.details["check"] for f in findings] == ["domain"]
    assert " / " in findings[0].details["reason"]  # bilingual


def test_malformed_codes_reported() -> None:
    text = "主办单位：x 电话：021-59992000 网站标识码：3610782 沪ICP备05001234 沪公网安备31011402000123号"
    findings = run("W-D11", snap(footer(text=text)))
    assert {f.details.get("element") for f in findings if f.details["check"] == "format"} == {"网站标识码", "ICP备案编号"}
    # a malformed code is not also compared with the registry
    assert not [f for f in findings if f.details["check"] == "registry"]


def test_registry_and_meta_mismatch() -> None:
    text = GOOD_TEXT.replace("3101140038", "3101140099")
    findings = run("W-D11", snap(footer(text=text), meta={"SiteIDCode": "3101140038"}))
    checks = sorted(f.details["check"] for f in findings)
    assert checks == ["meta", "registry"]


def test_province_inconsistency() -> None:
    text = GOOD_TEXT.replace("沪ICP备", "京ICP备")
    [finding] = run("W-D11", snap(footer(text=text)))
    assert finding.details["check"] == "consistency"


def test_no_homepage_only_domain_checked() -> None:
    assert run("W-D11", snapshot(homepage=None)) == []


def test_full_width_digits_and_bm_codes_are_fine() -> None:
    text = GOOD_TEXT.replace("05001234", "０５００１２３４")
    assert run("W-D11", snap(footer(text=text))) == []
    central = site(url="https://www.gov.cn/", code="bm01000001")
    text = "主办单位：国务院办公厅 联系我们 网站标识码bm01000001 京ICP备05070218号 京公网安备11010202000001号"
    home = page("https://www.gov.cn/", kind="home", footer=footer(text=text))
    assert run("W-D11", snapshot(homepage=home, the_site=central)) == []
