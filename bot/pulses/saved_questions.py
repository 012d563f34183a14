"""HR's own pulse questions saved for reuse: the record and the store a unit of work hands out
(`uow.questions`; storage/questions implements it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.pulses.rules import Question


@dataclass(frozen=True)
class SavedQuestion:
    """`created_by` is None when the terminal saved it, or once its author's row is gone."""

    question: Question
    created_by: int | None
    created_at: datetime


class SavedQuestions(Protocol):
    async def saved_questions(self) -> Sequence[SavedQuestion]:
        """Every saved question, by id."""
        ...

    async def saved_question(self, question_id: str) -> SavedQuestion | None: ...

    async def save_question(self, question: Question, by: int | None, at: datetime) -> bool:
        """Saves it under its id; a question already saved there gets the new text, kind and
        choices (keeping who first saved it, and when). True when it is new."""
        ...

    async def remove_question(self, question_id: str) -> bool:
        """Deletes it; True when it existed."""
        ...
