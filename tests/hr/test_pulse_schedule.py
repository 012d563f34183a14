"""Pulse dates, reminders in working hours, time zones and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.pulses.rules_schedule import (
    default_close,
    first_pulse_opens,
    into_working_hours,
    local_instant,
    parse_instant,
    reminder_times,
)

RECORDED = datetime(2026, 3, 2, 15, tzinfo=UTC)


def test_first_pulse_is_fourteen_days_after_rollout_at_nine_in_hr_timezone() -> None:
    assert first_pulse_opens(date(2026, 3, 2), "UTC", RECORDED) == datetime(
        2026, 3, 16, 9, tzinfo=UTC)
    opens = first_pulse_opens(date(2026, 3, 2), "Europe/Paris", RECORDED)
    assert opens == datetime(2026, 3, 16, 8, tzinfo=UTC)
    assert default_close(opens) - opens == timedelta(days=5)


@pytest.mark.parametrize("days_ago", [14, 15, 18])
def test_a_rollout_recorded_late_opens_its_pulse_at_once(days_ago: int) -> None:
    now = datetime(2026, 3, 30, 3, 17, 42, 5, tzinfo=UTC)  # before 9:00: still opens now
    rollout = now.date() - timedelta(days=days_ago)
    assert first_pulse_opens(rollout, "UTC", now) == datetime(2026, 3, 30, 3, 17, tzinfo=UTC)


@pytest.mark.parametrize("days_ago", [19, 40, 400])
def test_a_rollout_whose_pulse_would_be_over_gets_no_automatic_pulse(days_ago: int) -> None:
    now = datetime(2026, 3, 30, 10, tzinfo=UTC)
    assert first_pulse_opens(now.date() - timedelta(days=days_ago), "UTC", now) is None


def test_late_means_late_in_hr_timezone() -> None:
    # 23:30 UTC on 29 March is already 30 March in Tokyo: day 14 of a 16 March rollout.
    now = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    assert first_pulse_opens(date(2026, 3, 16), "Asia/Tokyo", now) == now
    assert first_pulse_opens(date(2026, 3, 16), "UTC", now) == datetime(
        2026, 3, 30, 9, tzinfo=UTC)


def test_reminders_day_three_and_five_in_working_hours() -> None:
    opens = datetime(2026, 3, 16, 9, tzinfo=UTC)
    tokyo = reminder_times(opens, default_close(opens), "Asia/Tokyo")
    # 9:00 UTC is 18:00 in Tokyo: moved to 9:00 the next local working morning. Day 5 (Friday
    # 18:00 in Tokyo) would move to Monday, after the pulse closed: no weekend reminder.
    assert tokyo == (datetime(2026, 3, 19, 0, tzinfo=UTC),)
    assert len(reminder_times(opens, default_close(opens), "UTC", days=(2, 3, 4))) == 2


def test_a_reminder_pushed_past_close_is_dropped() -> None:
    opens = datetime(2026, 3, 16, 20, tzinfo=UTC)
    times = reminder_times(opens, opens + timedelta(days=4, hours=12), "UTC")
    assert times == (datetime(2026, 3, 19, 9, tzinfo=UTC),)


def test_dst_spring_forward_keeps_nine_local() -> None:
    # Europe/Berlin jumps to summer time on 2026-03-29.
    before = local_instant(date(2026, 3, 28), datetime.min.time().replace(hour=9), "Europe/Berlin")
    after = local_instant(date(2026, 3, 30), datetime.min.time().replace(hour=9), "Europe/Berlin")
    assert before.hour == 8 and after.hour == 7
    # Saturday evening moves to 9:00 on the next working day (bot/hours.py: no weekends),
    # Monday, already on summer time.
    moved = into_working_hours(datetime(2026, 3, 28, 20, tzinfo=UTC), "Europe/Berlin")
    assert moved == after == datetime(2026, 3, 30, 7, tzinfo=UTC)


def test_unknown_zone_falls_back_to_utc() -> None:
    assert into_working_hours(datetime(2026, 1, 1, 3, tzinfo=UTC), "Mars/Base") == datetime(
        2026, 1, 1, 9, tzinfo=UTC)


def test_parse_instant() -> None:
    assert parse_instant("2026-03-16T10:00:00Z") == datetime(2026, 3, 16, 10, tzinfo=UTC)
    assert parse_instant("2026-03-16") == datetime(2026, 3, 16, 9, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_instant("next tuesday")


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney",
         "Pacific/Auckland", "America/St_Johns"]


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1),
                    timezones=st.just(UTC)), st.sampled_from(ZONES))
def test_reminders_always_inside_working_hours(opens: datetime, tz: str) -> None:
    times = reminder_times(opens, default_close(opens), tz)
    assert len(times) <= 2
    for t in times:
        local = t.astimezone(ZoneInfo(tz))
        assert 9 <= local.hour < 18
        assert opens < t < default_close(opens)
