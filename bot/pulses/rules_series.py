"""Recurring pulses: the cadence HR types (`--every N weeks|months`), when each run of a series
opens, and what a run is called. Pure, no I/O."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.hours import zone
from bot.names import whole_number
from bot.pulses.rules import PulseError
from bot.pulses.rules_schedule import into_working_hours, local_instant

DASHES = "-\u2013\u2014"  # Slack may turn a typed -- into an en or em dash
EVERY_USAGE = ("Say how often, e.g. \"pulse schedule Platform 2026-04-01 --every month\" or "
               "\"--every 2 weeks\" (1-26 weeks or 1-12 months).")


class Unit(StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"


MOST = {Unit.WEEKS: 26, Unit.MONTHS: 12}  # half a year of weekly runs, a year of monthly ones


@dataclass(frozen=True)
class Recurrence:
    every: int
    unit: Unit

    @property
    def label(self) -> str:
        """"monthly", "weekly", "every 2 weeks"."""
        if self.every == 1:
            return "weekly" if self.unit == Unit.WEEKS else "monthly"
        return f"every {self.every} {self.unit.value}"


@dataclass(frozen=True)
class PulseSeries:
    """A recurring pulse: each run is its own pulse to `audience` (empty = everyone); run 1
    opens at `first_opens_at`, wall-clock times are kept in `timezone` (HR's, when scheduled)."""

    id: int
    audience: tuple[str, ...]
    recurrence: Recurrence
    first_opens_at: datetime
    timezone: str = "UTC"
    stopped_at: datetime | None = None
    created_by: int | None = None

    @property
    def audience_label(self) -> str:
        return ", ".join(self.audience) if self.audience else "everyone"


def split_every(words: list[str]) -> tuple[list[str], Recurrence | None]:
    """The words without `--every N weeks|months` (also `--every month`, `--every=2 weeks`, an
    en or em dash from Slack, or plain `every`), and the recurrence (None when absent). Raises
    PulseError for a cadence it cannot read or out of range."""
    flat = [part for w in words for part in w.split("=", 1) if part]
    at = next((i for i, w in enumerate(flat) if w.lstrip(DASHES).casefold() == "every"), None)
    if at is None:
        return words, None
    rest = flat[at + 1:]
    if any(w.lstrip(DASHES).casefold() == "every" for w in rest):
        raise PulseError(f"Say --every once. {EVERY_USAGE}")
    count = 1
    if rest and (number := whole_number(rest[0])) is not None:
        count, rest = number, rest[1:]
    if not rest:
        raise PulseError(EVERY_USAGE)
    unit = _unit(rest[0])
    if unit is None and len(rest) > 1 and (later := _unit(rest[1])) is not None:
        raise PulseError(f"Every {rest[0]} {later.value}: pick a whole number, 1 to "
                         f"{MOST[later]} {later.value}, e.g. \"--every 2 {later.value}\".")
    if unit is None:
        raise PulseError(f"A recurring pulse repeats in weeks or months, not \"{rest[0]}\". "
                         f"{EVERY_USAGE}")
    if not 1 <= count <= MOST[unit]:
        raise PulseError(f"Every {count} {unit.value}: pick 1 to {MOST[unit]} {unit.value}.")
    return flat[:at] + rest[1:], Recurrence(count, unit)


def _unit(word: str) -> Unit | None:
    return next((u for u in Unit if word.casefold() in (u.value, u.value[:-1])), None)


def slot(series: PulseSeries, index: int) -> datetime:
    """When run `index` (0 = the first) is due, before working hours: the first opening's local
    time, index x N weeks later, or index x N months later on the same day of the month, clamped
    to the month's end (31 Jan, 28 Feb, 31 Mar), so the day never drifts."""
    first = series.first_opens_at.astimezone(zone(series.timezone))
    step = index * series.recurrence.every
    day: date
    if series.recurrence.unit == Unit.WEEKS:
        day = first.date() + timedelta(weeks=step)
    else:
        months = first.month - 1 + step
        year, month = first.year + months // 12, months % 12 + 1
        day = date(year, month, min(first.day, calendar.monthrange(year, month)[1]))
    return local_instant(day, first.time(), series.timezone)


def next_opening(series: PulseSeries, after: datetime) -> datetime:
    """When the run after one that opened at `after` opens: the series' first slot after it,
    moved into working hours (a Saturday slot opens on Monday at 9:00)."""
    index = 1
    while slot(series, index) <= after:
        index += 1
    return into_working_hours(slot(series, index), series.timezone)


def slot_taken(run: int, status: str, series_id: int) -> PulseError:
    """Two runs of a series never open at the same time (their (series, opening) is unique,
    cancelled runs included): what HR is told when a move or merge would do that."""
    return PulseError(f"Pulse #{run} of series {series_id}, {status}, was due at that very "
                      "time; pick another time, a minute apart is enough.")


def run_title(recurrence: Recurrence, run: int) -> str:
    return f"Career tracks pulse ({recurrence.label}, run {run})"
