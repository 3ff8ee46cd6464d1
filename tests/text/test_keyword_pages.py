"""Bad input for the harmful-content scan: a page of nothing but keywords (issue 4)."""

from __future__ import annotations

from govinspect.text.harmful import scan_html


def test_a_page_of_nothing_but_spam_keywords_is_found() -> None:
    words = "，".join(["澳门葡京", "百家乐", "真人娱乐", "网上赌场", "时时彩", "竞彩投注app"] * 200)
    html = f"<html><head><title>{words[:60]}</title></head><body>{words}</body></html>"
    hits = scan_html(html, "http://www.x.gov.cn/a.html")
    assert hits, "keyword stuffing is spam"
    # bounded: a huge keyword page gives a few hits with short excerpts, not one per word
    assert len(hits) <= 10
    assert all(len(hit.text) <= 401 for hit in hits)


def test_a_page_of_nothing_but_ordinary_keywords_is_not_spam() -> None:
    words = "，".join(["政务公开", "通知公告", "政策文件", "办事服务", "互动交流", "打击赌博"] * 300)
    html = f'<html><head><meta name="keywords" content="{words[:200]}"></head><body>{words}</body></html>'
    assert scan_html(html, "http://www.x.gov.cn/a.html") == []


def test_an_empty_or_binary_page_does_not_crash() -> None:
    assert scan_html("", "http://www.x.gov.cn/") == []
    assert scan_html("\x00\x01\x02" * 1000, "http://www.x.gov.cn/") == []


def test_the_prefilter_sees_terms_split_by_markup_entities_and_attributes() -> None:
    from govinspect.text.harmful import load_lexicon, might_contain_terms

    lex = load_lexicon()
    assert might_contain_terms("<p>百家<b>乐</b></p>", lex)
    assert might_contain_terms("<p>&#30334;&#23478;&#20048;</p>", lex)  # 百家乐 as entities
    assert might_contain_terms('<meta name="keywords" content="百家樂,真人娛樂">', lex)
    assert not might_contain_terms("<p>政务公开</p><a href='/tzgg/'>通知公告</a>", lex)
