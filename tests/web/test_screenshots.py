"""A finding's screenshot on the target detail page (issue 9 part 1, "its screenshot where taken"):
taken once per run and page by the bulletin's screenshot code (real chromium rendering the WARC
records), kept in the home folder, served from there — a web request never starts a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.config import load_config
from govinspect.report import screenshots
from govinspect.store.models import FindingRow
from tests.web.conftest import CODE_A, Web, csrf_of, pending_finding

CHROMIUM = Path("/usr/bin/chromium")
PNG = b"\x89PNG\r\n\x1a\n"


def _finding_row(web: Web) -> FindingRow:
    with web.store.session() as session:
        row = session.get(FindingRow, pending_finding(web.store))
    assert row is not None and row.url
    return row


def _no_browser(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("chromium started although the screenshot was kept")


def test_no_screenshot_taken_shows_none_and_answers_404(web: Web) -> None:
    finding = pending_finding(web.store)
    web.login("insp1")
    page = web.client.get(f"/targets/{CODE_A}").text
    assert "/screenshot" not in page
    missing = web.client.get(f"/findings/{finding}/screenshot")
    assert missing.status_code == 404


def test_a_kept_screenshot_is_shown_to_whoever_may_see_the_finding(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screenshots, "_render", _no_browser)
    row = _finding_row(web)
    kept = screenshots.shot_file(load_config(web.home), row.run_id, row.url + "#top")  # the fragment is no page
    kept.parent.mkdir(parents=True)
    kept.write_bytes(PNG + b"kept image")
    web.login("opA")  # the operator of the finding's unit
    page = web.client.get(f"/targets/{CODE_A}").text
    assert f'<img src="/findings/{row.id}/screenshot"' in page
    image = web.client.get(f"/findings/{row.id}/screenshot")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content == PNG + b"kept image"
    web.client.post("/logout", data={"csrf": csrf_of(page)})
    web.login("opB")  # another unit's operator: as if it did not exist
    assert web.client.get(f"/findings/{row.id}/screenshot").status_code == 404


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")
def test_bulletin_with_screenshots_shoots_once_and_the_target_page_shows_it(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    finding = pending_finding(web.store)
    web.login("insp1")
    queue = web.client.get("/reviews")  # confirmed: the site is named in the bulletin, with its page shot
    web.client.post(f"/reviews/{finding}", data={"decision": "confirmed", "csrf": csrf_of(queue.text)})
    token = web.csrf("/bulletin")
    made = web.client.post("/bulletin", data={"csrf": token, "period": "2021Q2", "screenshots": "1"},
                           follow_redirects=False)
    assert made.status_code == 303, made.text[made.text.find("error-message"):][:400]
    image = web.client.get(f"/findings/{finding}/screenshot")
    assert image.status_code == 200 and image.content.startswith(PNG) and len(image.content) > 2000
    assert f'<img src="/findings/{finding}/screenshot"' in web.client.get(f"/targets/{CODE_A}").text
    in_bulletin = list((web.home / "bulletins" / "2021Q2" / "html" / "screenshots").glob("*.png"))
    assert [p.read_bytes() for p in in_bulletin] == [image.content]
    monkeypatch.setattr(screenshots, "_render", _no_browser)  # the bulletin again: copied, not rendered
    again = web.client.post("/bulletin", data={"csrf": token, "period": "2021Q2", "screenshots": "1"},
                            follow_redirects=False)
    assert again.status_code == 303
