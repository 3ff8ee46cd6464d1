"""Soft 404 (软404): a page answered 200 that really says 页面不存在, or a dead URL sent home.

Many CMSs answer a missing article with ``200 OK`` and a "page not found" template, or with a
redirect to the homepage. Both count as broken links (错链断链), so the crawler flags them.

Look-alikes that must not be flagged: an article whose title or long body merely mentions
"404" (国务院令第404号) or "不存在的问题" — only the title, or a short visible text, decides.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from govinspect.urls import canonical_url

# Phrases that, in a title, say the page is missing.
_TITLE = re.compile(
    r"页面不存在|网页不存在|页面未找到|找不到(?:该|此|您要的|你要的|您访问的|所请求的)?(?:页面|网页)|"
    r"页面找不到|无法找到(?:该|此)?(?:页面|网页)|(?:页面|网页|信息|文章|内容)已(?:被)?删除|"
    r"(?:信息|文章|内容|稿件)(?:不存在|已撤销|已下线)|访问的(?:页面|网页)不存在|错误页面|出错了|"
    r"not\s*found|page\s+(?:does\s+not|doesn't)\s+exist|"
    # "404" alone or as an error label, not a number in a sentence (第404号, 404个项目)
    r"(?:^|[\s\-_|:：(（【\[]|错误|页面|error)\s*404(?=$|[\s\-_|:：)）】\]!！.。,，]|错误|页面|网页|not)",
    re.I)
# In a short visible text a few more phrasings are safe.
_TEXT = re.compile(
    _TITLE.pattern + r"|(?:您|你)(?:访问|请求|查找)的(?:页面|网页|信息|内容|文章)(?:不存在|已删除|已被删除|已失效)|"
    r"(?:页面|网页|链接)已失效|该(?:信息|文章|内容|栏目)不存在",
    re.I)
_INDEX = re.compile(r"(?:index|default|home|main)\.\w{2,5}", re.I)
SHORT_TEXT_CHARS = 400  # a "not found" template is short; an article is not


def _same_page(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ca, cb = canonical_url(a), canonical_url(b)
    return ca is not None and ca == cb


def _site_path(url: str) -> tuple[str, str, str] | None:
    canon = canonical_url(url)
    if canon is None:
        return None
    parts = urlsplit(canon)
    host = parts.netloc.lower().removeprefix("www.")
    return host, parts.path or "/", parts.query


def _is_home(url: str, homepage_url: str) -> bool:
    """The homepage under any of its names: http/https, www. or not, /, /index.html, /default.aspx."""
    here, home = _site_path(url), _site_path(homepage_url)
    if here is None or home is None or here[0] != home[0]:
        return False
    if here[1:] == home[1:]:
        return True
    folder = home[1].rsplit("/", 1)[0] + "/"
    rest = here[1][len(folder):] if here[1].startswith(folder) else None
    return not here[2] and rest is not None and (rest == "" or _INDEX.fullmatch(rest) is not None)


def is_soft404(title: str, text: str, final_url: str, homepage_url: str | None, requested_url: str) -> bool:
    """True for a 200 page that says 页面不存在/找不到页面/404/Not Found…, or a non-homepage URL
    that was redirected to the homepage."""
    if homepage_url and not _is_home(requested_url, homepage_url) and _is_home(final_url, homepage_url) \
            and not _same_page(final_url, requested_url):
        return True
    if title and _TITLE.search(title.strip()):
        return True
    visible = " ".join(text.split())
    return bool(visible) and len(visible) <= SHORT_TEXT_CHARS and _TEXT.search(visible) is not None
