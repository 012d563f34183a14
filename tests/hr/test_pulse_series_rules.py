"""Recurring pulses' rules: reading `--every N weeks|months` as HR types it, and when each run
opens (months keep the day, clamped to the month's end; weekends move to Monday; DST keeps the
local time)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.pulses.rules import PulseError
from bot.pulses.rules_series import (
    PulseSeries,
    Recurrence,
    Unit,
    next_opening,
    run_title,
    slot,
    split_every,
)
from bot.pulses.series import series_number

MONTHLY = Recurrence(1, Unit.MONTHS)


@pytest.mark.parametrize(("typed", "every"), [
    ("--every month", Recurrence(1, Unit.MONTHS)),
    ("--every 1 months", Recurrence(1, Unit.MONTHS)),
    ("--every 2 weeks", Recurrence(2, Unit.WEEKS)),
    ("--every week", Recurrence(1, Unit.WEEKS)),
    ("--every=3 Months", Recurrence(3, Unit.MONTHS)),
    ("\u2014every 26 weeks", Recurrence(26, Unit.WEEKS)),  # Slack's em dash
    ("every 12 months", Recurrence(12, Unit.MONTHS)),
])
def test_every_as_typed(typed: str, every: Recurrence) -> None:
    words = ["Platform,", "Design", "2026-04-01", *typed.split()]
    assert split_every(words) == (["Platform,", "Design", "2026-04-01"], every)


def test_the_option_may_come_before_the_date_and_is_optional() -> None:
    assert split_every(["Sales", "--every", "2", "weeks", "2026-04-01"]) == (
        ["Sales", "2026-04-01"], Recurrence(2, Unit.WEEKS))
    assert split_every(["everyone", "2026-04-01"]) == (["everyone", "2026-04-01"], None)


@pytest.mark.parametrize(("typed", "said"), [
    ("--every", "Say how often"),
    ("--every 2", "Say how often"),
    ("--every 3 days", "weeks or months, not \"days\""),
    ("--every 0 weeks", "pick 1 to 26 weeks"),
    ("--every 27 weeks", "pick 1 to 26 weeks"),
    ("--every 13 months", "pick 1 to 12 months"),
    ("--every -1 weeks", "Every -1 weeks: pick a whole number, 1 to 26 weeks"),
    ("--every 1.5 months", "Every 1.5 months: pick a whole number, 1 to 12 months"),
    ("--every two weeks", "Every two weeks: pick a whole number, 1 to 26 weeks"),
    ("--every month --every week", "Say --every once"),
])
def test_bad_cadences_are_refused_in_one_sentence(typed: str, said: str) -> None:
    with pytest.raises(PulseError, match=said) as error:
        split_every(["Sales", "2026-04-01", *typed.split()])
    assert "\n" not in str(error.value)


def series(first: datetime, every: Recurrence = MONTHLY, tz: str = "UTC") -> PulseSeries:
    return PulseSeries(1, ("Sales",), every, first, tz)


def test_months_keep_the_day_clamped_to_the_month_end() -> None:
    s = series(datetime(2027, 1, 31, 9, tzinfo=UTC))
    days = [slot(s, i).date().isoformat() for i in range(4)]
    assert days == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    leap = series(datetime(2028, 1, 31, 9, tzinfo=UTC), Recurrence(1, Unit.MONTHS))
    assert slot(leap, 1).date().isoformat() == "2028-02-29"
    yearly = series(datetime(2026, 11, 15, 9, tzinfo=UTC), Recurrence(12, Unit.MONTHS))
    assert slot(yearly, 1) == datetime(2027, 11, 15, 9, tzinfo=UTC)
    quarterly = series(datetime(2026, 11, 30, 9, tzinfo=UTC), Recurrence(3, Unit.MONTHS))
    assert slot(quarterly, 1) == datetime(2027, 2, 28, 9, tzinfo=UTC)


def test_next_opening_is_the_next_slot_in_working_hours() -> None:
    s = series(datetime(2027, 1, 31, 9, tzinfo=UTC))  # a Sunday
    # 28 Feb 2027 is a Sunday: the run opens on Monday 1 March at 9:00.
    assert next_opening(s, datetime(2027, 2, 1, 9, tzinfo=UTC)) == datetime(
        2027, 3, 1, 9, tzinfo=UTC)
    # After the run of 1 March (slot 28 Feb), the next is 31 March, not 1 April.
    assert next_opening(s, datetime(2027, 3, 1, 9, tzinfo=UTC)) == datetime(
        2027, 3, 31, 9, tzinfo=UTC)
    weekly = series(datetime(2026, 12, 7, 9, tzinfo=UTC), Recurrence(2, Unit.WEEKS))
    assert next_opening(weekly, weekly.first_opens_at) == datetime(2026, 12, 21, 9, tzinfo=UTC)


def test_local_nine_stays_nine_across_dst() -> None:
    # 9:00 in Berlin is 8:00 UTC in winter and 7:00 UTC in summer (from 29 March 2026).
    s = series(datetime(2026, 3, 2, 8, tzinfo=UTC), tz="Europe/Berlin")
    assert next_opening(s, s.first_opens_at) == datetime(2026, 4, 2, 7, tzinfo=UTC)


def test_titles_say_the_run() -> None:
    assert run_title(MONTHLY, 2) == "Career tracks pulse (monthly, run 2)"
    assert run_title(Recurrence(2, Unit.WEEKS), 1) == "Career tracks pulse (every 2 weeks, run 1)"
    assert Recurrence(1, Unit.WEEKS).label == "weekly"


@pytest.mark.parametrize("typed", ["1 2", "²", "series 1 2", "#1 #2", "", "ss1"])
def test_a_series_number_is_one_whole_number(typed: str) -> None:
    """"pulse stop 1 2" read as series 12, and "²" passed isdigit() and broke int()."""
    with pytest.raises(PulseError, match="Which series?"):
        series_number(typed.split())


@pytest.mark.parametrize(("typed", "number"), [("1", 1), ("#12", 12), ("s3", 3),
                                                ("series 4", 4), ("Series #5", 5)])
def test_a_series_number_as_typed(typed: str, number: int) -> None:
    assert series_number(typed.split()) == number


def test_a_superscript_count_is_one_sentence() -> None:
    with pytest.raises(PulseError, match="pick a whole number"):
        split_every(["Sales", "2026-04-01", "--every", "²", "weeks"])
