"""Growth check-in rules: a manager's cadence as wall-clock slots in their timezone (DST-safe,
working hours only), and the content of one check-in prompt about one report. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.hours import WORK_END, WORK_START, next_working_time, wall_clock
from bot.model import Track
from bot.readiness.rules import gaps
from bot.tracks import rules

FREQUENCIES: tuple[str, ...] = ("weekly", "biweekly", "monthly", "off")
INTERVAL_DAYS = {"weekly": 7, "biweekly": 14}
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday")
SNOOZE_DAYS = 7


@dataclass(frozen=True)
class Cadence:
    """When a manager is prompted. Default: every 14 days, Monday 9:00 in their timezone."""

    frequency: str = "biweekly"
    weekday: int = 0  # Monday = 0 ... Friday = 4
    at: time = WORK_START
    digest: bool = True  # one message listing all reports (the default) or one per report

    def describe(self) -> str:
        if self.frequency == "off":
            return "off (no check-in prompts)"
        when = {"weekly": "every week", "biweekly": "every two weeks",
                "monthly": "on the first"}[self.frequency]
        day = WEEKDAYS[self.weekday].capitalize()
        day_part = f"{day} of each month" if self.frequency == "monthly" else f"on {day}"
        style = "one digest" if self.digest else "one message per report"
        return f"{when} {day_part} at {self.at.strftime('%H:%M')} ({style})"


def check_cadence(cadence: Cadence) -> str | None:
    """A clear problem with a cadence, or None. Prompts only go out in working hours."""
    if cadence.frequency not in FREQUENCIES:
        return f"Cadence must be one of {', '.join(FREQUENCIES)}."
    if not 0 <= cadence.weekday < len(WEEKDAYS):
        return "Check-ins happen on working days, Monday to Friday."
    if not WORK_START <= cadence.at < WORK_END:
        return (f"Pick a time in working hours, between {WORK_START.strftime('%H:%M')} and "
                f"{WORK_END.strftime('%H:%M')}.")
    return None


_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$")


def _clock(word: str) -> time | None:
    """"10", "10:30", "9am", "2:15pm" as a time of day; None for anything else."""
    m = _TIME.match(word)
    if m is None:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if minute > 59 or hour > (12 if half else 23) or (half and hour == 0):
        return None
    return time(hour % 12 + (12 if half == "pm" else 0) if half else hour, minute)


def parse_cadence(text: str, base: Cadence) -> Cadence:
    """`weekly tuesday 10:30 digest` on top of `base`. Raises ValueError with a sentence."""
    frequency, weekday, at, digest = base.frequency, base.weekday, base.at, base.digest
    for word in (w.strip(",.;!?") for w in text.casefold().split()):
        if word in FREQUENCIES or word in ("fortnightly", "every2weeks", "month"):
            frequency = {"fortnightly": "biweekly", "every2weeks": "biweekly",
                         "month": "monthly"}.get(word, word)
        elif word[:3] in (d[:3] for d in WEEKDAYS) and len(word) >= 3 and word.isalpha():
            weekday = [d[:3] for d in WEEKDAYS].index(word[:3])
        elif word in ("digest", "together", "one"):
            digest = True
        elif word in ("separate", "each", "individual"):
            digest = False
        elif (clock := _clock(word)) is not None:
            at = clock
        elif word in ("sat", "sun", "saturday", "sunday"):
            raise ValueError("Check-ins happen on working days, Monday to Friday.")
        else:
            raise ValueError(f"I didn't understand \"{word}\". Try e.g. \"checkins weekly "
                             "tuesday 10:00\", \"checkins monthly\", \"checkins off\".")
    cadence = Cadence(frequency, weekday, at, digest)
    problem = check_cadence(cadence)
    if problem:
        raise ValueError(problem)
    return cadence




def _on_or_after_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_of_month(year: int, month: int, weekday: int) -> date:
    return _on_or_after_weekday(date(year, month, 1), weekday)


def _month_after(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def first_slot(cadence: Cadence, tz: ZoneInfo, now: datetime) -> datetime | None:
    """The first slot at or after `now` (None when check-ins are off)."""
    if cadence.frequency == "off":
        return None
    today = now.astimezone(tz).date()
    if cadence.frequency == "monthly":
        day = _first_weekday_of_month(today.year, today.month, cadence.weekday)
        slot = wall_clock(day, cadence.at, tz)
        if slot >= now:
            return slot
        return wall_clock(_first_weekday_of_month(*_month_after(today), cadence.weekday),
                          cadence.at, tz)
    day = _on_or_after_weekday(today, cadence.weekday)
    slot = wall_clock(day, cadence.at, tz)
    return slot if slot >= now else wall_clock(day + timedelta(days=7), cadence.at, tz)


def next_slot(cadence: Cadence, tz: ZoneInfo, previous: datetime) -> datetime | None:
    """The slot after `previous`, counted in local calendar days (so 9:00 stays 9:00 across DST).

    A changed weekday or time applies from the next slot on."""
    if cadence.frequency == "off":
        return None
    last_day = previous.astimezone(tz).date()
    if cadence.frequency == "monthly":
        day = _first_weekday_of_month(*_month_after(last_day), cadence.weekday)
    else:
        day = _on_or_after_weekday(last_day + timedelta(days=INTERVAL_DAYS[cadence.frequency]),
                                   cadence.weekday)
    return wall_clock(day, cadence.at, tz)


def latest_due(cadence: Cadence, tz: ZoneInfo, slot: datetime,
               now: datetime) -> tuple[datetime, datetime | None]:
    """From a due `slot`, the newest slot at or before `now` and the one after it.

    After downtime only the latest missed slot is prompted (one prompt, not a backlog)."""
    upcoming = next_slot(cadence, tz, slot)
    while upcoming is not None and upcoming <= now:
        slot, upcoming = upcoming, next_slot(cadence, tz, upcoming)
    return slot, upcoming




def snooze_until(now: datetime, tz: ZoneInfo) -> datetime:
    """A week from now, moved into working hours."""
    return next_working_time(now + timedelta(days=SNOOZE_DAYS), tz)


# --- prompts and notes ----------------------------------------------------------------------


class PromptStatus(StrEnum):
    PENDING = "pending"  # waiting for its send time (or re-queued by a snooze)
    SENDING = "sending"  # claimed by one sender
    SENT = "sent"
    SKIPPED = "skipped"
    HELD = "held"  # the manager logged the check-in


@dataclass(frozen=True)
class Prompt:
    """One check-in prompt to a manager about one report, for one cadence slot."""

    id: int
    manager_id: int
    report_id: int
    slot_at: datetime
    send_at: datetime
    status: PromptStatus
    sent_at: datetime | None = None
    held_at: datetime | None = None


@dataclass(frozen=True)
class Note:
    """A check-in note or agreed action: private to the manager and the report."""

    id: int
    report_id: int
    author_id: int
    text: str
    created_at: datetime
    kind: str = "note"  # "note" or "action"
    prompt_id: int | None = None


# --- prompt content -------------------------------------------------------------------------

@dataclass(frozen=True)
class RatingRow:
    competency_id: str
    name: str
    self_score: int | None
    manager_score: int | None
    gap: bool


def side_by_side(track: Track, competency_ids: Sequence[str],
                 self_scores: Mapping[str, int | None],
                 manager_scores: Mapping[str, int | None]) -> list[RatingRow]:
    """Self and manager scores per competency, gaps of GAP_POINTS or more flagged."""
    flagged = set(gaps(self_scores, manager_scores))
    rows = []
    for cid in competency_ids:
        comp = track.competency(cid)
        rows.append(RatingRow(cid, comp.name if comp else cid, self_scores.get(cid),
                              manager_scores.get(cid), cid in flagged))
    return rows


def weakest(rows: Sequence[RatingRow], count: int = 3) -> list[str]:
    """Competency ids with the lowest known score (the manager's when given, else the person's);
    unrated competencies come after rated weak ones, ties keep the track's order."""
    def key(item: tuple[int, RatingRow]) -> tuple[int, int]:
        index, row = item
        score = row.manager_score if row.manager_score is not None else row.self_score
        return (score if score is not None else 3, index)

    return [row.competency_id for _, row in sorted(enumerate(rows), key=key)][:count]


_QUESTION_TEMPLATES: tuple[str, ...] = (
    "{name}: the next level expects \"{bullet}\" Where have you done that lately, and what got "
    "in the way?",
    "{name}: what would help you do \"{bullet}\" more often in the next few weeks?",
    "{name}: which upcoming piece of work could show \"{bullet}\"?",
)


def suggested_questions(track: Track, target_level_id: str, weakest_ids: Sequence[str],
                        limit: int = 3) -> list[str]:
    """Two or three growth questions drawn from the next level's expectations for the weakest
    competencies (fewer only when the track has fewer competencies with expectations)."""
    questions: list[str] = []
    for cid in weakest_ids:
        comp = track.competency(cid)
        bullets = rules.expectation(track, comp, target_level_id)[0] if comp else ()
        if comp is None or not bullets:
            continue
        template = _QUESTION_TEMPLATES[len(questions) % len(_QUESTION_TEMPLATES)]
        questions.append(template.format(name=comp.name, bullet=bullets[0].rstrip(".") + "."))
        if len(questions) >= limit:
            break
    return questions
