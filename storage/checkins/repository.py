"""SqlCheckIns: the core's CheckIns port (cadences, schedules, prompts, notes). Prompts are an
outbox: a compare-and-set on their status claims one, so two senders never both send it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select, update

from bot.checkins.rules import Cadence, Note, Prompt, PromptStatus
from storage.checkins.mapping import to_cadence, to_note, to_prompt
from storage.checkins.tables import CadenceRow, NoteRow, PromptRow, ScheduleRow
from storage.database import Sessions
from storage.upsert import rowcount, upsert

ORG_DEFAULT = 0  # CadenceRow.manager_id of the organisation default


class SqlCheckIns:
    """Implements bot.ports.CheckIns."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def cadence(self, manager_id: int | None) -> Cadence | None:
        async with self.db.transaction() as s:
            row = await s.get(CadenceRow, manager_id or ORG_DEFAULT)
        return to_cadence(row) if row is not None else None

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
            return [to_prompt(r) for r in (await s.exec(stmt)).all()]

    async def prompt(self, prompt_id: int) -> Prompt | None:
        async with self.db.transaction() as s:
            row = await s.get(PromptRow, prompt_id)
        return to_prompt(row) if row is not None else None

    async def latest_prompt(self, manager_id: int, report_id: int) -> Prompt | None:
        stmt = (select(PromptRow).where(PromptRow.manager_id == manager_id,
                                        PromptRow.report_id == report_id)
                .order_by(col(PromptRow.slot_at).desc(), col(PromptRow.id).desc()).limit(1))
        async with self.db.transaction() as s:
            row = (await s.exec(stmt)).first()
        return to_prompt(row) if row is not None else None

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
        return rowcount(result) == 1

    async def last_checkin(self, report_id: int) -> datetime | None:
        # A check-in is logged by writing notes (from a prompt or not), so notes date it.
        stmt = (select(NoteRow.created_at).where(NoteRow.report_id == report_id)
                .order_by(col(NoteRow.created_at).desc()).limit(1))
        async with self.db.transaction() as s:
            return (await s.exec(stmt)).first()

    async def add_note(self, report_id: int, author_id: int, text: str, kind: str,
                       at: datetime, prompt_id: int | None = None) -> Note:
        row = NoteRow(report_id=report_id, author_id=author_id, text=text, kind=kind,
                      created_at=at, prompt_id=prompt_id)
        async with self.db.transaction() as s:
            s.add(row)
            await s.flush()
            await s.refresh(row)
        return to_note(row)

    async def notes(self, report_id: int, limit: int = 10,
                    author_id: int | None = None) -> Sequence[Note]:
        stmt = select(NoteRow).where(NoteRow.report_id == report_id)
        if author_id is not None:
            stmt = stmt.where(NoteRow.author_id == author_id)
        stmt = stmt.order_by(col(NoteRow.created_at).desc(), col(NoteRow.id).desc()).limit(limit)
        async with self.db.transaction() as s:
            return [to_note(r) for r in (await s.exec(stmt)).all()]

