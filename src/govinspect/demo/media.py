"""The demo farm's new-media half (政务新媒体): a feed bridge host serving RSS, Atom, JSON Feed and
account snapshots for the fictional 示范市 accounts, with planted defects and look-alikes.

Every date counts back from the farm's monitoring point, so the defects hold for any ``as_of``.
``ACCOUNT_EXPECTATIONS`` says what an inspection must find and must not flag per account.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.utils import format_datetime
from typing import Any

from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.timeutil import CHINA_TZ

MEDIA_HOST = "rss.shifan.gov.cn"  # the province's feed bridge (a fictional RSSHub-like service)
_BASE = f"http://{MEDIA_HOST}"


def _slug(text: str) -> int:
    return zlib.crc32(text.encode()) % 10**6  # stable across processes (hash() is salted)


@dataclass
class MediaPage:
    body: bytes
    content_type: str


@dataclass
class AccountExpectation:
    code: str
    must_find: dict[str, str]
    must_not_find: dict[str, str]
    verdict: str = "pass"  # "pass" | "fail" | "not_assessable"
    pending_review: list[str] = field(default_factory=list)


@dataclass
class DemoMedia:
    accounts: list[Account]
    pages: dict[str, MediaPage]
    expectations: list[AccountExpectation]


class _Clock:
    def __init__(self, as_of: date) -> None:
        self.point = datetime.combine(as_of, time(), CHINA_TZ)

    def at(self, days_before: float, hour: int = 10) -> datetime:
        return (self.point - timedelta(days=days_before)).replace(hour=hour, minute=5)


def _rss(title: str, items: list[tuple[str, str, datetime]], *, zone: bool = True) -> bytes:
    def when(dt: datetime) -> str:
        text = format_datetime(dt)
        return text.rsplit(" ", 1)[0] if not zone else text  # some bridges drop the zone: China time

    body = "".join(f"<item><title>{t}</title><link>{_BASE}/p/{_slug(t)}</link>"
                   f"<description><![CDATA[<p>{d}</p>]]></description><pubDate>{when(dt)}</pubDate></item>"
                   for t, d, dt in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title} - 微博</title>'
            f"<link>{_BASE}/</link><description>{title}</description>{body}</channel></rss>").encode()


def _atom(title: str, items: list[tuple[str, str, datetime]]) -> bytes:
    entries = "".join(f"<entry><title>{t}</title><id>urn:demo:{i}</id><link href=\"{_BASE}/a/{i}\"/>"
                      f"<published>{dt.isoformat()}</published><updated>{dt.isoformat()}</updated>"
                      f"<content type=\"text\">{d}</content></entry>" for i, (t, d, dt) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:demo:{title}</id><updated>{items[0][2].isoformat()}</updated>{entries}</feed>").encode()


def _json_feed(title: str, items: list[tuple[str, str, datetime]]) -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title,
           "items": [{"id": str(i), "title": t, "content_text": d, "url": f"{_BASE}/j/{i}",
                      "date_published": dt.isoformat()} for i, (t, d, dt) in enumerate(items)]}
    return json.dumps(doc, ensure_ascii=False).encode()


def _snapshot(name: str, entity: str, *, interaction: dict[str, bool], menus: list[dict[str, Any]],
              posts: list[dict[str, Any]]) -> bytes:
    doc = {"schema": "govinspect-account-snapshot/1",
           "account": {"name": name, "entity": entity}, "interaction": interaction, "menus": menus, "posts": posts}
    return json.dumps(doc, ensure_ascii=False).encode()


def _post(title: str, text: str, dt: datetime, comments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": title, "text": text, "published": dt.strftime("%Y-%m-%d %H:%M"),
                           "url": f"{_BASE}/s/{_slug(title)}"}
    if comments is not None:
        out["comments"] = comments
    return out


def _comment(asked: datetime, reply_days: float | None) -> dict[str, Any]:
    replies = [] if reply_days is None else [{"text": "您好，已转交相关部门办理。",
                                              "at": (asked + timedelta(days=reply_days)).isoformat()}]
    return {"author": "市民", "text": "请问办理需要哪些材料？", "at": asked.isoformat(), "replies": replies}


def _account(name: str, platform: Platform, sponsor: str, account_id: str, path: str,
             status: AccountStatus = AccountStatus.RUNNING) -> Account:
    return Account(name=name, platform=platform, sponsor=sponsor, account_id=account_id, data_url=_BASE + path,
                   supervisor="示范市人民政府办公室", region="示范市", status=status)


def build_media(as_of: date) -> DemoMedia:
    c = _Clock(as_of)
    html = "text/html; charset=utf-8"
    pages: dict[str, MediaPage] = {
        "/menu/bszn.html": MediaPage("<html><body><h1>办事指南</h1></body></html>".encode(), html),
        "/menu/zxzx.html": MediaPage("<html><body><h1>在线咨询</h1></body></html>".encode(), html),
    }
    accounts: list[Account] = []
    expectations: list[AccountExpectation] = []

    # 1. compliant, with look-alikes: anti-gambling news, the correct formulation, weekly posting
    fabu = _account("示范发布", Platform.WECHAT, "示范市人民政府新闻办公室", "gh_sf0a1b2c3d4e", "/wechat/shifanfabu.json")
    posts = [_post("市公安局严厉打击跨境网络赌博", "警方捣毁一个以百家乐、真人娱乐城为名的网络赌博团伙，提醒市民远离赌博。",
                   c.at(2), [_comment(c.at(2, 12), 0.2), _comment(c.at(3), 0.5)]),
             _post("市委理论学习中心组举行集体学习", "会议强调，要增强“四个意识”、坚定“四个自信”、做到“两个维护”。", c.at(9), []),
             *[_post(f"示范市周末便民信息（第{i}期）", "本周末各公园正常开放。", c.at(16 + 7 * i), []) for i in range(6)]]
    pages["/wechat/shifanfabu.json"] = MediaPage(_snapshot(
        "示范发布", "示范市人民政府新闻办公室", interaction={"留言": True, "评论": True},
        menus=[{"name": "政务服务", "children": [{"name": "办事指南", "url": "/menu/bszn.html"}]},
               {"name": "互动", "children": [{"name": "在线咨询", "url": "/menu/zxzx.html"}]}], posts=posts), "application/json")
    accounts.append(fabu)
    expectations.append(AccountExpectation(fabu.code, {}, {
        "M-V1c": "打击网络赌博的新闻 / news about fighting gambling",
        "M-V1a": "正确的“四个自信” / the correct formulation",
        "M-V2": "2天前有更新 / a post 2 days ago", "M-V3": "留言已开通 / messages open",
        "M-D1": "菜单链接正常 / menu links work", "M-D4": "及时回复 / replies within a day",
        "M-D5": "每周更新 / weekly posting"}))

    # 2. stale Weibo account (RSS without time zone)
    yingji = _account("示范应急", Platform.WEIBO, "示范市应急管理局", "5012345678", "/weibo/5012345678.rss")
    pages["/weibo/5012345678.rss"] = MediaPage(_rss("示范应急", [
        ("防汛抗旱工作会议召开", "部署今年防汛工作。", c.at(20)),
        ("森林防火提示", "清明将至，注意防火。", c.at(34))], zone=False), "application/rss+xml")
    accounts.append(yingji)
    expectations.append(AccountExpectation(yingji.code, {"M-V2": "20天未更新 / no post for 20 days"}, {}, "fail"))

    # 3. no interaction, one dead menu link
    jiaotong = _account("示范交通", Platform.WECHAT, "示范市交通运输局", "gh_sf0jt0000001", "/wechat/jiaotong.json")
    pages["/wechat/jiaotong.json"] = MediaPage(_snapshot(
        "示范交通", "示范市交通运输局", interaction={"留言": False, "评论": False, "私信": False},
        menus=[{"name": "出行服务", "children": [{"name": "办事指南", "url": "/menu/bszn.html"},
                                               {"name": "公交线路", "url": "/menu/gjxl-2019.html"}]}],
        posts=[_post("春运期间公交线路调整公告", "部分线路调整。", c.at(3), [])]), "application/json")
    accounts.append(jiaotong)
    expectations.append(AccountExpectation(jiaotong.code, {
        "M-V3": "留言、评论、私信均未开通 / no interaction", "M-D1": "公交线路菜单链接失效 / a dead menu link"},
        {"M-V2": "3天前有更新 / a post 3 days ago"}, "fail"))

    # 4–5. one unit, two Douyin accounts; one posts just under every 14-day limit (踩点)
    weijian = _account("健康示范", Platform.DOUYIN, "示范市卫生健康委员会", "dy_jiankangshifan", "/douyin/jiankang.json")
    pages["/douyin/jiankang.json"] = MediaPage(_json_feed("健康示范", [
        (f"健康科普第{i}期", "科学防疫，人人有责。", c.at(5 + 13 * i)) for i in range(10)]), "application/feed+json")
    weijian2 = _account("示范卫健", Platform.DOUYIN, "示范市卫生健康委员会", "dy_shifanweijian", "/douyin/weijian.atom")
    pages["/douyin/weijian.atom"] = MediaPage(_atom("示范卫健", [
        (f"义诊活动走进社区（{i}）", "专家团队为居民义诊。", c.at(1 + 3 * i)) for i in range(12)]), "application/atom+xml")
    accounts += [weijian, weijian2]
    expectations.append(AccountExpectation(weijian.code, {
        "M-D5": "每13天更新一次 / a post every 13 days", "M-D3": "同一单位两个抖音号 / two Douyin accounts"},
        {"M-V2": "5天前有更新 / a post 5 days ago"}))
    expectations.append(AccountExpectation(weijian2.code, {"M-D3": "同一单位两个抖音号 / two Douyin accounts"},
                                           {"M-D5": "每3天更新 / a post every 3 days"}))

    # 6. hacked account: a gambling post; a wrong formulation (both need an inspector's review)
    wenlv = _account("示范文旅", Platform.WECHAT, "示范市文化广电旅游局", "gh_sf0wl0000001", "/wechat/wenlv.json")
    pages["/wechat/wenlv.json"] = MediaPage(_snapshot(
        "示范文旅", "示范市文化广电旅游局", interaction={"留言": True},
        menus=[{"name": "游示范", "children": [{"name": "在线咨询", "url": "/menu/zxzx.html"}]}],
        posts=[_post("真人百家乐娱乐城注册送彩金", "点击进入官网，下载app领取彩金。", c.at(1), []),
               _post("学习全会精神", "全市文旅系统要坚定“三个自信”，推动文旅融合发展。", c.at(6), [])]),
        "application/json")
    accounts.append(wenlv)
    expectations.append(AccountExpectation(wenlv.code, {"M-V1c": "赌博类标题 / a gambling title",
                                                        "M-V1a": "“三个自信”应为“四个自信”"},
                                           {"M-V2": "1天前有更新 / a post yesterday"},
                                           pending_review=["M-V1a", "M-V1c"]))

    # 7. closed in the registry, still posting
    jiuhao = _account("示范城管旧号", Platform.WEIBO, "示范市城市管理局", "5099999999", "/weibo/5099999999.rss",
                      status=AccountStatus.CLOSED)
    pages["/weibo/5099999999.rss"] = MediaPage(_rss("示范城管", [("占道经营专项整治", "整治行动持续进行。", c.at(4))]),
                                               "application/rss+xml")
    accounts.append(jiuhao)
    expectations.append(AccountExpectation(jiuhao.code, {"M-D2": "已关停仍在发布 / closed but posting"}, {}))

    # 8. slow replies
    minzheng = _account("示范民政", Platform.TOUTIAO, "示范市民政局", "tt_shifanminzheng", "/toutiao/minzheng.json")
    comments = [_comment(c.at(d), 12) for d in (10, 20, 30, 40)] + [_comment(c.at(d), None) for d in (5, 15)]
    pages["/toutiao/minzheng.json"] = MediaPage(_snapshot(
        "示范民政", "示范市民政局", interaction={"评论": True}, menus=[],
        posts=[_post("养老服务补贴申领指南", "符合条件的老人可申领。", c.at(2), comments)]), "application/json")
    accounts.append(minzheng)
    expectations.append(AccountExpectation(minzheng.code, {"M-D4": "回复慢且少 / slow and few replies"},
                                           {"M-V3": "评论已开通 / comments open"}))

    # 9. the bridge lost this account: its feed answers 404
    shuiwu = _account("示范水务", Platform.KUAISHOU, "示范市水务局", "ks_shifanshuiwu", "/kuaishou/shuiwu.rss")
    accounts.append(shuiwu)
    expectations.append(AccountExpectation(shuiwu.code, {}, {"M-V2": "无法采集，不能判定不更新 / not collected"},
                                           "not_assessable"))
    return DemoMedia(accounts, pages, expectations)
