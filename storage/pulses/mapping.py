"""Pulse rows to the core's PulsePoll and Recipient, and a poll back to columns."""

from __future__ import annotations

from typing import Any

from bot.pulses.rules import PulsePoll, PulseStatus, Question, Recipient
from storage.pulses.tables import PulseRecipientRow, PulseRow


def to_pulse(row: PulseRow) -> PulsePoll:
    assert row.id is not None
    return PulsePoll(
        id=row.id, title=row.title,
        questions=tuple(Question(q["id"], q["text"]) for q in row.questions),
        audience=tuple(row.audience), opens_at=row.opens_at, closes_at=row.closes_at,
        threshold=row.threshold, status=PulseStatus(row.status), rollout_id=row.rollout_id,
        reminder_days=tuple(row.reminder_days))


def pulse_values(poll: PulsePoll) -> dict[str, Any]:
    """The columns of a pulse a save may change (never the id)."""
    return {"title": poll.title, "rollout_id": poll.rollout_id,
            "questions": [{"id": q.id, "text": q.text} for q in poll.questions],
            "audience": list(poll.audience), "opens_at": poll.opens_at,
            "closes_at": poll.closes_at, "threshold": poll.threshold,
            "status": poll.status.value, "reminder_days": list(poll.reminder_days)}


def to_recipient(row: PulseRecipientRow) -> Recipient:
    return Recipient(row.person_id, row.team, row.complete)

