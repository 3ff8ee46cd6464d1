from collections.abc import Sequence

from govinspect.model import Column, ColumnCategory, FetchResult, Link, PageModel
from govinspect.rules.base import SiteSnapshot

from .builders import HOME, fetch, item, page, run, snapshot

POLICY_COL = f"{HOME}zcwj/"
INTERP_COL = f"{HOME}zcjd/"


def _policy(i: int) -> str:
    return f"{HOME}zcwj/t2021030{i}_{i}.html"


def _interp(i: int) -> str:
    return f"{HOME}zcjd/t2021031{i}_{i}.html"


def _article(url: str, title: str, links: list[Link], column: str) -> PageModel:
    return page(url, kind="article", links=links, title=f"{title}_嘉定区人民政府",
                meta={"ArticleTitle": title, "ColumnName": column})


def _site(interp_links: dict[int, list[Link]], policies: int = 6, extra_pages: Sequence[PageModel] = (),
          extra_fetches: Sequence[FetchResult] = ()) -> SiteSnapshot:
    policy_pages = [_article(_policy(i), f"关于印发第{i}号管理办法的通知", [], "政策文件") for i in range(policies)]
    interp_pages = [_article(_interp(i), f"《第{i}号管理办法》政策解读", links, "政策解读")
                    for i, links in interp_links.items()]
    columns = [
        Column("政策文件", POLICY_COL, 1, ColumnCategory.POLICY,
               items=[item(10 + i, f"第{i}号管理办法", _policy(i)) for i in range(policies)]),
        Column("政策解读", INTERP_COL, 2, ColumnCategory.INTERPRETATION,
               items=[item(5 + i, f"第{i}号解读", _interp(i)) for i in interp_links]),
    ]
    pages = [*policy_pages, *interp_pages, *extra_pages]
    fetches = [fetch(p.url) for p in pages] + list(extra_fetches)
    return snapshot(pages=pages, columns=columns, fetches=fetches)


def _to_policy(i: int) -> list[Link]:
    return [Link(_policy(i), f"关于印发第{i}号管理办法的通知", "body")]


def test_interpretations_linked_to_their_policy_pass() -> None:
    snap = _site({i: _to_policy(i) for i in range(4)})
    assert run("W-D15", snap) == []  # 4 of 6 interpreted: 67% ≥ 50%


def test_an_interpretation_without_a_link_is_flagged_each_with_evidence() -> None:
    snap = _site({0: _to_policy(0), 1: _to_policy(1), 2: _to_policy(2), 3: []})
    (finding,) = run("W-D15", snap)
    assert finding.url == _interp(3) and finding.details["reason"] == "no-link"
    assert finding.message == "政策解读未关联被解读的政策文件：《第3号管理办法》政策解读"
    assert finding.evidence["warc"] and finding.points == 0.5


def test_links_to_other_interpretations_and_news_do_not_count() -> None:
    links = [Link(_interp(0), "上一篇：《第0号管理办法》政策解读", "body"),
             Link(f"{HOME}xwzx/t20210301_9.html", "市政府召开常务会议", "body"),
             Link(_policy(3), "政策文件", "nav")]  # navigation is not the 相关文件 link
    snap = _site({0: _to_policy(0), 1: _to_policy(1), 2: _to_policy(2), 3: links})
    (finding,) = run("W-D15", snap)
    assert finding.url == _interp(3)


def test_a_broken_policy_link_is_flagged_as_broken() -> None:
    dead = f"{HOME}zcwj/t20200101_99.html"
    snap = _site({0: _to_policy(0), 1: _to_policy(1), 2: _to_policy(2),
                  3: [Link(dead, "《第3号管理办法》", "body")]}, extra_fetches=[fetch(dead, 404)])
    (finding,) = run("W-D15", snap)
    assert finding.details["reason"] == "broken-link"


def test_external_titled_documents_and_attachments_count_as_links() -> None:
    external = "http://www.gov.cn/zhengce/content/2021-03/01/content_1.htm"
    pdf = f"{HOME}zcjd/fj/P0202103.pdf"
    snap = _site({0: _to_policy(0), 1: _to_policy(1),
                  2: [Link(external, "《国务院办公厅关于加强政务公开的意见》", "body")],
                  3: [Link(pdf, "附件：政策原文.pdf", "body")]},
                 extra_fetches=[fetch(external, kind="link"), fetch(pdf, kind="link")])
    findings = run("W-D15", snap)
    assert [f for f in findings if f.url != HOME] == []


def test_low_interpretation_ratio_is_reported_once() -> None:
    snap = _site({0: _to_policy(0), 1: _to_policy(1)})
    (finding,) = run("W-D15", snap)
    assert finding.url == HOME and finding.points == 1.0
    assert finding.details["policies"] == 6 and finding.details["interpreted"] == 2
    assert finding.message == "政策解读比例偏低：近12个月6件政策文件中2件有解读（33%）"
    assert set(finding.details["uninterpreted"]) == {_policy(i) for i in range(2, 6)}


def test_few_policies_or_old_policies_leave_the_ratio_unjudged() -> None:
    assert run("W-D15", _site({}, policies=4)) == []
    snap = _site({})
    for column in snap.columns:
        column.items = [item(500 + n, i.title, i.url) for n, i in enumerate(column.items)]
    assert run("W-D15", snap) == []  # all policy documents older than 12 months


def test_pages_tagged_as_interpretation_count_and_news_mentioning_it_do_not() -> None:
    tagged = page(f"{HOME}xwzx/t20210315_5.html", kind="article", title="一图读懂第5号管理办法",
                  meta={"ArticleTitle": "一图读懂第5号管理办法", "ColumnName": "图解政策"})
    news = page(f"{HOME}xwzx/t20210316_6.html", kind="article", title="市政府召开政策解读培训会",
                meta={"ArticleTitle": "市政府召开政策解读培训会", "ColumnName": "工作动态"})
    snap = _site({i: _to_policy(i) for i in range(4)}, extra_pages=[tagged, news])
    (finding,) = run("W-D15", snap)
    assert finding.url == tagged.url


def test_ratio_threshold_comes_from_config() -> None:
    snap = _site({0: _to_policy(0), 1: _to_policy(1)})
    assert run("W-D15", snap, {"min_ratio": 0.3}) == []
