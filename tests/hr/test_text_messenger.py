"""The terminal stand-in for a DM names the buttons a chat would offer, and how to answer."""

import io
from dataclasses import replace

from bot.reply import Button, Buttons, Reply, Text
from scheduler.messengers import TextMessenger
from tests.sample_data import person


async def test_printed_prompt_lists_the_choices_and_how_to_answer() -> None:
    out = io.StringIO()
    reply = Reply((Text("Check-in with Olivia"),
                   Buttons((Button("Rate Olivia", "checkins.rate"),
                            Button("Snooze a week", "checkins.snooze")))))
    assert await TextMessenger(out).send(person(1), reply)
    text = out.getvalue()
    assert "Choices in chat: Rate Olivia, Snooze a week." in text
    assert "careerbot chat --as p1@example.com" in text


async def test_plain_message_has_no_choice_line() -> None:
    out = io.StringIO()
    await TextMessenger(out).send(person(1), Reply((Text("Pulse closed."),)))
    assert "Choices" not in out.getvalue() and "careerbot chat" not in out.getvalue()


async def test_escape_sequences_in_stored_text_never_reach_the_terminal() -> None:
    """A name or message stored before text was cleaned at the edges (or edited into the
    database) carrying a clear-screen and an OSC 8 link is printed without the sequences."""
    out = io.StringIO()
    evil = replace(person(1), name="Ana\x1b[2J\x1b]8;;http://evil.example\x07Smith")
    await TextMessenger(out).send(evil, Reply((Text("Hi\x1b[31m there"),)))
    printed = out.getvalue()
    assert "\x1b" not in printed and "\x07" not in printed
    assert "Ana[2J]8;;http://evil.exampleSmith" in printed and "Hi[31m there" in printed
