"""M-D2 与名录不一致 and M-D3 同一平台重复开设: must find, must not flag."""

from __future__ import annotations

from govinspect.media.model import AccountStatus, Platform, Profile
from tests.media.builders import account, data, post, run, snapshot


def test_m_d2_closed_but_still_posting() -> None:
    closed = account(status=AccountStatus.CLOSED)
    [f] = run(snapshot(data([post(3), post(9)]), closed), "M-D2")
    assert f.details["kind"] == "closed-but-posting" and f.details["recent_posts"] == 2


def test_m_d2_closed_and_silent_passes() -> None:
    closed = account(status=AccountStatus.CLOSED)
    assert run(snapshot(data([post(60)]), closed), "M-D2") == []


def test_m_d2_renamed_and_entity() -> None:
    renamed = data([post(1)], profile=Profile(name="澄溪县发布", entity="澄溪县人民政府办公室"))
    [f] = run(snapshot(renamed), "M-D2")
    assert f.details == {"kind": "renamed", "registry": "澄溪发布", "actual": "澄溪县发布"}
    other = data([post(1)], profile=Profile(name="澄溪发布", entity="某某文化传媒有限公司"))
    [g] = run(snapshot(other), "M-D2")
    assert g.details["kind"] == "entity-differs" and g.review


def test_m_d2_same_name_in_other_width_or_spacing_and_short_entity_pass() -> None:
    same = data([post(1)], profile=Profile(name="澄溪 发布", entity="澄溪县人民政府办公室"))
    assert run(snapshot(same), "M-D2") == []
    short = data([post(1)], profile=Profile(name="澄溪发布", entity="澄溪县人民政府"))  # the sponsor names it
    assert run(snapshot(short), "M-D2") == []
    no_profile = data([post(1)])
    assert run(snapshot(no_profile), "M-D2") == []


def test_m_d3_one_unit_two_wechat_accounts() -> None:
    a = account("健康澄溪", sponsor="澄溪县卫生健康局", account_id="gh_a1")
    b = account("澄溪卫健", sponsor="澄溪县卫生健康局 ", account_id="gh_a2")
    registry = [a, b, account()]
    [f] = run(snapshot(data([post(1)]), a, registry=registry), "M-D3")
    assert [x["code"] for x in f.details["accounts"]] == ["微信:gh_a1", "微信:gh_a2"]


def test_m_d3_not_flagged() -> None:
    a = account("健康澄溪", sponsor="澄溪县卫生健康局", account_id="gh_a1")
    weibo = account("健康澄溪", platform=Platform.WEIBO, sponsor="澄溪县卫生健康局", account_id="60001")
    similar = account("澄溪卫监", sponsor="澄溪县卫生监督所", account_id="gh_a3")
    closed = account("澄溪卫健旧号", sponsor="澄溪县卫生健康局", account_id="gh_a4", status=AccountStatus.CLOSED)
    assert run(snapshot(data([post(1)]), a, registry=[a, weibo, similar, closed]), "M-D3") == []
    apps = [account("澄溪通", platform=Platform.OTHER, sponsor="澄溪县政务服务中心", account_id=f"app{i}") for i in (1, 2)]
    assert run(snapshot(data([post(1)]), apps[0], registry=apps), "M-D3") == []


def test_m_d3_needs_no_data() -> None:
    a = account("健康澄溪", sponsor="澄溪县卫生健康局", account_id="gh_a1")
    b = account("澄溪卫健", sponsor="澄溪县卫生健康局", account_id="gh_a2")
    assert len(run(snapshot(None, a, registry=[a, b]), "M-D3")) == 1
