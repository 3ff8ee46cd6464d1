"""``serve-check`` limits on a real uvicorn server on 127.0.0.1 (issue 12 part 3).

Oversized bodies (declared and streamed), a flood from one client, a missing or wrong token,
error answers that never repeat the request, and a normal request that still works.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.types import ASGIApp

from govinspect.content.check import ContentChecker
from govinspect.web.check_api import create_app, default_limits
from govinspect.web.guard import ApiLimits, GuardMiddleware, RateLimiter

TEXT = "要增强四个意识、坚定三个自信。\n"
MARKER = "回显检测标记ECHO-7f3a"  # must never come back in an error answer
MB = 1024 * 1024


HTTP_TIMEOUT = 60  # seconds: a liveness bound for a loaded machine (httpx's default is 5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def checker() -> ContentChecker:
    checker = ContentChecker(("W-V1a",))
    checker.check(TEXT)  # its models load on first use (seconds on a loaded machine), not inside a timed request
    return checker


class FakeClock:
    """The rate limiter's clock, moved by the test: token refills do not depend on how fast requests run."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def serving(limits: ApiLimits, checker: ContentChecker, clock: FakeClock | None = None) -> Iterator[int]:
    """The check API on a socket bound here (no port another process could take meanwhile); with
    ``clock``, its rate limit runs on that clock (the app's own guard then only checks token and size)."""
    app: ASGIApp = create_app(None, checker, limits)
    if clock is not None:
        app = GuardMiddleware(create_app(None, checker, replace(limits, requests_per_minute=0)), limits, clock)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # liveness only
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _limits(**changes: object) -> ApiLimits:
    return replace(default_limits(), **changes)  # type: ignore[arg-type]


