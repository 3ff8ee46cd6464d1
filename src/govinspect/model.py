"""Domain objects shared by every layer: registry entries, the page model, columns, fetch results.

These are plain dataclasses with no I/O so that rules can be tested on hand-built fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class SiteType(StrEnum):
    """网站类型 as the registry spells it."""

    PORTAL = "政府门户网站"
    DEPARTMENT = "部门网站"
    OTHER = "其他"


class SiteStatus(StrEnum):
    """运行状态."""

    RUNNING = "运行"
    CLOSED = "关停"


@dataclass(frozen=True)
class Site:
    """One registered government website (one row of the registry)."""

    code: str  # 网站标识码: \d{10} or bm\d{8}
    name: str  # 网站名称
    url: str  # 首页网址
    sponsor: str  # 主办单位
    supervisor: str = ""  # 主管单位
    region: str = ""  # 地区
    site_type: SiteType = SiteType.OTHER  # 网站类型
    status: SiteStatus = SiteStatus.RUNNING  # 运行状态

    @property
    def is_portal(self) -> bool:
        return self.site_type is SiteType.PORTAL


@dataclass(frozen=True)
class Link:
    """A hyperlink as found on a page. ``url`` is absolute and canonical."""

    url: str
    text: str = ""
    region: str = "body"  # "nav" | "footer" | "body" | "hidden"
    tag: str = "a"  # a | img | script | iframe | link (stylesheet) | area


@dataclass(frozen=True)
class DatedItem:
    """A list entry with a date (an article in a column list, a news item on the homepage)."""

    title: str
    url: str | None
    date: date
    raw_date: str = ""


@dataclass
class Footer:
    """The footer block (底部功能区) with the identity codes it shows."""

    text: str = ""
    site_id_code: str | None = None  # 网站标识码 as printed
    icp: str | None = None  # ICP备案编号, e.g. 京ICP备05070218号
    psb: str | None = None  # 公安机关备案号, e.g. 京公网安备11010202000001号
    sponsor: str | None = None  # 主办单位
    contact: str | None = None  # phone / email / 联系我们 link
    has_conac_badge: bool = False  # 党政机关网站标识 (dcs.conac.cn)
    jiucuo_sitecode: str | None = None  # sitecode of the 我为政府网站找错 script, "" if present without code
    has_jiucuo: bool = False


class MessageStatus(StrEnum):
    """办理状态 of a published citizen message (网民留言)."""

    ANSWERED = "已答复"
    UNANSWERED = "未答复"
    PROCESSING = "办理中"
    INVALID = "无效"  # 不予受理 / 无效留言 / 重复留言: not a valid message (有效留言)
    UNKNOWN = "未知"


@dataclass(frozen=True)
class Message:
    """A published citizen message (网民留言) of a 政务咨询 column and its reply (答复).

    ``source`` says where it was read: "table" (a list table with 留言时间/答复时间 columns),
    "list" (a list row with a [已回复] marker), "detail" (a message page with 留言时间…答复内容).
    ``listed`` is a date a list row shows without saying whose date it is (留言 or 答复)."""

    title: str
    url: str | None = None
    asked: date | None = None  # 留言时间
    answered: date | None = None  # 答复时间
    replier: str = ""  # 答复单位
    status: MessageStatus = MessageStatus.UNKNOWN
    explicit_status: bool = False  # the page says the status (状态/[未回复]), not inferred from a missing reply
    has_reply: bool = False  # reply text (答复内容) is shown
    listed: date | None = None
    column: str = ""  # the column it was published in (ColumnName meta, breadcrumb), when the page says
    source: str = "detail"  # "table" | "list" | "detail"


GUIDE_ELEMENTS = ("事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程")


@dataclass
class ServiceGuide:
    """办事指南: which of the eight 重点要素类别 (GUIDE_ELEMENTS) a guide page shows."""

    title: str
    present: dict[str, str] = field(default_factory=dict)  # element category -> label as printed (受理条件 …)

    @property
    def missing(self) -> list[str]:
        return [name for name in GUIDE_ELEMENTS if name not in self.present]


@dataclass
class PageModel:
    """What extraction makes of one HTML response. Rules read this, never raw HTML."""

    url: str  # requested URL (canonical)
    final_url: str  # after redirects
    status: int | None
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # 发展指引 tags: SiteName, SiteIDCode, ColumnName, ...
    text: str = ""  # visible text
    links: list[Link] = field(default_factory=list)
    dated_items: list[DatedItem] = field(default_factory=list)
    undated_items: int = 0  # list entries (li/tr/dd rows with an article link) showing no date
    pub_date: datetime | None = None  # article publish date (meta PubDate, 发布时间 label, ...)
    pub_date_source: str = ""  # where pub_date came from: "meta" | "label" | "htmldate" | ""
    pagination: list[str] = field(default_factory=list)  # further list pages (incl. TRS createPageHTML)
    footer: Footer = field(default_factory=Footer)
    charset: str = "utf-8"
    is_soft404: bool = False  # a 200 page that says 页面不存在 (or similar)
    is_placeholder: bool = False  # list/body says only 暂无信息 / 建设中 / 正在建设
    needs_render: bool = False  # list appears to be built by JavaScript
    # Cut at the crawler's size limit (max_page_bytes): what is missing cannot be judged absent.
    truncated: bool = False
    page_kind: str = "other"  # "home" | "list" | "article" | "other"
    # Characters of paragraph text in the page body outside navigation, footer and links: the
    # content of a single-page column (单页栏目, e.g. 信息公开指南), which is not a blank column.
    content_chars: int = 0
    # 互动/服务 (extract/messages.py, extract/guides.py): published messages, a 留言 form, a 办事指南.
    messages: list[Message] = field(default_factory=list)
    has_message_form: bool = False  # a form with a text area (写信/留言/咨询 form)
    guide: ServiceGuide | None = None

    @property
    def nav_links(self) -> list[Link]:
        return [link for link in self.links if link.region == "nav"]


# Fewer paragraph characters than this on a column page without items is "no content": a title
# or a one-line intro is not a publication.
BLANK_CONTENT_CHARS = 30


class ColumnCategory(StrEnum):
    """Column categories from the editable name→category table (栏目分类)."""

    NEWS = "动态要闻"
    NOTICE = "通知公告"
    POLICY = "政策文件"
    INTERPRETATION = "政策解读"  # 政策解读 / 图解: W-D15 links each to the policy it interprets
    PERSONNEL = "人事"
    PLANNING = "规划计划"
    PROFILE = "概况"
    INTERACTION = "互动"
    SERVICE = "服务"
    OTHER = "其他"
    UNKNOWN = "未知"


@dataclass
class Column:
    """A column (栏目) of a site: a navigation entry and what its list pages hold."""

    name: str
    url: str
    level: int  # 1 = 一级栏目 (linked from the homepage navigation), 2 = sub-column
    category: ColumnCategory
    items: list[DatedItem] = field(default_factory=list)
    undated_items: int = 0  # list entries without a date
    reachable: bool = True
    is_placeholder: bool = False
    parent: str | None = None
    children: int = 0  # sub-columns found on its page: a channel page (频道页) is not blank
    content_chars: int = 0  # paragraph text of a single-page column (see PageModel.content_chars)
    sub_pages: int = 0  # pages with content that its body links to: a directory page (机构概况)

    @property
    def last_update(self) -> date | None:
        return max((item.date for item in self.items), default=None)

    @property
    def is_blank(self) -> bool:
        """空白栏目: nothing ever published, or only a placeholder such as 暂无信息.

        A channel page whose content sits in its sub-columns, a directory page whose body links to
        sub-pages with content (机构概况 → 机构职能, 领导信息), and a single-page column carrying its
        own text, are not blank."""
        if not self.reachable or self.items or self.children or self.sub_pages:
            return False
        if self.is_placeholder:
            return True
        return self.undated_items == 0 and self.content_chars < BLANK_CONTENT_CHARS


TOO_LARGE = "too_large"
_TOO_LARGE = re.compile(r"too_large: (>=)?(\d+) bytes, cut at (\d+)")


def too_large_error(size: int, exact: bool, limit: int) -> str:
    """The fetch error of a body cut at ``limit`` bytes (超过抓取大小上限被截断): its real size, or
    with ``>=`` the size it reached at least (no usable Content-Length)."""
    return f"{TOO_LARGE}: {'' if exact else '>='}{size} bytes, cut at {limit}"


@dataclass(frozen=True)
class CutSize:
    """What a ``too_large`` error says about the body: its size (or lower bound) and the limit."""

    size: int | None  # None: an older record that did not say
    exact: bool
    limit: int | None


def cut_size(error: str | None) -> CutSize | None:
    """The size a ``too_large`` error records; None when the body was not cut."""
    if error is None or not error.startswith(TOO_LARGE):
        return None
    found = _TOO_LARGE.match(error)
    if found is None:
        return CutSize(None, False, None)
    return CutSize(int(found.group(2)), found.group(1) is None, int(found.group(3)))


@dataclass(frozen=True)
class OcrText:
    """Text read by OCR (光学字符识别) from an image in a page body or a scanned PDF page (扫描件).

    ``source_url`` is the image or the PDF (its WARC record is the evidence); ``page_url`` the page
    showing the image (the PDF itself for an attachment)."""

    text: str
    confidence: float  # mean word confidence, 0–100
    source_url: str
    page_url: str
    pdf_page: int | None = None  # from 1
    # each line's own mean word confidence (one per line of ``text``), or None: every line at ``confidence``
    line_confidences: tuple[float, ...] | None = None


@dataclass(frozen=True)
class FetchResult:
    """One fetch as recorded by the crawler (pages and link checks alike)."""

    url: str
    final_url: str
    status: int | None  # None when no HTTP answer (see error)
    error: str | None = None  # "timeout" | "dns" | "refused" | "tls: ..." | "too_large" | "redirect_loop" | ...
    content_type: str = ""
    kind: str = "page"  # "page" | "link" | "robots" | "render"
    warc_file: str | None = None
    warc_record_id: str | None = None
    warc_offset: int | None = None
    fetched_at: datetime | None = None
    elapsed_ms: int | None = None
    soft404: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 400 and not self.soft404

    @property
    def truncated(self) -> bool:
        """The body was cut at the crawler's size limit (``max_page_bytes``)."""
        return cut_size(self.error) is not None


@dataclass
class MonitorWindow:
    """可用性监测: the availability monitor's probes of one homepage and when it was watching.

    ``probes`` are FetchResults of kind "monitor" (or "import" for a probe log fed from another
    system); ``covered`` are the merged spans within [start, end] when the monitor was running (or
    an imported log vouches for), so time outside them is "not monitored" — neither up nor down."""

    start: datetime
    end: datetime
    probes: list[FetchResult] = field(default_factory=list)
    covered: list[tuple[datetime, datetime]] = field(default_factory=list)

    def covered_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds of [start, end] inside the covered spans."""
        total = 0.0
        for a, b in self.covered:
            lo, hi = max(a, start), min(b, end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        return total
