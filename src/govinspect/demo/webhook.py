"""A webhook receiver on 127.0.0.1 (a threaded HTTP server) that keeps the JSON alerts posted to
it: the demo's "web team" for a defaced site, and the tests' receiver (which can be told to turn
some posts away, as a webhook that is down for a while does)."""

from __future__ import annotations

import json
import threading
from collections.abc import Container, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["webhook_receiver"]


@contextmanager
def webhook_receiver(refuse: Container[int] = ()) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(apprise json:// URL of the receiver, the JSON bodies it received so far). The posts whose
    number (1, 2, …) is in ``refuse`` are answered 503 and not kept."""
    received: list[dict[str, Any]] = []
    posts = [0]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length", 0) or 0), 1_000_000)
            data = self.rfile.read(length)
            with lock:
                posts[0] += 1
                if posts[0] in refuse:
                    self.send_response(503)
                    self.end_headers()
                    return
                try:
                    received.append(json.loads(data or b"{}"))
                except ValueError:
                    received.append({"unreadable": True})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()
