"""Pulse rows to the core's PulsePoll and Recipient, and a poll back to columns."""

from __future__ import annotations

from typing import Any

from bot.pulses.rules import PulsePoll, PulseStatus, Question, QuestionKind, Recipient
from storage.pulses.tables import PulseRecipientRow, PulseRow


def to_pulse(row: PulseRow) -> PulsePoll:
    assert row.id is not None
    return PulsePoll(
        id=row.id, title=row.title,
        questions=tuple(to_question(q) for q in row.questions),
        audience=tuple(row.audience), opens_at=row.opens_at, closes_at=row.closes_at,
        threshold=row.threshold, status=PulseStatus(row.status), rollout_id=row.rollout_id,
        reminder_days=tuple(row.reminder_days), series_id=row.series_id)


def pulse_values(poll: PulsePoll) -> dict[str, Any]:
    """The columns of a pulse a save may change (never the id)."""
    return {"title": poll.title, "rollout_id": poll.rollout_id,
            "questions": [question_value(q) for q in poll.questions],
            "audience": list(poll.audience), "opens_at": poll.opens_at,
            "closes_at": poll.closes_at, "threshold": poll.threshold,
            "status": poll.status.value, "reminder_days": list(poll.reminder_days),
            "series_id": poll.series_id}


def to_question(value: dict[str, Any]) -> Question:
    """A question as a pulse's JSON keeps it; a question stored before question types is a 1-5
    agreement statement."""
    return Question(value["id"], value["text"], QuestionKind(value.get("kind", "agree")),
                    tuple(value.get("choices", ())))


def question_value(question: Question) -> dict[str, Any]:
    """A question as JSON: the kind and choices only when they are not the default, so pulses
    stored before question types read back the same."""
    value: dict[str, Any] = {"id": question.id, "text": question.text}
    if question.kind != QuestionKind.AGREE:
        value["kind"] = question.kind.value
    if question.choices:
        value["choices"] = list(question.choices)
    return value


def to_recipient(row: PulseRecipientRow) -> Recipient:
    return Recipient(row.person_id, row.team, row.complete)

