"""Goal due dates as people type them (issue 12): the person's date order, relative dates, the
date a goal's text ends with, and impossible dates refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.plans.rules import parse_goal
from bot.plans.rules_dates import month_first, parse_date, spoken

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("2026-12-20", date(2026, 12, 20)),
    ("2026/12/20", date(2026, 12, 20)),
    ("12/20/2026", date(2026, 12, 20)),  # unambiguous whatever the order
    ("20/12/2026", date(2026, 12, 20)),
    ("20.12.2026", date(2026, 12, 20)),
    ("20 Dec", date(2026, 12, 20)),
    ("20 December 2026", date(2026, 12, 20)),
    ("Dec 20", date(2026, 12, 20)),
    ("December 20th, 2026", date(2026, 12, 20)),
    ("the 20th of December", date(2026, 12, 20)),
    ("1 Jan", date(2027, 1, 1)),  # no year: the next one to come
    ("1 March", date(2027, 3, 1)),  # yesterday: next year's
    ("today", MONDAY),
    ("tomorrow", date(2026, 3, 3)),
    ("friday", date(2026, 3, 6)),
    ("next friday", date(2026, 3, 6)),
    ("this Friday", date(2026, 3, 6)),
    ("next monday", date(2026, 3, 9)),  # never today
    ("in 2 weeks", date(2026, 3, 16)),
    ("in two weeks", date(2026, 3, 16)),
    ("in a month", date(2026, 4, 2)),
    ("in 10 days", date(2026, 3, 12)),
    ("next week", date(2026, 3, 9)),
    ("end of the month", date(2026, 3, 31)),
    ("end of month", date(2026, 3, 31)),
    ("end of year", date(2026, 12, 31)),
])
def test_date_forms(phrase: str, expected: date) -> None:
    assert parse_date(phrase, MONDAY, month_first=False) == expected


def test_ambiguous_numbers_follow_the_persons_order() -> None:
    assert parse_date("03/04/2026", MONDAY, month_first=True) == date(2026, 3, 4)
    assert parse_date("03/04/2026", MONDAY, month_first=False) == date(2026, 4, 3)
    assert parse_date("12/20", MONDAY, month_first=True) == date(2026, 12, 20)
    assert parse_date("12/20", MONDAY, month_first=False) == date(2026, 12, 20)


def test_the_order_comes_from_the_time_zone() -> None:
    assert month_first("America/New_York") and month_first("America/Los_Angeles")
    assert not month_first("Europe/Berlin") and not month_first("America/Sao_Paulo")
    assert not month_first("UTC") and not month_first("")


@pytest.mark.parametrize("phrase", ["2026-13-45", "31/02/2026", "Feb 30", "30 Feb 2027",
                                    "13/13/2026", "2026-02-29", "in 99999999 days",
                                    "in 999999 months"])
def test_impossible_dates_are_refused(phrase: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        parse_date(phrase, MONDAY, month_first=False)


@pytest.mark.parametrize("phrase", ["Tolkien", "person", "March", "the team", "2026", ""])
def test_words_that_are_not_dates(phrase: str) -> None:
    assert parse_date(phrase, MONDAY, month_first=False) is None


@pytest.mark.parametrize(("text", "goal", "due"), [
    ("Read a book by 12/20/2026", "Read a book", date(2026, 12, 20)),
    ("Read a book by next friday", "Read a book", date(2026, 3, 6)),
    ("Read a book by 20 Dec", "Read a book", date(2026, 12, 20)),
    ("Ship the demo in 2 weeks", "Ship the demo", date(2026, 3, 16)),
    ("Write a design doc by 2026-05-01", "Write a design doc", date(2026, 5, 1)),
    ("Write a design doc 2026-05-01", "Write a design doc", date(2026, 5, 1)),
    ("Read a book on Kubernetes by next friday", "Read a book on Kubernetes", date(2026, 3, 6)),
    ("Read a book by Tolkien by 20 Dec.", "Read a book by Tolkien", date(2026, 12, 20)),
    ("Meet in person", "Meet in person", None),
    ("Speak at a conference in March", "Speak at a conference in March", None),
    ("Pair with Sam, due: tomorrow", "Pair with Sam", date(2026, 3, 3)),
])
def test_goal_text_and_its_date(text: str, goal: str, due: date | None) -> None:
    assert parse_goal(text, MONDAY) == (goal, due)


def test_a_goal_with_an_impossible_date_is_refused_with_the_date_named() -> None:
    with pytest.raises(ValueError, match=r"2026-13-45 is not a real date"):
        parse_goal("Read a book by 2026-13-45", MONDAY)


def test_a_date_in_the_past_is_refused() -> None:
    with pytest.raises(ValueError, match="in the past"):
        parse_goal("Read a book by 1 Jan 2026", MONDAY)


def test_the_understood_date_is_spelt_out() -> None:
    assert spoken(date(2026, 12, 20)) == "Sun 20 Dec 2026"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_iso_date_reads_back(day: date) -> None:
    assert parse_date(day.isoformat(), MONDAY, month_first=True) == day
    assert parse_date(f"{day.day} {day:%B %Y}", MONDAY, month_first=True) == day
    assert parse_date(f"{day:%m/%d/%Y}", MONDAY, month_first=True) == day
    assert parse_date(f"{day:%d/%m/%Y}", MONDAY, month_first=False) == day


@given(st.integers(0, 400))
def test_in_n_days_is_n_days_later(days: int) -> None:
    assert parse_date(f"in {days} days", MONDAY, month_first=False) == MONDAY + timedelta(days)


@given(st.text(max_size=60))
def test_any_goal_text_is_read_or_refused_in_a_sentence(text: str) -> None:
    try:
        words, due = parse_goal(text, MONDAY, month_first=True)
    except ValueError as problem:
        assert str(problem).endswith(".")
        return
    assert words and (due is None or due >= MONDAY)
