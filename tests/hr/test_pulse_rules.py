"""Aggregation and anonymity suppression of pulse results, with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.pulses.rules import (
    PulseError,
    PulseStatus,
    Submission,
    aggregate,
    check_threshold,
    default_questions,
    hidden_groups,
    interim,
    interim_due,
)

QUESTIONS = default_questions()


def subs(team: str, n: int, score: int = 4) -> list[Submission]:
    return [Submission(team, {q.id: score for q in QUESTIONS}) for _ in range(n)]


def test_below_threshold_everything_is_hidden() -> None:
    r = aggregate(QUESTIONS, subs("a", 4), {"a": 6}, 5, comments=["hello"])
    assert not r.overall.shown and r.overall.responses is None and r.overall.stats == ()
    assert r.comments == () and all(not t.shown for t in r.teams)


def test_at_threshold_aggregates_are_shown() -> None:
    answers = subs("a", 3, 5) + subs("a", 1, 2) + subs("a", 1, 3)
    r = aggregate(QUESTIONS, answers, {"a": 8}, 5, comments=["b comment", " ", "a comment"])
    assert r.overall.shown and r.overall.responses == 5
    first = r.overall.stats[0]
    assert first.distribution == (0, 1, 1, 0, 3)
    assert first.mean == pytest.approx(4.0)
    assert first.favourable == pytest.approx(60.0)
    assert r.overall.participation == pytest.approx(62.5)
    assert r.comments == ("a comment", "b comment")


def test_one_small_team_hides_the_next_smallest_too() -> None:
    answers = subs("big", 9) + subs("mid", 6) + subs("tiny", 2)
    r = aggregate(QUESTIONS, answers, {"big": 9, "mid": 6, "tiny": 3}, 5)
    shown = {t.name for t in r.teams if t.shown}
    assert shown == {"big"}


def test_two_small_teams_that_together_reach_threshold_hide_nothing_more() -> None:
    assert hidden_groups({"a": 10, "b": 3, "c": 2}, 5) == {"b", "c"}


@pytest.mark.parametrize("bad", [2, 11, 0])
def test_threshold_bounds(bad: int) -> None:
    with pytest.raises(PulseError, match="between 3 and 10"):
        check_threshold(bad)


def test_threshold_only_rises_once_open() -> None:
    assert check_threshold(4, 5, PulseStatus.SCHEDULED) == 4
    assert check_threshold(7, 5, PulseStatus.OPEN) == 7
    with pytest.raises(PulseError, match="never"):
        check_threshold(4, 5, PulseStatus.OPEN)


@given(counts=st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 12), max_size=7),
       threshold=st.integers(3, 10))
def test_no_shown_numbers_reveal_a_small_group(counts: dict[str, int], threshold: int) -> None:
    answers = [s for team, n in counts.items() for s in subs(team, n)]
    r = aggregate(QUESTIONS, answers, {t: n + 1 for t, n in counts.items()}, threshold,
                  comments=["x"] * len(answers))
    total = sum(counts.values())
    assert r.overall.shown == (total >= threshold)
    shown = {t.name: t.responses for t in r.teams if t.shown}
    for responses in shown.values():
        assert responses is not None and responses >= threshold
    if not r.overall.shown:
        assert not shown and not r.comments
        return
    # The only other derivable group is everyone minus the shown teams: it must be empty or
    # at least as large as the threshold.
    rest = total - sum(n for n in shown.values() if n is not None)
    assert rest == 0 or rest >= threshold
    for t in r.teams:
        if not t.shown:
            assert t.responses is None and t.stats == ()


@given(threshold=st.integers(3, 10), raised=st.integers(0, 5), total=st.integers(0, 60))
def test_interim_snapshots_never_differ_by_fewer_than_threshold(threshold: int, raised: int,
                                                               total: int) -> None:
    shown, sizes = 0, []
    for complete in range(1, total + 1):
        current = threshold + raised if complete > total // 2 else threshold  # raised midway
        if interim_due(complete, shown, current):
            shown = complete
            sizes.append(complete)
    steps = [b - a for a, b in zip([0, *sizes], sizes, strict=False)]
    assert all(step >= threshold for step in steps)


def test_interim_results_are_for_everyone_together_only() -> None:
    answers = subs("a", 5) + subs("b", 5)
    r = interim(QUESTIONS, answers, {"a": 6, "b": 6}, 5, answered=11)
    assert r.overall.shown and r.overall.responses == 10 and r.answered == 11
    assert r.teams == () and r.comments == ()
