"""Rows of the HR tables to the core's Rollout and PulsePoll, and back."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.pulses.rules import PulsePoll, PulseStatus, Question
from bot.rollouts.rules import Rollout, Stage, StageState
from storage.hr_tables import PulseRow, RolloutRow


def stage_to_json(state: StageState) -> dict[str, Any]:
    return {"stage": state.stage.value, "owner": state.owner,
            "start": state.start.isoformat() if state.start else None,
            "finish": state.finish.isoformat() if state.finish else None,
            "notes": state.notes, "done": sorted(state.done)}


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def stage_from_json(data: dict[str, Any]) -> StageState:
    return StageState(Stage(data["stage"]), data.get("owner", ""), _day(data.get("start")),
                      _day(data.get("finish")), data.get("notes", ""),
                      frozenset(int(i) for i in data.get("done", [])))


def to_rollout(row: RolloutRow) -> Rollout:
    assert row.id is not None
    stored = {s.stage: s for s in map(stage_from_json, row.stages)}
    fresh = Rollout(row.id, row.team, row.rollout_date)
    return Rollout(row.id, row.team, row.rollout_date,
                   tuple(stored.get(s.stage, s) for s in fresh.stages))


def to_pulse(row: PulseRow) -> PulsePoll:
    assert row.id is not None
    return PulsePoll(
        id=row.id, title=row.title,
        questions=tuple(Question(q["id"], q["text"]) for q in row.questions),
        audience=tuple(row.audience), opens_at=row.opens_at, closes_at=row.closes_at,
        threshold=row.threshold, status=PulseStatus(row.status), rollout_id=row.rollout_id,
        reminder_days=tuple(row.reminder_days))


def pulse_values(poll: PulsePoll) -> dict[str, Any]:
    """The columns of a pulse a save may change (never the id or the secret)."""
    return {"title": poll.title, "rollout_id": poll.rollout_id,
            "questions": [{"id": q.id, "text": q.text} for q in poll.questions],
            "audience": list(poll.audience), "opens_at": poll.opens_at,
            "closes_at": poll.closes_at, "threshold": poll.threshold,
            "status": poll.status.value, "reminder_days": list(poll.reminder_days)}
