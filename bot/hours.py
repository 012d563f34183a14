"""Working hours and time zones: ONE rule for every nudge the bot sends on its own (check-in
prompts, goal nudges, pulse invitations and reminders): Monday to Friday, 9:00-18:00 local."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WORK_START = time(9, 0)
WORK_END = time(18, 0)
WORKDAYS = 5  # Monday (0) to Friday (4)


def zone(name: str | ZoneInfo) -> ZoneInfo:
    """The person's time zone; UTC when the stored name is unknown (never fails a send)."""
    if isinstance(name, ZoneInfo):
        return name
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, KeyError, OSError):
        return ZoneInfo("UTC")


def wall_clock(day: date, at: time, tz: str | ZoneInfo) -> datetime:
    """`day` at local time `at` as aware UTC. A time skipped by a DST jump moves forward by the
    jump (02:30 on spring-forward day -> 03:30), so a slot is never lost."""
    # fold=0 takes the offset in force before a transition: a skipped time lands after the
    # jump, and a repeated (fall-back) time means its first occurrence (PEP 495).
    return datetime.combine(day, at, tzinfo=zone(tz)).astimezone(UTC)


def in_working_hours(moment: datetime, tz: str | ZoneInfo) -> bool:
    local = moment.astimezone(zone(tz))
    return local.weekday() < WORKDAYS and WORK_START <= local.time() < WORK_END


def next_working_time(moment: datetime, tz: str | ZoneInfo) -> datetime:
    """`moment` if it is in working hours, else 9:00 local on the next working day."""
    if in_working_hours(moment, tz):
        return moment
    local = moment.astimezone(zone(tz))
    day = local.date() if local.time() < WORK_START else local.date() + timedelta(days=1)
    while day.weekday() >= WORKDAYS:
        day += timedelta(days=1)
    return wall_clock(day, WORK_START, tz)
