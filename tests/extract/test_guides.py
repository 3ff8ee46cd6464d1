"""办事指南 element parsing: labels and synonyms, table cells, numbering; footer and prose look-alikes."""

from __future__ import annotations

from govinspect.extract.guides import guide_elements
from govinspect.extract.page import extract_page
from govinspect.model import GUIDE_ELEMENTS

FOOT = '<div class="footer"><p>联系电话：0570-1234567　办公时间：工作日</p></div>'


def _page(body: str, title: str, *, article_title: str | None = None):
    meta = f'<meta name="ArticleTitle" content="{article_title}">' if article_title else ""
    html = (f'<html><head><meta charset="utf-8"><title>{title}</title>{meta}</head><body>'
            f'<div class="nav"><a href="/bsfw/">办事服务</a></div><div class="article">{body}</div>{FOOT}'
            "</body></html>")
    return extract_page(html.encode(), "http://www.example.gov.cn/bsfw/bszn/t20210101_1.html",
                        site_url="http://www.example.gov.cn/")


def test_complete_guide_with_synonyms_and_numbering() -> None:
    body = ("<h1>食品经营许可办事指南</h1><p>一、事项名称：食品经营许可</p><p>二、法律依据：《食品安全法》</p>"
            "<p>三、受理条件：已取得营业执照</p><p>四、申请材料</p><p>1. 申请书</p><p>【受理地点】市政务服务中心</p>"
            "<p>办公时间：工作日9:00-17:00</p><p>咨询电话：0570-7654321</p><p>（八）办理程序：受理—审查—决定</p>")
    page = _page(body, "食品经营许可办事指南_示例市", article_title="食品经营许可办事指南")
    assert page.guide is not None
    assert page.guide.title == "食品经营许可办事指南"
    assert page.guide.missing == []
    assert page.guide.present["申请条件"] == "受理条件" and page.guide.present["办理流程"] == "办理程序"


def test_table_guide_missing_elements() -> None:
    body = ("<h1>居住证办理指南</h1><table><tr><th>事项名称</th><td>居住证申领</td></tr>"
            "<tr><th>所需材料</th><td>身份证、照片</td></tr><tr><th>办理地点</th><td>派出所</td></tr></table>")
    page = _page(body, "居住证办理指南_示例市")
    assert page.guide is not None
    assert page.guide.missing == ["设定依据", "申请条件", "办理时间", "联系电话", "办理流程"]


def test_footer_phone_and_prose_do_not_count() -> None:
    # the footer shows 联系电话 and 办公时间; the prose mentions 申请条件 inside a sentence
    body = "<h1>城乡居民医保参保办事指南</h1><p>具体申请条件请关注后续通知，办理流程将另行公布。</p>"
    page = _page(body, "城乡居民医保参保办事指南_示例市", article_title="城乡居民医保参保办事指南")
    assert page.guide is not None and page.guide.present == {}
    assert page.guide.missing == list(GUIDE_ELEMENTS)


def test_ordinary_article_is_not_a_guide() -> None:
    page = _page("<h1>我市召开政务服务工作会议</h1><p>会议强调优化办理流程、精简申请材料。</p>",
                 "我市召开政务服务工作会议_示例市")
    assert page.guide is None


def test_untitled_page_with_four_elements_is_a_guide() -> None:
    lines = ["事项名称：出生登记", "设定依据：户口登记条例", "申请材料：出生医学证明", "办理时限：即办",
             "办理地点：户籍窗口"]
    assert len(guide_elements(lines)) == 4  # 办理时限 is a deadline, not 办理时间
    page = _page("".join(f"<p>{line}</p>" for line in lines), "出生登记_示例市")
    assert page.guide is not None and "办理时间" in page.guide.missing
