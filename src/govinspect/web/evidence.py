"""Evidence replay (证据回放): the archived page of a finding, as captured, from its WARC record.

The page is served to a sandboxed iframe under its own Content-Security-Policy (``sandbox``,
no script source): a hacked page's scripts never run in the inspector's browser. The offending
text (the finding's excerpt) is wrapped in ``<mark>`` where it appears in the page's markup.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from govinspect.extract.encoding import decode_html
from govinspect.snapshot.warc import WarcError, read_record
from govinspect.store.models import FindingRow

# The replayed page may show its own styles and images from the evidence (data: URIs), nothing else.
REPLAY_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'self'; form-action 'none'; base-uri 'none'")
_MARK = '<mark id="govinspect-hit" style="background:#ffeb3b;outline:3px solid #e53935">'
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)


class EvidenceError(LookupError):
    """无证据 / the finding has no readable evidence page."""


def _highlight(html: str, excerpt: str) -> tuple[str, bool]:
    """Mark the first place the excerpt (or its longest leading piece still found) stands in the page."""
    text = excerpt.strip()
    for size in (len(text), 80, 40, 20, 10):
        piece = text[:size].strip()
        if len(piece) < 4:
            break
        where = html.find(piece)
        if where >= 0:
            return html[:where] + _MARK + html[where:where + len(piece)] + "</mark>" + html[where + len(piece):], True
        escaped = escape(piece, quote=False)
        where = html.find(escaped)
        if where >= 0:
            end = where + len(escaped)
            return html[:where] + _MARK + html[where:end] + "</mark>" + html[end:], True
    return html, False


def replay_html(warc_dir: Path, row: FindingRow) -> tuple[str, bool]:
    """(the archived page with its hit marked, whether the hit was found); scripts are removed
    as well as forbidden by the policy, so the page shows what a visitor without scripts sees."""
    evidence = row.evidence or {}
    file, offset = evidence.get("warc"), evidence.get("offset")
    if not file or offset is None:
        raise EvidenceError("该问题没有存档页面 / this finding has no archived page")
    try:
        record = read_record(warc_dir, str(file), int(offset))
    except WarcError as exc:
        raise EvidenceError(str(exc)) from exc
    content_type = record.headers.get("Content-Type") or record.headers.get("content-type") or ""
    html, _charset = decode_html(record.body, content_type)
    html = _SCRIPT.sub("", html)
    return _highlight(html, str(evidence.get("excerpt") or ""))
