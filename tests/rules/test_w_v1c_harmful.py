"""W-V1c harmful content: planted spam must be found (footer, title, hidden, after </html>,
traditional/full-width/zero-width disguises); anti-gambling news and lottery notices must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.extract.page import extract_page
from govinspect.model import FetchResult
from govinspect.rules.base import SiteSnapshot, get_rule
from govinspect.rules.catalogue import rule_doc_markdown
from govinspect.rules.engine import run_rules
from govinspect.rules.scoring import judge
from govinspect.text.harmful import load_lexicon, normalised, scan_html, scan_text

from .builders import HOME, config, fetch, run, snapshot

FOOTER = '<div class="footer"><p>主办单位：{sponsor}</p><p>网站标识码：3101140038 沪ICP备05023416号</p></div>'


def doc(title: str, body: str, *, head: str = "", sponsor: str = "上海市嘉定区人民政府办公室", tail: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f'<div class="nav"><a href="/">首页</a><a href="/xxgk/">信息公开</a></div>'
            f'<div class="main">{body}</div>{FOOTER.format(sponsor=sponsor)}</body></html>{tail}')


def snap_of(pages: dict[str, str]) -> SiteSnapshot:
    bodies = {HOME + path: html.encode("utf-8") for path, html in pages.items()}
    # page models as the pipeline makes them (the rule prefilters on extracted text)
    models = [extract_page(body, url, site_url=HOME) for url, body in bodies.items()]
    fetches = [fetch(url) for url in bodies]
    snap = snapshot(homepage=models[0], pages=models, fetches=fetches)

    def loader(f: FetchResult) -> bytes | None:
        return bodies.get(f.url)

    snap.body_loader = loader
    return snap


SPAM = {
    # the seeds: gambling spam in the footer's 主办单位; porn spam as the page title
    "footer-sponsor": doc("关于做好春季防火工作的通知", "<p>各镇人民政府：现将有关事项通知如下。</p>",
                          sponsor="竞彩投注app,竞彩足球app"),
    "porn-title": doc("日韩av在线观看_国产精品无码视频_成人影院", "<p>关于开展安全生产检查的通知。</p>"),
    "hidden-style-class": doc("新闻中心", '<p>今日要闻。</p><div class="hh"><a href="http://www.8888bet.com/">'
                              "澳门新葡京娱乐城</a><a href=\"http://www.8888bet.com/\">百家乐</a></div>",
                              head="<style>.hh{display:none}</style>"),
    "hidden-offscreen": doc("新闻中心", '<div style="position:absolute;left:-9999px;top:-9999px">'
                            "<a href=\"http://x.example.com/\">时时彩平台 注册送彩金 点击进入</a></div><p>今日要闻。</p>"),
    "hidden-font0": doc("首页", '<p>今日要闻。<span style="font-size:0px">约炮 裸聊 一夜情 加微信</span></p>'),
    "after-html": doc("首页", "<p>今日要闻。</p>", tail='<a href="http://spam.example.com/">六合彩开奖网址 手机版</a>'),
    "traditional-zero-width": doc("首頁", "<p>今日要聞。</p><p>澳門\u200b博\u200b彩 娛樂城 線上投注 點擊進入</p>"),
    "fullwidth-spaced": doc("首页", "<p>竞 彩 投 注 ＡＰＰ 下载 ， 体育投注 官网</p>"),
    "meta-keywords": doc("首页", "<p>今日要闻。</p>",
                         head='<meta name="keywords" content="真人荷官,百家乐,澳门赌场官网,体育投注">'),
    "same-colour": doc("首页", '<p style="color:#fff;background-color:#fff">代开发票 办证刻章 联系QQ</p>'),
}

LOOKALIKES = {
    "anti-gambling-news": doc(
        "我市开展打击网络赌博专项行动",
        "<p>近日，市公安局破获一起特大网络赌博案件，犯罪嫌疑人以“澳门娱乐城”“百家乐”等网站名义组织赌博，"
        "涉案金额巨大。</p><p>公安机关提醒广大群众远离赌博，发现网络赌博线索请及时举报。</p>"),
    "anti-gambling-neutral-title": doc(
        "2023年第三季度治安形势通报",
        "<p>三季度共查处网络赌博案件12起，抓获犯罪嫌疑人31名，涉及时时彩、六合彩等赌博平台。</p>"),
    "saohuang-dafei": doc("扫黄打非工作简报", "<p>开展“净网”专项行动，清理色情网站链接326条，淫秽视频1200余部。</p>"),
    "welfare-lottery": doc("2022年度福利彩票公益金使用情况公告",
                           "<p>本年度全市福利彩票销售额3.2亿元，筹集公益金9600万元，彩票投注站网点共128个。</p>"),
    "sports-lottery": doc("体育彩票销售网点招募公告", "<p>欢迎申请设立体育彩票投注站，具体条件见附件。</p>"),
    "travel-macao": doc("澳门旅游注意事项", "<p>赴澳门旅游请提前办理港澳通行证及签注。</p>"),
    "community-chess": doc("社区活动中心开放时间", "<p>老年活动中心设有阅览室、棋牌室、健身室，每天8:00开放。</p>"),
    "hidden-tab-news": doc("首页", '<div class="tab" style="display:none"><ul><li>我市严厉打击网络赌博违法犯罪活动</li>'
                           "<li>春季农业生产工作部署会召开</li></ul></div><p>今日要闻。</p>"),
    "adult-education": doc("成人高考报名通知", "<p>2023年成人高等学校招生考试网上报名即将开始，考生请登录报名网站。</p>"),
    "home-services": doc("居家养老上门服务", "<p>为高龄老人提供助餐、助洁等上门服务，掀起学习高潮。</p>"),
    "fraud-warning": doc("警惕代开发票诈骗", "<p>税务部门提醒：代开发票是违法行为，请勿轻信。</p>"),
    "fishing-ban": doc("关于实施休渔期制度的通告", "<p>休渔期间禁止捕鱼作业，违者依法处罚。</p>"),
}


# Conclusive evidence (a firm veto, no review): a spam title; concealed spam linking off-site.
FIRM = {"porn-title", "hidden-style-class", "hidden-offscreen", "after-html"}


@pytest.mark.parametrize("name", sorted(SPAM))
def test_spam_found(name: str) -> None:
    findings = run("W-V1c", snap_of({"": SPAM[name]}))
    assert len(findings) == 1, name
    f = findings[0]
    assert f.severity == "veto"
    assert f.review == (name not in FIRM), name
    assert f.details["grade"] == ("conclusive" if name in FIRM else "needs-review")
    hit = f.details["hits"][0]
    assert hit["terms"] and hit["text"]
    assert f.evidence.get("warc") == "test.warc.gz"


@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_lookalikes_not_flagged(name: str) -> None:
    assert run("W-V1c", snap_of({"": LOOKALIKES[name]})) == [], name


def test_footer_evidence_has_path_and_raw_html() -> None:
    f = run("W-V1c", snap_of({"": SPAM["footer-sponsor"]}))[0]
    hit = f.details["hits"][0]
    assert hit["placement"] == "footer"
    assert hit["css_path"].endswith("div.footer > p")
    assert "竞彩投注app" in hit["html_excerpt"] and "<p>" in hit["html_excerpt"]
    assert "页脚" in f.message


def test_hidden_evidence_says_how_and_where_links_go() -> None:
    f = run("W-V1c", snap_of({"": SPAM["hidden-style-class"]}))[0]
    hit = f.details["hits"][0]
    assert hit["placement"] == "hidden" and hit["hidden_how"] == "display:none"
    assert hit["link_hosts"] == ["www.8888bet.com"]
    assert 'class="hh"' in hit["html_excerpt"]


def test_original_text_kept_for_disguised_spam() -> None:
    f = run("W-V1c", snap_of({"": SPAM["traditional-zero-width"]}))[0]
    hit = f.details["hits"][0]
    assert "博彩" in hit["terms"] and "娱乐城" in hit["terms"]  # matched in simplified form …
    assert "澳門\u200b博\u200b彩" in hit["text"]  # … quoted as it was published


def test_hacked_footer_on_anti_gambling_article_still_found() -> None:
    html = doc("我市开展打击网络赌博专项行动", "<p>严厉打击网络赌博违法犯罪。</p>", sponsor="竞彩投注app,竞彩足球app")
    f = run("W-V1c", snap_of({"": html}))
    assert len(f) == 1 and f[0].details["hits"][0]["placement"] == "footer"


def test_one_finding_per_page_and_threshold_configurable() -> None:
    snap = snap_of({"": SPAM["porn-title"], "a.html": SPAM["footer-sponsor"], "b.html": LOOKALIKES["welfare-lottery"]})
    assert sorted(f.url or "" for f in run("W-V1c", snap)) == [HOME, HOME + "a.html"]
    assert run("W-V1c", snap, {"min_score": 100}) == []


def test_pages_without_body_are_skipped() -> None:
    snap = snap_of({"": SPAM["porn-title"]})
    snap.body_loader = None
    assert run("W-V1c", snap) == []


def test_scan_text_scores_without_dom() -> None:
    hit = scan_text("竞彩投注app下载")
    assert hit is not None and hit.category == "gambling" and hit.score >= 4
    assert scan_text("今天天气很好") is None


def test_precision_on_fixtures() -> None:
    """Precision/recall on our own fixtures (reported in the rule's docs): every spam page found,
    no look-alike flagged."""
    tp = sum(1 for html in SPAM.values() if any(not h.excused for h in scan_html(html)))
    fp = sum(1 for html in LOOKALIKES.values() if any(not h.excused for h in scan_html(html)))
    assert (tp, fp) == (len(SPAM), 0)


def test_lexicon_coverage_of_a_third_party_list(shared_dir: Path) -> None:
    """Measured, not copied: the share of houbb's 赌博 (tag 3) and 色情 (tag 2) words that hold one
    of our terms (0.64 / 0.15 before issue 13; 0.71 / 0.19 after, see benchmarks/harmful.py —
    its porn list is mostly obscure film titles and slang)."""
    lex = load_lexicon()
    lines = (shared_dir / "data" / "wordlists" / "houbb_sensitive_word_tags.txt").read_text("utf-8").splitlines()
    for tag, floor in (("3", 0.68), ("2", 0.18)):
        words = [line.rsplit(" ", 1)[0] for line in lines if tag in line.rsplit(" ", 1)[-1].split(",")]
        covered = sum(1 for w in words if lex.term_re.search(normalised(w).text.lower()) or scan_text(w, "body"))
        assert len(words) > 500 and covered / len(words) > floor, tag


def test_committed_docs_are_current() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "rules"
    for code in ("W-V1c", "W-V1d", "W-D14"):
        assert (docs / f"{code}.md").read_text("utf-8") == rule_doc_markdown(get_rule(code), config()), code


# -- grading and one finding per cause: page shapes unlike the demo farm's --------------------

def county_page(title: str, article: str, *, injected: str = "", head: str = "") -> str:
    """A county-portal page in another template (table layout, a 版权所有 block, no footer class)."""
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{title}</title>'
            f'{head}</head><body><table width="1000"><tr><td id="banner">青石县人民政府门户网站</td></tr>'
            f'<tr><td class="content"><h1>{title}</h1>{article}</td></tr></table>'
            f'<div id="bq"><span>版权所有：青石县人民政府办公室 技术支持：县大数据中心</span>{injected}</div>'
            "</body></html>")


# an injected block as hacked CMS templates carry it: one wrapper moved off-screen, links to a
# casino domain, the wording of a real-money gaming ad (no word shared with the demo's spam)
OFFSCREEN_CASINO = ('<div style="position:fixed;top:-3200px;overflow:hidden">'
                    '<a href="https://www.hj8828.vip/">皇家国际 真人视讯</a> <a href="https://www.hj8828.vip/reg">'
                    "电子游艺 首存送 88 元</a><a href=\"https://www.hj8828.vip/app\">体育下注 手机版</a></div>")


def test_hidden_footer_block_on_every_page_is_one_firm_finding() -> None:
    articles = {f"art/2023/{i}.html": county_page(f"青石县第{i}次常务会议纪要", f"<p>会议研究了第{i}项工作。</p>",
                                                  injected=OFFSCREEN_CASINO) for i in range(1, 41)}
    snap = snap_of({"": county_page("青石县人民政府", "<p>要闻</p>", injected=OFFSCREEN_CASINO), **articles})
    findings = run_rules(snap, config(), only=["W-V1c"]).findings
    assert len(findings) == 1
    f = findings[0]
    assert not f.review and f.confidence == "high" and f.details["grade"] == "conclusive"
    assert f.details["pages"]["count"] == 41 and f.details["pages"]["first"][0] == HOME
    hit = f.details["hits"][0]
    assert hit["placement"] == "hidden" and hit["hidden_how"] == "off-screen"
    assert hit["link_hosts"] == ["www.hj8828.vip"]
    verdict = judge(snap.site, findings, config())
    assert verdict.verdict == "fail" and verdict.veto == ["W-V1c"]


def test_traditional_porn_title_is_firm() -> None:
    html = county_page("國產無碼視頻在線觀看－成人影院－免費高清", "<p>關於做好防汛工作的通知。</p>")
    findings = run("W-V1c", snap_of({"": county_page("青石县人民政府", "<p>要闻</p>"), "art/1.html": html}))
    assert len(findings) == 1
    f = findings[0]
    assert f.url == HOME + "art/1.html" and not f.review
    assert f.details["hits"][0]["placement"] == "title" and "网页标题" in f.message
    assert "成人影院" in f.details["hits"][0]["terms"] and "國產無碼視頻" in f.details["hits"][0]["text"]


def test_title_spam_and_footer_block_are_two_causes() -> None:
    snap = snap_of({"": county_page("青石县人民政府", "<p>要闻</p>", injected=OFFSCREEN_CASINO),
                    "a.html": county_page("亚洲色图_自拍偷拍", "<p>通知</p>", injected=OFFSCREEN_CASINO)})
    findings = run_rules(snap, config(), only=["W-V1c"]).findings
    assert sorted((f.details["hits"][0]["placement"], f.details.get("pages", {}).get("count", 1)) for f in findings) \
        == [("hidden", 2), ("title", 1)]


def test_visible_or_unlinked_spam_needs_review() -> None:
    """Hidden text without links, a footer line, body text: ambiguous, an inspector confirms."""
    unlinked = county_page("青石县人民政府", "<p>要闻</p>",
                           injected='<span style="display:none">真人视讯 电子游艺 首存送</span>')
    own_links = county_page("青石县人民政府", "<p>要闻</p>",
                            injected='<div style="display:none"><a href="/zt/2023/">真人视讯 电子游艺</a></div>')
    visible = county_page("青石县人民政府", "<p>真人视讯、电子游艺，首存送彩金，点击进入官网。</p>")
    for html in (unlinked, own_links, visible):
        findings = run("W-V1c", snap_of({"": html}))
        assert len(findings) == 1 and findings[0].review and findings[0].details["grade"] == "needs-review"


def test_title_with_one_weak_term_is_not_firm() -> None:
    """A title that only just reaches the threshold is not conclusive on its own."""
    html = county_page("澳门彩票开奖", "<p>通知</p>")
    findings = run("W-V1c", snap_of({"": html}))
    assert all(f.review for f in findings)


def test_script_written_hidden_links_are_found_and_firm() -> None:
    """document.write of an escaped off-screen block: nothing in the extracted text, found in the script."""
    escaped = "".join(f"\\u{ord(c):04x}" for c in "皇家国际 真人视讯 电子游艺 首存送")
    script = (f"<script>var a='<div style=\"position:absolute;top:-1800px\"><a href=\"https://www.hj8828.vip/\">"
              f"{escaped}</a></div>';document.write(a);</script>")
    snap = snap_of({"": county_page("青石县人民政府", "<p>要闻</p>", injected=script)})
    findings = run("W-V1c", snap)
    assert len(findings) == 1 and not findings[0].review
    hit = findings[0].details["hits"][0]
    assert hit["placement"] == "hidden" and hit["link_hosts"] == ["www.hj8828.vip"]
    assert "真人视讯" in hit["text"] and "document.write" in hit["html_excerpt"]


def test_rotating_keywords_to_the_same_casino_are_one_cause() -> None:
    """Injected blocks whose keywords change from page to page but whose links do not."""
    words = ["真人视讯 电子游艺", "百家乐 首存送", "体育下注 彩金", "时时彩 北京赛车"]
    pages = {f"art/{i}.html": county_page(f"通知{i}", "<p>正文</p>", injected=(
        f'<div style="display:none"><a href="http://www.hj8828.vip/{i}">{words[i % 4]}</a></div>'))
        for i in range(8)}
    findings = run_rules(snap_of({"": county_page("青石县人民政府", "<p>要闻</p>"), **pages}), config(),
                         only=["W-V1c"]).findings
    assert len(findings) == 1 and findings[0].details["pages"]["count"] == 8 and not findings[0].review
    assert findings[0].cause == "concealed:links:www.hj8828.vip"


def test_seizure_notice_title_is_not_spam() -> None:
    html = county_page("关于集中销毁收缴的老虎机、百家乐赌博机的通告", "<p>县公安局将于本月集中销毁一批赌博机具。</p>")
    assert run("W-V1c", snap_of({"": html})) == []
