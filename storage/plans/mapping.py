"""Plan and goal rows to the core's Plan and Goal."""

from __future__ import annotations

from collections.abc import Sequence

from bot.plans.rules import Goal, Plan
from storage.plans.tables import GoalRow, PlanRow


def to_goal(row: GoalRow) -> Goal:
    assert row.id is not None  # rows come from the database
    return Goal(row.id, row.person_id, row.text, row.due, row.done_at)


def to_plan(person_id: int, row: PlanRow | None, goals: Sequence[GoalRow]) -> Plan | None:
    """The plan with its goals; goals without a saved plan get an empty track and target."""
    if row is None and not goals:
        return None
    if row is None:
        return Plan(person_id, "", "", (), tuple(to_goal(g) for g in goals))
    return Plan(person_id, row.track_id, row.target_level_id, tuple(row.focus),
                tuple(to_goal(g) for g in goals))
