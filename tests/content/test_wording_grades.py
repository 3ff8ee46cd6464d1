"""W-V1a leader names and formulations in new wording: what is found, how it is graded (firm = a
veto without review, review = an inspector decides) and the look-alikes that must stay quiet.

The sentences are written for these tests (not the demo farm's): other leaders, other
substitutions (near-homophones, shape-alikes), other contexts (同志, 在…, a named thought, the
correct name elsewhere in the passage), unusual quotes, spaces and full-width numerals."""

from __future__ import annotations

from datetime import date

import pytest

from govinspect.content.check import ContentChecker
from govinspect.content.leader_names import confusable, fuzzy_sounds, rare_surname
from govinspect.content.wording import WordingChecker
from tests.content.test_wording import checker, found

__all__ = ["checker"]  # the shared fixture
D2024 = date(2024, 9, 10)


# -- leader names --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    # any context, not only before a title: 同志 / 在 after a rare surname's name
    ("习劲平同志在黑龙江考察时强调，要牢牢把握战略定位。", ("习劲平", "习近平", "firm")),
    ("今年以来，习进平在多个场合对乡村振兴作出部署。", ("习进平", "习近平", "firm")),
    # a named thought after it; a near-homophone (jing for jin)
    ("全市上下深入学习领会习京平新时代中国特色社会主义思想。", ("习京平", "习近平", "firm")),
    # a shape-alike (评 for 平) next to a title
    ("习近评总书记的重要回信在干部群众中引起强烈反响。", ("习近评", "习近平", "firm")),
    # titles before and after, for other leaders
    ("国务院总理李锵在国务院常务会议上指出，要稳定就业。", ("李锵", "李强", "firm")),
    ("李蔷总理主持召开国务院常务会议。", ("李蔷", "李强", "firm")),
    ("十四届全国人大常委会委员长赵乐计出席闭幕会。", ("赵乐计", "赵乐际", "firm")),
    ("国务院副总理丁薜祥出席开幕式并致辞。", ("丁薜祥", "丁薛祥", "firm")),
    ("全国政协主席王护宁主持会议。", ("王护宁", "王沪宁", "firm")),
    ("国务院副总理张国勤出席会议。", ("张国勤", "张国清", "firm")),  # qin for qing
    ("国务院副总理丁薛祥、何立锋出席开幕式。", ("何立锋", "何立峰", "firm")),  # one title, a list of names
    # the correct name elsewhere in the same passage
    ("何立峰在座谈会上讲话，会后何立锋还考察了港口。", ("何立锋", "何立峰", "firm")),
    # review: a former leader; a common surname in a sentence about the central leadership;
    # a two-character name with the leader's title in the sentence but not next to it
    ("栗战输在会上讲话。", ("栗战输", "栗战书", "review")),
    ("在党中央坚强领导下，刘国忠同志对防汛工作作出部署。", ("刘国忠", "刘国中", "review")),
    ("国务院总理、党组书记李墙出席。", ("李墙", "李强", "review")),
    ("2018年国务院副总理刘和出席论坛。", ("刘和", "刘鹤", "review")),  # not in office in 2024
])
def test_leader_name_found_and_graded(checker: WordingChecker, text: str, expected: tuple[str, str, str]) -> None:
    assert found(checker, text) == [("leader-name", *expected)]


def test_firm_only_while_the_leader_is_in_office(checker: WordingChecker) -> None:
    text = "国务院总理李墙主持召开会议。"
    assert found(checker, text, date(2024, 1, 5))[0][3] == "firm"
    assert found(checker, text, date(2020, 1, 5))[0][3] == "review"  # 李强 was not 总理 then
    assert found(checker, "李克墙总理主持召开常务会议。", date(2019, 5, 1))[0][3] == "firm"
    assert found(checker, "李克墙总理主持召开常务会议。", D2024)[0][3] == "review"


@pytest.mark.parametrize("text", [
    # the correct names, in any context
    "习近平同志在黑龙江考察时强调，要牢牢把握战略定位。",
    "国务院副总理张国清、何立峰出席会议。",
    # ordinary people who share a leader's surname, some with homophone given names
    "会议由区长李蔷主持，村党支部书记张国庆、刘国忠参加。",
    "张国青同志当选村委会主任。",
    "何丽峰老师获评优秀教师，赵乐吉同学获得一等奖。",
    "刘国忠主席出席县政协会议。",  # a common surname next to a title local officials hold too
    "副市长王强、李蔷、张国青出席。",  # a list after a local title
    "李强同学获得三好学生称号。",
    # ordinary words that sound like a name, next to leaders' names
    "国务院总理李强强调，要不断增强实力，强化基础。",
    "学习金平县的经验，推进平安建设。",
    "微风习习，近平湖畔游人如织。",
    "国务院副总理丁薛祥指出，要详细研究。",
])
def test_leader_name_look_alikes_not_flagged(checker: WordingChecker, text: str) -> None:
    assert [f for f in found(checker, text) if f[0] == "leader-name"] == []


