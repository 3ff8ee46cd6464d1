"""A local SMTP sink on 127.0.0.1 (aiosmtpd) keeping the alerts mailed to it (the webhook
receiver is govinspect.demo.webhook, which the demo uses too)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

from aiosmtpd.controller import Controller

from ..crawl.helpers import free_port


class _Mailbox:
    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        self.subjects.append(str(make_header(decode_header(message["Subject"]))))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[tuple[str, _Mailbox]]:
    """(apprise URL of the sink, its mailbox)."""
    box = _Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"mailto://127.0.0.1:{port}?from=govinspect@example.gov.cn&to=web@example.gov.cn&mode=insecure", box
    finally:
        controller.stop()
