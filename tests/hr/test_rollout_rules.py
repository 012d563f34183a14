"""Rollout stages, checklists and the HR self-check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.rollouts.rules import CHECKLISTS, Rollout, RolloutError, Stage, change_stage, parse_stage
from bot.rollouts.rules_selfcheck import BASICS, BENEFITS, TRACK_RATINGS, evaluate, steps


def test_six_stages_each_with_a_checklist() -> None:
    assert [s.value for s in Stage] == ["awareness", "planning", "development", "training",
                                        "implementation", "measuring"]
    assert all(len(CHECKLISTS[s]) >= 3 for s in Stage)


@pytest.mark.parametrize("text,stage", [("2", Stage.PLANNING), ("Train", Stage.TRAINING),
                                        ("measurng", Stage.MEASURING)])
def test_parse_stage(text: str, stage: Stage) -> None:
    assert parse_stage(text) == stage


def test_unknown_stage_is_a_clear_error() -> None:
    with pytest.raises(RolloutError, match="The stages are"):
        parse_stage("banana")


def test_change_fields_and_tick_items() -> None:
    r = Rollout(1, "Platform", date(2026, 3, 1))
    s = r.stage(Stage.AWARENESS)
    s = change_stage(s, "owner", "Dana")
    s = change_stage(s, "start", "2026-01-05")
    s = change_stage(s, "note", "first")
    s = change_stage(s, "note", "second")
    assert (s.owner, s.start, s.notes) == ("Dana", date(2026, 1, 5), "first\nsecond")
    with pytest.raises(RolloutError, match="finish before"):
        change_stage(s, "finish", "2026-01-01")
    for i in range(len(s.checklist)):
        s = change_stage(s, "done", str(i + 1))
    assert s.complete
    r = replace(r, stages=(s,) + r.stages[1:])
    assert r.current == Stage.PLANNING
    assert not change_stage(s, "undo", "1").complete


@pytest.mark.parametrize("field,value,msg", [("done", "99", "number"), ("start", "soon", "date"),
                                             ("colour", "x", "can change")])
def test_bad_stage_changes(field: str, value: str, msg: str) -> None:
    with pytest.raises(RolloutError, match=msg):
        change_stage(Rollout(1, "t", date(2026, 1, 1)).stages[0], field, value)


def test_selfcheck_suggests_stages() -> None:
    assert len(steps()) == len(BASICS) + len(TRACK_RATINGS) + len(BENEFITS)
    assert evaluate({}).stage == Stage.AWARENESS
    assert evaluate({"competencies": 1}).stage == Stage.PLANNING
    good = {k: 5 for k, _ in TRACK_RATINGS} | {"competencies": 1, "levels": 1, "tracks": 1}
    assert evaluate(good).stage == Stage.MEASURING
    hidden = good | {"access": 2}
    result = evaluate(hidden | {"culture": 5, "retention": 4})
    assert result.stage == Stage.IMPLEMENTATION
    assert result.weakest == ("People can open their track easily",)
    assert result.priorities == ("Culture", "Keeping top talent")
    assert evaluate(good | {"objective": 2}).stage == Stage.TRAINING
    assert evaluate(good | {"tracks": 0}).stage == Stage.DEVELOPMENT
