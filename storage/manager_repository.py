"""SqlManagerStore: the core's ManagerStore port (plans, check-ins, notes, shared ratings) on
SQLite or PostgreSQL. Each method is one short transaction; repeatable writes are idempotent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import CursorResult
from sqlmodel import col, select, update

from bot.checkins.rules import Cadence, Note, Prompt, PromptStatus
from bot.model import Person
from bot.plans.rules import Goal, Plan
from storage.database import Sessions
from storage.manager_tables import (
    CadenceRow,
    GoalRow,
    NoteRow,
    PlanRow,
    PromptRow,
    ScheduleRow,
)
from storage.queries import people_where, upsert
from storage.tables import PersonRow

ORG_DEFAULT = 0  # CadenceRow.manager_id of the organisation default


def _goal(row: GoalRow) -> Goal:
    assert row.id is not None  # rows come from the database
    return Goal(row.id, row.person_id, row.text, row.due, row.done_at)


def _prompt(row: PromptRow) -> Prompt:
    assert row.id is not None
    return Prompt(row.id, row.manager_id, row.report_id, row.slot_at, row.send_at,
                  PromptStatus(row.status), row.sent_at, row.held_at)


def _note(row: NoteRow) -> Note:
    assert row.id is not None
    return Note(row.id, row.report_id, row.author_id, row.text, row.created_at, row.kind,
                row.prompt_id)


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


class SqlManagerStore:
    """Implements bot.ports.ManagerStore."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    # Reporting lines

    async def reports_of(self, manager_id: int) -> Sequence[Person]:
        async with self.db.transaction() as s:
            return await people_where(s, PersonRow.manager_id == manager_id)

    # Development plans

    async def plan(self, person_id: int) -> Plan | None:
        async with self.db.transaction() as s:
            row = await s.get(PlanRow, person_id)
            goals = (await s.exec(select(GoalRow).where(GoalRow.person_id == person_id)
                                  .order_by(col(GoalRow.id)))).all()
        if row is None and not goals:
            return None
        if row is None:
            return Plan(person_id, "", "", (), tuple(_goal(g) for g in goals))
        return Plan(person_id, row.track_id, row.target_level_id, tuple(row.focus),
                    tuple(_goal(g) for g in goals))

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
        return _goal(row)

    async def complete_goal(self, goal_id: int, at: datetime) -> Goal | None:
        async with self.db.transaction() as s:
            await s.exec(update(GoalRow).where(col(GoalRow.id) == goal_id,
                                               col(GoalRow.done_at).is_(None))
                         .values(done_at=at))
            await s.flush()
            row = await s.get(GoalRow, goal_id)
        return _goal(row) if row is not None else None

    async def goals_to_nudge(self, due_by: date) -> Sequence[Goal]:
        stmt = (select(GoalRow).where(col(GoalRow.due) <= due_by, col(GoalRow.done_at).is_(None),
                                      col(GoalRow.nudged_at).is_(None))
                .order_by(col(GoalRow.due), col(GoalRow.id)))
        async with self.db.transaction() as s:
            return [_goal(r) for r in (await s.exec(stmt)).all()]

    async def claim_goal_nudge(self, goal_id: int, at: datetime) -> bool:
        async with self.db.transaction() as s:
            result = await s.exec(update(GoalRow).where(col(GoalRow.id) == goal_id,
                                                        col(GoalRow.nudged_at).is_(None))
                                  .values(nudged_at=at))
            await s.flush()
        return _rowcount(result) == 1

    # Cadences and schedules

    async def cadence(self, manager_id: int | None) -> Cadence | None:
        async with self.db.transaction() as s:
            row = await s.get(CadenceRow, manager_id or ORG_DEFAULT)
        if row is None:
            return None
        return Cadence(row.frequency, row.weekday, time(row.minutes // 60, row.minutes % 60),
                       row.digest)

    async def set_cadence(self, manager_id: int | None, cadence: Cadence, at: datetime) -> None:
        values = dict(manager_id=manager_id or ORG_DEFAULT, frequency=cadence.frequency,
                      weekday=cadence.weekday, minutes=cadence.at.hour * 60 + cadence.at.minute,
                      digest=cadence.digest, updated_at=at)
        async with self.db.transaction() as s:
            await upsert(s, CadenceRow, values, keys=("manager_id",),
                         update=("frequency", "weekday", "minutes", "digest", "updated_at"))
            await s.flush()

    async def next_slot(self, manager_id: int) -> tuple[bool, datetime | None]:
        async with self.db.transaction() as s:
            row = await s.get(ScheduleRow, manager_id)
        return (False, None) if row is None else (True, row.next_slot_at)

    async def set_next_slot(self, manager_id: int, slot: datetime | None) -> None:
        async with self.db.transaction() as s:
            await upsert(s, ScheduleRow, dict(manager_id=manager_id, next_slot_at=slot),
                         keys=("manager_id",), update=("next_slot_at",))
            await s.flush()

    # Prompts (the outbox)

    async def add_prompts(self, manager_id: int, report_ids: Sequence[int], slot: datetime,
                          send_at: datetime) -> int:
        written = 0
        async with self.db.transaction() as s:
            for report_id in report_ids:
                written += await upsert(s, PromptRow, dict(
                    manager_id=manager_id, report_id=report_id, slot_at=slot, send_at=send_at,
                    status=PromptStatus.PENDING.value, changed_at=send_at),
                    keys=("manager_id", "report_id", "slot_at"))
            await s.flush()
        return written

    async def prompts_due(self, now: datetime) -> Sequence[Prompt]:
        stmt = (select(PromptRow).where(PromptRow.status == PromptStatus.PENDING.value,
                                        col(PromptRow.send_at) <= now)
                .order_by(col(PromptRow.send_at), col(PromptRow.id)))
        async with self.db.transaction() as s:
            return [_prompt(r) for r in (await s.exec(stmt)).all()]

    async def prompt(self, prompt_id: int) -> Prompt | None:
        async with self.db.transaction() as s:
            row = await s.get(PromptRow, prompt_id)
        return _prompt(row) if row is not None else None

    async def latest_prompt(self, manager_id: int, report_id: int) -> Prompt | None:
        stmt = (select(PromptRow).where(PromptRow.manager_id == manager_id,
                                        PromptRow.report_id == report_id)
                .order_by(col(PromptRow.slot_at).desc(), col(PromptRow.id).desc()).limit(1))
        async with self.db.transaction() as s:
            row = (await s.exec(stmt)).first()
        return _prompt(row) if row is not None else None

    async def move_prompt(self, prompt_id: int, expected: Sequence[str], status: str,
                          at: datetime, send_at: datetime | None = None) -> bool:
        values: dict[str, Any] = dict(status=status, changed_at=at)
        if send_at is not None:
            values["send_at"] = send_at
        if status == PromptStatus.SENT:
            values["sent_at"] = at
        if status == PromptStatus.HELD:
            values["held_at"] = at
        async with self.db.transaction() as s:
            result = await s.exec(update(PromptRow).where(
                col(PromptRow.id) == prompt_id, col(PromptRow.status).in_(list(expected)))
                .values(**values))
            await s.flush()
        return _rowcount(result) == 1

    async def last_checkin(self, report_id: int) -> datetime | None:
        # A check-in is logged by writing notes (from a prompt or not), so notes date it.
        stmt = (select(NoteRow.created_at).where(NoteRow.report_id == report_id)
                .order_by(col(NoteRow.created_at).desc()).limit(1))
        async with self.db.transaction() as s:
            return (await s.exec(stmt)).first()

    # Notes and shared ratings

    async def add_note(self, report_id: int, author_id: int, text: str, kind: str,
                       at: datetime, prompt_id: int | None = None) -> Note:
        row = NoteRow(report_id=report_id, author_id=author_id, text=text, kind=kind,
                      created_at=at, prompt_id=prompt_id)
        async with self.db.transaction() as s:
            s.add(row)
            await s.flush()
            await s.refresh(row)
        return _note(row)

    async def notes(self, report_id: int, limit: int = 10,
                    author_id: int | None = None) -> Sequence[Note]:
        stmt = select(NoteRow).where(NoteRow.report_id == report_id)
        if author_id is not None:
            stmt = stmt.where(NoteRow.author_id == author_id)
        stmt = stmt.order_by(col(NoteRow.created_at).desc(), col(NoteRow.id).desc()).limit(limit)
        async with self.db.transaction() as s:
            return [_note(r) for r in (await s.exec(stmt)).all()]

