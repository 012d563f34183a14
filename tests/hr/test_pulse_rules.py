"""Aggregation and anonymity suppression of pulse results, with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.pulses.rules import (
    PulseError,
    PulseStatus,
    Submission,
    Tally,
    Turnout,
    aggregate,
    check_threshold,
    default_questions,
    hidden_groups,
    participation,
    tally_of,
)

QUESTIONS = default_questions()


def subs(team: str, n: int, score: int = 4) -> list[Submission]:
    return [Submission(team, {q.id: score for q in QUESTIONS}) for _ in range(n)]


def test_below_threshold_everything_is_hidden() -> None:
    r = aggregate(QUESTIONS, tally_of(subs("a", 4), ["hello"]), {"a": 6}, 5)
    assert not r.overall.shown and r.overall.responses is None and r.overall.stats == ()
    assert r.comments == () and all(not t.shown for t in r.teams)


def test_at_threshold_aggregates_are_shown() -> None:
    answers = subs("a", 3, 5) + subs("a", 1, 2) + subs("a", 1, 3)
    r = aggregate(QUESTIONS, tally_of(answers, ["b comment", " ", "a comment"]), {"a": 8}, 5)
    assert r.overall.shown and r.overall.responses == 5
    first = r.overall.stats[0]
    assert first.distribution == (0, 1, 1, 0, 3)
    assert first.mean == pytest.approx(4.0)
    assert first.favourable == pytest.approx(60.0)
    assert r.overall.participation == pytest.approx(62.5)
    assert sorted(r.comments) == ["a comment", "b comment"]  # in a random order (issue 14)


def test_one_small_team_hides_the_next_smallest_too() -> None:
    answers = subs("big", 9) + subs("mid", 6) + subs("tiny", 2)
    r = aggregate(QUESTIONS, tally_of(answers), {"big": 9, "mid": 6, "tiny": 3}, 5)
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
    r = aggregate(QUESTIONS, tally_of(answers, ["x"] * len(answers)),
                  {t: n + 1 for t, n in counts.items()}, threshold)
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


def test_counts_aggregate_like_the_submissions_they_count() -> None:
    answers = subs("a", 3, 5) + subs("b", 4, 1) + subs("b", 2, 4)
    tally = tally_of(answers)
    assert tally.counts[("b", "know", 1)] == 4 and tally.counts[("a", "future", 5)] == 3
    r = aggregate(QUESTIONS, Tally(dict(tally.counts)), {"a": 3, "b": 7}, 3)
    assert r.overall.responses == 9
    assert r.overall.stats[0].distribution == (4, 0, 0, 2, 3)
    assert r.overall.stats[0].mean == pytest.approx((4 + 8 + 15) / 9)
    assert [(t.name, t.responses) for t in r.teams] == [("a", 3), ("b", 6)]


def test_while_open_only_participation_is_shown() -> None:
    r = participation([Turnout("a", 6, 5), Turnout("b", 6, 6)], 5)
    assert r.answered == 11 and r.overall.responses == 11 and r.overall.recipients == 12
    assert r.comments == () and r.overall.stats == () and all(t.stats == () for t in r.teams)
    assert r.overall.favourable is None
    assert [(t.name, t.responses) for t in r.teams] == [("a", 5), ("b", 6)]


@given(answered=st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 12), max_size=7),
       threshold=st.integers(3, 10))
def test_no_team_participation_can_be_worked_out(answered: dict[str, int],
                                                 threshold: int) -> None:
    r = participation([Turnout(t, n + 2, n) for t, n in answered.items()], threshold)
    total = sum(answered.values())
    assert r.overall.shown and r.overall.responses == total == r.answered
    shown = [t.responses for t in r.teams if t.shown]
    assert all(n is not None and n >= threshold for n in shown)
    # Everyone's count is always shown; minus the shown teams, it must say nothing about fewer
    # than `threshold` people (no team shown: it is just everyone's count again).
    rest = total - sum(n for n in shown if n is not None)
    assert rest == 0 or rest >= threshold or not shown
    assert all(t.responses is None for t in r.teams if not t.shown)
