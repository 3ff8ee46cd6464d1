"""M-V1a, M-V1c, M-D6: the website text engines on posts (new wording, not the demo's)."""

from __future__ import annotations

from govinspect.config import load_config
from govinspect.media.model import Account, MenuItem, Post
from govinspect.rules.website.w_d12_typos import website_params
from tests.media.builders import account, data, post, run, snapshot


def test_m_v1a_wrong_formulation_in_a_post_body() -> None:
    p = post(2, title="县委理论学习中心组集体学习", text="会议要求，全体党员要增强“四个意识”、坚定“三个自信”、做到“两个维护”。")
    [f] = run(snapshot(data([p])), "M-V1a")
    assert f.review and f.details["suggestion"] == "四个自信" and f.url == p.url


def test_m_v1a_correct_forms_pass() -> None:
    p = post(2, text="增强“四个意识”、坚定“四个自信”、做到“两个维护”，推动工作落实。")
    assert run(snapshot(data([p])), "M-V1a") == []


def test_m_v1c_gambling_spam_in_a_post_title() -> None:
    spam = post(1, title="真人百家乐在线娱乐城注册送彩金", text="点击进入官网下载app")
    [f] = run(snapshot(data([spam, post(2)])), "M-V1c")
    assert f.review and f.details["hits"][0]["category"] == "gambling" and f.url == spam.url


def test_m_v1c_post_about_fighting_gambling_is_not_spam() -> None:
    news = post(1, title="县公安局严厉打击跨境网络赌博犯罪",
                text="警方破获一起利用百家乐、真人娱乐城等网站组织赌博的案件，提醒群众远离网络赌博。")
    lottery = post(3, title="体育彩票公益金使用情况公告", text="本年度体育彩票公益金用于全民健身设施建设。")
    travel = post(5, title="港澳通行证办理指南", text="前往澳门旅游的市民可在出入境大厅办理签注。")
    assert run(snapshot(data([news, lottery, travel])), "M-V1c") == []


def test_m_v1c_spam_menu_name() -> None:
    menus = [MenuItem("政务服务", children=[MenuItem("真人百家乐娱乐城", "http://127.0.0.1/x")])]
    [f] = run(snapshot(data([post(1)], menus=menus)), "M-V1c")
    assert f.details["menu"] == "真人百家乐娱乐城"


def test_m_d6_typo_in_a_post_and_clean_prose() -> None:
    typo = post(1, title="关于做好春季森林防火工作的通知",
                text="各乡镇要认真贯切落实春季森林防火各项措施，加强巡查，及时消除火灾隐患。")
    findings = run(snapshot(data([typo])), "M-D6")
    assert [(f.details["text"], f.details["suggestion"]) for f in findings] == [("切", "彻")] and findings[0].review
    clean = post(1, text="各乡镇要认真贯彻落实春季森林防火各项措施，加强巡查，及时消除火灾隐患。")
    assert run(snapshot(data([clean])), "M-D6") == []


def test_m_d6_the_accounts_own_names_pass() -> None:
    # A name of the account's own (here its 开设主体) is protected, however it is written.
    named = post(1, title="通知", text="澄溪县稻蜜农业发展中心召开例会，研究近期重点任务。")
    assert run(snapshot(data([named])), "M-D6") != []
    assert run(snapshot(data([named]), account(sponsor="澄溪县稻蜜农业发展中心")), "M-D6") == []


# ---- M-D6 at W-D12's website setting (post wording of our own, not the demo's) ----------------

def _typos(posts: list[Post], acc: Account | None = None) -> list[tuple[str, str]]:
    return [(f.details["text"], f.details["suggestion"]) for f in run(snapshot(data(posts), acc), "M-D6")]


def test_m_d6_uses_the_website_setting_of_w_d12() -> None:
    config = load_config("/nonexistent-home")
    posts, pages = config.rule("M-D6"), config.rule("W-D12")
    assert website_params(posts) == website_params(pages)
    assert posts["min_confidence"] == pages["min_confidence"] and posts["site_term_lines"] == pages["site_term_lines"]


def test_m_d6_real_slips_in_a_title_and_a_body_are_found() -> None:
    meeting = post(3, title="县医保局召开专题会议", text="会议要求，认真学习贯切落实全省医疗保障工作会议精神。")
    pledge = post(5, title="我们将一如继往地支持民营企业发展", text="座谈会上，企业代表畅所欲言。")
    found = run(snapshot(data([meeting, pledge])), "M-D6")
    assert sorted((f.details["text"], f.details["suggestion"], f.url) for f in found) == [
        ("切", "彻", meeting.url), ("继", "既", pledge.url)]
    assert all(f.review for f in found)


def test_m_d6_terms_the_draft_setting_misread_are_not_flagged() -> None:
    # 危化品 and 酒驾醉驾 were "typos" at M-D6's former setting (threshold 6, confidence 0.6)
    posts = [post(1, title="应急管理局开展安全生产大检查",
                  text="县应急管理局对全县危化品企业开展安全生产大检查，发现隐患问题32处，已全部整改到位。"),
             post(2, title="交警大队通报一季度路面执法情况", text="今年以来共查处酒驾醉驾违法行为36起，同比下降两成。")]
    assert _typos(posts) == []


def test_m_d6_measure_words_are_not_flagged() -> None:
    posts = [post(1, title="一季度矛盾纠纷化解成效", text="全年调处矛盾纠纷212宗，调解成功率98%。"),
             post(2, title="民生实事", text="一桩桩民生实事落地见效，一张张笑脸写满幸福。一项项惠民政策落到了群众心坎上。"),
             post(3, title="疫苗接种", text="累计接种加强针4.7万剂，共出动医务人员320人次。")]
    assert _typos(posts) == []


def test_m_d6_a_person_one_post_names_with_a_title_is_protected_in_the_other_posts() -> None:
    alone = post(2, title="合作社里的丰收季", text="今年以来，田长治家的合作社带动了周边农户增收。")
    # Alone the name reads as a slip (长治 → 长制, as in 河长制) ...
    assert _typos([alone]) == [("治", "制")]
    # ... but another post of the account names him by his role, so he is a person here.
    titled = post(6, title="驻村干部走访困难户", text="驻村第一书记田长治带领工作队走访了全村困难户。")
    assert _typos([alone, titled]) == []


def test_m_d6_a_coined_term_on_several_lines_of_the_account_is_its_own() -> None:
    texts = ["今年全县稻蜜香种植面积扩大到两万亩，带动农户增收。", "稻蜜香系列产品亮相省农博会，受到采购商青睐。",
             "记者从县农业农村局获悉，稻蜜香品牌入选省级区域公用品牌。"]
    posts = [post(i + 1, title=f"乡村振兴快讯（{i + 1}）", text=t) for i, t in enumerate(texts)]
    # In one post the brand reads as a slip for 稻米 ...
    assert _typos(posts[:1]) == [("蜜", "米")]
    # ... written in term_paragraphs (2) texts of the account it is the account's own term.
    assert _typos(posts[:2]) == []
    assert _typos(posts) == []
    # The same text reposted is one line of the account, not three.
    reposts = [post(i + 1, title="转发", text=texts[0]) for i in range(3)]
    assert _typos(reposts) == [("蜜", "米")]
