"""Precision on real government pages (../shared/data/html): correct, published pages full of
names, link lists and share bars. The content and safety rules must not raise anything there —
a false alarm in a bulletin names a real office wrongly."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from govinspect.config import load_config
from govinspect.extract.page import extract_page
from govinspect.model import FetchResult, Site, SiteType
from govinspect.rules.base import SiteSnapshot
from govinspect.rules.engine import run_rules
from govinspect.timeutil import CHINA_TZ

PAGES = {
    "gne_www.gov.cn_gongbao_2007_23.html": ("http://www.gov.cn/gongbao/content/2007/content_1.htm", "bm01000001"),
    "gne_www.shanxi.gov.cn_news.html": ("http://www.shanxi.gov.cn/yw/sxyw/201912/t20191220_1.shtml", "1400000045"),
    "gne_zj.gov.cn_deqing_news.html": ("http://www.deqing.gov.cn/art/2021/1/1/art_1.html", "3300000020"),
    "gne_www.cmse.gov.cn_news.html": ("http://www.cmse.gov.cn/news/1.html", "bm56000001"),
}
CONTENT_RULES = ["W-V1a", "W-V1c", "W-V1d", "W-V1e", "W-D12", "W-D14"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_content_finding_on_a_real_government_page(name: str, shared_dir: Path, tmp_path: Path) -> None:
    url, code = PAGES[name]
    home = url.split("/", 3)[0] + "//" + url.split("/")[2] + "/"
    body = (shared_dir / "data" / "html" / name).read_bytes()
    page = extract_page(body, url, site_url=home)
    site = Site(code=code, name="政府网站", url=home, sponsor="政府办公室", site_type=SiteType.PORTAL)
    fetch = FetchResult(url=url, final_url=url, status=200, content_type="text/html")
    snap = SiteSnapshot(site=site, as_of=datetime(2026, 11, 1, tzinfo=CHINA_TZ), homepage=None,
                        pages={url: page}, fetches={url: fetch}, body_loader=lambda _f: body)
    outcome = run_rules(snap, load_config(tmp_path), CONTENT_RULES)
    assert not outcome.errors
    assert [(f.rule, f.message) for f in outcome.findings] == []
