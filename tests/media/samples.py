"""Account data in every supported format, written for these tests (fictional 澄溪县 accounts)."""

from __future__ import annotations

import json
from typing import Any

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>澄溪应急</title><link>http://127.0.0.1/</link>
<description>澄溪县应急管理局</description>
<item><title>澄溪县开展汛前安全隐患排查</title><link>http://127.0.0.1/p/3</link>
<description><![CDATA[<p>近日，县应急管理局组织<b>汛前</b>检查。</p>]]></description>
<pubDate>Fri, 19 Mar 2021 16:20:00 +0800</pubDate></item>
<item><title>春季森林防火提示</title><link>http://127.0.0.1/p/2</link>
<description>进入春季，天干物燥。</description><pubDate>Mon, 08 Mar 2021 09:00:00</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>澄溪水务</title><id>urn:chengxi:water</id>
<updated>2021-03-18T02:00:00Z</updated>
<entry><title>城区部分路段临时停水通知</title><id>urn:1</id><link href="http://127.0.0.1/w/1"/>
<published>2021-03-18T02:00:00Z</published><updated>2021-03-18T02:00:00Z</updated>
<content type="html">&lt;p&gt;因管网改造，3月20日城区部分路段停水。&lt;/p&gt;</content></entry>
</feed>"""

JSON_FEED = {"version": "https://jsonfeed.org/version/1.1", "title": "澄溪教育",
             "items": [{"id": "7", "title": "2021年春季学期开学须知", "url": "http://127.0.0.1/e/7",
                        "content_html": "<p>请家长注意以下事项。</p>", "date_published": "2021-02-27T08:00:00+08:00"},
                       {"id": "6", "title": "寒假安全告家长书", "content_text": "寒假将至。",
                        "date_published": "2021-01-20T08:00:00+08:00"}]}


def snapshot(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": "govinspect-account-snapshot/1",
        "account": {"platform": "微信", "id": "gh_5b1e0c7a9f22", "name": "澄溪发布", "entity": "澄溪县人民政府办公室"},
        "interaction": {"留言": True, "私信": False},
        "menus": [{"name": "政务公开", "children": [{"name": "政策文件", "url": "http://127.0.0.1/zc/"}]},
                  {"name": "我要咨询", "url": "http://127.0.0.1/zx/"}],
        "posts": [{"title": "县政府常务会议研究部署春耕生产", "text": "会议指出，要抓好春耕备耕。",
                   "url": "http://127.0.0.1/s/1", "published": "2021-03-15 18:00",
                   "comments": [{"author": "网友甲", "text": "化肥补贴什么时候发放？", "at": "2021-03-15 20:00",
                                 "replies": [{"text": "预计3月底前发放。", "at": "2021-03-16 09:00"}]}]}],
    }
    doc.update(overrides)
    return doc


def dumps(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


CSV_EXPORT = ("标题,正文,链接,发布时间,评论数,回复数\n"
              "澄溪县启动义务植树活动,全县干部群众参加植树。,http://127.0.0.1/v/2,2021-03-12 10:00,4,1\n"
              "一分钟了解垃圾分类,可回收物投放指南。,http://127.0.0.1/v/1,1614556800,0,0\n")

JSONL_EXPORT = (
    '{"title": "澄溪县图书馆恢复开放", "content": "即日起恢复开放。", "date": "2021-03-11T09:00:00+08:00"}\n'
    '\n'
    '{"title": "读书月活动报名", "content": "欢迎报名。", "date": "2021-03-01 09:00"}\n')