def test_confusion_sets_cover_sound_near_sound_and_shape() -> None:
    assert {"进", "劲", "京"} <= confusable("近")  # same sound; jing ~ jin
    assert {"薜"} <= confusable("薛") and "评" in confusable("平")  # our shape list
    assert fuzzy_sounds("京") & fuzzy_sounds("金")
    assert not fuzzy_sounds("京") & fuzzy_sounds("平")
    assert rare_surname("习") and not rare_surname("张")


# -- formulations --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("全体干部要牢固树立‘三个意识’，提高政治站位。", [("三个意识", "四个意识", "firm")]),
    ("把“两个确立”、「三个维护」落到实处。", [("三个维护", "两个维护", "firm")]),
    ("党员干部要坚定『五个自信』。", [("五个自信", "四个自信", "firm")]),
    ("深刻领悟“三个确立”的决定性意义。", [("三个确立", "两个确立", "firm")]),
    ('协调推进"三 个 全 面"战略布局', [("三 个 全 面", "四个全面", "firm")]),
    ("为实现三个一百年奋斗目标而努力", [("三个一百年", "两个一百年", "firm")]),
    ("三个自信（道路自信、理论自信、制度自信、文化自信）", [("三个自信", "四个自信", "firm")]),
    # review: once right (before 2016), no other formulation beside it; a numeral not as written
    ("广大青年要坚定三个自信，勇担使命。", [("三个自信", "四个自信", "review")]),
    ("牢记“二个务必”，坚决做到２个维护", [("２个维护", "两个维护", "review")]),
    ("增强四个意识，即政治意识、核心意识、大局意识、看齐意识", [
        ("政治意识、核心意识、大局意识、看齐意识", "政治意识、大局意识、核心意识、看齐意识", "review")]),
    ("树牢四个意识（政治意识、大局意识、核心意识、看其意识）", [("看其意识", "看齐意识", "firm")]),
    # the right count, a confusable character after it
    ("深刻领悟“两个确力”的决定性意义", [("两个确力", "两个确立", "firm")]),
    ("统筹推进“五位一休”总体布局", [("五位一休", "五位一体", "firm")]),
    ("增强“四个意思”、坚定“四个自信”", [("四个意思", "四个意识", "firm")]),
    ("践行三严三石要求", [("三严三石", "三严三实", "review")]),
])
def test_formulation_found_and_graded(checker: WordingChecker, text: str,
                                      expected: list[tuple[str, str, str]]) -> None:
    assert [f[1:] for f in found(checker, text)] == expected


@pytest.mark.parametrize(("text", "on"), [
    ("增强 “四个意识”、坚定 ‘四个自信’、做到「两个维护」，深刻领悟『两个确立』。", D2024),
    ('坚持"四 个 全 面"战略布局和“五位一体”总体布局', D2024),
    ("十八大以来，我们从三个自信拓展为四个自信。", D2024),  # history
    ("2012年，党的十八大报告提出坚定三个自信。", D2024),  # history, with a year before 2016
    ("坚定三个自信，走好自己的路。", date(2014, 9, 1)),  # right on the page's date
    ("树立“三个意识”：服务意识、责任意识、担当意识。", D2024),  # a local formulation of its own
    ("推动三个全面提升，实现三个自信心的飞跃。", D2024),  # longer phrases
    ("坚持“三位一体”工作机制，做到三个结合。", D2024),  # ordinary words, generic phrases
    ("坚定四个自信，打好全市五大攻坚战，开展三学一做。", D2024),  # local campaigns, not listed with it
    ("工作中要坚持三项基本原则。第三个代表团发言。", D2024),  # a regulation's own; an ordinal
    ("增强四个意识，不是只树牢三个意识。", D2024),  # set against the right form
    ("他在讲话中讲了四个意思。", D2024),  # an ordinary phrase, no context
    ("四个全面（全面建成小康社会、全面深化改革、全面依法治国、全面从严治党）", date(2019, 1, 1)),
])
def test_formulation_look_alikes_not_flagged(checker: WordingChecker, text: str, on: date) -> None:
    assert found(checker, text, on) == []


def test_full_width_and_zero_width_text_through_the_content_checker() -> None:
    """ContentChecker normalises first: full-width digits, zero-width spaces and traditional
    characters reach the formulation check, and offsets point back into the original."""
    content = ContentChecker(("W-V1a",))
    text = "全体党员要坚定“３\u200b个自\u3000信”，增强四个意识。"
    [p] = content.check(text, "page", on=D2024)
    assert (p.category, p.suggestion, p.review) == ("formulation", "四个自信", False)
    assert text[p.start:p.end] == p.text and p.text.startswith("３")
    [q] = content.check("學習習進平同志的重要講話", "page", on=D2024)
    assert (q.text, q.suggestion, q.review) == ("習進平", "习近平", False)
