"""W-D8, W-D9, W-I3 on hand-made observations (notes and fetches of the site checks)."""

from __future__ import annotations

from govinspect.model import FetchResult
from govinspect.rules.base import SiteSnapshot
from govinspect.rules.website.w_i3_https import tls_problem
from govinspect.snapshot.notes import NOTE_TYPE, parse_fields
from tests.rules.builders import HOME, fetch, run, snapshot

EXPIRED = ("tls: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired "
           "(_ssl.c:1006)")
MISMATCH = ("tls: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate "
            "is not valid for 'www.x.gov.cn'. (_ssl.c:1006)")


def note(kind: str, error: str | None = None) -> FetchResult:
    return FetchResult(url=HOME, final_url=HOME, status=None, error=error, content_type=NOTE_TYPE, kind=kind,
                       warc_file="t.warc.gz", warc_record_id=f"<urn:{kind}>")


def with_observations(kind: str, items: list[FetchResult], bodies: dict[str, bytes] | None = None,
                      home_ok: bool = True) -> SiteSnapshot:
    snap = snapshot(homepage_fetch=fetch(HOME) if home_ok else fetch(HOME, None, error="timeout"))
    snap.observations[kind] = items
    snap.body_loader = lambda f: (bodies or {}).get(f.warc_record_id or "")
    return snap


def test_tls_problems_are_named() -> None:
    assert tls_problem(EXPIRED) == ("expired", "证书已过期")
    assert tls_problem(MISMATCH) == ("mismatch", "证书与域名不符")
    assert tls_problem("tls: IP address mismatch, certificate is not valid for '1.2.3.4'.")[0] == "mismatch"
    assert tls_problem("tls: [SSL: WRONG_VERSION_NUMBER] wrong version number")[0] == "tls"


def test_i3_expired_and_valid() -> None:
    bad = fetch("https://www.jiading.gov.cn/", None, error=EXPIRED, kind="https")
    [f] = run("W-I3", with_observations("https", [bad]))
    assert f.message == "HTTPS证书无效：证书已过期" and f.severity == "info"
    good = fetch("https://www.jiading.gov.cn/", 200, kind="https")
    assert run("W-I3", with_observations("https", [good])) == []
    assert run("W-I3", snapshot()) == []  # an older run without the check


def test_i3_downgrade_to_http() -> None:
    back = FetchResult(url="https://www.jiading.gov.cn/", final_url="http://www.jiading.gov.cn/", status=200,
                       kind="https")
    [f] = run("W-I3", with_observations("https", [back]))
    assert f.details["problem"] == "downgrade"


def test_d9_v6_down_but_v4_down_too_is_w_v2s_business() -> None:
    items = [note("ipv6"), fetch(HOME, None, error="refused", kind="ipv6")]
    bodies = {"<urn:ipv6>": b"host: www.jiading.gov.cn\r\naaaa: 2001:db8::1\r\n"}
    assert run("W-D9", with_observations("ipv6", items, bodies, home_ok=False)) == []
    [f] = run("W-D9", with_observations("ipv6", items, bodies))
    assert f.details["aaaa"] == "2001:db8::1" and f.details["error"] == "refused"


def test_d8_post_form_goes_to_review_and_no_title_is_not_judged() -> None:
    [f] = run("W-D8", with_observations("search", [note("search", "post_search_form")]))
    assert f.review and f.points == 1.0
    assert run("W-D8", with_observations("search", [note("search", "no_known_title")])) == []


def test_d8_result_link_to_the_article_counts_and_an_echo_does_not() -> None:
    fields = (b"result: submitted\r\nquery: \xe5\x98\x89\xe5\xae\x9a\xe5\x8c\xba\xe5\xb7\xa5\xe4\xbd\x9c"
              b"\r\narticle: https://www.jiading.gov.cn/a/1.html\r\n")
    assert parse_fields(fields)["query"] == "嘉定区工作"
    result = FetchResult(url=f"{HOME}search?q=x", final_url=f"{HOME}search?q=x", status=200, kind="search",
                         content_type="text/html; charset=utf-8", warc_record_id="<urn:result>")
    linked = '<html><body><h2>嘉定区工作</h2><a href="/a/1.html">（标题已截断）</a></body></html>'.encode()
    echo = '<html><body><h2>嘉定区工作 的结果</h2><a href="/other.html">其他</a></body></html>'.encode()
    items = [note("search"), result]
    assert run("W-D8", with_observations("search", items, {"<urn:search>": fields, "<urn:result>": linked})) == []
    [f] = run("W-D8", with_observations("search", items, {"<urn:search>": fields, "<urn:result>": echo}))
    assert f.details["problem"] == "not_found"
