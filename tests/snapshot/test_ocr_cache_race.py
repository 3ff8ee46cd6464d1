"""Two analyses OCR the same image at once (sites analysed in parallel by ``--jobs`` or workers
share a body): both store the result under one key; the second must not fail the run."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from govinspect.snapshot.ocr import _cached, _store
from govinspect.store import open_store
from govinspect.store.models import OcrResultRow
from govinspect.text.ocr import OcrOutcome, OcrPart


def test_the_same_result_stored_twice_keeps_the_first_and_raises_nothing(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    first = OcrOutcome([OcrPart("城乡低保对象公示名单", 91.0, None)])
    _store(store, "d" * 64, "chi_sim|dpi150", first)
    # the other process read the cache before this one stored: it stores its own copy
    _store(store, "d" * 64, "chi_sim|dpi150", OcrOutcome([OcrPart("城乡低保对象公示名单", 90.0, None)]))
    with store.session() as session:
        assert len(session.scalars(select(OcrResultRow)).all()) == 1
    cached = _cached(store, "d" * 64, "chi_sim|dpi150")
    assert cached is not None and cached.parts[0].confidence == 91.0


def test_analyses_storing_the_same_images_at_once_all_succeed(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    outcome = OcrOutcome([OcrPart("名单", 88.0, None)])
    keys = [f"{n:064d}" for n in range(40)]
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def analysis() -> None:  # one per parallel site analysis, each OCRing the same shared images
        try:
            start.wait()
            for key in keys:
                _store(store, key, "chi_sim", outcome)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=analysis) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.session() as session:
        assert len(session.scalars(select(OcrResultRow)).all()) == len(keys)
