"""OCR text (图片文字识别) in W-V1c, W-V1a and W-D12: OCR text objects built here, no tesseract."""

from __future__ import annotations

from govinspect.model import OcrText
from govinspect.rules.base import SiteSnapshot

from .builders import HOME, fetch, page, run, snapshot

ARTICLE = HOME + "xwzx/202103/t20210315_1.html"
BANNER = HOME + "images/banner_2021.jpg"
SCAN = HOME + "zwgk/wj/scan_notice.pdf"


def ocr_snapshot(*texts: OcrText) -> SiteSnapshot:
    snap = snapshot(homepage=page(HOME), pages=[page(ARTICLE, kind="article")],
                    fetches=[fetch(HOME), fetch(ARTICLE), fetch(BANNER, kind="link"), fetch(SCAN, kind="link")])
    snap.ocr_texts = list(texts)
    return snap


def image(text: str, confidence: float, url: str = BANNER) -> OcrText:
    return OcrText(text, confidence, url, ARTICLE)


GAMBLING_BANNER = "皇冠体育 在线投注\n真人百家乐 首充送彩金 注册即送88元"
CLEAN_NOTICE = "关于开展2021年春季森林防火宣传活动的通知\n各镇人民政府、街道办事处：为切实做好春季森林防火工作，现将有关事项通知如下。"
LEADER_MISWRITTEN = "国务院总理李克墙主持召开国务院常务会议，部署进一步做好稳就业工作。"


def test_gambling_banner_text_found_for_review() -> None:
    [found] = run("W-V1c", ocr_snapshot(image(GAMBLING_BANNER, 62.0)))
    assert "图片文字识别" in found.message and "赌博" in found.message
    assert found.review and found.confidence.value == "medium"  # OCR alone: never a firm veto
    assert found.url == ARTICLE and found.evidence["record"] == f"<urn:test:{BANNER}>"
    assert found.details["ocr"] == {"image": BANNER, "page": None, "confidence": 62.0}
    assert found.details["source"] == "ocr" and found.details["grade"] == "needs-review"


def test_spam_in_a_scanned_pdf_page_says_so() -> None:
    scan = OcrText(GAMBLING_BANNER, 80.0, SCAN, SCAN, pdf_page=2)
    [found] = run("W-V1c", ocr_snapshot(scan))
    assert "扫描件文字识别" in found.message and found.details["ocr"]["pdf"] == SCAN
    assert found.details["ocr"]["page"] == 2 and found.evidence["record"] == f"<urn:test:{SCAN}>"


def test_clean_and_enforcement_images_not_flagged_as_harmful() -> None:
    enforcement = image("市公安局打击网络赌博专项行动成果展\n依法查处“百家乐”“在线投注”等网络赌博案件12起", 90.0,
                        HOME + "images/zxxd.png")
    assert run("W-V1c", ocr_snapshot(image(CLEAN_NOTICE, 95.0), enforcement)) == []


def test_miswritten_leader_name_read_with_high_confidence_found() -> None:
    found = run("W-V1a", ocr_snapshot(image(LEADER_MISWRITTEN, 96.0)))
    assert found, "a leader's name misread in a confidently read image is reported"
    first = found[0]
    assert "图片文字识别" in first.message and "李克墙" in first.details["text"]
    assert first.review and first.confidence.value != "high"
    assert first.details["ocr"]["confidence"] == 96.0 and first.evidence["record"] == f"<urn:test:{BANNER}>"


def test_miswritten_leader_name_with_low_confidence_not_flagged() -> None:
    assert run("W-V1a", ocr_snapshot(image(LEADER_MISWRITTEN, 70.0))) == []
    # the setting decides, not a number in the rule
    assert run("W-V1a", ocr_snapshot(image(LEADER_MISWRITTEN, 70.0)), {"ocr_min_confidence": 60}) != []


def test_clean_notice_image_has_no_wording_error_or_typo() -> None:
    snap = ocr_snapshot(image(CLEAN_NOTICE, 97.0))
    assert run("W-V1a", snap) == [] and run("W-D12", snap) == []


TYPO_BANNER = "全面推进乡村振兴战咯，加快农业农村现代化建设步伐。"


def test_typo_in_a_confidently_read_image_found() -> None:
    [found] = run("W-D12", ocr_snapshot(image(TYPO_BANNER, 95.0)))
    assert (found.details["text"], found.details["suggestion"]) == ("咯", "略")
    assert "图片文字识别" in found.message and found.review and found.points == 0.1
    assert found.details["ocr"]["confidence"] == 95.0 and found.evidence["record"] == f"<urn:test:{BANNER}>"


def test_typo_in_a_poorly_read_image_not_flagged() -> None:
    # at this confidence the odd character is as likely the OCR's misreading as the site's slip
    assert run("W-D12", ocr_snapshot(image(TYPO_BANNER, 78.0))) == []
    scan = OcrText("深入推进营商环竟优化提升行动，持续激发市场主体活力。", 60.0, SCAN, SCAN, pdf_page=1)
    assert run("W-D12", ocr_snapshot(scan)) == []
