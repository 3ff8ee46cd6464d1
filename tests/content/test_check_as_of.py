"""``govinspect check FILE --as-of DATE``: dated rules (leaders' titles, formulations) are judged
on --as-of, by default on the draft's own date (成文日期 or the 落款 date line), else today."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.content.check import draft_date, text_passages

runner = CliRunner()
# 李克强 was 国务院总理 until 2023-03-11: right in a 2021 draft, outdated in a 2024 one
BODY = "各乡镇人民政府：\n国务院总理李克强在常务会议上对春耕生产作出部署，现将有关事项通知如下。\n"


def _check(home: Path, *args: str) -> tuple[int, list[dict[str, object]] | str]:
    result = runner.invoke(app, ["--home", str(home), "check", *args])
    if "--format" in args and result.exit_code in (0, 1):
        return result.exit_code, json.loads(result.output)
    return result.exit_code, result.output


def _titles(problems: list[dict[str, object]] | str) -> list[object]:
    assert isinstance(problems, list)
    return [p["suggestion"] for p in problems if p["category"] == "leader-title"]


@pytest.mark.parametrize(("signature", "expected"), [
    ("青山县农业农村局\n2021年4月2日", date(2021, 4, 2)),
    ("青山县农业农村局\n二〇二一年四月十二日", date(2021, 4, 12)),
    ("青山县农业农村局 （2021年4月2日）\n附件：春耕物资清单", date(2021, 4, 2)),  # attachments after it
    ("成文日期：2021年4月20日\n青山县农业农村局", date(2021, 4, 20)),
])
def test_draft_date_found(signature: str, expected: date) -> None:
    found = draft_date(text_passages(BODY + signature, "draft.txt"))
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("text", [
    BODY,
    BODY + "2016年7月1日，庆祝中国共产党成立95周年大会在京举行。",  # a date in a sentence
    BODY + "报名截止：2021年4月2日",  # a deadline, not the draft's date
    BODY + "青山县农业农村局\n2021年2月30日",  # no such day
])
def test_no_draft_date(text: str) -> None:
    assert draft_date(text_passages(text, "draft.txt")) is None


def test_the_drafts_date_decides(tmp_path: Path) -> None:
    old = tmp_path / "notice-2021.txt"
    old.write_text(BODY + "青山县农业农村局\n2021年4月2日\n", encoding="utf-8")
    code, problems = _check(tmp_path / "home", str(old), "--format", "json")
    assert code == 0 and problems == []  # right on the draft's date
    new = tmp_path / "notice-2024.txt"
    new.write_text(BODY + "青山县农业农村局\n二〇二四年四月二日\n", encoding="utf-8")
    code, problems = _check(tmp_path / "home", str(new), "--format", "json")
    assert code == 1 and _titles(problems) == ["原国务院总理"]
    assert isinstance(problems, list) and problems[0]["as_of"] == "2024-04-02"


def test_as_of_overrides_the_draft_and_the_table_says_which_date(tmp_path: Path) -> None:
    draft = tmp_path / "notice.docx"
    import docx

    document = docx.Document()
    for line in (*BODY.splitlines(), "青山县农业农村局", "2021年4月2日"):
        document.add_paragraph(line)
    document.save(str(draft))
    code, problems = _check(tmp_path / "home", str(draft), "--format", "json", "--as-of", "2024-06-01")
    assert code == 1 and _titles(problems) == ["原国务院总理"]
    code, out = _check(tmp_path / "home", str(draft))
    assert code == 0 and "2021-04-02" in str(out) and "notice.docx:4" in str(out)
    # no date in the draft: today, and the table says so
    bare = tmp_path / "bare.txt"
    bare.write_text(BODY, encoding="utf-8")
    before = date.today()
    code, out = _check(tmp_path / "home", str(bare))
    days = {before.isoformat(), date.today().isoformat()}  # the check may run across midnight
    assert any(day in str(out) for day in days) and "today" in str(out)
    code, out = _check(tmp_path / "home", str(bare), "--as-of", "2021-13-01")
    assert code == 2 and "YYYY-MM-DD" in str(out)


def test_cms_endpoint_judges_on_the_drafts_date() -> None:
    from fastapi.testclient import TestClient

    from govinspect.web.check_api import create_app

    with TestClient(create_app(None)) as client:
        dated = client.post("/api/check", json={"text": BODY + "青山县农业农村局\n2021年4月2日", "rules": ["W-V1a"]})
        assert dated.status_code == 200 and dated.json()["as_of"] == "2021-04-02" and dated.json()["count"] == 0
        told = client.post("/api/check", json={"text": BODY + "青山县农业农村局\n2021年4月2日", "rules": ["W-V1a"],
                                               "date": "2024-04-02"})
        assert [p["suggestion"] for p in told.json()["problems"]] == ["原国务院总理"]
        before = date.today()
        bare = client.post("/api/check", json={"text": BODY, "rules": ["W-V1a"]})
        assert bare.json()["as_of"] in {before.isoformat(), date.today().isoformat()}  # across midnight too
