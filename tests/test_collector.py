"""fewer_collections raises the young-generation threshold inside its block and restores it."""

from __future__ import annotations

import gc

import pytest

from govinspect.collector import ANALYSIS_THRESHOLD, fewer_collections


def test_threshold_inside_and_restored() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
    assert inside[0] == max(ANALYSIS_THRESHOLD, before[0]) and inside[1:] == before[1:]
    assert gc.get_threshold() == before


def test_restored_after_an_error_and_as_a_decorator() -> None:
    before = gc.get_threshold()

    @fewer_collections(5000)
    def judge() -> int:
        assert gc.get_threshold()[0] == max(5000, before[0])
        raise ValueError("规则出错")

    with pytest.raises(ValueError):
        judge()
    assert gc.get_threshold() == before
    gc.set_threshold(200_000, *before[1:])
    try:
        with fewer_collections():  # a caller's higher threshold is not lowered
            assert gc.get_threshold()[0] == 200_000
    finally:
        gc.set_threshold(*before)
