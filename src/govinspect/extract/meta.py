"""网页标签: the ``<meta name=…>`` tags of the 政府网站发展指引 (SiteName, SiteIDCode, ColumnName,
ArticleTitle, PubDate …) and the standard keywords/description.

Names are matched case-insensitively (sites write ``siteidcode``, ``SITEIDCODE``…) and stored
in their canonical case, so rules look up ``meta["SiteIDCode"]`` only.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.text import fold

GUIDELINE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription",
                  "ColumnKeywords", "ColumnType", "ArticleTitle", "PubDate", "ContentSource",
                  "Keywords", "Author", "Description", "Url", "Image")
CANONICAL = {name.lower(): name for name in GUIDELINE_TAGS}
# The standard tags share their name with the guideline's Keywords/Description: both keys are
# filled so either spelling finds them.
STANDARD_ALIASES = {"keywords": "keywords", "description": "description"}
MAX_VALUE = 2000  # a meta value longer than this is spam or garbage; keep the start as evidence
MAX_OTHER = 40  # other meta names kept (generator, robots…), bounded against junk pages


def extract_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """Meta tags by name. The first non-empty value of a name wins."""
    out: dict[str, str] = {}
    others = 0
    for node in tree.css("meta[name]"):
        attrs = node.attributes
        raw_name = (attrs.get("name") or "").strip()
        if not raw_name:
            continue
        value = fold(attrs.get("content") or "")[:MAX_VALUE]
        lower = raw_name.lower()
        name = CANONICAL.get(lower)
        if name is None:
            if others >= MAX_OTHER:
                continue
            others += 1
            name = lower
        if value and not out.get(name):
            out[name] = value
            alias = STANDARD_ALIASES.get(lower)
            if alias and not out.get(alias):
                out[alias] = value
        elif name not in out:
            out[name] = value  # present but empty: the meta-tags rule reports it as invalid
    return out
