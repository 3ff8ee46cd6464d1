"""M-V1a, M-V1c, M-D6: the website text engines on posts (new wording, not the demo's)."""

from __future__ import annotations

from govinspect.media.model import MenuItem
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
                text="各乡镇要认真布署春季森林防火工作，加强巡查，及时消除火灾隐患。")
    findings = run(snapshot(data([typo])), "M-D6")
    assert [(f.details["text"], f.details["suggestion"]) for f in findings] == [("布", "部")] and findings[0].review
    clean = post(1, text="各乡镇要认真部署春季森林防火工作，加强巡查，及时消除火灾隐患。")
    assert run(snapshot(data([clean])), "M-D6") == []



def test_m_d6_the_accounts_own_names_and_a_term_of_several_posts_pass() -> None:
    texts = ["各村要认真布署秋季秸秆禁烧工作，落实网格责任。", "街道认真布署汛期安全工作，开展隐患排查。",
             "县教育局认真布署开学准备工作，做好校园安全检查。"]
    repeated = [post(i + 1, title=f"工作动态{i}", text=t) for i, t in enumerate(texts)]
    # One post alone is reported ...
    assert run(snapshot(data(repeated[:1])), "M-D6") != []
    # ... the same spelling in term_posts (3) posts is the account's own usage, not a slip.
    assert run(snapshot(data(repeated)), "M-D6") == []
    # A name of the account's own (here its 开设主体) is protected, however it is written.
    named = post(1, title="通知", text="澄溪县布署工作专班办公室召开例会，研究近期重点任务。")
    assert run(snapshot(data([named])), "M-D6") != []
    assert run(snapshot(data([named]), account(sponsor="澄溪县布署工作专班办公室")), "M-D6") == []
