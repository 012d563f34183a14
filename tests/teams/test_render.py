"""The Adaptive Card renderer: golden files per reply shape, every card schema-valid.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 pytest tests/teams`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from adapters.teams.render import ACTION_KEY, FORM_PREFIX, render, text_bar
from bot.reply import (
    Bar,
    BarChart,
    Bullets,
    Button,
    Buttons,
    Caption,
    Divider,
    Fields,
    Form,
    FormField,
    Header,
    Reply,
    Scale,
    Table,
    Text,
)
from tests.teams.conftest import assert_valid_card, submits

GOLDEN = Path(__file__).parent / "golden"

REPLIES: dict[str, Reply] = {
    "whats_next": Reply((
        Header("What's next for you, Pat"),
        Fields((("Track", "Software Engineering"), ("Your level", "Software Engineer I"),
                ("Next level", "Software Engineer II"))),
        Divider(),
        Header("Towards Software Engineer II"),
        Caption("1 of 2 competencies change at this level."),
        Text("**Ownership** (changes)"),
        Bullets(("Owns features end to end.", "Breaks vague work into milestones.")),
        Caption("Your self-rating: 4/5 (Usually)"),
        Buttons((Button("Rate my readiness for Software Engineer II", "readiness.start",
                        {"level": "se2"}, style="primary"),
                 Button("See my full track", "tracks.show"))),
    )),
    "rating_question": Reply((
        Text("**Ownership** (1 of 2)"),
        Bullets(("Owns features end to end.",)),
        Scale("readiness.score", {"a": "7", "c": "ownership"}, selected=4),
        Buttons((Button("Skip", "readiness.skip", {"a": "7", "c": "ownership"}),
                 Button("Stop for now", "readiness.pause", {"a": "7"}, style="danger"))),
    ), replace=True),
    "readiness_summary": Reply((
        Header("Your readiness for Staff Engineer: 88%"),
        Fields((("Rated", "2 of 2 competencies"), ("Ready", "yes"))),
        BarChart("Self-rating by competency (1-5)", (
            Bar("Ownership", 4.0, "4/5 Usually"), Bar("Communication", 5.0, "5/5 Consistently"),
            Bar("Overflow", 9.0, "9/5 clamped"), Bar("Negative", -1.0, "-1 clamped")),
            maximum=5.0),
    )),
    "track_matrix": Reply((
        Header("Software Engineering"),
        Table(("Competency", "Engineer I", "Engineer II", "Senior"),
              (("Ownership", "Delivers tasks.", "Owns features.", "Owns a system."),
               ("Communication", "Asks early.", "(as before)", "Writes design docs.")),
              highlight=(1, 2)),
        Caption("After Senior: Staff Engineer or Engineering Manager."),
    )),
    "form": Reply((
        Header("Add a goal"),
        Form("plans.goal", (
            FormField("goal", "Goal"),
            FormField("notes", "Notes", kind="multiline", optional=True, initial="so far"),
            FormField("due", "Due date", kind="date"),
            FormField("focus", "Competency", kind="select",
                      options=(("ownership", "Ownership"), ("communication", "Communication"))),
        ), submit_label="Add goal", value={"plan": "3"}),
    )),
    "empty": Reply(()),
}


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_renderer_matches_golden_file_and_schema(name: str) -> None:
    cards = [r.card for r in render(REPLIES[name])]
    for card in cards:
        assert_valid_card(card)
    path = GOLDEN / f"{name}.json"
    rendered = json.dumps(cards, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1"
    assert rendered == path.read_text(encoding="utf-8")


def test_buttons_carry_the_namespaced_action_and_its_value() -> None:
    (card,) = render(REPLIES["rating_question"])
    data = [s["data"] for s in submits(card.card)]
    assert data[:5] == [{ACTION_KEY: "readiness.score", "a": "7", "c": "ownership",
                         "score": str(n)} for n in range(1, 6)]
    assert data[5] == {ACTION_KEY: "readiness.skip", "a": "7", "c": "ownership"}


def test_form_inputs_are_prefixed_so_inbound_can_tell_them_from_the_value() -> None:
    (card,) = render(REPLIES["form"])
    ids = [e["id"] for e in card.card["body"] if e["type"].startswith("Input.")]
    assert ids == [FORM_PREFIX + f for f in ("goal", "notes", "due", "focus")]


def test_many_buttons_wrap_into_rows_of_six() -> None:
    buttons = Buttons(tuple(Button(f"B{i}", "x.y", {"i": str(i)}) for i in range(14)))
    (card,) = render(Reply((buttons,)))
    assert [len(e["actions"]) for e in card.card["body"]] == [6, 6, 2]
    assert_valid_card(card.card)


def test_text_bars_are_proportional_and_clamped() -> None:
    assert text_bar(Bar("x", 2.5, ""), 5.0) == "█████░░░░░"
    assert text_bar(Bar("x", 50, ""), 5.0) == "██████████"
    assert text_bar(Bar("x", 1, ""), 0.0) == "░░░░░░░░░░"
