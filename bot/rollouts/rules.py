"""Rollouts of career tracks: the six stages, each stage's checklist of next actions (our own
wording), and the pure rules on a rollout's state. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from bot.names import best_name, whole_number

ORGANISATION = "everyone"
"""The team name of an organisation-wide rollout."""


class Stage(StrEnum):
    AWARENESS = "awareness"
    PLANNING = "planning"
    DEVELOPMENT = "development"
    TRAINING = "training"
    IMPLEMENTATION = "implementation"
    MEASURING = "measuring"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

CHECKLISTS: dict[Stage, tuple[str, ...]] = {
    Stage.AWARENESS: (
        "Read up on career tracks and what they change for people",
        "Write a one-page case for the leadership team",
        "List the traps to avoid (jargon, ladders nobody can climb)",
        "Find two or three champions among managers",
    ),
    Stage.PLANNING: (
        "Meet the stakeholders who will use or fund the tracks",
        "Agree on objectives and how each will be measured",
        "Decide how employees, managers and HR will open the tracks",
        "Map where tracks enter hiring, onboarding, reviews, pay and succession",
    ),
    Stage.DEVELOPMENT: (
        "Ask each team what their roles really involve",
        "Draft one track per team",
        "Walk stakeholders through the drafts",
        "Work their feedback into the tracks",
        "Plan how the tracks will be announced",
    ),
    Stage.TRAINING: (
        "Hold a workshop for managers on why tracks matter",
        "Practise growth conversations built on the tracks",
        "Go through the usual problems and how to handle them",
    ),
    Stage.IMPLEMENTATION: (
        "Choose the tool people will use (this bot counts)",
        "Write a short guide for employees",
        "Run an open question-and-answer session",
        "Hold a session with each team",
        "Pilot with one team",
        "Roll out to everyone",
    ),
    Stage.MEASURING: (
        "Compare the key figures with the starting baseline",
        "Send a short pulse within two weeks of each team's rollout",
        "Plan a fuller survey for later",
        "Share a summary of the feedback and what will change",
        "Keep an eye on the key figures",
    ),
}


@dataclass(frozen=True)
class StageState:
    """One stage of one rollout. `done` holds the indexes (0-based) of ticked checklist items."""

    stage: Stage
    owner: str = ""
    start: date | None = None
    finish: date | None = None
    notes: str = ""
    done: frozenset[int] = frozenset()

    @property
    def checklist(self) -> tuple[str, ...]:
        return CHECKLISTS[self.stage]

    @property
    def complete(self) -> bool:
        return len(self.done) == len(self.checklist)


def _fresh_stages() -> tuple[StageState, ...]:
    return tuple(StageState(s) for s in STAGE_ORDER)


@dataclass(frozen=True)
class Rollout:
    """A team's (or the organisation's) rollout of career tracks."""

    id: int
    team: str
    rollout_date: date
    stages: tuple[StageState, ...] = field(default_factory=_fresh_stages)

    def stage(self, stage: Stage) -> StageState:
        return next(s for s in self.stages if s.stage == stage)

    @property
    def current(self) -> Stage:
        """The first stage whose checklist is not fully ticked (the last one when all are)."""
        return next((s.stage for s in self.stages if not s.complete), STAGE_ORDER[-1])


class RolloutError(ValueError):
    """Bad input for a rollout change; the message is a sentence for the person."""


def parse_stage(text: str) -> Stage:
    """A stage from its name, a prefix, a small typo or its number 1-6."""
    text = text.strip()
    number = whole_number(text)
    if number is not None and 1 <= number <= len(STAGE_ORDER):
        return STAGE_ORDER[number - 1]
    found = best_name(text, [s.value for s in STAGE_ORDER], cutoff=0.7)
    if found is None:
        names = ", ".join(s.value for s in STAGE_ORDER)
        raise RolloutError(f"I don't know the stage \"{text}\". The stages are: {names}.")
    return Stage(found)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RolloutError(f"\"{text}\" is not a date I can read; use YYYY-MM-DD.") from None


STAGE_FIELDS = ("owner", "start", "finish", "note", "done", "undo")


def change_stage(state: StageState, field_name: str, value: str) -> StageState:
    """The stage with one field changed: owner, start, finish, note (appended), done/undo ITEM
    (the item's number, 1-based). Raises RolloutError with a clear sentence on bad input."""
    value = value.strip()
    match field_name:
        case "owner":
            if not value:
                raise RolloutError("Please name the owner, e.g. \"owner Dana\".")
            return replace(state, owner=value[:200])
        case "start" | "finish":
            day = parse_date(value)
            start = day if field_name == "start" else state.start
            finish = day if field_name == "finish" else state.finish
            if start and finish and finish < start:
                raise RolloutError("A stage cannot finish before it starts.")
            return replace(state, start=start, finish=finish)
        case "note":
            if not value:
                raise RolloutError("The note is empty.")
            notes = f"{state.notes}\n{value}".strip()
            return replace(state, notes=notes[-4000:])
        case "done" | "undo":
            index = _item_index(state, value)
            done = state.done | {index} if field_name == "done" else state.done - {index}
            return replace(state, done=frozenset(done))
    raise RolloutError(f"I can change {', '.join(STAGE_FIELDS)} of a stage, not \"{field_name}\".")


def _item_index(state: StageState, value: str) -> int:
    count = len(state.checklist)
    number = whole_number(value)
    if number is None or not 1 <= number <= count:
        raise RolloutError(f"Pick a checklist item by its number, 1 to {count}.")
    return number - 1
