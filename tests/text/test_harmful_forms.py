"""Harmful-content detection that generalises: spelled-out, full-width, traditional, pinyin and
its initials, script-written spam; and the look-alikes official pages are full of."""

from __future__ import annotations

import pytest

from govinspect.text.harmful import Lexicon, scan_html, scan_text
from govinspect.text.normalise import normalise
from govinspect.text.scripts import redirects, written_html


def page(body: str, title: str = "青石县人民政府", head: str = "") -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f'<div id="top">青石县人民政府门户网站</div><div class="list">{body}</div>'
            '<div id="bq">版权所有：青石县人民政府办公室</div></body></html>')


def spam(html: str) -> list[str]:
    """The terms of the unexcused hits on the page."""
    return [t for h in scan_html(html, "http://www.qingshi.gov.cn/") if not h.excused for t in h.terms]


@pytest.mark.parametrize("text", [
    "澳-门-赌-场 24小时在线",            # hyphens
    "澳.门.赌.场 24小时在线",            # dots
    "澳 ★ 门 ★ 赌 ★ 场 24小时在线",      # symbols and spaces
    "澳／门／赌／场 24小时在线",          # full-width slashes
    "澳\u200b门\u200c赌\u200d场 24小时在线",  # zero-width joiners
])
def test_spelled_out_words_are_joined(text: str) -> None:
    hit = scan_text(text, "body")
    assert hit is not None and "澳门赌场" in hit.terms


def test_spelled_out_joining_keeps_real_compounds_and_the_way_back() -> None:
    norm = normalise("欢迎来到澳-门-赌-场，中国-东盟-自贸区", spaces="drop", join_spelled=True)
    assert norm.text == "欢迎来到澳门赌场,中国-东盟-自贸区"
    start = norm.text.index("澳门赌场")
    assert norm.original_text(start, start + 4) == "澳-门-赌-场"


def test_full_width_and_traditional_forms() -> None:
    hit = scan_text("ＢＥＴ３６５ 體育投注 線上賭場 註冊送彩金", "body")
    assert hit is not None and {"bet365", "体育投注", "线上赌场"} <= set(hit.terms)
    porn = scan_text("無碼視頻 亞洲色圖 免費觀看", "body")
    assert porn is not None and porn.category == "porn" and porn.score >= 4


def test_pinyin_words_count_alone_but_initials_only_beside_a_term() -> None:
    alone = scan_text("bocai guanwang zhuce songjin 官网 注册", "body")
    assert alone is not None and "bocai" in alone.terms and alone.score >= 4
    assert scan_text("请登录BC平台提交BJL材料，SSC项目组负责", "body") is None  # BC/BJL/SSC alone: nothing
    beside = scan_text("bjl ssc lhc 百家乐 时时彩", "body")
    assert beside is not None and {"bjl", "ssc", "lhc"} <= set(beside.terms)


def test_initials_are_whole_ascii_words() -> None:
    """"abc", "tv", "js" inside longer ASCII words or file names are not initials."""
    hit = scan_text("百家乐 abcdef.ty avatar www.bc/cp_hg", "body")
    assert hit is not None and hit.terms == ["百家乐"]
    assert scan_text("AV设备采购项目 CP值 DC电源 TY型号", "body") is None


def test_porn_initials_need_a_porn_term() -> None:
    assert scan_text("视听设备（AV）采购公告", "body") is None
    hit = scan_text("yp 约炮 同城 av", "body")
    assert hit is not None and {"约炮", "yp", "av"} <= set(hit.terms)


def test_script_written_spam_is_scanned() -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in "真人视讯电子游艺首存送")
    html = page("<p>县政府召开常务会议。</p><script>var s='<div style=\"position:absolute;left:-2000px\">"
                f"<a href=\"https://www.dd99k.top/\">{escaped}</a></div>';document.write(s);</script>")
    hits = [h for h in scan_html(html, "http://www.qingshi.gov.cn/") if not h.excused]
    assert len(hits) == 1
    hit = hits[0]
    assert hit.placement == "hidden" and hit.hidden_how == "off-screen"
    assert hit.link_hosts == ["www.dd99k.top"] and hit.css_path.startswith("script")
    assert "document.write" in hit.html_excerpt


