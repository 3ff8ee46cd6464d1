"""W-D12 on a site: a person one page names with a title is protected on the site's other pages."""

from __future__ import annotations

from govinspect.content.names import marked_names
from tests.rules.builders import HOME, page, run
from tests.rules.test_w_d12_w_v1a_content import article, snapshot


def test_a_name_marked_on_one_page_is_protected_on_another() -> None:
    unmarked = article(2, "大家认为程续的发言很有启发，会议取得圆满成功。")
    # alone, the detector takes 续 for 序 (程序, the same sound): the protection below suppresses it
    alone = run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=[unmarked]))
    assert [f.details["text"] for f in alone] == ["续"]
    marked = article(1, "副局长程续主持召开专题会议，研究部署下一阶段工作。")
    assert run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=[marked, unmarked])) == []


def test_a_real_typo_beside_a_protected_name_is_still_found() -> None:
    pages = [article(1, "副局长程野主持召开专题会议。"),
             article(2, "程野要求，各单位要进一步优化营商环竟。")]
    found = run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=pages))
    assert [(f.details["text"], f.details["suggestion"]) for f in found] == [("竟", "境")]


def test_marked_names_come_from_titles_lists_and_speech() -> None:
    texts = ["副局长董洁主持会议", "出席的有张萍、李洁、王昕等", "钟建中指出，要压实责任"]
    assert {"董洁", "张萍", "李洁", "王昕", "钟建中"} <= marked_names(texts)
    assert marked_names(["各地区各部门要认真贯彻落实党中央决策部署"]) == set()
