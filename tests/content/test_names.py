"""Name, organisation and measure-word spans that the typo detector must not "correct"."""

from __future__ import annotations

import pytest

from govinspect.content.names import measure_word_spans, org_name_spans, person_name_spans


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize(("text", "names"), [
    ("航天员景海鹏、刘洋密切监视飞船仪表", ["景海鹏", "刘洋"]),
    ("随后，刘旺、刘洋依次进驻", ["刘旺", "刘洋"]),
    ("郭金严　　市公安局副局长", ["郭金严"]),
    ("会议由李洁同志主持", ["李洁"]),
    ("王伟民（市财政局）作了发言", ["王伟民"]),
    ("出席会议的有张萍、李洁、王昕等", ["张萍", "李洁", "王昕"]),
    # by-lines of news pages
    ("（程野 摄）", ["程野"]),
    ("文/程野 图/余民", ["程野", "余民"]),
    ("撰稿：程野 审核：余民 责任编辑：董国", ["程野", "余民", "董国"]),
    # people named by their role in a story
    ("新力村2组居民郝丽艳，二十年如一日", ["郝丽艳"]),
    ("志愿者程野、余民主动参与疫情防控", ["程野", "余民"]),
])
def test_names_the_prose_marks(text: str, names: list[str]) -> None:
    assert set(names) <= set(_texts(text, person_name_spans(text)))


@pytest.mark.parametrize("text", [
    "严禁伪造、变造、隐匿、涂改、销毁医学文书",  # a list of verbs, not names
    "推进义务教育阶段中小学校舍改造",
    "各地区各部门要认真贯彻落实党中央决策部署",
])
def test_prose_is_not_taken_for_names(text: str) -> None:
    vocabulary = {"伪造", "变造", "隐匿", "涂改", "销毁"}
    assert person_name_spans(text, vocabulary) == []


def test_a_list_item_that_is_a_known_word_is_not_a_name() -> None:
    text = "严禁隐匿、余改、销毁医学文书"  # 余改 is surname-led but its neighbours are verbs
    assert person_name_spans(text, {"隐匿", "销毁"}) == []


def test_organisation_names_before_their_suffix() -> None:
    text = "中国一冶集团有限公司承建，湖南佳惠百货有限责任公司协办"
    found = _texts(text, org_name_spans(text))
    assert "中国一冶" in found and "湖南佳惠" in found
    assert org_name_spans("推进义务教育阶段中小学校舍改造") == []


def test_measure_words_after_numerals_and_reduplicated() -> None:
    text = "接种3剂，一项项落实，二等奖"
    assert _texts(text, measure_word_spans(text)) == ["剂", "项项"]
    assert measure_word_spans("二登奖") == []  # 登 is no measure word: a typo stays visible
