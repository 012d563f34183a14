"""Development plan rules and the pure parts of a check-in prompt (gaps, weakest, questions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.checkins.rules import side_by_side, suggested_questions, weakest
from bot.plans.rules import (
    Goal,
    Plan,
    check_focus,
    goals_to_nudge,
    parse_goal,
    status,
    suggest_focus,
)
from tests.sample_data import ENGINEERING

TODAY = date(2026, 3, 2)


def test_suggested_focus_is_lowest_self_rated_first() -> None:
    assert suggest_focus(ENGINEERING, "se2", {"ownership": 2, "communication": 4}) == [
        "ownership", "communication"]
    assert suggest_focus(ENGINEERING, "senior", {"ownership": 4, "communication": 2}) == [
        "communication", "ownership"]
    assert suggest_focus(ENGINEERING, "senior", {}) == ["ownership", "communication"]


@pytest.mark.parametrize("focus,problem", [
    ([], "at least one"),
    (["ownership", "communication", "x", "y"], "at most 3"),
    (["cooking"], "not a competency"),
])
def test_bad_focus_is_refused(focus: list[str], problem: str) -> None:
    assert problem in (check_focus(ENGINEERING, "senior", focus) or "")


def test_good_focus_passes() -> None:
    assert check_focus(ENGINEERING, "senior", ["communication"]) is None


@pytest.mark.parametrize("text,expected", [
    ("Write a design doc by 2026-05-01", ("Write a design doc", date(2026, 5, 1))),
    ("Pair with Sam  due: 2026-03-10", ("Pair with Sam", date(2026, 3, 10))),
    ("Lead a retro", ("Lead a retro", None)),
])
def test_goal_parsing(text: str, expected: tuple[str, date | None]) -> None:
    assert parse_goal(text, TODAY) == expected


@pytest.mark.parametrize("text,problem", [
    ("", "Say what the goal is"),
    ("by 2026-05-01", "Say what the goal is"),
    ("Ship it by 2026-02-30", "not a real date"),
    ("Ship it by 2025-01-01", "in the past"),
    ("x" * 400, "under 300"),
])
def test_bad_goals_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_goal(text, TODAY)


def test_status_and_nudges() -> None:
    done = datetime(2026, 3, 1, tzinfo=UTC)
    goals = (Goal(1, 3, "a", date(2026, 2, 27)), Goal(2, 3, "b", date(2026, 3, 3)),
             Goal(3, 3, "c", None, done), Goal(4, 3, "d", date(2026, 4, 1)))
    plan = Plan(3, "engineering", "se2", ("ownership",), goals)
    assert status(None, TODAY) == "no plan"
    assert status(Plan(3, "engineering", "se2", ("ownership",)), TODAY) == "focus set, no goals yet"
    assert status(plan, TODAY) == "1 of 4 goals done, 1 overdue"
    assert [g.id for g in goals_to_nudge(goals, TODAY)] == [1, 2]


def test_gaps_of_two_or_more_are_flagged() -> None:
    rows = side_by_side(ENGINEERING, ["ownership", "communication"],
                        {"ownership": 4, "communication": 3}, {"ownership": 2, "communication": 2})
    assert [(r.competency_id, r.gap) for r in rows] == [("ownership", True),
                                                        ("communication", False)]
    no_manager = side_by_side(ENGINEERING, ["ownership"], {"ownership": 5}, {})
    assert not no_manager[0].gap and no_manager[0].manager_score is None


def test_questions_come_from_the_weakest_competencies_next_level() -> None:
    rows = side_by_side(ENGINEERING, ["ownership", "communication"],
                        {"ownership": 4, "communication": 1}, {})
    assert weakest(rows) == ["communication", "ownership"]
    questions = suggested_questions(ENGINEERING, "senior", weakest(rows))
    assert len(questions) == 2
    assert questions[0].startswith("Communication") and "design docs" in questions[0]
    assert "Owns a system and its roadmap." in questions[1]
