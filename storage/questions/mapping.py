"""Saved question rows to the core's SavedQuestion, and a question back to columns."""

from __future__ import annotations

from typing import Any

from bot.pulses.rules import Question, QuestionKind
from bot.pulses.saved_questions import SavedQuestion
from storage.questions.tables import SavedQuestionRow


def to_saved(row: SavedQuestionRow) -> SavedQuestion:
    return SavedQuestion(Question(row.id, row.text, QuestionKind(row.kind), tuple(row.choices)),
                         row.created_by, row.created_at)


def question_columns(question: Question) -> dict[str, Any]:
    """What a later save may change (never the id, author or time)."""
    return {"text": question.text, "kind": question.kind.value,
            "choices": list(question.choices)}
