"""W-D16 plagiarism — 抄袭他站文件

Indicator (信息发布审核, the Liaoning seed): "发布的信息存在发稿日期超前、抄袭等问题，如…
‘葫芦岛市教育局’网站公开的信息发布审核制度抄袭区级教育局文件". 先审后发 requires a site to
publish its own documents; copying another unit's document as one's own is reported with the
source it was copied from.

How: before the per-site rules, the cross-site similarity pass (``govinspect.similarity``)
indexes the article body of every page of the run — navigation, header and footer left out —
as a MinHash signature over character shingles, finds candidates on every other registered
site of this run AND of earlier runs in the store by LSH banding, and verifies each candidate on
exact shingle Jaccard. The earlier publication is the source (publish dates when both pages
carry one, else when the store first saw each); the later one is flagged here.

Thresholds (``[rules."W-D16"]``):

- ``min_jaccard`` (verified: false) — near-identical: Jaccard of 5-character shingles;
- ``min_chars`` (verified: false) — shorter article bodies (short notices) are not compared;
- ``points`` per copied document, ``cap`` (verified: false; no number was found);
- tuning, not indicator numbers: ``shingle_size`` 5, ``num_perm`` 128, ``bands`` 20 × ``rows`` 6,
  ``max_bucket`` 1000 (an LSH bucket shared by more documents is a text reposted everywhere).
  Changing the MinHash parameters starts a new signature scheme: older signatures are then
  not compared.

Evidence: this page's WARC record; details name the source site, page, dates and its record.

One finding per cause: the same source document copied to several pages of this site (one copy
filed under two columns, 政策文件 and 通知公告) is one copied document — one finding
(``cause`` = the source page) whose ``details.pages`` lists this site's copies, one deduction.

Example finding::

    {"rule": "W-D16", "severity": "deduction",
     "message": "《示范市教育局信息发布审核制度》与示范市人民政府网站此前发布的文件高度雷同（相似度0.97），未注明来源",
     "url": "http://jyj.shifan.gov.cn/zwgk/zd/202103/t20210310_3010001.html",
     "details": {"jaccard": 0.97, "pub_date": "2021-03-10",
                 "source": {"site_code": "3399000001", "site_name": "示范市人民政府",
                            "url": "http://www.shifan.gov.cn/zwgk/zd/…", "pub_date": "2021-02-01"}}}

Not flagged:

- a repost that names its source (来源：中国政府网, 转载自…, 原文链接) — reposting central and
  higher-level documents with attribution is normal and expected;
- the earlier of the two pages (it is the source);
- two pages published the same day (neither can be shown to be the copy);
- near-duplicates within one site; 网站声明, 隐私政策 and other site furniture; list pages;
  short notices under ``min_chars``; pages below ``min_jaccard``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule


@rule("W-D16", "plagiarism", title="抄袭他站文件",
      bulletin="抄袭他站文件", severity=Severity.DEDUCTION, confidence=Confidence.MEDIUM)
def plagiarism(ctx: RuleContext) -> Iterator[Finding]:
    points = float(ctx.config["points"])
    for doc in ctx.snapshot.similar_documents:
        if doc.relation != "later" or doc.attribution:
            continue
        title = doc.title or doc.url
        details: dict[str, Any] = {
            "jaccard": doc.jaccard,
            "pub_date": doc.pub_date,
            "chars": doc.chars,
            "source": {"site_code": doc.source_site_code, "site_name": doc.source_site_name,
                       "url": doc.source_url, "title": doc.source_title, "pub_date": doc.source_pub_date,
                       "first_seen": doc.source_first_seen, "run": doc.source_run_id,
                       "warc": doc.source_warc_file, "record": doc.source_warc_record_id},
            "other_sources": doc.other_sources,
        }
        if doc.estimated:
            details["note"] = "WARC记录已不可读，相似度为MinHash估计值 / similarity estimated from signatures"
        finding = ctx.finding(
            f"《{title}》与{doc.source_site_name or doc.source_site_code}网站此前发布的文件高度雷同"
            f"（相似度{doc.jaccard:.2f}），未注明来源",
            url=doc.url, details=details, excerpt=title, points=points,
            confidence=Confidence.LOW if doc.estimated else None,
            cause=f"source:{doc.source_site_code}:{doc.source_url}")
        if not finding.evidence.get("warc") and doc.warc_file:
            finding.evidence.update({"warc": doc.warc_file, "record": doc.warc_record_id})
            if doc.warc_offset is not None:
                finding.evidence["offset"] = doc.warc_offset
        yield finding
