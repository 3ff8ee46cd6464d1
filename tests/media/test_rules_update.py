"""M-V2 不更新 and M-D5 “踩点”更新: must find, must not flag, not assessable."""

from __future__ import annotations

from tests.media.builders import data, judged, not_assessable, post, run, snapshot


def test_m_v2_fifteen_days_silent_fails() -> None:
    [f] = run(snapshot(data([post(15.5), post(40)])), "M-V2")
    assert str(f.severity) == "veto" and not f.review and f.details["days"] == 16
    assert f.evidence["warc"] == "run/x.warc.gz" and "14" in f.message


def test_m_v2_a_post_within_two_weeks_passes() -> None:
    assert run(snapshot(data([post(13.9), post(60)])), "M-V2") == []
    assert run(snapshot(data([post(0)])), "M-V2") == []


def test_m_v2_a_future_date_does_not_hide_staleness() -> None:
    [f] = run(snapshot(data([post(-30, title="预告"), post(20)])), "M-V2")
    assert f.details["days"] == 20 and f.details["future_posts"][0]["title"] == "预告"


def test_m_v2_only_future_dates_needs_review() -> None:
    [f] = run(snapshot(data([post(-30)])), "M-V2")
    assert f.review


def test_m_v2_empty_feed_needs_review_and_undated_is_not_assessable() -> None:
    [f] = run(snapshot(data([])), "M-V2")
    assert f.review and f.details["posts"] == 0
    undated = data([post(1)])
    undated.posts[0].published = None
    assert not_assessable(run(snapshot(undated), "M-V2"))


def test_m_v2_no_data_is_left_to_the_collection_error() -> None:
    assert run(snapshot(None), "M-V2") == []


def _every(gap: int, count: int, start: int = 1) -> list:
    return [post(start + gap * i, title=f"第{i}期") for i in range(count)]


def test_m_d5_posting_every_thirteen_days_is_deadline_posting() -> None:
    [f] = judged(run(snapshot(data(_every(13, 8))), "M-D5"))
    assert f.details["near_limit"] == 7 and f.details["share"] == 1.0


def test_m_d5_mixed_twelve_and_fourteen_with_one_short_gap() -> None:
    days = [1, 13, 27, 39, 40, 53, 66]  # gaps 12, 14, 12, 1, 13, 13
    [f] = run(snapshot(data([post(d) for d in days])), "M-D5")
    assert f.details["near_limit"] == 5


def test_m_d5_weekly_daily_and_one_quiet_spell_are_not_flagged() -> None:
    assert run(snapshot(data(_every(7, 20))), "M-D5") == []
    assert run(snapshot(data([*_every(1, 60), post(75)])), "M-D5") == []
    assert run(snapshot(data([post(1), post(14), post(15), post(16), post(17), post(18)])), "M-D5") == []
    assert run(snapshot(data(_every(13, 3))), "M-D5") == []  # two gaps: too few to show a pattern
