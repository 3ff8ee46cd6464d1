"""Visible text of a page (可见文本): what a reader sees, for text rules and label parsing.

Script, style, noscript and template content is dropped; block elements are separated so that
two cells or list entries never run together ("网站标识码：1400000045" next to "晋ICP备…").
Inline elements are not separated, as in a browser ("主办<b>单位</b>" stays "主办单位").
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

INVISIBLE_TAGS = ["script", "style", "noscript", "template"]
# Elements a browser lays out as blocks (or line breaks): text on either side is separate.
BLOCK_SELECTOR = ("address, article, aside, blockquote, br, dd, div, dl, dt, fieldset, figcaption, "
                  "figure, footer, form, h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, "
                  "pre, section, table, tbody, td, th, thead, tr, ul, option, select, button, img")

_HSPACE = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def fold(text: str) -> str:
    """Fold every run of whitespace (incl. &nbsp; and the full-width space) into one space."""
    # str.split() splits on exactly the characters regex \s matches in str patterns (both use
    # Py_UNICODE_ISSPACE) and drops the ends: the same result as re.sub(r"\s+", " ", text).strip(), faster
    return " ".join(text.split())


def fold_lines(text: str) -> str:
    """Fold spaces within lines and drop empty lines, keeping one ``\\n`` between lines."""
    return _NEWLINES.sub("\n", _HSPACE.sub(" ", text)).strip()


def prepare(tree: LexborHTMLParser) -> None:
    """Drop invisible content and mark block boundaries, in place.

    Call once, after links (which need ``script[src]``) have been read from the tree.
    """
    tree.strip_tags(INVISIBLE_TAGS)
    for node in tree.css(BLOCK_SELECTOR):
        # A newline on both sides; folding turns it into a single space later.
        node.insert_before("\n")
        node.insert_after("\n")


def node_text(node: LexborNode | None, *, lines: bool = False) -> str:
    """Text of a node, whitespace folded (``lines=True`` keeps block boundaries as ``\\n``)."""
    if node is None:
        return ""
    raw = node.text(deep=True, separator="", strip=False)
    return fold_lines(raw) if lines else fold(raw)


def visible_text(tree: LexborHTMLParser, *, lines: bool = False) -> str:
    """Visible text of the whole body (the tree must have been :func:`prepare`-d)."""
    return node_text(tree.body or tree.root, lines=lines)
