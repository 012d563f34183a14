"""Rollout rows to the core's Rollout; stages to and from their JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.rollouts.rules import Rollout, Stage, StageState
from storage.rollouts.tables import RolloutRow


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
