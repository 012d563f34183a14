"""What a person at a real terminal does: Ctrl-C at the prompt, the first words of a choice's
label ("stop" for "Stop for now"), and choices that never wrap in the middle of a label."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from io import StringIO

import pytest

from adapters.console.chat import console_actor, pick, terminal_reader
from adapters.console.render import render
from bot.events import Action
from bot.reply import Button, Buttons, Reply, Scale


def test_ctrl_c_at_the_prompt_ends_the_chat_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """asyncio.run() catches SIGINT itself and only cancels the chat at its next await, which
    left input() waiting: Ctrl-C seemed to do nothing until Enter, then exited without Bye."""

    def interrupted_input(prompt: str) -> str:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(2)  # a real input() keeps waiting for a line here
        return "next"

    monkeypatch.setattr("builtins.input", interrupted_input)
    monkeypatch.setattr("sys.stdout", StringIO())

    async def read() -> str | None:
        return terminal_reader()("> ")

    started = time.monotonic()
    try:
        line = asyncio.run(read())
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C was not handled by the prompt")
    assert line is None
    assert time.monotonic() - started < 1.5


def test_eof_at_the_prompt_ends_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def ended(prompt: str) -> str:
        raise EOFError

    out = StringIO()
    monkeypatch.setattr("builtins.input", ended)
    monkeypatch.setattr("sys.stdout", out)
    assert terminal_reader()("> ") is None
    assert out.getvalue() == "\n"  # so "Bye!" starts on its own line, not after the prompt


RATING = Reply((
    Scale("readiness.score", {"c": "ownership"}),
    Buttons((Button("Skip", "readiness.skip"), Button("Stop for now", "readiness.pause"),
             Button("See my full track", "tracks.show"), Button("See all tracks", "tracks.list"),
             Button("Rate again", "readiness.again"))),
))


def test_the_first_words_of_a_label_pick_that_choice() -> None:
    actor = console_actor("a@example.com")
    shown = render(RATING)
    assert pick("stop", shown, actor) == Action(actor, "readiness.pause", {})
    assert pick("Stop for", shown, actor) == Action(actor, "readiness.pause", {})
    assert pick("see all", shown, actor) == Action(actor, "tracks.list", {})


def test_an_ambiguous_start_or_a_core_command_is_left_to_the_core() -> None:
    actor = console_actor("a@example.com")
    shown = render(RATING)
    assert pick("see", shown, actor) is None  # two labels start with "see"
    assert pick("rate", shown, actor) is None  # "rate" is the core's own command
    assert pick("sto", shown, actor) is None  # whole words only


def test_choices_wrap_between_labels_never_inside_one() -> None:
    labels = ["What's next for me?", "Ownership", "Technical craft", "Problem solving",
              "Communication", "Collaboration and leadership"]
    shown = render(Reply((Buttons(tuple(Button(label, f"a.{i}")
                                        for i, label in enumerate(labels))),)), width=60)
    lines = shown.text.splitlines()
    assert all(len(line) <= 60 for line in lines)
    for number, label in enumerate(labels, start=1):
        assert any(f"[{number}] {label}" in line for line in lines), shown.text
