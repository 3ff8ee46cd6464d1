from govinspect.model import Site, SiteType
from govinspect.rules.base import Finding, Severity
from govinspect.rules.scoring import judge
from tests.rules.builders import CODE, config, site

PORTAL = site()
DEPT = site(url="https://fgw.jiading.gov.cn/", site_type=SiteType.DEPARTMENT)


def veto(code: str = "W-V3", review: bool = False, target: str = CODE) -> Finding:
    return Finding(target=target, rule=code, severity=Severity.VETO, message="x", review=review)


def deduct(code: str, points: float, review: bool = False) -> Finding:
    return Finding(target=CODE, rule=code, severity=Severity.DEDUCTION, message="y", points=points, review=review)


def test_no_findings_portal_passes_with_100() -> None:
    j = judge(PORTAL, [], config())
    assert (j.verdict, j.score, j.veto, j.deductions) == ("pass", 100.0, [], {})


def test_veto_fails_portal_but_score_is_computed() -> None:
    j = judge(PORTAL, [veto(), veto("W-V2"), deduct("W-D7", 1.0)], config())
    assert j.verdict == "fail" and j.veto == ["W-V2", "W-V3"]
    assert j.score == 99.0


def test_deductions_capped_per_rule() -> None:
    # W-D7 cap 5 (12 × 1.0 → 5), W-D13 cap 2 (5 × 0.5 → 2), W-D11 cap 5 (3 → 3)
    findings = [deduct("W-D7", 1.0)] * 12 + [deduct("W-D13", 0.5)] * 5 + [deduct("W-D11", 1.0)] * 3
    j = judge(PORTAL, findings, config())
    assert j.deductions == {"W-D11": 3.0, "W-D13": 2.0, "W-D7": 5.0}
    assert j.score == 90.0 and j.verdict == "pass"


def test_sixty_passes_fifty_nine_point_nine_fails() -> None:
    cfg = config({"rules": {"W-D7": {"cap": {"value": 100}}}})
    assert judge(PORTAL, [deduct("W-D7", 40.0)], cfg).verdict == "pass"
    j = judge(PORTAL, [deduct("W-D7", 40.0), deduct("W-D7", 0.1)], cfg)
    assert j.score == 59.9 and j.verdict == "fail"


def test_rule_without_cap_is_uncapped_and_score_not_negative() -> None:
    j = judge(PORTAL, [deduct("W-DX", 150.0)], config())
    assert j.deductions == {"W-DX": 150.0} and j.score == 0.0 and j.verdict == "fail"


def test_non_portal_has_no_score_and_only_vetoes_count() -> None:
    dept_findings = [Finding(target=CODE, rule="W-D7", severity=Severity.DEDUCTION, message="z", points=99)]
    j = judge(DEPT, dept_findings, config())
    assert j.verdict == "pass" and j.score is None
    assert judge(DEPT, [veto()], config()).verdict == "fail"


def test_review_findings_do_not_count_until_confirmed() -> None:
    j = judge(PORTAL, [veto("W-V1e", review=True), deduct("W-D14", 50, review=True)], config())
    assert j.verdict == "pass" and j.veto == [] and j.score == 100.0
    # W-D14's 50 points are capped at 10: confirmed, the portal still passes, so only the veto
    # makes the verdict provisional (待复核)
    assert j.pending_review == ["W-V1e"]
    assert judge(PORTAL, [veto("W-V1e", review=False)], config()).verdict == "fail"


def test_other_targets_findings_ignored() -> None:
    assert judge(PORTAL, [veto(target="9999999999")], config()).verdict == "pass"


def test_pending_review_lists_what_could_still_change_the_verdict() -> None:
    def pending(site_findings: list[Finding], target: Site = PORTAL) -> list[str]:
        return judge(target, site_findings, config()).pending_review

    assert pending([veto("W-V1c", review=True)], DEPT) == ["W-V1c"]  # a pending veto, any site
    assert pending([deduct("W-D9", 0.0, review=True)]) == []  # a 0-point IPv6 note
    assert pending([deduct("W-D14", 5.0, review=True)], DEPT) == []  # a department is judged on vetoes
    # a portal at 65: a pending 5-point leak would not fail it; with two capped rules pending it would
    base = [deduct("W-DX", 35.0)]
    assert pending([*base, deduct("W-D14", 5.0, review=True)]) == []
    assert pending([*base, deduct("W-D14", 10.0, review=True), deduct("W-D12", 1.0, review=True)]) == \
        ["W-D12", "W-D14"]
    # already failing: nothing awaiting review can change that, except as reasons of its own
    assert pending([veto(), deduct("W-D14", 50.0, review=True)]) == []
    assert pending([veto(), veto("W-V1a", review=True)]) == ["W-V1a"]
