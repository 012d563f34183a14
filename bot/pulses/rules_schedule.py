"""When a pulse opens, closes and reminds: dates from a rollout, and working hours in each
person's timezone (DST-safe through zoneinfo). Pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from bot.hours import WORK_START, next_working_time, wall_clock, zone

FIRST_PULSE_AFTER = timedelta(days=14)
OPEN_FOR = timedelta(days=5)
REMINDER_DAYS: tuple[int, ...] = (3, 5)
MAX_REMINDERS = 2



def local_instant(day: date, at: time, tz: str) -> datetime:
    """The UTC instant of a wall-clock time on a day in a zone (DST-safe, see bot.hours)."""
    return wall_clock(day, at, tz)


def first_pulse_opens(rollout_date: date, tz: str, now: datetime,
                      after: timedelta = FIRST_PULSE_AFTER) -> datetime | None:
    """When a team's first pulse opens: 9:00 in HR's timezone on rollout date + 14 days, so
    invitations go out in working hours. A rollout recorded late (that day has come) opens at
    once, so "a rollout dated 14 days ago" reaches its team now; one recorded so late that the
    pulse would already have closed gets None (no automatic pulse: HR can send one by hand)."""
    day = rollout_date + after
    today = now.astimezone(zone(tz)).date()
    if day > today:
        return local_instant(day, WORK_START, tz)
    if today < day + OPEN_FOR:
        return whole_minute(now)
    return None


def whole_minute(instant: datetime) -> datetime:
    """`instant` without seconds, so times people read (and job ids) stay round."""
    return instant.astimezone(UTC).replace(second=0, microsecond=0)


def default_close(opens_at: datetime) -> datetime:
    return opens_at + OPEN_FOR


def into_working_hours(instant: datetime, tz: str) -> datetime:
    """`instant` (as UTC) if it falls in working hours in `tz`, else 9:00 local on the next
    working day: the one rule of bot/hours.py (weekends excluded)."""
    return next_working_time(instant, tz).astimezone(UTC)


def reminder_times(opens_at: datetime, closes_at: datetime, tz: str,
                   days: Sequence[int] = REMINDER_DAYS) -> tuple[datetime, ...]:
    """When a non-responder in zone `tz` is reminded: on day N of the open pulse (day 1 is the
    opening day), moved into working hours, at most two, and only before the pulse closes."""
    out: list[datetime] = []
    for n in sorted(set(days))[:MAX_REMINDERS]:
        at = into_working_hours(opens_at + timedelta(days=n - 1), tz)
        if opens_at < at < closes_at and at not in out:
            out.append(at)
    return tuple(out)


def parse_instant(text: str, tz: str = "UTC") -> datetime:
    """An ISO-8601 date or date-time; a naive one is read in `tz`. Raises ValueError."""
    text = text.strip()
    if len(text) == 10:
        return local_instant(date.fromisoformat(text), WORK_START, tz)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(tz))
    return parsed.astimezone(UTC)


# Two pulses to the same people opening closer than this are one too many (a pulse is open
# for 5 days; a second a few days later asks people the same questions again).
OVERLAP_WINDOW = timedelta(days=7)


def shares_people(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two audiences (team names; empty = everyone) have anyone in common."""
    if not a or not b:
        return True
    return bool({t.casefold() for t in a} & {t.casefold() for t in b})


def merged_audience(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    """Both audiences as one (everyone when either is)."""
    if not a or not b:
        return ()
    seen = {t.casefold() for t in a}
    return (*a, *(t for t in b if t.casefold() not in seen))


def close_in_time(a: tuple[datetime, datetime], b: tuple[datetime, datetime],
                  window: timedelta = OVERLAP_WINDOW) -> bool:
    """Whether two (opens, closes) windows overlap or open within `window` of each other."""
    overlap = a[0] < b[1] and b[0] < a[1]
    return overlap or abs(a[0] - b[0]) < window


def local_time(at: datetime, tz: str) -> str:
    """A time as the reader reads it: "Mon 16 Mar 2026 09:00 CET" in their zone."""
    local = at.astimezone(zone(tz))
    return f"{local:%a %d %b %Y %H:%M} {local.tzname() or tz}"
