"""错别字 detector: what it must find, and look-alikes it must not flag."""

from __future__ import annotations

import pytest

from govinspect.content.typos import (
    LOOK,
    MINOR_SOUND,
    SHAPE,
    SOUND,
    TypoChecker,
    TypoParams,
    confidence_of,
    load_model,
    slip_kind,
)


@pytest.fixture(scope="module")
def checker() -> TypoChecker:
    return TypoChecker(protected_terms=["习近平"])


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("我市大力培育发展大数局产业。", "局", "据"),
    ("各地区各部门要认真贯彻洛实党中央决策部署。", "洛", "落"),
    ("进一步加强基层医疗卫生服务体系建设，提高服务水瓶。", "瓶", "平"),
    # new sentences, not from any benchmark
    ("要切实加强安全生产监督管埋工作。", "埋", "理"),
    ("进一步优化营商环竟，激发市场主体活力。", "竟", "境"),
    ("切实提高政务服务效律。", "律", "率"),
    ("严历打击各类违法犯罪活动。", "历", "厉"),
    ("让群众有更多获得敢。", "敢", "感"),
    # new sentences in the words of local notices
    ("街道社区网格员逐户上门开展燃气安全排查，发现隐患当场督促整该。", "该", "改"),
    ("推动公共数据有序开放，以数字化改革撬动营商环境持续忧化。", "忧", "优"),
    ("镇政府组织农技人员深入田间地头，指导农户做好秋冬种备耕公作。", "公", "工"),
    ("县医保局持续推进异地就医直接结算，提升服务质亮。", "亮", "量"),
    ("进一步规范涉企行政检查，切实减青企业负担。", "青", "轻"),
])
def test_finds_typos_with_the_right_suggestion(checker: TypoChecker, text: str, wrong: str, right: str) -> None:
    problems = checker.check(text, "t")
    assert [(p.text, p.suggestion) for p in problems] == [(wrong, right)]
    p = problems[0]
    assert text[p.start:p.end] == wrong
    assert p.rule == "W-D12" and p.severity == "deduction" and p.location == "t"
    assert wrong in p.context


@pytest.mark.parametrize("text", [
    "各地区各部门要认真贯彻落实党中央决策部署。",  # correct
    "根据《国务院办公厅关于印发政府网站发展指引的通知》（国办发〔2017〕47号）要求。",
    "沪公网安备31011402005034号 网站标识码3101140038",  # codes
    "会议由国办督查室主任高雨主持。",  # a name after a title
    "柳泉口村、冷宜村驻村第一书记。",  # place names before 村
    "推进自贸试验区建设，扩大自贸试验区开放。",  # a term the passage repeats
    "他说：“大数局”是一个比喻。",  # quoted text
    "2021年GDP增长8.1%，一二三四五。",  # numbers, Latin, numerals
    "",
    # person names the prose marks as names (a title, 同志, a 、 list, a by-line)
    "副区长张萍主持会议。",
    "会议由李洁同志主持，王昕、赵晖、刘伟民参加。",
    "市卫健局局长钟建中一行到社区调研。",
    "本报讯（记者 周昕 通讯员 吴洁）近日，区人社局组织开展就业帮扶活动。",
    "撰稿：程野 审核：余民（程野 摄）",
    # measure words after numbers, reduplicated ones
    "全市累计接种新冠疫苗12.6万剂次，覆盖8.3万人。",
    "开展执法检查136户次，发现问题一件件整改到位。",
    # government compounds from our vocabulary
    "依法打击非法采砂行为，压实河长责任。",
    "干部要履职尽责、担当作为。",
    "推动公共服务提质扩容，做好电梯维保工作。",
    "加强师德师风建设，老年人疫苗应接尽接。",
    # a defined abbreviation, a parallel construction, an organisation's name
    "特殊医学用途配方食品（以下简称特医食品）的注册管理，特医食品生产企业应当建立追溯制度。",
    "坚持有仓必到、有粮必查、有账必核。",
    "中国一冶集团有限公司承建的道路工程顺利完工。",
    # a morpheme the items of a list share (稳字当头、稳中求进; 惠企、安企、稳企)
    "坚持稳字当头、稳中求进。",
    "优化涉企服务，着力惠企、安企、稳企。",
    # the varying character of words listed in parallel (节水、节肥、节药; 清河、清渠、清沟)
    "推广节水、节肥、节药技术。",
    "搞好清河、清渠、清沟工作。",
])
def test_look_alikes_not_flagged(checker: TypoChecker, text: str) -> None:
    assert checker.check(text) == []


def test_simplified_text_reaches_the_detector_unchanged() -> None:
    """破坏土地 stayed 破坯土地 after a phrase rule of the traditional→simplified step, and 坯 was
    then reported as a typo of 坏."""
    from govinspect.content.check import ContentChecker

    assert ContentChecker(["W-D12"]).check("任何单位和个人不得破坏土地复垦工程、设施和设备。") == []


def test_protected_names_are_never_corrected() -> None:
    bare = TypoChecker()
    protected = TypoChecker(protected_terms=["高雨田"])
    text = "高雨田参加了活动。"
    assert protected.check(text) == []
    assert len(bare.check(text)) <= 1


