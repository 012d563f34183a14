"""Readiness percent, "ready" and self-vs-manager gaps."""

from hypothesis import given
from hypothesis import strategies as st

from bot.readiness.rules import gaps, readiness_percent, summarize


def test_percent_is_mean_of_scaled_scores_rounded() -> None:
    assert readiness_percent([1, 1]) == 0
    assert readiness_percent([5, 5, 5]) == 100
    assert readiness_percent([4, 2]) == 50
    assert readiness_percent([3, 4, 4]) == 67
    assert readiness_percent([]) is None


@given(st.lists(st.integers(1, 5), min_size=1))
def test_percent_stays_within_bounds(scores: list[int]) -> None:
    percent = readiness_percent(scores)
    assert percent is not None and 0 <= percent <= 100


def test_ready_needs_every_competency_at_four_or_more() -> None:
    assert summarize({"a": 4, "b": 5}, ["a", "b"]).ready
    assert not summarize({"a": 4, "b": 3}, ["a", "b"]).ready
    assert summarize({"a": 4, "b": 3}, ["a", "b"]).not_yet == ("b",)


def test_skipped_competencies_are_left_out_of_the_percent_but_block_ready() -> None:
    summary = summarize({"a": 5, "b": None}, ["a", "b"])
    assert (summary.percent, summary.rated, summary.total, summary.ready) == (100, 1, 2, False)


def test_nothing_rated_has_no_percent() -> None:
    assert summarize({}, ["a"]).percent is None


def test_gaps_flag_two_points_or_more() -> None:
    assert gaps({"a": 5, "b": 3, "c": None}, {"a": 3, "b": 2, "c": 1}) == ["a"]
