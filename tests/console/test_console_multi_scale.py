"""Replies with several scales and a form (a pulse): typed scores answer the first open
question, and the form waits behind a numbered choice instead of swallowing the next line."""

from dataclasses import replace

from adapters.console.chat import console_actor, pick
from adapters.console.render import render
from bot.events import Action
from bot.reply import Form, FormField, Reply, Scale, Text

PULSE = Reply((
    Text("1. I know my track."),
    Scale("pulse.answer", {"p": "1", "q": "q1"}, selected=4),
    Text("2. I can find my track."),
    Scale("pulse.answer", {"p": "1", "q": "q2"}),
    Form("pulse.comment", (FormField("comment", "Comment", "multiline", optional=True),),
         submit_label="Send comment", value={"p": "1"}),
))


def test_a_typed_score_answers_the_first_unanswered_scale() -> None:
    shown = render(PULSE)
    picked = pick("3", shown, console_actor("a@example.com"))
    assert isinstance(picked, Action)
    assert dict(picked.value) == {"p": "1", "q": "q2", "score": "3"}


def test_only_the_open_scale_carries_the_typing_hint() -> None:
    assert render(PULSE).text.count("Type a score from 1 to 5.") == 1


def test_the_form_waits_for_the_last_scale_unnumbered() -> None:
    """Issue 12: `[6] Send comment` beside a 1-5 scale read as a sixth score."""
    shown = render(PULSE)
    assert shown.form is None and shown.choices == ()
    assert "Send comment" not in shown.text and "[6]" not in shown.text
    answered = Reply((PULSE.blocks[0], PULSE.blocks[1], PULSE.blocks[2],
                      Scale("pulse.answer", {"p": "1", "q": "q2"}, selected=2), PULSE.blocks[4]),
                     replace=True)
    last = render(answered)  # right after the last answer: the comment is asked at once
    assert last.form == PULSE.blocks[4] and last.form_last and last.choices == ()
    again = render(replace(answered, replace=False))  # shown again later: offered, not asked
    assert again.form is None and not again.form_last
    assert [(c.number, c.button.label) for c in again.choices] == [(1, "Send comment")]


def test_a_form_alone_is_still_asked_straight_away() -> None:
    alone = Reply((Form("notes.log", (FormField("notes", "Notes"),)),))
    assert render(alone).form == alone.blocks[0]


def test_when_every_scale_is_answered_digits_pick_choices() -> None:
    answered = Reply((Scale("pulse.answer", {"q": "q1"}, selected=2),))
    shown = render(answered)
    assert shown.scale is None
    assert pick("2", shown, console_actor("a@example.com")) is None
