"""SqlPlans: the core's Plans port. Repeatable writes are idempotent (a second press of
"done" keeps the first time; one nudge per goal)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import col, delete, select, update

from bot.plans.rules import Goal, Plan
from storage.database import Sessions
from storage.plans.mapping import to_goal, to_plan
from storage.plans.tables import GoalRow, PlanRow
from storage.upsert import rowcount, upsert


class SqlPlans:
    """Implements bot.ports.Plans."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def plan(self, person_id: int) -> Plan | None:
        async with self.db.transaction() as s:
            row = await s.get(PlanRow, person_id)
            goals = (await s.exec(select(GoalRow).where(GoalRow.person_id == person_id)
                                  .order_by(col(GoalRow.id)))).all()
        return to_plan(person_id, row, goals)

    async def save_plan(self, person_id: int, track_id: str, target_level_id: str,
                        focus: Sequence[str], at: datetime) -> None:
        values = dict(person_id=person_id, track_id=track_id, target_level_id=target_level_id,
                      focus=list(focus), updated_at=at)
        async with self.db.transaction() as s:
            await upsert(s, PlanRow, values, keys=("person_id",),
                         update=("track_id", "target_level_id", "focus", "updated_at"))
            await s.flush()

    async def add_goal(self, person_id: int, text: str, due: date | None, at: datetime) -> Goal:
        row = GoalRow(person_id=person_id, text=text, due=due, created_at=at)
        async with self.db.transaction() as s:
            s.add(row)
            await s.flush()
            await s.refresh(row)
        return to_goal(row)

    async def complete_goal(self, goal_id: int, at: datetime) -> Goal | None:
        async with self.db.transaction() as s:
            await s.exec(update(GoalRow).where(col(GoalRow.id) == goal_id,
                                               col(GoalRow.done_at).is_(None))
                         .values(done_at=at))
            await s.flush()
            row = await s.get(GoalRow, goal_id)
        return to_goal(row) if row is not None else None

    async def update_goal(self, goal_id: int, text: str, due: date | None) -> Goal | None:
        async with self.db.transaction() as s:
            row = await s.get(GoalRow, goal_id)
            if row is None:
                return None
            if row.due != due:
                row.nudged_at = None  # a new date deserves its own reminder
            row.text, row.due = text, due
            s.add(row)
            await s.flush()
            await s.refresh(row)
        return to_goal(row)

    async def reopen_goal(self, goal_id: int) -> Goal | None:
        async with self.db.transaction() as s:
            await s.exec(update(GoalRow).where(col(GoalRow.id) == goal_id)
                         .values(done_at=None, nudged_at=None))
            await s.flush()
            row = await s.get(GoalRow, goal_id)
            if row is not None:
                await s.refresh(row)
        return to_goal(row) if row is not None else None

    async def remove_goal(self, goal_id: int) -> bool:
        async with self.db.transaction() as s:
            result = await s.exec(delete(GoalRow).where(col(GoalRow.id) == goal_id))
            await s.flush()
        return rowcount(result) == 1

    async def goals_to_nudge(self, due_by: date) -> Sequence[Goal]:
        stmt = (select(GoalRow).where(col(GoalRow.due) <= due_by, col(GoalRow.done_at).is_(None),
                                      col(GoalRow.nudged_at).is_(None))
                .order_by(col(GoalRow.due), col(GoalRow.id)))
        async with self.db.transaction() as s:
            return [to_goal(r) for r in (await s.exec(stmt)).all()]

    async def claim_goal_nudge(self, goal_id: int, at: datetime) -> bool:
        async with self.db.transaction() as s:
            result = await s.exec(update(GoalRow).where(col(GoalRow.id) == goal_id,
                                                        col(GoalRow.nudged_at).is_(None))
                                  .values(nudged_at=at))
            await s.flush()
        return rowcount(result) == 1
