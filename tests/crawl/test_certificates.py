"""Certificates judged apart from reachability (issue 12 part 6): local HTTPS servers on
127.0.0.1 with certificates this test makes — self-signed, expired, for another name, and a leaf
whose intermediate the server does not send but whose caIssuers URL a local HTTP server serves.

A browser completes the chain (AIA) and shows the others with a warning: the crawler fetches
and judges the pages, marks the unverified ones in the WARC evidence, W-I3 names the problem
with the certificate's subject, issuer and dates, and W-V2 stays quiet."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs7
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID
from warcio.archiveiterator import ArchiveIterator

from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.crawl.tls import (
    aia_urls,
    describe,
    https_proxy_for,
    issued_by,
    name_matches,
    parse_certificates,
)
from govinspect.extract.categories import load_category_table
from govinspect.model import Site
from govinspect.monitor.probe import client_session, probe
from govinspect.monitor.settings import MonitorSettings
from govinspect.rules.base import Finding
from govinspect.rules.engine import run_rules
from govinspect.snapshot.builder import build_snapshot
from govinspect.store import Store

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store

AS_OF = datetime(2024, 9, 2, tzinfo=ZoneInfo("Asia/Shanghai"))
NOW = datetime.now(UTC)


@dataclass
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(Encoding.PEM)


def issue(cn: str, issuer: Issued | None = None, *, ca: bool = False, names: tuple[str, ...] = ("127.0.0.1",),
          valid: tuple[timedelta, timedelta] = (timedelta(days=-30), timedelta(days=300)),
          aia: str | None = None) -> Issued:
    """A certificate for ``cn`` signed by ``issuer`` (None: self-signed)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试政务云"),
                         x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW + valid[0]).not_valid_after(NOW + valid[1])
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                                        critical=True)
    else:
        sans = [x509.IPAddress(IPv4Address(n)) if n[0].isdigit() else x509.DNSName(n) for n in names]
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    if aia:
        builder = builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(aia))]), critical=False)
    signer = issuer.key if issuer else key
    return Issued(builder.sign(signer, hashes.SHA256()), key)


