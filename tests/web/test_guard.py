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
from pathlib import Path

import httpx
import pytest
import uvicorn

from govinspect.content.check import ContentChecker
from govinspect.web.check_api import create_app, default_limits
from govinspect.web.guard import ApiLimits, RateLimiter

TEXT = "要增强四个意识、坚定三个自信。\n"
MARKER = "回显检测标记ECHO-7f3a"  # must never come back in an error answer
MB = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def checker() -> ContentChecker:
    return ContentChecker(("W-V1a",))


@contextmanager
def serving(limits: ApiLimits, checker: ContentChecker) -> Iterator[int]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(None, checker, limits), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def _limits(**changes: object) -> ApiLimits:
    from dataclasses import replace

    return replace(default_limits(), **changes)  # type: ignore[arg-type]


def _raw(port: int, head: bytes, chunks: Iterable[bytes] = ()) -> tuple[int | None, bytes, int]:
    """Send ``head`` then ``chunks`` the way a careful client does (stop sending once the server
    answers or hangs up); return (status, whole answer, body bytes the server let us send)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
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
                       headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200, r.text
    assert [(p["rule"], p["text"], p["suggestion"]) for p in r.json()["problems"]] == [("W-V1a", "三个自信", "四个自信")]


def test_oversized_content_length_is_refused_before_reading(checker: ContentChecker) -> None:
    with serving(_limits(max_request_bytes=MB), checker) as port:
        started = time.monotonic()
        status, answer, _ = _raw(port, _head(port, "Content-Length: 200000000\r\n"))
        assert time.monotonic() - started < 5, "answered without waiting for 200 MB"
        # the server still answers afterwards
        assert httpx.post(f"http://127.0.0.1:{port}/api/check", json={"text": "你好"}).status_code == 200
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
        assert httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200
    assert sent < 40 * MB, f"the server kept reading: {sent // MB} MB accepted"
    assert _rss() - before < 100 * MB
    assert status in (413, None), answer[:200]  # None: the hang-up overtook the answer
    if status is not None:
        assert b"request body too large" in answer
    assert MARKER.encode() not in answer


def test_flood_from_one_client_gets_429_then_recovers(checker: ContentChecker) -> None:
    with serving(_limits(requests_per_minute=60, burst=5), checker) as port, httpx.Client() as client:
        url = f"http://127.0.0.1:{port}/api/check"
        answers = [client.post(url, json={"text": "你好"}) for _ in range(12)]
        codes = [a.status_code for a in answers]
        assert codes[:5] == [200] * 5 and codes[5:] == [429] * 7, codes
        assert answers[-1].headers["retry-after"] == "1"
        assert "too many requests" in answers[-1].json()["detail"]
        time.sleep(1.1)  # one request a second refills the bucket
        assert client.post(url, json={"text": "你好"}).status_code == 200


def test_missing_or_wrong_token(checker: ContentChecker) -> None:
    with serving(_limits(token="s3cret-token"), checker) as port:
        url = f"http://127.0.0.1:{port}/api/check"
        body = {"text": MARKER}
        missing = httpx.post(url, json=body)
        wrong = httpx.post(url, json=body, headers={"Authorization": "Bearer s3cret-tokeN"})
        basic = httpx.post(url, json=body, headers={"Authorization": "Basic s3cret-token"})
        health = httpx.get(f"http://127.0.0.1:{port}/api/health")
        docs = httpx.get(f"http://127.0.0.1:{port}/openapi.json")
    for answer in (missing, wrong, basic, docs):
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
        assert MARKER not in answer.text and "s3cret" not in answer.text
    assert health.status_code == 200


def test_error_answers_never_repeat_the_input(checker: ContentChecker) -> None:
    with serving(_limits(max_request_bytes=5 * MB), checker) as port:
        url = f"http://127.0.0.1:{port}/api/check"
        plain = httpx.post(url, content=(MARKER * 50_000).encode(), headers={"Content-Type": "text/plain"})
        wrong_type = httpx.post(url, json={"text": [MARKER], "location": {"x": MARKER}})
        bad_json = httpx.post(url, content=b'{"text": "' + MARKER.encode() + b'"',
                              headers={"Content-Type": "application/json"})
        unknown_rule = httpx.post(url, json={"text": "你好", "rules": [MARKER]})
        both = httpx.post(url, json={"text": MARKER, "html": MARKER})
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


def test_serve_check_command_takes_the_token_from_the_environment(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["GOVINSPECT_CHECK_TOKEN"] = "env-token-42"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    env.pop("GOVINSPECT_DB_URL", None)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "govinspect"), "--home", str(tmp_path / "home"),
                             "serve-check", "--port", str(port), "--rate-limit", "600"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "serve-check did not start"
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        url = f"http://127.0.0.1:{port}/api/check"
        assert health.status_code == 200
        assert httpx.post(url, json={"text": TEXT}).status_code == 401
        ok = httpx.post(url, json={"text": TEXT}, headers={"Authorization": "Bearer env-token-42"}, timeout=120)
        assert ok.status_code == 200 and ok.json()["count"] >= 1
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "token: required" in out and "600/min" in out and "env-token-42" not in out
