"""Reading files for ``govinspect check``: formats, positions, and bad input (clear, never a crash)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from govinspect.content.check import CheckInputError, ContentChecker, read_passages
from govinspect.demo.farm import minimal_pdf

TEXT = "要增强四个意识、坚定三个自信。\n\n我市大力培育发展大数局产业。\n"


@pytest.fixture(scope="module")
def checker() -> ContentChecker:
    return ContentChecker()


def test_txt_lines_and_columns(tmp_path: Path, checker: ContentChecker) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    problems = checker.check_passages(read_passages(path))
    got = [(p.rule, p.line, p.column, p.text, p.suggestion) for p in problems]
    assert got == [("W-V1a", 1, 11, "三个自信", "四个自信"), ("W-D12", 3, 11, "局", "据")]


def test_gbk_text_and_traditional_and_fullwidth(tmp_path: Path, checker: ContentChecker) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("要增强四个意识、坚定三个自信。\n".encode("gb18030"))
    assert [p.text for p in checker.check_passages(read_passages(path))] == ["三个自信"]
    # traditional characters and zero-width spaces: offsets still point into the original text
    text = "堅定三\u200b個自信"
    [p] = checker.check(text)
    assert text[p.start:p.end] == p.text == "三\u200b個自信"


def test_html_title_and_visible_text(tmp_path: Path, checker: ContentChecker) -> None:
    path = tmp_path / "a.html"
    path.write_text("<html><head><title>台湾国游客</title><script>var a='三个自信';</script></head>"
                    "<body><p>习进平总书记强调</p></body></html>", encoding="utf-8")
    problems = checker.check_passages(read_passages(path))
    assert [(p.line, p.text) for p in problems] == [(0, "台湾国"), (1, "习进平")]


def test_docx(tmp_path: Path, checker: ContentChecker) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("正确的段落。")
    document.add_paragraph("坚定三个自信。")
    path = tmp_path / "a.docx"
    document.save(str(path))
    [p] = checker.check_passages(read_passages(path))
    assert (p.line, p.text) == (2, "三个自信")


def test_pdf_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(minimal_pdf("Hello PDF"))
    [passage] = read_passages(path)
    assert "Hello PDF" in passage.text and passage.location.endswith("#page=1")


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(minimal_pdf("secret")))
    writer.encrypt("pw")
    path = tmp_path / "enc.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(CheckInputError, match="encrypted PDF"):
        read_passages(path)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n", "empty file"),
    ("bin.txt", b"\x00\x01\x02binary\x00" * 10, "binary file"),
    ("junk.html", b"\x00\x01\x02" * 100, "binary file"),
    ("broken.pdf", b"%PDF-1.4\nnot really", "broken PDF"),
    ("broken.docx", b"PK\x03\x04broken", "not a valid .docx"),
    ("enc.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted document"),
    ("a.xls", b"whatever", "unsupported file type"),
    ("latin.txt", bytes(range(128, 256)) * 4, "unknown text encoding"),
])
def test_bad_input_is_a_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CheckInputError, match=message):
        read_passages(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CheckInputError, match="cannot read"):
        read_passages(tmp_path / "nope.txt")


def test_huge_file_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govinspect.content.check as check

    monkeypatch.setattr(check, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.pdf"
    with path.open("wb") as fh:  # sparse: 100 MB without writing them
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(CheckInputError, match="file too large"):
        read_passages(path)


def test_zip_bomb_docx_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govinspect.content.check as check

    monkeypatch.setattr(check, "MAX_DOCX_UNCOMPRESSED", 10_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * 1_000_000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(CheckInputError, match="zip bomb"):
        read_passages(path)