def test_a_name_needs_much_stronger_evidence_than_prose(checker: TypoChecker) -> None:
    """Inside a name the bar is ``name_threshold``; the same slip in prose is reported."""
    assert checker.check("会议由李洁同志主持。") == []
    assert [p.text for p in checker.check("会议由李洁同志主持，要认真贯彻洛实会议精神。")] == ["洛"]


def test_confidence_does_not_depend_on_the_threshold() -> None:
    text = "我市大力培育发展大数局产业。"
    strict = TypoChecker(TypoParams(threshold=7.0)).check(text)
    loose = TypoChecker(TypoParams(threshold=4.0)).check(text)
    assert [(p.text, p.confidence) for p in strict] == [(p.text, p.confidence) for p in loose if p.text == "局"]
    assert confidence_of(6.0) == 0.5 and confidence_of(30.0) == 1.0


@pytest.mark.parametrize(("written", "suggested", "corrected", "at", "kind"), [
    ("该", "改", "整改", 1, SOUND),  # the pinyin typed (gai) is the written character's own
    ("青", "轻", "减轻", 1, SOUND),
    ("律", "率", "效率", 1, SOUND),  # 率 reads lü in 效率 (not shuai); ü written u or v alike
    ("的", "第", "第一", 0, MINOR_SOUND),  # 的 reads di only in 目的: far down an input method's list
    ("检", "险", "风险", 1, SHAPE),  # the same right part and rhyme (jian / xian)
    ("货", "资", "资金", 0, LOOK),  # the same lower part, no rhyme
    ("土", "地", "地方", 0, LOOK),  # a character written for the one it is part of
    ("富", "不", "不能", 0, None),  # fu is 不's reading in old texts only; 不能 reads bu
])
def test_slip_kind_says_how_a_writer_could_have_made_the_slip(
        written: str, suggested: str, corrected: str, at: int, kind: str | None) -> None:
    assert slip_kind(load_model(), written, suggested, corrected, at) == kind


def test_a_loose_likeness_needs_its_margin_more() -> None:
    """The website setting asks a look-alike for more gain than a homophone typed by pinyin."""
    text = "项目已完成土方开挖3万立方米。"  # 土方 (earthwork) is right; 地方 only looks likelier
    assert [p.text for p in TypoChecker().check(text)] == ["土"]
    assert TypoChecker(TypoParams(look_margin=3.0)).check(text) == []
    typed = "镇政府组织农技人员深入田间地头，指导农户做好秋冬种备耕公作。"  # 公/工: a sound slip
    assert [p.text for p in TypoChecker(TypoParams(look_margin=3.0, minor_sound_margin=3.0)).check(typed)] == ["公"]


def test_a_relation_only_through_a_rare_reading_is_never_a_candidate() -> None:
    """赋 (fu) and 不 are homophones only by 不's old reading fu: no typing slip links them, though
    不能 is far likelier than 赋能 (a word jieba's dictionary lacks)."""
    assert "不" in load_model().confusion["赋"]
    assert TypoChecker().check("以数字技术赋能基层治理，提升为民服务水平。") == []


def test_a_rare_written_character_needs_its_margin_more() -> None:
    """An input method offers common characters first: a rare written character (艰, far down the
    list for jian) needs ``rare_char_margin`` more gain, a common one (共) does not; the margin
    does not add to a kind's margin, the larger of the two counts."""
    text = "全区上下勠力同心，共克时艰。"
    model = load_model()
    assert model.char_freq["艰"] < 40_000 <= model.char_freq["共"]

    def gains(params: TypoParams, of: str = text) -> dict[str, float]:
        return {p.text: p.confidence for p in TypoChecker(params).check(of)}

    plain, rare = gains(TypoParams()), gains(TypoParams(rare_char_freq=40_000, rare_char_margin=2.0))
    assert plain["共"] == rare["共"]
    assert rare["艰"] == pytest.approx(plain["艰"] - 2.0 / 12, abs=0.002)
    # 土/地 is a look-alike: its margin (3) and the rare-character margin (2) do not add up
    look = "项目已完成土方开挖3万立方米。"
    alone = TypoParams(threshold=1.0, look_margin=3.0)
    both = TypoParams(threshold=1.0, look_margin=3.0, rare_char_freq=10**9, rare_char_margin=2.0)
    found = [(p.text, p.confidence) for p in TypoChecker(alone).check(look)]
    assert ("土", confidence_of(gains(TypoParams(), look)["土"] * 12 - 3.0)) in found
    assert [(p.text, p.confidence) for p in TypoChecker(both).check(look)] == found


@pytest.mark.parametrize(("text", "short_name"), [
    ("非沪籍务工人员子女可就近入学。", "沪"),  # 沪籍 (registered in Shanghai), not 户籍
    ("支持闽企拓展海外市场，打响福建品牌。", "闽"),  # 闽企 (Fujian firms), not 民企
])
def test_region_short_names_are_names(text: str, short_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A province's or city's short name (简称) is a name, never a slip."""
    import govinspect.content.typos as typos

    assert TypoChecker().check(text) == []
    monkeypatch.setattr(typos, "REGION_SHORT_NAMES", frozenset())
    assert [p.text for p in TypoChecker().check(text)] == [short_name]  # without the guard
