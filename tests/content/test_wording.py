"""严重表述错误 (W-V1a) checks on plain text: must find, must not flag."""

from __future__ import annotations

from datetime import date

import pytest

from govinspect.content.wording import WordingChecker, load_lexicon

D2024 = date(2024, 5, 1)


@pytest.fixture(scope="module")
def checker() -> WordingChecker:
    return WordingChecker()


def found(checker: WordingChecker, text: str, on: date = D2024) -> list[tuple[str, str, str, str]]:
    """(category, text as written, correct form, grade): firm = a veto without review."""
    return [(p.category, p.text, p.suggestion, "review" if p.review else "firm")
            for p in checker.check(text, "loc", on=on)]


@pytest.mark.parametrize(("text", "expected"), [
    ("要增强四个意识、坚定三个自信、做到两个维护。", [("formulation", "三个自信", "四个自信", "firm")]),
    ("树牢“三个意识”，做到“二个维护”。", [("formulation", "三个意识", "四个意识", "firm"),
                                        ("formulation", "二个维护", "两个维护", "review")]),
    ("统筹推进四位一体总体布局", [("formulation", "四位一体", "五位一体", "review")]),
    ("增强四个意识（政治意识、大局意识、核心意识、看起意识）", [("formulation", "看起意识", "看齐意识", "firm")]),
    ("习进平总书记在会上强调", [("leader-name", "习进平", "习近平", "firm")]),
    ("国务院总理李墙主持召开常务会议", [("leader-name", "李墙", "李强", "firm")]),
    ("国务院副总理李强出席会议", [("leader-title", "国务院副总理李强", "国务院总理", "review")]),
    ("丁薛祥总理出席", [("leader-title", "丁薛祥总理", "国务院副总理", "review")]),
    ("国务院总理李克强主持会议", [("leader-title", "国务院总理李克强", "原国务院总理", "review")]),
    ("欢迎台湾国游客", [("region-name", "台湾国", "中国台湾 / 台湾地区", "review")]),
    ("台湾总统发表讲话", [("region-name", "台湾总统", "台湾地区领导人", "review")]),
    ("美国、日本、台湾等国家", [("region-name", "台湾等国家", "……等国家和地区", "review")]),
    ("司法部部长傅政华出席", [("fallen-official", "傅政华", "原司法部部长傅政华", "review")]),
])
def test_finds(checker: WordingChecker, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert found(checker, text) == expected
    for p in checker.check(text, "loc", on=D2024):
        assert p.rule == "W-V1a" and p.severity == "veto"
        assert text[p.start:p.end] == p.text
        assert p.location == "loc"


@pytest.mark.parametrize(("text", "on"), [
    ("增强“四个意识”、坚定“四个自信”、做到“两个维护”，深刻领悟“两个确立”。", D2024),
    ("统筹推进“五位一体”总体布局、协调推进“四个全面”战略布局", D2024),
    ("坚定道路自信、理论自信、制度自信，即三个自信。", date(2015, 6, 1)),  # before 文化自信 (2016-07-01)
    ("实现三个全面覆盖", D2024),  # another phrase
    ("习近平总书记强调", D2024),
    ("国务院总理李强主持召开国务院常务会议", D2024),
    ("李强总理、丁薛祥副总理出席", D2024),
    ("国务院总理李克强主持会议", date(2020, 1, 1)),  # right on the page's date
    ("原国务院总理李克强同志", D2024),
    ("2018年，时任国务院副总理韩正出席", D2024),
    ("台湾地区、中国香港、澳门特别行政区", D2024),
    ("台湾国际机场、香港国际机场", D2024),
    ("美国、日本等国家和中国台湾地区", D2024),
    ("原司法部部长傅政华严重违纪违法被开除党籍", D2024),
    ("司法部部长傅政华出席", date(2020, 1, 1)),  # before the investigation
    ("李强同学获得三好学生", D2024),  # a name without a leader's title
])
def test_look_alikes_not_flagged(checker: WordingChecker, text: str, on: date) -> None:
    assert found(checker, text, on) == []


def test_lexicon_is_dated_and_documented() -> None:
    lex = load_lexicon()
    assert {f.name for f in lex.formulations} >= {"四个意识", "四个自信", "两个维护", "两个确立", "四个全面", "五位一体"}
    for leader in lex.leaders:
        assert leader.titles and all(t.end is None or t.start < t.end for t in leader.titles)
    assert "习近平" in lex.protected_names
