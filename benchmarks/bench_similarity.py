"""Scratch benchmark (not a test): throughput of the W-D16 similarity index.

Builds a store with N synthetic article pages spread over S sites (our own word-salad text, ~800
characters each, 1% planted near-copies across sites), stored as WARC records + fetch rows like a
crawl would, then times ``index_run`` (read WARC → article body → MinHash → bands → candidates →
verification) and a second run that sees the same pages again (the incremental case).

    .venv/bin/python benchmarks/bench_similarity.py [--docs 50000] [--sites 100]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from govinspect import pipeline
from govinspect.config import load_config
from govinspect.model import Site, SiteType
from govinspect.similarity.index import _Indexer, index_run
from govinspect.snapshot.warc import WarcWriter
from govinspect.store import open_store
from govinspect.store.models import FetchRow
from govinspect.timeutil import CHINA_TZ

_CHARS = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def _text(rng: random.Random, chars: int) -> str:
    words = []
    size = 0
    while size < chars:
        w = "".join(rng.choice(_CHARS) for _ in range(rng.randint(2, 4)))
        words.append(w)
        size += len(w)
        if rng.random() < 0.1:
            words.append("。")
    return "".join(words)


def _html(title: str, text: str, pub: str) -> bytes:
    paras = "".join(f"<p>{text[i:i + 200]}</p>" for i in range(0, len(text), 200))
    return (f'<html><head><meta charset="utf-8"><title>{title}</title><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="{pub}"></head><body><div class="nav"><a href="/">首页</a></div>'
            f'<div class="article"><h1>{title}</h1><div id="zoom">{paras}</div></div>'
            f'<div class="footer"><p>主办单位：演示</p></div></body></html>').encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--sites", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(7)
    home = Path(tempfile.mkdtemp(prefix="govinspect-bench-"))
    config = load_config(home)
    store = open_store(config.db_url)
    sites = [Site(code=f"3399{i:06d}", name=f"演示站点{i}", url=f"http://s{i}.demo.gov.cn/", sponsor=f"演示单位{i}",
                  site_type=SiteType.DEPARTMENT) for i in range(args.sites)]
    as_of = datetime(2021, 3, 21, tzinfo=CHINA_TZ)
    per_site = args.docs // args.sites
    texts: list[str] = []
    t0 = time.perf_counter()
    run_ids = []
    for run_no in range(2):
        run_id = pipeline.start_run(store, sites, as_of, run_id=f"bench-{run_no}")
        run_ids.append(run_id)
        when = datetime(2021, 3, 21, run_no, tzinfo=UTC)
        with WarcWriter(config.warc_dir, run_id) as writer, store.session() as session, session.begin():
            n = 0
            for site in sites:
                for _ in range(per_site):
                    if run_no == 0:
                        if texts and rng.random() < 0.01:
                            text = rng.choice(texts)[:-40] + _text(rng, 40)  # a near-copy of another site's page
                        else:
                            text = _text(rng, 800)
                        texts.append(text)
                    else:
                        text = texts[n]
                    url = f"{site.url}art/t2021{(n % 12) + 1:02d}01_{n}.html"
                    body = _html(f"文件{n}", text, f"2021-{(n % 12) + 1:02d}-01 09:00")
                    ptr = writer.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], body,
                                                fetched_at=when)
                    session.add(FetchRow(run_id=run_id, site_code=site.code, url=url, final_url=url, kind="page",
                                         status=200, content_type="text/html; charset=utf-8", length=len(body),
                                         warc_file=ptr.file, warc_record_id=ptr.record_id, warc_offset=ptr.offset,
                                         warc_length=ptr.length, fetched_at=when))
                    n += 1
    print(f"setup: {args.docs} pages × 2 runs written in {time.perf_counter() - t0:.1f} s ({home})")

    # the pure compute part: article body + signature + bands, no store
    indexer = _Indexer(store, config, run_ids[0])
    sample = texts[:2000]
    t = time.perf_counter()
    for text in sample:
        indexer.hasher.band_keys(indexer.hasher.signature(text))
    print(f"signature + bands only: {len(sample) / (time.perf_counter() - t):,.0f} docs/s")

    for run_id in run_ids:
        t = time.perf_counter()
        report = index_run(store, config, run_id, sites)
        secs = time.perf_counter() - t
        print(f"{run_id}: {report.pages} pages, {report.documents} documents ({report.new_documents} new), "
              f"{report.candidates} candidate pairs, {report.verified} verified, {report.matches} matches "
              f"in {secs:.1f} s → {report.pages / secs:,.0f} pages/s")
    store.close()


if __name__ == "__main__":
    main()
