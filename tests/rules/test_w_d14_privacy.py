"""W-D14 privacy: valid ID numbers, mobile lists and bank cards in pages and attachments must be
found; masked numbers, document serials, office phones, bad check digits must not; broken,
encrypted and zip-bomb attachments are skipped with a reason, never a crash or a silent pass."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pypdf
import pytest

from govinspect.demo.farm import minimal_pdf
from govinspect.model import FetchResult, OcrText
from govinspect.rules.base import SiteSnapshot
from govinspect.text.attachments import attachment_text
from govinspect.text.pii import find_bank_cards, find_ids, find_mobiles, find_pii, id_checksum_ok, luhn_ok

from .builders import AS_OF, HOME, fetch, page, run, snapshot

W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(prefix: str = "330102", born: str = "19900101", seq: str = "123") -> str:
    body = prefix + born + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, W, strict=True)) % 11]


def make_card(prefix: str = "622202", length: int = 19) -> str:
    body = prefix + "1" * (length - len(prefix) - 1)
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError


IDS = [make_id(seq=f"{i:03d}") for i in range(1, 6)]
TODAY = AS_OF.date()


# -- the finders -----------------------------------------------------------------------------

def test_id_checksum() -> None:
    assert id_checksum_ok("11010519491231002X")  # the GB 11643 example
    good = make_id()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert id_checksum_ok(good) and not id_checksum_ok(bad)
    assert find_ids(f"身份证号：{bad}", TODAY) == []


def test_ids_found_and_lookalikes_not() -> None:
    good = make_id()
    assert [h.value for h in find_ids(f"张三 {good} 男", TODAY)] == [good]
    assert find_ids("110101********1234 和 330102199001011**4", TODAY) == []
    assert find_ids("索引号：11441300007187648G/2023-00288", TODAY) == []
    assert find_ids(f"统一社会信用代码：{good}", TODAY) == []  # labelled as another kind of number
    assert find_ids("订单号 " + make_id(), TODAY) == []
    assert find_ids(make_id(prefix="990102"), TODAY) == []  # no province 99
    assert find_ids(make_id(born="20250101"), TODAY) == []  # born after the monitoring point
    assert find_ids(make_id(born="18800101"), TODAY) == []  # older than 120
    assert find_ids(make_id(born="19900230"), TODAY) == []  # 30 February
    assert find_ids("9" + make_id() + "1", TODAY) == []  # inside a longer digit run


def test_mobiles() -> None:
    assert [h.value for h in find_mobiles("联系电话：13812345678。")] == ["13812345678"]
    assert find_mobiles("138****5678 0755-12345678 12345678901 213812345678") == []
    assert [h.value for h in find_mobiles("+86 13912345678")] == ["13912345678"]


def test_bank_cards() -> None:
    card = make_card()
    assert [h.value for h in find_bank_cards(f"银行卡号 {card}")] == [card]
    assert find_bank_cards(card[:-1] + str((int(card[-1]) + 1) % 10)) == []  # Luhn fails
    assert find_bank_cards("1" * 16) == []  # no plausible IIN
    assert find_bank_cards("6222 0212 **** 1234") == []


def test_an_id_is_not_also_a_card_or_phone() -> None:
    ident = make_id(prefix="440301")
    found = find_pii(ident, TODAY)
    assert [h.value for h in found["id"]] == [ident] and found["card"] == [] and found["mobile"] == []


# -- attachments -----------------------------------------------------------------------------

def xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def pdf(line: str, *, password: str | None = None) -> bytes:
    out = minimal_pdf(line)
    if password is None:
        return out
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(out)))
    writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", b"\0" * 5_000_000)
    return out.getvalue()


def encrypted_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", b"secret")
    data = bytearray(out.getvalue())
    # set the "encrypted" flag bit in the central directory entry (zipfile cannot write one)
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return bytes(data)


def test_attachment_formats_read() -> None:
    ident = make_id()
    assert ident in attachment_text(xlsx([["姓名", "身份证号"], ["张三", ident]]), "a.xlsx").text
    assert attachment_text(xlsx([["n", int(ident[:15])]]), "a.xlsx").text.endswith(ident[:15])
    assert ident in attachment_text(docx(["公示名单", f"李四 {ident}"]), "a.docx").text
    assert ident in attachment_text(pdf(f"Name {ident}"), "a.pdf").text
    assert ident in attachment_text(f"王五,{ident}\n".encode("gb18030"), "a.csv").text


@pytest.mark.parametrize(("body", "name", "reason"), [
    (b"PK\x03\x04 this is not a zip", "bad.xlsx", "corrupted"),
    (b"%PDF-1.4 garbage", "bad.pdf", "unreadable"),
    (zip_bomb(), "bomb.xlsx", "zip bomb"),
    (encrypted_zip(), "enc.docx", "encrypted"),
    (b"", "empty.pdf", "empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc", "unreadable"),
])
def test_bad_attachments_skipped_with_reason(body: bytes, name: str, reason: str) -> None:
    doc = attachment_text(body, name)
    assert doc.skipped and reason in doc.skipped


def test_encrypted_pdf_skipped() -> None:
    doc = attachment_text(pdf("Name 330102199001011234", password="secret"), "enc.pdf")
    assert "encrypted" in doc.skipped


# -- the rule --------------------------------------------------------------------------------

def snap_with(pages: dict[str, str], files: dict[str, bytes], *, too_large: tuple[str, ...] = ()) -> SiteSnapshot:
    models = [page(HOME + path, title="页面") for path in pages]
    for model, text in zip(models, pages.values(), strict=True):
        model.text = text
    fetches = [fetch(HOME + path) for path in pages]
    bodies = {HOME + name: body for name, body in files.items()}
    for url in bodies:
        f = fetch(url, kind="link", error="too_large" if url.rsplit("/", 1)[-1] in too_large else None)
        fetches.append(f)
    snap = snapshot(homepage=models[0] if models else None, pages=models, fetches=fetches)

    def loader(f: FetchResult) -> bytes | None:
        return bodies.get(f.url)

    snap.body_loader = loader
    return snap


def test_xlsx_list_with_full_ids_found() -> None:
    rows = [["序号", "姓名", "身份证号", "联系电话"]]
    rows += [[i, f"张{i}", ident, f"1381234567{i}"] for i, ident in enumerate(IDS)]
    findings = run("W-D14", snap_with({"": "首页"}, {"gsmd.xlsx": xlsx(rows)}))
    assert len(findings) == 1
    f = findings[0]
    assert f.url == HOME + "gsmd.xlsx" and f.severity == "deduction" and f.points == 5.0 and f.review
    assert f.details["counts"] == {"id": 5, "mobile": 5, "card": 0}
    assert f.confidence == "high"
    shown = str(f.details) + f.evidence.get("excerpt", "") + f.message
    assert not any(ident in shown for ident in IDS), "evidence must not repeat full numbers"
    assert "330102********" in str(f.details["samples"]["id"])


def test_masked_list_and_document_numbers_not_flagged() -> None:
    text = ("拟录用人员公示：张三 330102********1234 138****5678；李四 330102********2345。"
            "索引号：11441300007187648G/2023-00288 文号：示政发〔2023〕12号 联系电话：0755-12345678 "
            f"联系人：王老师 13812345678 统一社会信用代码：{make_id()}")
    rows = [["姓名", "身份证号"], ["张三", "330102********1234"], ["李四", "330102********2345"]]
    findings = run("W-D14", snap_with({"": text}, {"gs.xlsx": xlsx(rows), "fj.pdf": pdf("Plan 2023-00288")}))
    assert findings == []


def test_id_on_a_page_and_a_card() -> None:
    findings = run("W-D14", snap_with({"": "首页", "a.html": f"补贴发放：赵六 银行卡 {make_card()}",
                                       "b.html": f"举报人：钱七 {make_id(prefix='110105')}"}, {}))
    by_url = {f.url: f for f in findings}
    assert by_url[HOME + "a.html"].details["counts"]["card"] == 1
    assert by_url[HOME + "a.html"].confidence == "medium"
    assert by_url[HOME + "b.html"].details["counts"]["id"] == 1


def test_few_mobiles_are_contacts_many_are_a_leak() -> None:
    few = "联系人：张老师 13812345671，李老师 13812345672"
    many = "；".join(f"户主{i} 1391234567{i}" for i in range(6))
    findings = run("W-D14", snap_with({"": few, "m.html": many}, {}))
    assert [f.url for f in findings] == [HOME + "m.html"]


def test_bad_attachments_reported_as_skipped_not_crash() -> None:
    files = {"bomb.xlsx": zip_bomb(), "enc.docx": encrypted_zip(), "bad.pdf": b"%PDF-1.4 garbage",
             "big.xlsx": xlsx([["张三", IDS[0]]])[:500]}
    findings = run("W-D14", snap_with({"": "首页"}, files, too_large=("big.xlsx",)))
    assert len(findings) == 1
    info = findings[0]
    assert info.severity == "info" and info.points == 0
    reasons = {s["url"].rsplit("/", 1)[-1]: s["reason"] for s in info.details["skipped"]}
    assert set(reasons) == set(files)
    assert "crawl size limit" in reasons["big.xlsx"] or "corrupted" in reasons["big.xlsx"]


def test_future_as_of_matters() -> None:
    born_recently = make_id(born=f"{date.today().year - 1}0101")
    assert find_ids(born_recently, date(2000, 1, 1)) == []


def test_password_protected_office_file_skipped() -> None:
    # an OLE container with an EncryptedPackage stream name, as Office writes for passwords
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    assert "encrypted" in attachment_text(body, "gs.xlsx").skipped


# -- text read by OCR (images, scanned PDF pages) ---------------------------------------------

def ocr_snapshot(*texts: OcrText) -> SiteSnapshot:
    snap = snapshot(homepage=page(HOME), fetches=[fetch(HOME), fetch(HOME + "img/gs.png", kind="link"),
                                                  fetch(HOME + "fj/sm.pdf", kind="link")])
    snap.ocr_texts = list(texts)
    return snap


def test_ocr_text_found_and_said_so() -> None:
    image = OcrText(f"低保对象公示\n张三 {IDS[0]}\n李四 {IDS[1]}", 88.5, HOME + "img/gs.png", HOME + "art/1.html")
    scan = OcrText(f"赵六 {IDS[2]}", 71.0, HOME + "fj/sm.pdf", HOME + "fj/sm.pdf", pdf_page=3)
    found = run("W-D14", ocr_snapshot(image, scan))
    by_source = {f.details["source"]: f for f in found}
    img = by_source["ocr"]
    assert "图片文字识别" in img.message and img.url == HOME + "art/1.html" and img.review
    assert img.details["ocr"] == {"image": HOME + "img/gs.png", "page": None, "confidence": 88.5}
    assert img.evidence["record"] == f"<urn:test:{HOME}img/gs.png>"  # the image's WARC record
    assert img.confidence.value == "medium"  # OCR misreads: never high, whatever the checksum says
    pdf = by_source["ocr-pdf"]
    assert "扫描件文字识别" in pdf.message and pdf.details["ocr"]["page"] == 3
    assert pdf.evidence["record"] == f"<urn:test:{HOME}fj/sm.pdf>"


def test_ocr_lookalikes_not_flagged() -> None:
    good = IDS[0]
    misread = good[:-1] + ("0" if good[-1] != "0" else "1")  # one digit misread: the checksum fails
    texts = [
        OcrText(f"张三 {misread}", 60.0, HOME + "img/a.png", HOME + "art/1.html"),
        OcrText("张三 330102********1234 李四 138****5678", 90.0, HOME + "img/b.png", HOME + "art/2.html"),
        OcrText("咨询电话 0755-12345678 13912345678", 90.0, HOME + "img/c.png", HOME + "art/3.html"),
        OcrText("索引号：11441300007187648G/2023-00288", 90.0, HOME + "img/d.png", HOME + "art/4.html"),
    ]
    assert run("W-D14", ocr_snapshot(*texts)) == []


def test_ocr_skips_listed_in_the_info_finding() -> None:
    snap = ocr_snapshot()
    snap.ocr_skipped = [{"url": HOME + "img/big.png", "source": "ocr", "reason": "图片像素过多 / 8000×6250 pixels"}]
    [info] = run("W-D14", snap)
    assert info.severity.value == "info" and info.details["skipped"][0]["url"] == HOME + "img/big.png"
