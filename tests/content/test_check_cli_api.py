"""``govinspect check`` / ``ignore`` and the CMS endpoint (FastAPI TestClient)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.store import open_store
from govinspect.web.check_api import create_app

runner = CliRunner()
TEXT = "要增强四个意识、坚定三个自信。\n我市大力培育发展大数局产业。\n增强“四个意识”、坚定“四个自信”。\n"


def _check(home: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--home", str(home), "check", *args])
    return result.exit_code, result.output


def test_json_output_and_ignore_once(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    code, out = _check(tmp_path / "home", str(doc), "--format", "json", "--date", "2024-01-01")
    assert code == 1
    problems = json.loads(out)
    assert [(p["rule"], p["line"], p["column"], p["text"], p["suggestion"], p["severity"]) for p in problems] == [
        ("W-V1a", 1, 11, "三个自信", "四个自信", "veto"), ("W-D12", 2, 11, "局", "据", "deduction")]
    # mark the typo as a false alarm: never shown again, by CLI or API
    typo_id = problems[1]["id"]
    code, out = _check(tmp_path / "home", str(doc), "--format", "json", "--ignore", typo_id)
    assert [p["rule"] for p in json.loads(out)] == ["W-V1a"]
    code, out = _check(tmp_path / "home", str(doc), "--format", "json")
    assert [p["rule"] for p in json.loads(out)] == ["W-V1a"]
    listed = runner.invoke(app, ["--home", str(tmp_path / "home"), "ignore", "list"])
    assert typo_id in listed.output
    removed = runner.invoke(app, ["--home", str(tmp_path / "home"), "ignore", "remove", typo_id])
    assert removed.exit_code == 0
    code, out = _check(tmp_path / "home", str(doc), "--format", "json")
    assert len(json.loads(out)) == 2


def test_table_output_and_clean_file(tmp_path: Path) -> None:
    doc = tmp_path / "ok.txt"
    doc.write_text("增强“四个意识”、坚定“四个自信”、做到“两个维护”。\n", encoding="utf-8")
    code, out = _check(tmp_path / "home", str(doc))
    assert code == 0 and "no problems" in out
    bad = tmp_path / "bad.txt"
    bad.write_text(TEXT, encoding="utf-8")
    code, out = _check(tmp_path / "home", str(bad))
    assert code == 1 and "三个自信" in out and "四个自信" in out


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty file"),
    ("bin.txt", b"\x00\x01" * 50, "binary file"),
    ("enc.pdf", b"%PDF-1.4\ngarbage", "broken PDF"),
])
def test_bad_files_are_clear_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out = _check(tmp_path / "home", str(path))
    assert code == 2 and message in out and "Traceback" not in out


def test_bad_options(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    assert "--format" in _check(tmp_path / "home", str(doc), "--format", "xml")[1]
    assert "YYYY-MM-DD" in _check(tmp_path / "home", str(doc), "--date", "yesterday")[1]
    assert "unknown rule" in _check(tmp_path / "home", str(doc), "--rule", "W-X9")[1]


def test_api_text_html_and_ignore_list(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        client = TestClient(create_app(store))
        r = client.post("/api/check", json={"text": TEXT, "location": "draft-1", "date": "2024-01-01"})
        assert r.status_code == 200
        body = r.json()
        assert [(p["rule"], p["line"], p["column"], p["category"], p["suggestion"]) for p in body["problems"]] == [
            ("W-V1a", 1, 11, "formulation", "四个自信"), ("W-D12", 2, 11, "typo", "据")]
        r = client.post("/api/check", json={"html": "<html><title>台湾国游客</title><body><p>习进平总书记强调</p>"
                                                    "<script>三个自信</script></body></html>"})
        assert [p["text"] for p in r.json()["problems"]] == ["台湾国", "习进平"]
        r = client.post("/api/check", json={"text": TEXT, "rules": ["W-D12"]})
        assert [p["rule"] for p in r.json()["problems"]] == ["W-D12"]
        from govinspect.content.check import add_ignore

        add_ignore(store, body["problems"][1]["id"])
        r = client.post("/api/check", json={"text": TEXT, "location": "draft-1", "date": "2024-01-01"})
        assert [p["rule"] for p in r.json()["problems"]] == ["W-V1a"]
        # bad requests: clear 422s
        assert client.post("/api/check", json={}).status_code == 422
        assert client.post("/api/check", json={"text": "a", "html": "b"}).status_code == 422
        assert client.post("/api/check", json={"text": "a", "date": "x"}).status_code == 422
        assert client.post("/api/check", json={"text": "a", "rules": ["W-X9"]}).status_code == 422
        assert client.get("/api/health").json() == {"status": "ok"}
    finally:
        store.close()
