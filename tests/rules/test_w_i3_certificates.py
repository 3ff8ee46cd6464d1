"""W-I3 on certificate notes (kind "tls", written by the crawler's crawl.tls): one finding per
host of the site, none for another site's host, and no second finding from the https check."""

from __future__ import annotations

from govinspect.model import FetchResult
from govinspect.rules.base import Severity, SiteSnapshot
from govinspect.snapshot.notes import NOTE_TYPE

from .builders import HOME, fetch, run, snapshot

HOST = "www.jiading.gov.cn"


def tls_note(host: str, problems: str, verification: str = "relaxed") -> tuple[FetchResult, bytes]:
    url = f"https://{host}/"
    body = (f"host: {host}:443\r\nproblems: {problems}\r\nerror: certificate has expired\r\n"
            f"subject: CN={host}\r\nissuer: CN=GDCA TrustAUTH R4 OV SSL CA\r\n"
            "not-before: 2022-05-01T00:00:00+00:00\r\nnot-after: 2023-05-01T23:59:59+00:00\r\n"
            f"names: {host}\r\naia: \r\nverification: {verification}\r\n").encode()
    return FetchResult(url=url, final_url=url, status=None, content_type=NOTE_TYPE, kind="tls",
                       warc_file="t.warc.gz", warc_record_id=f"<urn:tls:{host}:{problems}>"), body


def with_notes(*notes: tuple[FetchResult, bytes], https: FetchResult | None = None) -> SiteSnapshot:
    snap = snapshot(homepage_fetch=fetch(HOME))
    snap.observations["tls"] = [n for n, _ in notes]
    if https is not None:
        snap.observations["https"] = [https]
    bodies = {n.warc_record_id: body for n, body in notes}
    snap.body_loader = lambda f: bodies.get(f.warc_record_id or "")
    return snap


def test_expired_certificate_of_the_site_is_named_with_its_dates() -> None:
    answered = fetch(f"https://{HOST}/", kind="https")
    [f] = run("W-I3", with_notes(tls_note(HOST, "expired"), https=answered))
    assert f.severity is Severity.INFO and f.url == f"https://{HOST}/"
    assert f.message == (f"HTTPS证书无效：证书已过期（CN={HOST}，签发者CN=GDCA TrustAUTH R4 OV SSL CA，"
                         "有效期2022-05-01至2023-05-01），页面已在不验证证书的情况下检查")
    assert f.details["problems"] == ["expired"] and f.evidence["record"] == f"<urn:tls:{HOST}:expired>"


def test_another_hosts_certificate_is_not_this_sites_problem() -> None:
    assert run("W-I3", with_notes(tls_note("www.shanghai.gov.cn", "self_signed"))) == []


def test_the_last_verdict_on_a_host_wins_and_the_https_check_does_not_repeat_it() -> None:
    failed = FetchResult(url=f"https://{HOST}/", final_url=f"https://{HOST}/", status=None, kind="https",
                         error="tls: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    snap = with_notes(tls_note(HOST, "incomplete_chain", "verified"), tls_note(HOST, "incomplete_chain untrusted"),
                      https=failed)
    [f] = run("W-I3", snap)
    assert f.details["problems"] == ["incomplete_chain", "untrusted"] and f.details["verification"] == "relaxed"
