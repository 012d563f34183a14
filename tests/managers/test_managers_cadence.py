"""Cadence math: slots in the manager's timezone, across DST changes, working hours only."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.checkins.rules import (
    Cadence,
    check_cadence,
    first_slot,
    latest_due,
    next_slot,
    parse_cadence,
    snooze_until,
)
from bot.hours import in_working_hours, next_working_time, zone

BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")
SYDNEY = zone("Australia/Sydney")


def local(dt: datetime | None, tz_name: str) -> str:
    assert dt is not None
    return dt.astimezone(zone(tz_name)).strftime("%a %Y-%m-%d %H:%M")


def test_default_is_biweekly_monday_nine() -> None:
    c = Cadence()
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday
    first = first_slot(c, BERLIN, now)
    assert local(first, "Europe/Berlin") == "Mon 2026-03-09 09:00"
    assert first is not None
    assert local(next_slot(c, BERLIN, first), "Europe/Berlin") == "Mon 2026-03-23 09:00"


@pytest.mark.parametrize("tz_name,first_day,after_dst", [
    # Europe springs forward on 2026-03-29, the US on 2026-03-08, Sydney falls back 2026-04-05.
    ("Europe/Berlin", "Mon 2026-03-23 09:00", "Mon 2026-04-06 09:00"),
    ("America/New_York", "Mon 2026-03-02 09:00", "Mon 2026-03-16 09:00"),
    ("Australia/Sydney", "Mon 2026-03-30 09:00", "Mon 2026-04-13 09:00"),
])
def test_nine_stays_nine_across_dst(tz_name: str, first_day: str, after_dst: str) -> None:
    tz = zone(tz_name)
    day = datetime.strptime(first_day, "%a %Y-%m-%d %H:%M").replace(tzinfo=tz)
    slot = next_slot(Cadence(), tz, day.astimezone(UTC))
    assert local(slot, tz_name) == after_dst
    assert slot is not None and (slot - day).total_seconds() != 14 * 86400  # an hour moved


def test_same_instant_is_a_different_day_in_different_zones() -> None:
    now = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)  # Monday evening UTC = Tuesday in Sydney
    c = Cadence(frequency="weekly")
    assert local(first_slot(c, NEW_YORK, now), "America/New_York") == "Mon 2026-03-16 09:00"
    assert local(first_slot(c, SYDNEY, now), "Australia/Sydney") == "Mon 2026-03-16 09:00"
    assert first_slot(c, SYDNEY, now) != first_slot(c, NEW_YORK, now)


def test_monthly_is_first_weekday_of_each_month() -> None:
    c = Cadence(frequency="monthly", weekday=2, at=time(10, 30))
    first = first_slot(c, BERLIN, datetime(2026, 1, 20, tzinfo=UTC))
    assert local(first, "Europe/Berlin") == "Wed 2026-02-04 10:30"
    assert first is not None
    assert local(next_slot(c, BERLIN, first), "Europe/Berlin") == "Wed 2026-03-04 10:30"
    december = first_slot(c, BERLIN, datetime(2026, 12, 20, tzinfo=UTC))
    assert local(december, "Europe/Berlin") == "Wed 2027-01-06 10:30"


def test_off_has_no_slots() -> None:
    off = Cadence(frequency="off")
    assert first_slot(off, BERLIN, datetime(2026, 3, 2, tzinfo=UTC)) is None
    assert next_slot(off, BERLIN, datetime(2026, 3, 2, tzinfo=UTC)) is None


def test_after_downtime_only_the_latest_missed_slot_is_due() -> None:
    c = Cadence(frequency="weekly")
    slot = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Mon 9:00 Berlin
    now = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)
    due, upcoming = latest_due(c, BERLIN, slot, now)
    assert local(due, "Europe/Berlin") == "Mon 2026-03-23 09:00"
    assert local(upcoming, "Europe/Berlin") == "Mon 2026-03-30 09:00"


def test_working_hours() -> None:
    assert in_working_hours(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), BERLIN)  # 9:00 Monday
    assert not in_working_hours(datetime(2026, 3, 2, 17, 0, tzinfo=UTC), BERLIN)  # 18:00
    assert not in_working_hours(datetime(2026, 3, 7, 10, 0, tzinfo=UTC), BERLIN)  # Saturday
    friday_night = datetime(2026, 3, 6, 22, 0, tzinfo=UTC)
    assert local(next_working_time(friday_night, BERLIN), "Europe/Berlin") == "Mon 2026-03-09 09:00"
    early = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    assert local(next_working_time(early, BERLIN), "Europe/Berlin") == "Tue 2026-03-03 09:00"


def test_snooze_is_a_week_later_in_working_hours() -> None:
    thursday_5pm = datetime(2026, 3, 5, 16, 30, tzinfo=UTC)  # 17:30 Berlin
    assert local(snooze_until(thursday_5pm, BERLIN), "Europe/Berlin") == "Thu 2026-03-12 17:30"
    friday_late = datetime(2026, 3, 6, 17, 30, tzinfo=UTC)  # 18:30 Berlin
    assert local(snooze_until(friday_late, BERLIN), "Europe/Berlin") == "Mon 2026-03-16 09:00"


@pytest.mark.parametrize("cadence,problem", [
    (Cadence(frequency="daily"), "must be one of"),
    (Cadence(weekday=5), "Monday to Friday"),
    (Cadence(at=time(20, 0)), "working hours"),
    (Cadence(at=time(7, 0)), "working hours"),
])
def test_bad_cadences_are_refused(cadence: Cadence, problem: str) -> None:
    assert problem in (check_cadence(cadence) or "")


@pytest.mark.parametrize("text,expected", [
    ("weekly tuesday 10:30 digest", Cadence("weekly", 1, time(10, 30), True)),
    ("fortnightly fri 2pm", Cadence("biweekly", 4, time(14, 0))),
    ("month", Cadence("monthly")),  # not Monday
    ("12pm", Cadence(at=time(12, 0))),
    ("9am separate", Cadence(at=time(9, 0), digest=False)),
    ("each", Cadence(digest=False)),
])
def test_cadence_words(text: str, expected: Cadence) -> None:
    assert parse_cadence(text, Cadence()) == expected


@pytest.mark.parametrize("text,problem", [
    ("12am", "working hours"),  # midnight, not noon
    ("10:75", "didn't understand \"10:75\""),  # not quietly 10:15
    ("13pm", "didn't understand"),
    ("sunday", "Monday to Friday"),
])
def test_bad_cadence_words(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_cadence(text, Cadence())


def test_unknown_timezone_falls_back_to_utc() -> None:
    assert zone("Mars/Olympus") == zone("UTC")