def _raw(port: int, head: bytes, chunks: Iterable[bytes] = ()) -> tuple[int | None, bytes, int]:
    """Send ``head`` then ``chunks`` the way a careful client does (stop sending once the server
    answers or hangs up); return (status, whole answer, body bytes the server let us send)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT)
    sent = 0
    try:
        sock.sendall(head)
        for chunk in chunks:
            if select.select([sock], [], [], 0)[0]:
                break  # the answer (or the hang-up) is already there
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break
            sent += len(chunk)
        answer = b""
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            answer += data
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None
    return status, answer, sent


def _head(port: int, extra: str) -> bytes:
    return (f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"{extra}\r\n").encode()


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def test_normal_request_still_works(checker: ContentChecker) -> None:
    with serving(_limits(token="s3cret-token"), checker) as port:
        r = httpx.post(f"http://127.0.0.1:{port}/api/check", json={"text": TEXT, "location": "draft-9"},
                       headers={"Authorization": "Bearer s3cret-token"}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text
    assert [(p["rule"], p["text"], p["suggestion"]) for p in r.json()["problems"]] == [("W-V1a", "三个自信", "四个自信")]


def test_oversized_content_length_is_refused_before_reading(checker: ContentChecker) -> None:
    with serving(_limits(max_request_bytes=MB), checker) as port:
        started = time.monotonic()
        status, answer, _ = _raw(port, _head(port, "Content-Length: 200000000\r\n"))
        # waiting for the 200 MB would end only at the socket's timeout (HTTP_TIMEOUT)
        assert time.monotonic() - started < HTTP_TIMEOUT / 2, "answered without waiting for 200 MB"
        # the server still answers afterwards
        assert httpx.post(f"http://127.0.0.1:{port}/api/check", json={"text": "你好"}, timeout=HTTP_TIMEOUT).status_code == 200
    assert status == 413
    assert b"request body too large" in answer and "请求内容过大".encode() in answer


def test_oversized_chunked_body_is_cut_off_while_streaming(checker: ContentChecker) -> None:
    piece = (MARKER * 4000).encode()[: 64 * 1024]

    def chunk(data: bytes) -> bytes:
        return f"{len(data):x}\r\n".encode() + data + b"\r\n"

    def chunks() -> Iterator[bytes]:  # 200 MB of JSON, sent as it is "produced"
        yield chunk(b'{"text": "')
        for _ in range(200 * MB // len(piece)):
            yield chunk(piece)

    before = _rss()
    with serving(_limits(max_request_bytes=MB), checker) as port:
        status, answer, sent = _raw(port, _head(port, "Transfer-Encoding: chunked\r\n"), chunks())
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=HTTP_TIMEOUT).status_code == 200
    assert sent < 40 * MB, f"the server kept reading: {sent // MB} MB accepted"
    assert _rss() - before < 100 * MB
    assert status in (413, None), answer[:200]  # None: the hang-up overtook the answer
    if status is not None:
        assert b"request body too large" in answer
    assert MARKER.encode() not in answer


def test_flood_from_one_client_gets_429_then_recovers(checker: ContentChecker) -> None:
    clock = FakeClock()
    with (serving(_limits(requests_per_minute=60, burst=5), checker, clock) as port,
          httpx.Client(timeout=HTTP_TIMEOUT) as client):
        url = f"http://127.0.0.1:{port}/api/check"
        answers = [client.post(url, json={"text": "你好"}) for _ in range(12)]
        codes = [a.status_code for a in answers]
        assert codes[:5] == [200] * 5 and codes[5:] == [429] * 7, codes
        assert answers[-1].headers["retry-after"] == "1"
        assert "too many requests" in answers[-1].json()["detail"]
        clock.now += 0.9
        assert client.post(url, json={"text": "你好"}).status_code == 429  # not refilled yet
        clock.now += 0.2  # one request a second refills the bucket
        assert client.post(url, json={"text": "你好"}).status_code == 200


def test_the_apps_own_rate_limit_refuses_a_burst(checker: ContentChecker) -> None:
    """create_app wires [check_api]'s rate itself: at one request a minute no real clock refills the bucket here."""
    with serving(_limits(requests_per_minute=1, burst=2), checker) as port, httpx.Client(timeout=HTTP_TIMEOUT) as client:
        url = f"http://127.0.0.1:{port}/api/check"
        answers = [client.post(url, json={"text": "你好"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60


def test_missing_or_wrong_token(checker: ContentChecker) -> None:
    with serving(_limits(token="s3cret-token"), checker) as port:
        url = f"http://127.0.0.1:{port}/api/check"
        body = {"text": MARKER}
        missing = httpx.post(url, json=body, timeout=HTTP_TIMEOUT)
        wrong = httpx.post(url, json=body, headers={"Authorization": "Bearer s3cret-tokeN"}, timeout=HTTP_TIMEOUT)
        basic = httpx.post(url, json=body, headers={"Authorization": "Basic s3cret-token"}, timeout=HTTP_TIMEOUT)
        health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=HTTP_TIMEOUT)
        docs = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=HTTP_TIMEOUT)
    for answer in (missing, wrong, basic, docs):
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
        assert MARKER not in answer.text and "s3cret" not in answer.text
    assert health.status_code == 200


def test_error_answers_never_repeat_the_input(checker: ContentChecker) -> None:
    with serving(_limits(max_request_bytes=5 * MB), checker) as port:
        url = f"http://127.0.0.1:{port}/api/check"
        plain = httpx.post(url, content=(MARKER * 50_000).encode(), headers={"Content-Type": "text/plain"},
                           timeout=HTTP_TIMEOUT)
        wrong_type = httpx.post(url, json={"text": [MARKER], "location": {"x": MARKER}}, timeout=HTTP_TIMEOUT)
        bad_json = httpx.post(url, content=b'{"text": "' + MARKER.encode() + b'"',
                              headers={"Content-Type": "application/json"}, timeout=HTTP_TIMEOUT)
        unknown_rule = httpx.post(url, json={"text": "你好", "rules": [MARKER]}, timeout=HTTP_TIMEOUT)
        both = httpx.post(url, json={"text": MARKER, "html": MARKER}, timeout=HTTP_TIMEOUT)
    for answer in (plain, wrong_type, bad_json, unknown_rule, both):
        assert answer.status_code == 422, answer.text[:300]
        assert MARKER not in answer.text and len(answer.content) < 2000
    assert "unknown rule" in unknown_rule.text and "W-D12" in unknown_rule.text
    assert {e["loc"][-1] for e in wrong_type.json()["detail"]} == {"text", "location"}


def test_rate_limiter_buckets_are_per_client() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=30, burst=2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(2.0)  # 30/min: one every 2 s
    assert limiter.take("b") == 0.0  # another client has its own bucket
    now[0] = 2.0
    assert limiter.take("a") == 0.0
    assert RateLimiter(per_minute=0, burst=1).take("a") == 0.0  # 0 = no limit


@pytest.mark.parametrize("section", [
    {"max_request_bytes": 0, "requests_per_minute": 60, "burst": 5},
    {"max_request_bytes": 10, "requests_per_minute": -1, "burst": 5},
    {"max_request_bytes": 10, "requests_per_minute": 60},
    {"max_request_bytes": "big", "requests_per_minute": 60, "burst": 5},
])
def test_bad_limits_are_refused(section: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"\[check_api\]"):
        ApiLimits.from_section(section)


def _serve_check(home: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    """``serve-check`` on a free port, answering /api/health. The port is free when chosen, but a busy
    machine may hand it to another process before this one binds it: then it starts again on another."""
    for _ in range(3):
        port = _free_port()
        proc = subprocess.Popen([str(Path(sys.executable).parent / "govinspect"), "--home", str(home),
                                 "serve-check", "--port", str(port), "--rate-limit", "600"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        deadline = time.monotonic() + 180  # start-up imports take seconds on a loaded machine
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200:
                    return proc, port
            except httpx.TransportError:
                time.sleep(0.2)
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
        if "address already in use" not in out.lower():
            pytest.fail(f"serve-check did not start: {out[-2000:]}")
    pytest.fail("serve-check found no free port three times")


def test_serve_check_command_takes_the_token_from_the_environment(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["GOVINSPECT_CHECK_TOKEN"] = "env-token-42"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    env.pop("GOVINSPECT_DB_URL", None)
    proc, port = _serve_check(tmp_path / "home", env)
    try:
        url = f"http://127.0.0.1:{port}/api/check"
        assert httpx.post(url, json={"text": TEXT}, timeout=HTTP_TIMEOUT).status_code == 401
        ok = httpx.post(url, json={"text": TEXT}, headers={"Authorization": "Bearer env-token-42"}, timeout=HTTP_TIMEOUT)
        assert ok.status_code == 200 and ok.json()["count"] >= 1
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "token: required" in out and "600/min" in out and "env-token-42" not in out
