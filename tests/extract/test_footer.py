"""底部功能区: the real pages of ../shared/data/html and hand-written look-alikes."""

from pathlib import Path

import pytest

from govinspect.extract.page import extract_page

from .builders import FOOTER, page


def _real(shared_dir: Path, name: str, url: str):  # type: ignore[no-untyped-def]
    return extract_page((shared_dir / "data/html" / name).read_bytes(), url)


def test_gov_cn_footer(shared_dir: Path) -> None:
    footer = _real(shared_dir, "gne_www.gov.cn_gongbao_2007_23.html",
                   "https://www.gov.cn/gongbao/content/2007/content_711039.htm").footer
    assert footer.site_id_code == "bm01000001"
    assert footer.icp == "京ICP备05070218号"
    assert footer.psb == "京公网安备11010202000001号"
    assert footer.sponsor == "国务院办公厅"
    assert footer.has_conac_badge
    # gov.cn links its own 网站纠错 page, not the jiucuo.js entry
    assert not footer.has_jiucuo and footer.jiucuo_sitecode is None


def test_shanxi_footer(shared_dir: Path) -> None:
    model = _real(shared_dir, "gne_www.shanxi.gov.cn_news.html",
                  "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml")
    footer = model.footer
    assert footer.site_id_code == "1400000045"
    assert footer.icp == "晋ICP备12000773号"
    assert footer.psb == "晋公网安备 14010502050691号"  # as printed, space included
    assert footer.sponsor == "山西省人民政府办公厅"
    assert footer.has_conac_badge
    assert footer.has_jiucuo and footer.jiucuo_sitecode == "1400000045"
    assert model.meta["SiteIDCode"] == "1400000045"


def test_deqing_footer(shared_dir: Path) -> None:
    footer = _real(shared_dir, "gne_zj.gov.cn_deqing_news.html",
                   "http://fgw.zj.gov.cn/art/2016/11/22/art_1599567_2356.html").footer
    assert footer.site_id_code == "3300000020"
    assert footer.icp == "浙ICP备05018911号"
    assert footer.psb == "浙公网安备 33010602009328号"
    assert footer.has_conac_badge
    assert footer.has_jiucuo and footer.jiucuo_sitecode == "3300000020"  # legacy jiucuo.html?site_code=
    assert footer.contact  # the 联系我们 link


def test_cmse_has_icp_but_no_site_code(shared_dir: Path) -> None:
    footer = _real(shared_dir, "gne_www.cmse.gov.cn_news.html", "http://www.cmse.gov.cn/xwzx/201206/t20120624_1.html").footer
    assert footer.site_id_code is None
    assert footer.icp == "京ICP备20027467号-1"
    assert footer.psb is None
    assert footer.sponsor == "中国载人航天工程办公室"
    assert not footer.has_conac_badge and not footer.has_jiucuo


def test_hand_written_footer() -> None:
    footer = extract_page(page("<p>正文</p>" + FOOTER), "http://www.demo.gov.cn/").footer
    assert footer.site_id_code == "4403000052"
    assert footer.icp == "粤ICP备2022014957号-1"
    assert footer.psb == "粤公网安备 44030402000001号"
    assert footer.sponsor == "示范市人民政府办公室"  # stops before 承办单位
    assert footer.contact == "0755-12345678"
    assert footer.has_conac_badge and footer.has_jiucuo and footer.jiucuo_sitecode == "4403000052"


def test_footer_without_footer_element_uses_the_tail_of_the_page() -> None:
    html = page("<div class='wrap'><p>正文内容</p><p>主办：某县人民政府 政府网站标识码：3610782 "
                "赣ICP备09172506 邮箱：web@demo.gov.cn</p></div>")
    footer = extract_page(html, "http://www.demo.gov.cn/").footer
    assert footer.site_id_code == "3610782"  # malformed, captured for the rule to judge
    assert footer.icp == "赣ICP备09172506"  # missing 号, captured too
    assert footer.sponsor == "某县人民政府"
    assert footer.contact == "web@demo.gov.cn"
    assert not footer.has_conac_badge and not footer.has_jiucuo


@pytest.mark.parametrize("snippet", [
    "<p>本站由多个单位共同主办，欢迎访问</p>",  # 主办 in a sentence is no sponsor label
    "<p>ICP备案查询说明</p>",  # no number: no ICP
    "<p>网站标识码申请流程</p>",  # no code after the label
    '<p>访问 <a href="http://www.conac.cn/">中国机构编制网</a></p>',  # conac site link is not the badge
])
def test_look_alikes_are_not_footer_codes(snippet: str) -> None:
    footer = extract_page(page(snippet), "http://www.demo.gov.cn/").footer
    assert footer.site_id_code is None
    assert footer.icp is None
    assert footer.sponsor is None
    assert not footer.has_conac_badge


def test_jiucuo_script_without_sitecode() -> None:
    html = page('<div class="foot"><script src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>')
    footer = extract_page(html, "http://www.demo.gov.cn/").footer
    assert footer.has_jiucuo and footer.jiucuo_sitecode == ""


def test_conac_dcs_script_badge() -> None:
    html = page('<div id="bottom"><script src="https://dcs.conac.cn/js/33/000/0000/60000000/CA330000000600000000000.js">'
                "</script></div>")
    assert extract_page(html, "http://www.demo.gov.cn/").footer.has_conac_badge
