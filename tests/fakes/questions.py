"""In-memory SavedQuestions (HR's questions saved for reuse), like storage/questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.pulses.rules import Question
from bot.pulses.saved_questions import SavedQuestion


@dataclass
class FakeSavedQuestions:
    stored: dict[str, SavedQuestion] = field(default_factory=dict)

    async def saved_questions(self) -> Sequence[SavedQuestion]:
        return [self.stored[k] for k in sorted(self.stored)]

    async def saved_question(self, question_id: str) -> SavedQuestion | None:
        return self.stored.get(question_id)

    async def save_question(self, question: Question, by: int | None, at: datetime) -> bool:
        old = self.stored.get(question.id)
        self.stored[question.id] = (replace(old, question=question) if old
                                    else SavedQuestion(question, by, at))
        return old is None

    async def remove_question(self, question_id: str) -> bool:
        return self.stored.pop(question_id, None) is not None
