"""benchmarks/typos.py reads an unseen clean corpus of several file kinds and splits it stably."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.typos import UNSEEN_HELD_OUT, UNSEEN_TUNE, file_paragraphs, unseen_corpus


def test_file_kinds_are_read_as_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 标题不算正文吗\n\n<p><strong>本报讯</strong>（记者）全县秋粮收获进度过半。</p>\n"
                                   "<!-- 注释里的文字不读 -->\n- 列表项也是一段文字内容\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": 1, "text": "乡村道路完成硬化改造工程。"}, ensure_ascii=False)
                                      + "\nnot json\n" + json.dumps({"content": "太短"}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (tmp_path / "c.html").write_text("<html><body><nav><a href='/'>首页</a></nav><div class='content'>"
                                     "<p>区政府召开常务会议研究部署防汛工作。</p></div></body></html>", encoding="utf-8")
    assert file_paragraphs(tmp_path / "a.md") == ["标题不算正文吗", "本报讯 （记者）全县秋粮收获进度过半。",
                                                  "列表项也是一段文字内容"]
    assert file_paragraphs(tmp_path / "b.jsonl") == ["乡村道路完成硬化改造工程。"]
    assert file_paragraphs(tmp_path / "c.html") == ["区政府召开常务会议研究部署防汛工作。"]
    # a table (a BOM, a quoted multi-line text column), one document a row
    (tmp_path / "d.csv").write_text('\ufeffregion,year,full_text\n示例县,2026,"各位代表：\n现在我代表县人民政府报告工作。\n'
                                    '一年来全县经济运行稳中有进。"\n', encoding="utf-8")
    assert file_paragraphs(tmp_path / "d.csv") == ["现在我代表县人民政府报告工作。", "一年来全县经济运行稳中有进。"]


def test_halves_are_stable_disjoint_and_capped(tmp_path: Path) -> None:
    for k in range(40):
        sub = tmp_path / f"d{k % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"{k}.txt").write_text(f"第{k}号文件的正文段落内容\n", encoding="utf-8")
    halves = unseen_corpus(tmp_path, 10_000)
    tune, held_out = set(halves[UNSEEN_TUNE]), set(halves[UNSEEN_HELD_OUT])
    assert tune and held_out and not tune & held_out and len(tune | held_out) == 40
    assert unseen_corpus(tmp_path, 10_000) == halves  # the same split every run
    capped = unseen_corpus(tmp_path, 1)
    assert len(capped[UNSEEN_TUNE]) == 1 and len(capped[UNSEEN_HELD_OUT]) == 1
