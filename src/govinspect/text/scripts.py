"""What a page's inline scripts write or where they send the visitor (脚本写入的内容、脚本跳转).

Hacked pages often carry their spam inside ``<script>``: ``document.write('<div style=…>澳门…')``,
an ``innerHTML`` assignment, the text escaped as ``\\u6fb3\\u95e8`` or ``%E6%BE%B3``; a crawler
that reads only the markup never sees it. And hijacked pages send visitors away by script
(``location.href = …``, ``location.replace(…)``, ``window.open(…)``) or by ``<meta
http-equiv="refresh">``, often only when ``document.referrer`` names a search engine.

- :func:`written_html` gives the HTML a script writes: the string literals of a script that has a
  write sink (document.write/writeln, innerHTML/outerHTML, insertAdjacentHTML), JavaScript and
  URL escapes decoded, in order (a literal kept in a variable and written later is included);
- :func:`redirects` lists the redirect targets of a page's scripts and meta refresh, absolute,
  each with how it is done and whether it is conditional on the referrer or user agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin

from selectolax.lexbor import LexborHTMLParser

__all__ = ["Redirect", "has_write_sink", "inline_scripts", "redirects", "written_html"]

_WRITE_SINK = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(|\.\s*(?:inner|outer)HTML\s*[+]?=|insertAdjacentHTML\s*\(",
                         re.I)
_WRITE_SINK_BYTES = (b"document.write", b"innerHTML", b"outerHTML", b"insertAdjacentHTML")
_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`", re.S)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}
_PERCENT = re.compile(r"(?:%[0-9a-fA-F]{2}){2,}|%u[0-9a-fA-F]{4}")
_SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_MAX_SCRIPT = 200_000  # characters of one script read: longer ones are libraries, not injections

_JS_REDIRECT = re.compile(
    r"(?:(?:window|document|top|self|parent)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*['\"]([^'\"]+)['\"]"
    r"|location\s*\.\s*(?:replace|assign)\s*\(\s*['\"]([^'\"]+)['\"]"
    r"|window\s*\.\s*open\s*\(\s*['\"]([^'\"]+)['\"]", re.I)
_META_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.I)
_CONDITIONAL = re.compile(r"document\.referrer|navigator\.userAgent|baidu|sogou|so\.com|sm\.cn|spider", re.I)


def has_write_sink(body: bytes | str) -> bool:
    """Whether the page may write HTML by script (a cheap test on the raw page)."""
    if isinstance(body, bytes):
        return any(sink in body for sink in _WRITE_SINK_BYTES)
    return _WRITE_SINK.search(body) is not None


def _unescape_js(literal: str) -> str:
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc.startswith("u{"):
            return chr(min(int(esc[2:-1], 16), 0x10FFFF))
        if esc[0] in "ux" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        return _SIMPLE_ESCAPES.get(esc, esc)

    text = _JS_ESCAPE.sub(one, literal) if "\\" in literal else literal
    if "%" in text and _PERCENT.search(text):
        # unescape('%3Ca …') / decodeURIComponent: %uXXXX is the old escape() form
        text = re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
        text = unquote(text)
    return text


def inline_scripts(html: str) -> list[str]:
    """The code of the page's inline scripts (no ``src``), in order."""
    out: list[str] = []
    for m in _SCRIPT_BLOCK.finditer(html):
        if re.search(r"\bsrc\s*=", m.group(1), re.I):
            continue
        out.append(m.group(2)[:_MAX_SCRIPT])
    return out


def written_html(html: str) -> str:
    """The HTML the page's inline scripts write (see the module docstring); "" when none do."""
    parts: list[str] = []
    for code in inline_scripts(html):
        if not _WRITE_SINK.search(code):
            continue
        for m in _STRING.finditer(code):
            literal = next((g for g in m.groups() if g is not None), "")
            if literal.strip():
                parts.append(_unescape_js(literal))
    return "".join(parts)


@dataclass(frozen=True)
class Redirect:
    """Where a page sends its visitor by itself."""

    how: str  # "javascript" | "meta refresh"
    target: str  # absolute URL
    conditional: bool  # only for visitors from a search engine / a spider (referrer or UA test)
    code: str  # the code that does it, shortened


def redirects(html: str, base_url: str) -> list[Redirect]:
    """Script and meta-refresh redirects of a page, their targets made absolute."""
    out: list[Redirect] = []
    for code in inline_scripts(html):
        conditional = bool(_CONDITIONAL.search(code))
        for m in _JS_REDIRECT.finditer(code):
            target = _unescape_js(next(g for g in m.groups() if g))
            out.append(Redirect("javascript", urljoin(base_url, target.strip()), conditional, code.strip()[:300]))
    if "refresh" in html.lower():
        for node in LexborHTMLParser(html).css("meta"):
            if (node.attributes.get("http-equiv") or "").lower() != "refresh":
                continue
            refresh = _META_REFRESH_URL.search(node.attributes.get("content") or "")
            if refresh:
                out.append(Redirect("meta refresh", urljoin(base_url, refresh.group(1)), False,
                                    (node.html or "")[:200]))
    return out
