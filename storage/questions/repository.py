"""SqlSavedQuestions: the core's SavedQuestions port (HR's questions saved for reuse)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, delete, select

from bot.pulses.rules import Question
from bot.pulses.saved_questions import SavedQuestion
from storage.database import Sessions
from storage.questions.mapping import question_columns, to_saved
from storage.questions.tables import SavedQuestionRow
from storage.upsert import rowcount, upsert


class SqlSavedQuestions:
    """Implements bot.pulses.saved_questions.SavedQuestions."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def saved_questions(self) -> Sequence[SavedQuestion]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(SavedQuestionRow).order_by(col(SavedQuestionRow.id)))
            return [to_saved(r) for r in rows.all()]

    async def saved_question(self, question_id: str) -> SavedQuestion | None:
        async with self.db.transaction() as s:
            # populate_existing: a save earlier in this unit wrote with a bare statement.
            row = await s.get(SavedQuestionRow, question_id, populate_existing=True)
            return to_saved(row) if row else None

    async def save_question(self, question: Question, by: int | None, at: datetime) -> bool:
        changed = question_columns(question)
        async with self.db.transaction() as s:
            # An upsert, so two HR people saving the same new id at once both succeed (the
            # later text wins) instead of one failing on the key.
            existed = (await s.exec(select(col(SavedQuestionRow.id)).where(
                col(SavedQuestionRow.id) == question.id))).first() is not None
            await upsert(s, SavedQuestionRow,
                         {"id": question.id, **changed, "created_by": by, "created_at": at},
                         keys=["id"], update=list(changed))
            await s.flush()
        return not existed

    async def remove_question(self, question_id: str) -> bool:
        async with self.db.transaction() as s:
            result = await s.exec(delete(SavedQuestionRow).where(
                col(SavedQuestionRow.id) == question_id))
            return rowcount(result) > 0
