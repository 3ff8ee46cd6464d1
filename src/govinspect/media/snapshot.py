"""What the M- rules look at for one account in one run, built from the store and WARC files.

The collected bytes are read back from their WARC record and parsed again by the collectors, so a
stored run can be judged again offline (``govinspect analyse``) exactly as it was collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from govinspect.media.collectors import CollectError, collect
from govinspect.media.fetch import FEED_KIND, MENU_LINK_KIND
from govinspect.media.model import Account, AccountData
from govinspect.model import FetchResult
from govinspect.snapshot.builder import BodyCache, fetch_result, load_fetches
from govinspect.snapshot.site import evidence_of
from govinspect.store import Store

# Why a collection gave nothing to judge, as users read it (fetch errors keep the crawler's names).
_FETCH_ERRORS = {
    "no_data_url": "名录中未填写数据地址 / the registry gives no data address",
    "file_not_found": "数据地址指向的文件不存在 / the data address names a file that does not exist",
    "too_large": "数据超过大小上限（[media] max_feed_bytes），未读取 / the data exceeds [media] max_feed_bytes",
    "timeout": "数据地址访问超时 / the data address timed out",
    "dns": "数据地址域名无法解析 / the data address host does not resolve",
    "refused": "数据地址拒绝连接 / the data address refused the connection",
    "connection": "数据地址连接失败 / connection to the data address failed",
}


@dataclass
class AccountSnapshot:
    """Everything an account rule may look at: the account, the data read, the evidence."""

    account: Account
    as_of: datetime  # 监测时间点 (China time)
    data: AccountData | None = None  # None when nothing could be read (see ``error``)
    error: str | None = None  # why nothing could be read (bilingual)
    fetch: FetchResult | None = None  # the 数据地址 fetch (evidence)
    link_checks: dict[str, FetchResult] = field(default_factory=dict)  # menu links by URL
    # every account of the run (M-D3 one unit with several accounts on one platform)
    registry: list[Account] = field(default_factory=list)

    def evidence(self, excerpt: str = "", url: str | None = None) -> dict[str, Any]:
        fetch = self.link_checks.get(url) if url else None
        return evidence_of(fetch or self.fetch, excerpt)


def fetch_error_text(fetch: FetchResult) -> str | None:
    """Why a recorded fetch gave no data, or None when it did."""
    if fetch.error is not None:
        known = _FETCH_ERRORS.get(fetch.error.split(":", 1)[0])  # "too_large: >=… bytes, cut at …"
        if known:
            return f"{known} ({fetch.error})" if ":" in fetch.error else known
        return f"数据地址无法读取（{fetch.error}） / the data address could not be read ({fetch.error})"
    if fetch.status is not None and fetch.status >= 400:
        return f"数据地址返回HTTP {fetch.status} / the data address answered HTTP {fetch.status}"
    return None


def build_account_snapshot(store: Store, run_id: str, account: Account, as_of: datetime, warc_dir: Path,
                           registry: list[Account] | None = None) -> AccountSnapshot:
    snapshot = AccountSnapshot(account=account, as_of=as_of, registry=list(registry or []))
    rows = load_fetches(store, run_id, account.code)
    feeds = [r for r in rows if r.kind == FEED_KIND]
    for row in rows:
        if row.kind == MENU_LINK_KIND:
            snapshot.link_checks[row.url] = fetch_result(row)
    if not feeds:
        snapshot.error = "本次运行未采集该账号 / the account was not collected in this run"
        return snapshot
    row = feeds[-1]
    snapshot.fetch = fetch_result(row)
    snapshot.error = fetch_error_text(snapshot.fetch)
    if snapshot.error:
        return snapshot
    body = BodyCache(warc_dir).get(row.warc_file, row.warc_offset)
    if body is None:
        snapshot.error = "证据文件中没有数据 / no data in the WARC evidence"
        return snapshot
    try:
        snapshot.data = collect(body, row.content_type, row.url)
    except CollectError as exc:
        snapshot.error = str(exc)
    return snapshot
