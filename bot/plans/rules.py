"""Development plan rules: one to three focus competencies from the next level (lowest self-rated
suggested first), goals in plain words with optional due dates, and a one-line status. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.hours import WORK_START, next_working_time, wall_clock
from bot.model import Track
from bot.plans.rules_dates import NotADate, parse_date, spoken
from bot.tracks.rules import rated_competencies

MAX_FOCUS = 3
MAX_GOAL_CHARS = 300


@dataclass(frozen=True)
class Goal:
    id: int
    person_id: int
    text: str
    due: date | None = None
    done_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class Plan:
    """A person's development plan towards `target_level_id`."""

    person_id: int
    track_id: str
    target_level_id: str
    focus: tuple[str, ...] = ()  # competency ids
    goals: tuple[Goal, ...] = field(default_factory=tuple)


def plan_competencies(track: Track, target_level_id: str) -> list[str]:
    """Competencies a plan may focus on: the same ones a readiness rating covers."""
    return rated_competencies(track, target_level_id)


def suggest_focus(track: Track, target_level_id: str,
                  self_scores: Mapping[str, int | None]) -> list[str]:
    """Up to MAX_FOCUS competencies, lowest self-rated first (unrated count as lowest).

    Ties keep the track's order, so the suggestion is stable."""
    ids = plan_competencies(track, target_level_id)
    order = {cid: i for i, cid in enumerate(ids)}
    ranked = sorted(ids, key=lambda cid: (self_scores.get(cid) or 0, order[cid]))
    return ranked[:MAX_FOCUS]


def check_focus(track: Track, target_level_id: str, focus: Sequence[str]) -> str | None:
    """A clear problem with a focus choice, or None when it is fine."""
    allowed = plan_competencies(track, target_level_id)
    if not focus:
        return "Pick at least one focus competency."
    if len(set(focus)) > MAX_FOCUS:
        return f"Pick at most {MAX_FOCUS} focus competencies; fewer is better."
    unknown = [cid for cid in focus if cid not in allowed]
    if unknown:
        return f"\"{unknown[0]}\" is not a competency of your next level."
    return None


# Words a due date follows ("by 20 Dec", "due: friday"); "in"/"within" belong to the date.
_KEYWORDS = re.compile(r"\b(by|due|before|until|till|on|in|within)\b:?", re.IGNORECASE)
_TRAILING_ISO = re.compile(r"\s(\d{4}-\d{1,2}-\d{1,2})\s*$")


def split_due(text: str, today: date, *, month_first: bool = False) -> tuple[str, date | None]:
    """The goal's words and the date they end with, if any: the longest ending after a date
    word ("by", "due", "in"...) that reads as a date, else a bare ISO date at the end.

    Raises NotADate when an ending has a date's shape but no such day exists."""
    refused: NotADate | None = None
    for word in _KEYWORDS.finditer(text):
        start = word.start() if word.group(1).lower() in ("in", "within") else word.end()
        try:
            due = parse_date(text[start:], today, month_first=month_first)
        except NotADate as problem:
            refused = refused or problem
            continue
        if due is not None:
            return text[: word.start()], due
    if refused is not None:
        raise refused
    bare = _TRAILING_ISO.search(text)
    if bare:
        return text[: bare.start()], parse_date(bare.group(1), today, month_first=False)
    return text, None


def parse_goal(text: str, today: date, *, month_first: bool = False) -> tuple[str, date | None]:
    """Goal text and optional due date from "Write a design doc by 20 Dec" (see split_due).

    Raises ValueError with a sentence for the person when the goal is empty, too long, the date
    is not a real date, or it is in the past."""
    words, due = split_due(text, today, month_first=month_first)
    words = goal_words(words)
    if not words:
        raise ValueError("Say what the goal is, e.g. \"goal Write a design doc by 20 Dec\".")
    check_due(due, today)
    return words, due


def goal_words(text: str) -> str:
    """A goal's words tidied ("" when there are none); ValueError when they are too long."""
    words = " ".join(text.split()).rstrip(" ,;:-")
    if len(words) > MAX_GOAL_CHARS:
        raise ValueError(f"Please keep a goal under {MAX_GOAL_CHARS} characters.")
    return words


def check_due(due: date | None, today: date) -> None:
    """Raises ValueError when a due date is already past."""
    if due is not None and due < today:
        raise ValueError(f"The due date {spoken(due)} is in the past.")


def status(plan: Plan | None, today: date) -> str:
    """A short status for team views and prompts: "no plan", "1 of 3 goals done, 1 overdue"."""
    if plan is None or (not plan.focus and not plan.goals):
        return "no plan"
    if not plan.goals:
        return "focus set, no goals yet"
    done = sum(g.done for g in plan.goals)
    overdue = sum(1 for g in plan.goals if not g.done and g.due is not None and g.due < today)
    text = f"{done} of {len(plan.goals)} goals done"
    return f"{text}, {overdue} overdue" if overdue else text


def goals_to_nudge(goals: Sequence[Goal], today: date, days_ahead: int = 2) -> list[Goal]:
    """Open goals due within `days_ahead` days of `today` (or overdue), soonest first."""
    due = [g for g in goals if not g.done and g.due is not None
           and (g.due - today).days <= days_ahead]
    return sorted(due, key=lambda g: (g.due or today, g.id))


NUDGE_DAYS = 2


def nudge_time(due: date, tz: ZoneInfo) -> datetime:
    """When to remind about a goal: 9:00 in the person's timezone NUDGE_DAYS days before it
    is due, moved to a working day."""
    return next_working_time(wall_clock(due - timedelta(days=NUDGE_DAYS), WORK_START, tz), tz)
