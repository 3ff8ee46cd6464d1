"""底部功能区: the footer block and the identity codes it prints.

网站标识码, ICP备案编号, 公安机关备案号, 主办单位, 联系方式, 党政机关网站标识 (conac) and the
我为政府网站找错 entry (jiucuo). Codes are captured leniently, malformed or not (粤ICP备09172506
without 号, a 7-digit 标识码): judging the format is the identity rule's job, and it can only
judge what extraction kept.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.text import node_text
from govinspect.model import Footer, Link

_FOOTER_SELECTOR = "footer, " + ", ".join(
    f"[{attr}*={word} i]" for word in ("foot", "bottom", "copyright", "banquan", "dibu") for attr in ("id", "class"))
TAIL_CHARS = 1500  # without a footer element, the last part of the body text stands for it
MAX_FOOTER_TEXT = 4000

_PROVINCES = "京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕吉闽贵黔粤青藏川蜀宁琼"
_ID_CODE = re.compile(r"(?:政府)?网站标识码\s*[：:]?\s*([A-Za-z]{0,4}\s?[0-9][0-9A-Za-z]{0,19})")
_ICP = re.compile(r"[" + _PROVINCES + r"]?\s*ICP\s*备\s*[0-9][0-9\s]*(?:号)?(?:\s*[-－]\s*\d+)?", re.I)
_PSB = re.compile(r"[" + _PROVINCES + r"]?\s*公网安备\s*[0-9]+\s*(?:号)?")
_SPONSOR = re.compile(r"主办(?:单位|方)\s*[：:]?\s*|主办\s*[：:]\s*")
# Where a sponsor name stops: the next label of the footer line.
_NEXT_LABEL = re.compile(r"承办|协办|运行维护|运维|维护单位|技术支持|联系电话|电话|地址|邮编|网站标识码|"
                         r"政府网站标识码|备案|ICP|公网安备|版权|Copyright|©|传真|邮箱|E-?mail|建议|主管|"
                         r"网站地图|联系我们|[|｜，,；;。]", re.I)
_PHONE = re.compile(r"(?<![\d])(0\d{2,3}\s?[-－—]?\s?\d{7,8}|400[-－]?\d{3}[-－]?\d{4}|1[3-9]\d{9})(?![\d])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_JIUCUO_CODE = re.compile(r"site_?code=([^&#\s'\"]*)", re.I)


def footer_node_texts(tree: LexborHTMLParser) -> list[str]:
    """Texts of the outermost footer-like elements (``<footer>``, id/class with foot|bottom|…)."""
    texts: list[str] = []
    seen: set[int] = set()
    for node in tree.css(_FOOTER_SELECTOR):
        if node.tag in ("a", "img", "script", "html", "body", "meta", "link"):
            continue
        if _inside(node, seen):
            continue
        seen.add(node.mem_id)
        text = node_text(node, lines=True)
        if text:
            texts.append(text)
    return texts


def _inside(node: LexborNode, seen: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in seen:
            return True
        parent = parent.parent
    return False


def _first(pattern: re.Pattern[str], *texts: str) -> re.Match[str] | None:
    for text in texts:
        match = pattern.search(text)
        if match:
            return match
    return None


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" ：:")


def _sponsor(*texts: str) -> str | None:
    for text in texts:
        for match in _SPONSOR.finditer(text):
            rest = text[match.end():match.end() + 80]
            # Sponsor names carry no spaces: the first space (incl. &nbsp; / 　) ends the name.
            name = re.split(r"\s", rest, maxsplit=1)[0]
            cut = _NEXT_LABEL.search(name)
            if cut:
                name = name[:cut.start()]
            name = name.strip(" ：:")
            if name:
                return name
    return None


def _contact(links: list[Link], *texts: str) -> str | None:
    phone = _first(_PHONE, *texts)
    if phone:
        return _clean(phone.group(1))
    email = _first(_EMAIL, *texts)
    if email:
        return email.group(0)
    for link in links:
        if link.tag == "a" and "联系我们" in link.text:
            return link.url
    return None


def footer_badges(tree: LexborHTMLParser, links: list[Link], footer: Footer | None = None) -> Footer:
    """党政机关网站标识 and 我为政府网站找错 entry. Needs the scripts: call before they are stripped."""
    footer = footer if footer is not None else Footer()
    for link in links:
        if "conac" not in link.url and "jiucuo" not in link.url:
            continue  # cheap filter: splitting every URL of a big page costs more than the rest
        host = (urlsplit(link.url).hostname or "").lower()
        if host.endswith("conac.cn") and ((link.tag == "script" and host.startswith("dcs."))
                                          or (link.tag == "a" and host.startswith("bszs."))):
            footer.has_conac_badge = True
        path = urlsplit(link.url).path.lower()
        if not footer.has_jiucuo and link.tag == "a" and path.endswith("/jiucuo.html"):
            code = _JIUCUO_CODE.search(link.url)
            footer.has_jiucuo = True
            footer.jiucuo_sitecode = code.group(1) if code else ""
    if not footer.has_conac_badge and tree.css_first("#_ideConac") is not None:
        footer.has_conac_badge = True
    for script in tree.css("script"):
        attrs = script.attributes
        src = (attrs.get("src") or "").lower()
        if attrs.get("id") == "_jiucuo_" or "jiucuo.js" in src:
            footer.has_jiucuo = True
            sitecode = attrs.get("sitecode") or attrs.get("site_code") or ""
            if sitecode or footer.jiucuo_sitecode is None:
                footer.jiucuo_sitecode = sitecode.strip()
            break
    return footer


def extract_footer(tree: LexborHTMLParser, links: list[Link], body_text: str,
                   footer: Footer | None = None) -> Footer:
    """The footer of a page, filled into ``footer`` (from :func:`footer_badges`) or a new one.

    ``tree`` should be prepared (scripts stripped, blocks separated, see ``text.prepare``);
    ``body_text`` is the page's visible text, whose tail stands in when no footer element
    exists or a code sits outside it."""
    blocks = footer_node_texts(tree)
    block = "\n".join(blocks)[:MAX_FOOTER_TEXT]
    tail = body_text[-TAIL_CHARS:]
    texts = (block, tail) if block else (tail,)
    footer = footer if footer is not None else Footer()
    footer.text = _clean(block or tail)[:MAX_FOOTER_TEXT]
    match = _first(_ID_CODE, *texts)
    if match:
        # Codes run into the next label when the page has no space: "1400000045ICP备…".
        footer.site_id_code = re.split(r"ICP|icp", match.group(1).replace(" ", ""))[0]
    match = _first(_ICP, *texts)
    if match:
        footer.icp = _clean(match.group(0))
    match = _first(_PSB, *texts)
    if match:
        footer.psb = _clean(match.group(0))
    footer.sponsor = _sponsor(*texts)
    footer_links = [link for link in links if link.region == "footer"] or links
    footer.contact = _contact(footer_links, *texts)
    return footer
