"""text.normalise: simplified Chinese, half-width, invisible characters gone, whitespace folded,
and every normalised character traceable to its original position."""

from __future__ import annotations

import pytest

from govinspect.text.normalise import normalise, to_simplified


def test_traditional_to_simplified() -> None:
    n = normalise("澳門博彩娛樂城")
    assert n.text == "澳门博彩娱乐城"
    assert n.offsets == list(range(7))


def test_fullwidth_folded() -> None:
    n = normalise("下载ＡＰＰ，电话１３８")
    assert n.text == "下载APP,电话138"
    assert n.original_text(2, 5) == "ＡＰＰ"


def test_invisible_removed_and_span_covers_them() -> None:
    src = "竞\u200b彩\u200d投\ufeff注\u00adapp"
    n = normalise(src)
    assert n.text == "竞彩投注app"
    start = n.text.index("竞彩投注")
    a, b = n.original_span(start, start + 4)
    assert src[a:b] == "竞\u200b彩\u200d投\ufeff注"


def test_whitespace_folded_and_stripped() -> None:
    src = "  主办单位：\u3000\xa0 某某市\n\t人民政府  "
    n = normalise(src)
    assert n.text == "主办单位: 某某市 人民政府"
    i = n.text.index("某某市")
    assert n.original_text(i, i + 3) == "某某市"
    # the folded space maps to the whole whitespace run
    sp = n.text.index(" ")
    assert n.original_text(sp, sp + 1) == "\u3000\xa0 "


def test_whitespace_with_invisibles_is_one_space() -> None:
    assert normalise("a \u200b b").text == "a b"


def test_spaces_drop() -> None:
    src = "竞 彩\u3000投 注"
    n = normalise(src, spaces="drop")
    assert n.text == "竞彩投注"
    assert n.original_text(0, 4) == src


def test_compat_ideographs_folded() -> None:
    # U+2F24 KANGXI RADICAL BIG, U+F900 CJK COMPATIBILITY IDEOGRAPH
    n = normalise("\u2f24发\uf900")
    assert n.text[0] == "大"
    assert len(n.text) == 3
    assert n.original_span(0, 1) == (0, 1)


def test_offsets_monotonic_and_in_range() -> None:
    src = "　Ｈｅｌｌｏ\u200b 世界 \ufeff裡面 ！"
    n = normalise(src)
    assert len(n.offsets) == len(n.text) == len(n.ends)
    assert all(a < b for a, b in zip(n.offsets, n.offsets[1:], strict=False))
    assert all(0 <= o < len(src) for o in n.offsets)
    assert all(o < e <= len(src) for o, e in zip(n.offsets, n.ends, strict=True))


def test_empty_and_bounds() -> None:
    n = normalise("   ")
    assert n.text == ""
    assert n.original_span(0, 0) == (3, 3)
    with pytest.raises(IndexError):
        n.original_span(0, 1)
    m = normalise("ab")
    assert m.original_span(2, 2) == (2, 2)


def test_plain_ascii_unchanged() -> None:
    n = normalise("Hello, world 2024")
    assert n.text == "Hello, world 2024"
    assert n.original_span(7, 12) == (7, 12)


def test_simplified_text_is_left_as_it_is() -> None:
    """OpenCC's phrase table reads 坏土 as the old word for 坯土: 破坏土地 must stay 破坏土地
    (W-D12 took 坯 for a typo of 坏 on every page saying 破坏土地), while 破壞土地 becomes it."""
    assert to_simplified("不得破坏土地复垦工程") == "不得破坏土地复垦工程"
    assert to_simplified("不得破壞土地複墾工程") == "不得破坏土地复垦工程"
    assert to_simplified("乾燥的天氣") == "干燥的天气"


def test_to_simplified_length_preserving() -> None:
    s = "於是瞭解甚麼裡面"
    assert len(to_simplified(s)) == len(s)
    assert to_simplified("") == ""


def test_fold_for_matching_agrees_with_normalise() -> None:
    from govinspect.text.normalise import fold_for_matching

    for text in ["百家樂\u200b真人　娛樂 ＡＰＰ下載", "  政务公开\n\t通知 ", "ﾃｽﾄ㈱", "", "a\u00adb\ufeffc"]:
        assert fold_for_matching(text) == normalise(text, spaces="drop").text
