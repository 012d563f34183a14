"""The terminal renderer: every block readable as plain text, numbered choices, typed scales."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adapters.console.render import bar, render, scale_line
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

GOLDEN = Path(__file__).parent / "golden"

EVERY_BLOCK = Reply((
    Header("What's next for you, Ada"),
    Fields((("Track", "Software Engineering"), ("Your level", "Software Engineer II"))),
    Divider(),
    Text("**Ownership** (changes)"),
    Bullets(("Owns a system and its roadmap.", "Writes the [design] doc.")),
    Caption("Your self-rating: 4/5 (Usually)"),
    Table(("Competency", "SE I", "SE II"),
          (("Ownership", "Delivers tasks.", "Owns features."),), highlight=(2,)),
    BarChart("Self-rating by competency (1-5)",
             (Bar("Ownership", 4.0, "4/5 Usually"), Bar("Communication", 2.0, "2/5 Starting")),
             maximum=5.0),
    Buttons((Button("What's next for me?", "tracks.next"), Button("Rate again", "r.again"))),
))

RATING = Reply((
    Text("**Ownership** (1 of 2)"),
    Scale("readiness.score", {"a": "1", "c": "ownership"}),
    Buttons((Button("Skip", "readiness.skip"), Button("Stop for now", "readiness.pause"))),
))


def golden(name: str, text: str) -> str:
    """The stored expectation; UPDATE_GOLDEN=1 rewrites it (then review the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").rstrip("\n")


def test_every_block_renders_as_plain_readable_text() -> None:
    text = render(EVERY_BLOCK, width=80).text
    assert text == golden("every_block.txt", text)
    assert "\x1b" not in text


def test_bold_markup_is_dropped_and_brackets_stay_literal() -> None:
    text = render(EVERY_BLOCK, width=80).text
    assert "**" not in text
    assert "Ownership (changes)" in text
    assert "Writes the [design] doc." in text


def test_colour_is_only_used_when_asked_for() -> None:
    assert "\x1b[" in render(EVERY_BLOCK, color=True).text
    assert "\x1b[" not in render(EVERY_BLOCK, color=False).text


def test_buttons_become_numbered_choices() -> None:
    shown = render(EVERY_BLOCK)
    assert "[1] What's next for me?   [2] Rate again" in shown.text
    assert [(c.number, c.button.action_id) for c in shown.choices] == [
        (1, "tracks.next"), (2, "r.again")]
    assert shown.scale is None and shown.form is None


def test_buttons_from_several_blocks_are_numbered_in_order() -> None:
    reply = Reply((Buttons((Button("A", "a"),)), Text("between"), Buttons((Button("B", "b"),))))
    assert [(c.number, c.button.label) for c in render(reply).choices] == [(1, "A"), (2, "B")]


def test_a_scale_is_typed_and_buttons_are_numbered_after_it() -> None:
    shown = render(RATING)
    assert "1 Not yet · 2 Starting · 3 Sometimes · 4 Usually · 5 Consistently" in shown.text
    assert "Type a score from 1 to 5." in shown.text
    assert "[6] Skip   [7] Stop for now" in shown.text
    assert shown.scale is not None and shown.scale.action_id == "readiness.score"
    assert [c.number for c in shown.choices] == [6, 7]


def test_a_chosen_score_is_marked() -> None:
    assert "4 Usually (chosen)" in scale_line(Scale("s", {}, selected=4))


def test_highlighted_columns_are_marked_without_colour() -> None:
    text = render(EVERY_BLOCK).text
    assert "» SE II" in text and "» SE I " not in text


@pytest.mark.parametrize(("value", "maximum", "expected"), [
    (0, 5, "·" * 10), (5, 5, "█" * 10), (2.5, 5, "█████·····"), (9, 5, "█" * 10),
    (-1, 5, "·" * 10), (1, 0, "·" * 10),
])
def test_bars_are_clamped_text_bars(value: float, maximum: float, expected: str) -> None:
    assert bar(value, maximum, width=10) == expected


def test_a_form_is_announced_and_handed_back() -> None:
    form = Form("plan.save", (FormField("goal", "Goal"), FormField("due", "Due", kind="date")))
    shown = render(Reply((Header("Your plan"), form)))
    assert "I'll ask 2 questions, one at a time" in shown.text
    assert shown.form is form


def test_long_text_wraps_to_the_width() -> None:
    text = render(Reply((Text("word " * 60),)), width=40).text
    assert max(len(line) for line in text.splitlines()) <= 40


def test_an_empty_reply_renders_as_nothing() -> None:
    shown = render(Reply(()))
    assert shown.text == "" and shown.choices == ()
