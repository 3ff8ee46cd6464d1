"""The web application through FastAPI's TestClient on a store a real inspection made: sign-in,
role scoping, CSRF, escaping, evidence replay, reviews, tickets, the public 找错 form, bad input."""

from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import select

from govinspect.store.models import RunTargetRow
from govinspect.workflow.models import FindingReviewRow, MessageRow, TicketRow
from tests.web.conftest import CODE_A, CODE_B, HACKED_NAME, PASSWORD, Web, csrf_of, pending_finding


def _ticket_id(web: Web) -> int:
    with web.store.session() as session:
        return int(session.scalars(select(TicketRow.id)).one())


def test_pages_need_a_session_and_the_api_answers_401(web: Web) -> None:
    page = web.client.get("/overview", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
    assert web.client.get("/api/targets").status_code == 401
    assert web.client.get("/openapi.json").json()["paths"]["/api/targets"]


def test_inspector_sees_overview_target_and_escaped_hacked_name(web: Web) -> None:
    assert web.login("insp1").status_code == 303
    overview = web.client.get("/overview")
    assert overview.status_code == 200 and 'id="pending-count">1<' in overview.text
    listing = web.client.get("/targets")
    assert escape(HACKED_NAME) in listing.text and "<script>alert(" not in listing.text
    detail = web.client.get(f"/targets/{CODE_A}")
    assert "W-V1e" in detail.text and "待复核" in detail.text
    assert "<script>alert" not in detail.text


def test_every_response_carries_the_security_headers(web: Web) -> None:
    web.login("insp1")
    for path in ("/login", "/overview", "/targets", "/report", "/api/targets"):
        headers = web.client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp and headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_session_cookie_is_httponly_secure_samesite(web: Web) -> None:
    response = web.login("insp1")
    cookie = response.headers["set-cookie"]
    assert "gi_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie


def test_operator_sees_only_own_units_and_every_id_route_answers_404(web: Web) -> None:
    finding = pending_finding(web.store)
    ticket = _ticket_id(web)
    web.login("opB")
    listing = web.client.get("/targets")
    assert CODE_B in listing.text and CODE_A not in listing.text
    assert CODE_A not in web.client.get("/api/targets").text
    for path in (f"/targets/{CODE_A}", f"/api/targets/{CODE_A}", f"/findings/{finding}/evidence",
                 f"/findings/{finding}/replay", f"/api/findings/{finding}", f"/findings/{finding}/screenshot"):
        assert web.client.get(path).status_code == 404, path  # a kept screenshot too: test_screenshots
    assert web.client.get(f"/targets/{CODE_B}").status_code == 200
    # staff pages are refused to an operator, and so is a review decision
    assert web.client.get("/reviews").status_code == 403
    token = web.csrf("/tickets")
    assert web.client.post(f"/reviews/{finding}", data={"decision": "confirmed", "csrf": token}).status_code == 403
    # operator A cannot mark B's ticket fixed; the ticket stays open
    web.client.post("/logout", data={"csrf": token})
    web.login("opA")
    token = web.csrf("/tickets")
    assert "桃源县水利局" not in web.client.get("/tickets").text
    assert web.client.post(f"/tickets/{ticket}/fixed", data={"csrf": token}).status_code == 404
    assert web.client.get("/api/tickets").json() == []
    with web.store.session() as session:
        assert session.get(TicketRow, ticket).state == "open"  # type: ignore[union-attr]


def test_unknown_ids_get_a_clear_404(web: Web) -> None:
    web.login("admin1")
    for path in ("/targets/9999999999", "/findings/987654/evidence", "/api/findings/987654",
                 "/api/findings/9223372036854775808", "/findings/-1/replay", "/findings/987654/screenshot",
                 "/targets?run=no-such-run", "/bulletin/2021Q1/x.docx"):
        response = web.client.get(path)
        assert response.status_code == 404 and "不存在" in response.text, path
    assert web.client.get("/findings/abc/evidence").status_code == 422


def test_a_form_without_its_csrf_token_changes_nothing(web: Web) -> None:
    finding = pending_finding(web.store)
    web.login("insp1")
    refused = web.client.post(f"/reviews/{finding}", data={"decision": "confirmed"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    forged = web.client.post(f"/reviews/{finding}", data={"decision": "confirmed", "csrf": "x" * 43})
    assert forged.status_code == 403
    with web.store.session() as session:
        assert session.scalars(select(FindingReviewRow)).first() is None
    # the login form and the public form are protected too (token of the anonymous cookie)
    web.client.cookies.clear()
    assert web.client.post("/login", data={"name": "insp1", "password": PASSWORD}).status_code == 403


def test_confirming_a_review_fails_the_target_and_is_audited(web: Web) -> None:
    finding = pending_finding(web.store)
    web.login("insp1")
    queue = web.client.get("/reviews")
    assert f'id="review-{finding}"' in queue.text
    done = web.client.post(f"/reviews/{finding}", data={"decision": "confirmed", "csrf": csrf_of(queue.text)},
                           follow_redirects=False)
    assert done.status_code == 303
    with web.store.session() as session:
        review = session.scalars(select(FindingReviewRow)).one()
        target = session.scalars(select(RunTargetRow).where(RunTargetRow.site_code == CODE_A)).one()
    assert (review.state, review.decided_by) == ("confirmed", "insp1") and review.decided_at is not None
    assert target.verdict == "fail" and "W-V1e" in (target.veto or [])
    audit = web.client.get("/reviews").text
    assert "insp1" in audit and f'id="review-{finding}"' not in audit
    assert "不合格" in web.client.get(f"/targets/{CODE_A}").text


def test_dismissing_needs_a_reason_and_passes_the_target(web: Web) -> None:
    finding = pending_finding(web.store)
    web.login("insp1")
    token = web.csrf("/reviews")
    no_reason = web.client.post(f"/reviews/{finding}", data={"decision": "rejected", "csrf": token})
    assert no_reason.status_code == 422 and "理由" in no_reason.text
    web.client.post(f"/reviews/{finding}", data={"decision": "rejected", "reason": "活动预告，非发稿日期",
                                                 "csrf": token})
    with web.store.session() as session:
        target = session.scalars(select(RunTargetRow).where(RunTargetRow.site_code == CODE_A)).one()
    assert target.verdict == "pass" and not target.pending_review


def test_evidence_is_replayed_without_scripts_and_the_hit_is_marked(web: Web) -> None:
    finding = pending_finding(web.store)
    web.login("insp1")
    page = web.client.get(f"/findings/{finding}/evidence")
    assert 'sandbox=""' in page.text and f"/findings/{finding}/replay" in page.text
    replay = web.client.get(f"/findings/{finding}/replay")
    assert replay.status_code == 200
    csp = replay.headers["content-security-policy"]
    assert csp.startswith("sandbox") and "script-src" not in csp and "default-src 'none'" in csp
    assert "<script" not in replay.text.lower()
    marked = re.search(r'<mark id="govinspect-hit"[^>]*>([^<]+)</mark>', replay.text)
    assert marked and "防汛演练" in marked.group(1)  # the excerpt of the finding, found in the archived page


def _report(web: Web, **fields: str) -> object:
    token = web.csrf("/report")
    data = {"site": CODE_A, "category": "错别字", "url": "http://www.example.gov.cn/a.html",
            "description": "页面第二段“防汛”写成了“防讯”", "contact": "13800000000", "csrf": token, **fields}
    return web.client.post("/report", data=data)


def test_public_message_gets_a_tracking_number_and_reaches_the_unit(web: Web) -> None:
    response = _report(web, description="标题里有<b>HTML</b>和<script>alert(1)</script>")
    assert response.status_code == 200  # type: ignore[attr-defined]
    ref = re.search(r'id="tracking">([^<]+)<', response.text).group(1)  # type: ignore[attr-defined,union-attr]
    with web.store.session() as session:
        row = session.scalars(select(MessageRow).where(MessageRow.ref == ref)).one()
    assert (row.source, row.site_code, row.contact) == ("web", CODE_A, "13800000000")
    assert web.client.get(f"/report/{ref}").status_code == 200
    web.login("opA")
    listing = web.client.get("/messages").text
    assert ref in listing and "&lt;script&gt;alert(1)" in listing and "<script>alert(1)" not in listing
    web.client.cookies.clear()
    web.login("opB")
    assert ref not in web.client.get("/messages").text


def test_public_form_rejects_bad_input_and_stores_nothing(web: Web) -> None:
    huge = _report(web, description="错" * 400_000)  # ~1.2 MB
    assert huge.status_code == 413 and "过大" in huge.text  # type: ignore[attr-defined]
    for fields in ({"description": ""}, {"url": "javascript:alert(1)"}, {"site": "0000000000"},
                   {"category": "广告"}, {"description": "长" * 2001}):
        assert _report(web, **fields).status_code == 422, fields  # type: ignore[attr-defined]
    with web.store.session() as session:
        assert session.scalars(select(MessageRow)).first() is None


def test_public_form_is_rate_limited_per_client(web: Web) -> None:
    codes = [_report(web).status_code for _ in range(6)]  # type: ignore[attr-defined]
    assert codes == [200] * 5 + [429]
    with web.store.session() as session:
        assert len(session.scalars(select(MessageRow)).all()) == 5


def test_wrong_passwords_lock_the_account(web: Web) -> None:
    for _ in range(4):
        assert web.login("insp1", "wrong password!").status_code == 401
    locked = web.login("insp1", "wrong password!")
    assert locked.status_code == 401 and "锁定" in locked.text
    still = web.login("insp1")  # the right password during the lock is refused too
    assert still.status_code == 401 and "锁定" in still.text
    assert web.login("nobody", "whatever").status_code == 401


def test_an_expired_or_unknown_session_signs_in_again(web: Web) -> None:
    web.client.cookies.set("gi_session", "forged-token")
    assert web.client.get("/targets", follow_redirects=False).status_code == 303
    assert web.client.get("/api/tickets").status_code == 401


def test_launch_is_refused_while_another_process_holds_the_run_lock(web: Web) -> None:
    from govinspect.store.runlock import RunLock

    web.login("admin1")
    token = web.csrf("/runs")
    with RunLock(web.store, host="another-host").acquire():
        refused = web.client.post("/runs", data={"csrf": token})
        assert refused.status_code == 409 and "another-host" in refused.text
    with web.store.session() as session:
        assert len(session.scalars(select(RunTargetRow.run_id).distinct()).all()) == 1


def test_operator_marks_ticket_fixed_and_a_recheck_runs(web: Web) -> None:
    ticket = _ticket_id(web)
    web.login("opB")
    token = web.csrf("/tickets")
    assert web.client.post(f"/tickets/{ticket}/fixed", data={"csrf": token, "note": "已更新栏目"},
                           follow_redirects=False).status_code == 303
    for thread in list(web.client.app.state.jobs.rechecks):  # type: ignore[attr-defined]
        thread.join(120)
    with web.store.session() as session:
        row = session.get(TicketRow, ticket)
    assert row is not None and row.state in ("closed", "reopened") and row.recheck_run_id
    assert any("opB" in e["note"] for e in row.history)


OPERATOR_ID_ROUTES_TESTED = {"/targets/{code}", "/api/targets/{code}", "/findings/{finding_id}/evidence",
                             "/findings/{finding_id}/replay", "/api/findings/{finding_id}",
                             "/tickets/{ticket_id}/fixed", "/findings/{finding_id}/screenshot"}


def test_every_route_has_its_roles_and_every_id_route_is_scope_tested(web: Web) -> None:
    from govinspect.web.access import EVERYONE, ROUTE_ROLES

    paths = {getattr(r, "path", "") for r in web.client.app.routes}  # type: ignore[attr-defined]
    assert paths - {"/openapi.json"} <= set(ROUTE_ROLES), paths - set(ROUTE_ROLES)
    operator_id_routes = {p for p in paths if "{" in p and ROUTE_ROLES.get(p) == EVERYONE}
    assert operator_id_routes == OPERATOR_ID_ROUTES_TESTED


def test_overview_rates_accounts_by_platform_apart_from_websites(web: Web) -> None:
    from govinspect.media.model import Account, Platform
    from govinspect.media.registry import account_to_json
    from govinspect.web.access import Scope
    from govinspect.web.accounts import Principal
    from govinspect.web.overview import build_overview

    account = Account("云栖发布", Platform.WEIBO, "云栖乡人民政府办公室", "yunqi", "http://127.0.0.1:9/feed",
                      region="桃源县")
    with web.store.session() as session, session.begin():
        run = session.scalars(select(RunTargetRow.run_id)).first()
        session.add(RunTargetRow(run_id=run, site_code=account.code, verdict="fail", score=None, veto=["M-V2"],
                                 pending_review=[], snapshot=account_to_json(account)))
    data = build_overview(Scope(web.store, Principal(0, "t", "inspector", (), "")), str(run))
    assert dict(data.by_platform) == {"微博": 0.0}
    assert dict(data.by_type) == {"部门网站": 100.0}
