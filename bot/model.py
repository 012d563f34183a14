"""Domain objects: tracks, levels, competencies, people and readiness assessments.

Plain frozen dataclasses; storage maps its rows to these and back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Level:
    """A seniority step. `after` is the level it follows (None for an entry level)."""

    id: str
    title: str
    after: str | None = None


@dataclass(frozen=True)
class Competency:
    """What the company cares about, with what each level does for it.

    `expectations` maps level id -> bullets; a missing level means "no new expectation"."""

    id: str
    name: str
    description: str = ""
    expectations: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Track:
    """A career track: levels (lowest first, possibly branching) x competencies."""

    id: str
    name: str
    description: str = ""
    levels: tuple[Level, ...] = ()
    competencies: tuple[Competency, ...] = ()

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def competency(self, competency_id: str) -> Competency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR = "hr"


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    track_id: str | None = None
    level_id: str | None = None
    manager_id: int | None = None
    team: str = ""
    role: Role = Role.EMPLOYEE
    timezone: str = "UTC"
    active: bool = True  # False: a leaver HR deactivated (or forgot); the bot refuses them

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.email


@dataclass(frozen=True)
class Assessment:
    """One readiness rating of `subject_id` against `target_level_id`, made by `rater_id`.

    Self-assessments have rater_id == subject_id. `scores` maps competency id -> 1..5, or
    None when skipped. Re-rating starts a new Assessment; history is never overwritten."""

    id: int
    subject_id: int
    rater_id: int
    track_id: str
    target_level_id: str
    started_at: datetime
    completed_at: datetime | None = None
    scores: dict[str, int | None] = field(default_factory=dict)

    @property
    def is_self(self) -> bool:
        return self.subject_id == self.rater_id