def test_script_written_visible_spam_and_url_escapes() -> None:
    encoded = "".join(f"%{b:02X}" for b in "<p>线上投注 百家乐 点击进入</p>".encode())
    html = page(f"<p>通知</p><script>document.getElementById('x').innerHTML = unescape('{encoded}');</script>")
    hits = [h for h in scan_html(html) if not h.excused]
    assert [h.placement for h in hits] == ["script"]
    assert "<p>线上投注 百家乐 点击进入</p>" in written_html(html)


def test_scripts_without_a_write_sink_are_not_read() -> None:
    html = page("<p>通知</p><script>var tips = ['百家乐', '线上投注', '点击进入'];console.log(tips);</script>")
    assert spam(html) == []


def test_redirect_targets_named() -> None:
    html = page("<script>if(document.referrer.indexOf('baidu')>-1){top.location.href='https://www.k8vip.cc/?s=1';}"
                "</script>", head='<meta http-equiv="refresh" content="3; url=/new/">')
    found = redirects(html, "http://www.qingshi.gov.cn/a/b.html")
    assert [(r.how, r.target, r.conditional) for r in found] == [
        ("javascript", "https://www.k8vip.cc/?s=1", True), ("meta refresh", "http://www.qingshi.gov.cn/new/", False)]


# -- look-alikes: official pages that talk about gambling, porn, Macao, lotteries, health ------

LOOKALIKES = {
    "campaign-news": page("<p>县公安局开展“断卡”行动，捣毁一个为境外赌博网站“皇冠体育”“澳门银河”提供支付结算的团伙，"
                          "涉案流水2亿余元。</p>", title="县公安局通报一批涉赌案件"),
    "anti-fraud": page("<p>近期有不法分子以“同城交友”为名诱导裸聊后录屏敲诈，请广大群众提高警惕，遇到类似情况及时报警。</p>",
                       title="反诈提醒"),
    "anti-fraud-neutral-title": page("<p>案例三：受害人下载所谓“投注平台”APP，充值后无法提现，被骗8万元。</p>",
                                     title="第三季度案情通报"),
    "sports-lottery": page("<p>中国体育彩票竞彩足球、大乐透游戏规则调整公告，自即日起执行。</p>", title="体彩中心公告"),
    "welfare-lottery-draw": page("<p>双色球第2023088期开奖结果：红球 03 11 15 22 27 31，蓝球 09。</p>",
                                 title="福彩中心开奖公告"),
    "macao-place": page("<p>澳门特别行政区政府经济财政司代表团来我县考察，双方就文旅合作、会展经济进行交流。</p>",
                        title="澳门特区代表团来访"),
    "macao-travel": page("<p>赴澳门旅游请注意：澳门赌场禁止21岁以下人士进入，请游客理性消费。</p>",
                         title="港澳旅游提示"),
    "health-education": page("<p>艾滋病主要通过性接触、血液和母婴传播，避免一夜情等高危性行为，坚持使用安全套，"
                             "可到疾控中心免费检测。</p>", title="世界艾滋病日宣传"),
    "medical-notice": page("<p>县妇幼保健院开展乳腺癌、宫颈癌免费筛查，适龄妇女可携带身份证到院登记。</p>",
                           title="两癌筛查通知"),
    "adult-education": page("<p>成人高等教育学历、成人高考报名点设在县职教中心，咨询电话见附件。</p>", title="成人教育"),
    "elderly-games": page("<p>老年活动中心举办门球、地滚球、象棋比赛，欢迎老年朋友报名参加。</p>", title="老年体育"),
    "market-regulation": page("<p>开展娱乐场所、网吧专项检查，督促落实未成年人保护和实名登记制度。</p>", title="文化市场执法"),
    "vegetable-prices": page("<p>本周蔬菜价格：菠菜4.2元/斤，白菜1.5元/斤，皇冠梨6元/斤。</p>", title="农产品价格监测"),
    "av-equipment": page("<p>县融媒体中心AV设备采购项目中标公告：BC级供应商，预算32万元。</p>", title="中标公告"),
    "enthusiasm": page("<p>广大干部职工以饱满的激情投入工作，掀起学习热潮，确保年度目标任务完成。</p>", title="工作动态"),
}


@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_lookalikes_are_not_spam(name: str) -> None:
    assert spam(LOOKALIKES[name]) == [], name


def test_ascii_words_must_be_letters_and_digits() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        Lexicon.from_dict({"ascii": [{"category": "gambling", "weight": 1, "terms": ["b-c"]}]})
