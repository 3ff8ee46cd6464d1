"""栏目分类表: exact names, longest contained term, ties and misses → 未知, user overrides."""

from pathlib import Path

import pytest

from govinspect.config import ConfigError
from govinspect.extract.categories import CategoryTable, load_category_table, normalise_name
from govinspect.model import ColumnCategory as C


@pytest.mark.parametrize(("name", "category"), [
    ("通知公告", C.NOTICE), ("公示公告", C.NOTICE), ("通知公告>>", C.NOTICE), (" 通知 公告 ", C.NOTICE),
    ("要闻", C.NEWS), ("区县动态", C.NEWS), ("本地要闻", C.NEWS), ("图片新闻", C.NEWS), ("工作进展", C.NEWS),
    ("教育工作动态", C.NEWS),  # contains 工作动态
    ("规范性文件", C.POLICY), ("政策文件", C.POLICY), ("市政府文件", C.POLICY),
    ("政策解读", C.INTERPRETATION), ("图解政策", C.INTERPRETATION), ("规范性文件解读", C.INTERPRETATION),
    ("人事任免", C.PERSONNEL), ("人事信息", C.PERSONNEL),
    ("发展规划", C.PLANNING), ("年度工作计划", C.PLANNING),
    ("机构职能", C.PROFILE), ("领导之窗", C.PROFILE),
    ("领导信箱", C.INTERACTION), ("在线访谈", C.INTERACTION), ("征集调查", C.INTERACTION),
    ("办事指南", C.SERVICE), ("在线办事", C.SERVICE),
    ("专题专栏", C.OTHER), ("脱贫攻坚专题", C.OTHER),
])
def test_seeded_names(name: str, category: C) -> None:
    assert load_category_table().classify(name) is category


@pytest.mark.parametrize("name", ["", "专项治理", "应急管理", "政策宣讲", "招录公告", "专题新闻", "abc", ">>"])
def test_unknown_and_ties_are_never_guessed(name: str) -> None:
    # 招录公告: 招录 (人事) and 公告 (通知公告) tie; 专题新闻: 专题 (其他) and 新闻 (动态要闻) tie
    assert load_category_table().classify(name) is C.UNKNOWN


def test_longest_term_wins_over_a_shorter_one() -> None:
    table = CategoryTable({C.NEWS: ["动态"], C.NOTICE: ["公告动态"]})
    assert table.classify("最新公告动态") is C.NOTICE


def test_user_table_adds_and_moves_terms(tmp_path: Path) -> None:
    (tmp_path / "column_categories.toml").write_text(
        '[categories."政策文件"]\nterms = ["政策解读"]\n'
        '[categories."人事"]\nterms = ["招录公告"]\n'
        '[categories."通知公告"]\nterms = ["公示"]\nreplace = true\n', encoding="utf-8")
    table = load_category_table(tmp_path)
    assert table.classify("政策解读") is C.POLICY
    assert table.classify("招录公告") is C.PERSONNEL  # exact name beats the tie
    assert table.classify("公示") is C.NOTICE
    assert table.classify("通知公告") is C.UNKNOWN  # replaced: our 通知公告 terms are gone
    assert load_category_table(tmp_path / "absent").classify("通知公告") is C.NOTICE


@pytest.mark.parametrize("content", ['[categories."不存在"]\nterms = ["x"]\n', "not toml [",
                                     '[categories."人事"]\nterms = "人事"\n'])
def test_bad_user_table_is_a_clear_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "column_categories.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"栏目分类表.* / "):
        load_category_table(tmp_path)


def test_normalise_name() -> None:
    assert normalise_name(" 通知公告 >> ") == "通知公告"
    assert normalise_name("【更多】") == ""
