"""Soft 404 detection and its look-alikes."""

from __future__ import annotations

import pytest

from govinspect.extract.soft404 import is_soft404

HOME = "http://www.example.gov.cn/"


@pytest.mark.parametrize(("title", "text"), [
    ("404 Not Found", "nginx"),
    ("页面不存在", ""),
    ("提示信息", "对不起，您访问的页面不存在或已被删除！ 返回首页"),
    ("错误提示", "该信息不存在 5秒后自动返回"),
    ("找不到页面 - 某某市人民政府", "返回首页"),
    ("", "Not Found The requested URL was not found on this server."),
])
def test_not_found_pages(title: str, text: str) -> None:
    assert is_soft404(title, text, HOME + "a.html", HOME, HOME + "a.html")


def test_redirect_to_homepage_is_soft404() -> None:
    assert is_soft404("某某市人民政府", "首页 " * 200, HOME, HOME, HOME + "art/2020/1/1/art_1_2.html")
    assert is_soft404("首页", "x" * 1000, "http://example.gov.cn/index.html", HOME, HOME + "gone.html")


LONG = "本文讨论了当前工作中存在的问题以及不存在的问题。" * 40


@pytest.mark.parametrize(("title", "text", "final", "requested"), [
    # an article that mentions 404 (a decree number) or 不存在的问题 in a long body
    ("国务院令第404号", "正文" * 300, HOME + "a.html", HOME + "a.html"),
    ("关于404个项目的通知", "正文" * 300, HOME + "a.html", HOME + "a.html"),
    ("关于整改工作的通知", LONG, HOME + "a.html", HOME + "a.html"),
    ("2024年工作报告", "页面不存在的情形" + "正文内容" * 200, HOME + "a.html", HOME + "a.html"),
    # the homepage itself, under another of its names
    ("某某市人民政府", "首页", HOME + "index.html", "http://example.gov.cn/"),
    ("某某市人民政府", "首页", HOME, HOME),
    # a redirect elsewhere than home
    ("新地址", "正文" * 300, HOME + "new.html", HOME + "old.html"),
])
def test_look_alikes(title: str, text: str, final: str, requested: str) -> None:
    assert not is_soft404(title, text, final, HOME, requested)