def server_context(tmp_path: Path, leaf: Issued) -> ssl.SSLContext:
    """The server sends the leaf alone (no intermediate)."""
    cert, key = tmp_path / "leaf.pem", tmp_path / "leaf.key"
    cert.write_bytes(leaf.pem)
    key.write_bytes(leaf.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def trust(tmp_path: Path, root: Issued) -> str:
    path = tmp_path / "roots.pem"
    path.write_bytes(root.pem)
    return str(path)


def site_app() -> web.Application:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/zwgk/index.html">政务公开</a><div class="foot">主办单位：测试县人民政府办公室'
                                      "</div>", title="测试县人民政府"), content_type="text/html")

    async def column(request: web.Request) -> web.Response:
        return web.Response(text=html("<ul><li>2024-08-30 关于秋季开学安全工作的通知</li></ul>"), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/zwgk/index.html", column)
    return app


async def crawl(tmp_path: Path, leaf: Issued, ca_file: str = "") -> tuple[Store, Site, list[Finding]]:
    server = await LocalServer(site_app(), ssl_context=server_context(tmp_path, leaf)).start()
    try:
        the_site = Site(code="5101990001", name="测试县人民政府", url=server.url("/"), sponsor="测试县人民政府办公室")
        store = make_store(tmp_path)
        make_run(store, "r", [the_site])
        settings = fast_settings(ca_file=ca_file, site_checks="https", check_links=False)
        await crawl_run(store, "r", [the_site], settings, tmp_path / "warc")
    finally:
        await server.stop()
    snap = build_snapshot(store, "r", the_site, AS_OF, tmp_path / "warc", load_category_table(None))
    return store, the_site, run_rules(snap, load_config(tmp_path / "nohome"), only=["W-V2", "W-I3"]).findings


def tls_headers(tmp_path: Path) -> dict[str, str]:
    """URL → WARC-Govinspect-TLS of every response record kept."""
    out: dict[str, str] = {}
    for path in (tmp_path / "warc").rglob("*.warc.gz"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    out[record.rec_headers.get_header("WARC-Target-URI")] = (
                        record.rec_headers.get_header("WARC-Govinspect-TLS") or "")
    return out


def assert_pages_fetched(store: Store) -> None:
    pages = fetches(store, "r", "page")
    assert sorted((p.url.split("/", 3)[3], p.status, p.error) for p in pages) == [
        ("", 200, None), ("zwgk/index.html", 200, None)]
    assert all(p.status == 200 and p.error is None for p in fetches(store, "r", "probe"))


async def test_self_signed_certificate_is_reported_and_the_site_judged(tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    store, _, findings = await crawl(tmp_path, issue("127.0.0.1"))
    said = [r.getMessage() for r in caplog.records if r.name == "govinspect.crawl.tls"]
    assert len(said) == 1 and said[0].endswith("(self_signed)")  # once per host, on the console
    assert_pages_fetched(store)
    assert [f.rule for f in findings] == ["W-I3"]  # no W-V2: the site answered
    [f] = findings
    assert f.details["problems"] == ["self_signed"] and f.details["verification"] == "relaxed"
    assert f.details["subject"] == f.details["issuer"] == "CN=127.0.0.1,O=测试政务云"
    assert f.details["not_after"].startswith((NOW + timedelta(days=300)).date().isoformat())
    assert f.message.startswith("HTTPS证书无效：自签名证书（CN=127.0.0.1") and "不验证证书" in f.message
    assert f.evidence["warc"]
    marks = tls_headers(tmp_path)
    assert marks and all(mark == "unverified; self_signed" for mark in marks.values())


async def test_expired_certificate_from_a_trusted_ca(tmp_path: Path) -> None:
    root = issue("测试根证书", ca=True, names=())
    leaf = issue("127.0.0.1", root, valid=(timedelta(days=-400), timedelta(days=-35)))
    store, _, findings = await crawl(tmp_path, leaf, trust(tmp_path, root))
    assert_pages_fetched(store)
    [f] = findings
    assert f.rule == "W-I3" and f.details["problems"] == ["expired"]
    assert "证书已过期" in f.message and f.details["issuer"] == "CN=测试根证书,O=测试政务云"
    assert "expired" in f.details["error"]


async def test_certificate_for_another_name(tmp_path: Path) -> None:
    root = issue("测试根证书", ca=True, names=())
    leaf = issue("www.other.gov.cn", root, names=("www.other.gov.cn", "other.gov.cn"))
    store, _, findings = await crawl(tmp_path, leaf, trust(tmp_path, root))
    assert_pages_fetched(store)
    [f] = findings
    assert f.details["problems"] == ["mismatch"] and f.details["names"] == ["www.other.gov.cn", "other.gov.cn"]


async def aia_server(intermediate: Issued) -> tuple[LocalServer, str]:
    app = web.Application()

    async def cert(request: web.Request) -> web.Response:
        return web.Response(body=intermediate.cert.public_bytes(Encoding.DER), content_type="application/pkix-cert")

    app.router.add_get("/ca/intermediate.cer", cert)
    server = await LocalServer(app).start()
    return server, server.url("/ca/intermediate.cer")


async def test_incomplete_chain_is_completed_by_aia(tmp_path: Path) -> None:
    root = issue("测试根证书", ca=True, names=())
    intermediate = issue("测试中级证书", root, ca=True, names=())
    server, url = await aia_server(intermediate)
    try:
        leaf = issue("127.0.0.1", intermediate, aia=url)
        store, _, findings = await crawl(tmp_path, leaf, trust(tmp_path, root))
    finally:
        await server.stop()
    assert_pages_fetched(store)
    assert server.hits["/ca/intermediate.cer"] == 1  # fetched once for the run, then cached
    [f] = findings
    assert f.rule == "W-I3" and f.details["problems"] == ["incomplete_chain"]
    assert f.details["verification"] == "verified" and f.details["aia"] == [url]
    assert f.message.startswith("HTTPS证书链不完整") and "验证通过" in f.message
    assert set(tls_headers(tmp_path).values()) == {"verified-after-aia; incomplete_chain"}


async def test_aia_does_not_make_an_untrusted_root_trusted(tmp_path: Path) -> None:
    root = issue("不受信任的根证书", ca=True, names=())  # not in ca_file
    intermediate = issue("测试中级证书", root, ca=True, names=())
    server, url = await aia_server(intermediate)
    try:
        store, _, findings = await crawl(tmp_path, issue("127.0.0.1", intermediate, aia=url))
    finally:
        await server.stop()
    assert_pages_fetched(store)
    [f] = findings
    assert "untrusted" in f.details["problems"] and f.details["verification"] == "relaxed"


async def test_valid_certificate_is_not_reported(tmp_path: Path) -> None:
    root = issue("测试根证书", ca=True, names=())
    store, _, findings = await crawl(tmp_path, issue("127.0.0.1", root), trust(tmp_path, root))
    assert_pages_fetched(store)
    assert findings == [] and fetches(store, "r", "tls") == []
    assert set(tls_headers(tmp_path).values()) == {""}


# ---- the pieces, without a server ---------------------------------------------------------


def test_names_wildcards_and_ip_addresses() -> None:
    wildcard = issue("*.jiangmen.gov.cn", names=("*.jiangmen.gov.cn", "jiangmen.gov.cn", "10.1.2.3")).cert
    assert name_matches(wildcard, "www.jiangmen.gov.cn") and name_matches(wildcard, "jiangmen.gov.cn")
    assert name_matches(wildcard, "10.1.2.3") and name_matches(wildcard, "WWW.Jiangmen.gov.cn.")
    assert not name_matches(wildcard, "a.b.jiangmen.gov.cn")  # one label only
    assert not name_matches(wildcard, "jiangmen.gov.cn.evil.com") and not name_matches(wildcard, "10.1.2.4")


def test_problems_named_from_the_certificate() -> None:
    root = issue("测试根证书", ca=True, names=())
    future = issue("127.0.0.1", root, valid=(timedelta(days=3), timedelta(days=400))).cert
    assert describe(future, "127.0.0.1") == ["not_yet_valid"]
    both = issue("www.a.gov.cn", valid=(timedelta(days=-400), timedelta(days=-1)), names=("www.a.gov.cn",)).cert
    assert describe(both, "www.b.gov.cn") == ["self_signed", "expired", "mismatch"]
    cn_only = (x509.CertificateBuilder().subject_name(both.subject).issuer_name(root.cert.subject)
               .public_key(both.public_key()).serial_number(7).not_valid_before(NOW - timedelta(days=1))
               .not_valid_after(NOW + timedelta(days=1)).sign(root.key, hashes.SHA256()))
    assert describe(cn_only, "www.a.gov.cn") == ["mismatch"]  # a CN without subjectAltName: browsers refuse it
    assert describe(issue("127.0.0.1", root).cert, "127.0.0.1") == []


def test_ca_issuers_bodies_in_every_usual_form() -> None:
    root = issue("测试根证书", ca=True, names=())
    inter = issue("测试中级证书", root, ca=True, names=())
    leaf = issue("127.0.0.1", inter, aia="http://127.0.0.1:9/ca.p7c")
    assert aia_urls(leaf.cert) == ["http://127.0.0.1:9/ca.p7c"] and aia_urls(root.cert) == []
    bundle = pkcs7.serialize_certificates([inter.cert, root.cert], Encoding.DER)
    for body in (inter.cert.public_bytes(Encoding.DER), inter.pem + root.pem, bundle):
        assert inter.cert in parse_certificates(body)
    assert parse_certificates(b"<html>404</html>") == []
    assert issued_by(leaf.cert, inter.cert) and not issued_by(leaf.cert, root.cert)


async def test_monitor_probe_counts_a_page_behind_a_bad_certificate_as_open(tmp_path: Path) -> None:
    """The availability monitor (W-V2's probes) agrees with the crawl: a self-signed or expired
    certificate is not 打不开; a handshake that fails outright still is."""
    settings = MonitorSettings(timeout_seconds=5)
    expired = issue("127.0.0.1", valid=(timedelta(days=-400), timedelta(days=-2)))
    server = await LocalServer(site_app(), ssl_context=server_context(tmp_path, expired)).start()
    plain = await LocalServer(site_app()).start()
    try:
        async with client_session(settings) as session:
            opened = await probe(session, server.url("/"), NOW, settings)
            no_tls = await probe(session, plain.url("/").replace("http://", "https://"), NOW, settings)
    finally:
        await server.stop()
        await plain.stop()
    assert (opened.status, opened.error, opened.failed) == (200, None, False)
    assert no_tls.failed and (no_tls.error or "").startswith("tls")


class ConnectProxy:
    """A minimal HTTP CONNECT proxy on 127.0.0.1 (what an intranet's https_proxy does), counting
    the tunnels it opened."""

    def __init__(self) -> None:
        self.tunnels: list[str] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> ConnectProxy:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readline()
        while (await reader.readline()).strip():
            pass
        method, target = request.decode().split()[:2]
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        self.tunnels.append(target)
        host, port = target.rsplit(":", 1)
        up_reader, up_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def test_certificate_is_read_through_the_https_proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = await ConnectProxy().start()
    for key in ("no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
    try:
        store, _, findings = await crawl(tmp_path, issue("127.0.0.1", valid=(timedelta(days=-9), timedelta(days=-1))))
    finally:
        await proxy.stop()
    assert_pages_fetched(store)
    [f] = findings
    assert f.details["problems"] == ["self_signed", "expired"] and f.details["subject"] == "CN=127.0.0.1,O=测试政务云"
    # every https connection went through the proxy, the unverified handshake that read the certificate too
    assert len(proxy.tunnels) >= 3 and len(set(proxy.tunnels)) == 1
    via = https_proxy_for("127.0.0.1")
    assert via is not None and via.port == proxy.port
