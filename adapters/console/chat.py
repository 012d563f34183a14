"""The terminal chat loop: read a line, turn it into a core event (a numbered choice, a typed
score, a form answer or free text), print the rendered reply. Works the same when piped."""

from __future__ import annotations

import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from adapters.console.forms import LineReader, Outcome, fill_form
from adapters.console.render import DEFAULT_WIDTH, Choice, Rendered, render
from bot.context import Services
from bot.conversation import RATING_WORDS, handle
from bot.events import Action, Actor, Event, Platform, TextMessage
from bot.intents import match
from bot.names import normalize
from bot.reply import Form, Reply, Scale

Handler = Callable[[Services, Event], Awaitable[Reply | None]]

QUIT_WORDS = frozenset({"quit", "exit"})
GREETING = "help"  # "hello" is small talk now, answered in a line (issue 12)


def console_actor(email: str) -> Actor:
    """The terminal user: platform console, identified by the email they chat as."""
    address = email.strip().lower()
    return Actor(Platform.CONSOLE, user_id=address, email=address)


def scale_score(line: str, scale: Scale) -> int | None:
    """The score a typed line gives a scale: its number (1-5, 0-10 for eNPS) or its label
    ("usually")."""
    text = normalize(line)
    scores = dict(scale.options())
    if text.isdigit() and int(text) in scores:
        return int(text)
    return next((score for score, label in scores.items() if label and normalize(label) == text),
                None)


def pick(line: str, shown: Rendered, actor: Actor) -> Action | Form | None:
    """What a typed line picks from the last reply (score, number or label), if anything:
    an action to send, or a form to fill in first."""
    if shown.scale is not None and (score := scale_score(line, shown.scale)) is not None:
        return Action(actor, shown.scale.action_id, {**shown.scale.value, "score": str(score)})
    choice = chosen(normalize(line), shown.choices)
    if choice is None:
        return None
    if choice.form is not None:
        return choice.form
    return Action(actor, choice.button.action_id, dict(choice.button.value))


def chosen(text: str, choices: tuple[Choice, ...]) -> Choice | None:
    """The choice `text` names: its number, its label, or the first words of exactly one label
    ("stop" for "Stop for now") when the core would not understand those words anyway, or
    would read them as a rating word, which the button on screen says more precisely."""
    for choice in choices:
        if text in (str(choice.number), normalize(choice.button.label)):
            return choice
    words = text.split()
    if not words or match(text).name not in {"unknown", *RATING_WORDS}:
        return None
    starting = [c for c in choices if normalize(c.button.label).split()[:len(words)] == words]
    return starting[0] if len(starting) == 1 else None


def no_such_choice(line: str, shown: Rendered) -> str | None:
    """A gentle hint when a typed number matches nothing on offer (None otherwise)."""
    if not line.strip().isdigit() or not (shown.choices or shown.scale):
        return None
    options = [str(c.number) for c in shown.choices]
    if (scale := shown.scale) is not None:
        options.insert(0, f"{scale.first}-{scale.first + len(scale.labels) - 1} to rate")
    return f"There is no choice {line.strip()} here. Type {', '.join(options)}, or ask in words."


class ConsoleChat:
    """One person's terminal conversation with the core; remembers the last reply's choices."""

    def __init__(self, services: Services, email: str, out: TextIO, *, color: bool = False,
                 width: int = DEFAULT_WIDTH, handler: Handler = handle) -> None:
        self.services = services
        self.handler = handler
        self.actor = console_actor(email)
        self.out = out
        self.color = color
        self.width = width
        self.shown = Rendered(text="")
        self.last: Reply | None = None  # the reply printed last, which an update builds on

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def send(self, event: Event, read_line: LineReader) -> bool:
        """Send one event and print the reply; a reply with a form is filled in right away.

        Returns False when the input ended in the middle of a form."""
        while True:
            reply = await self.handler(self.services, event)
            if reply is None:  # the terminal never redelivers; nothing to show
                return True
            # A terminal cannot edit an earlier message, so replace=True replies simply print.
            self.shown = render(reply, color=self.color, width=self.width, before=self.last)
            self.last = reply
            self.say(self.shown.text + "\n")
            form = self.shown.form
            if form is None:
                return True
            filled = self.fill(form, read_line, skippable=self.shown.form_last)
            if filled is None:
                return False
            if isinstance(filled, str):
                self.say(filled)
                return True
            event = filled

    def fill(self, form: Form, read_line: LineReader, *,
             skippable: bool = False) -> Action | str | None:
        """Ask a form's fields: the submit action, a note when cancelled or (a `skippable` form,
        the optional last step after a pulse's statements) left empty, None at end of input."""
        answers = fill_form(form, read_line, self.say)
        if answers is Outcome.ENDED:
            return None
        if answers is Outcome.CANCELLED:
            return "Cancelled; nothing was sent.\n"
        if skippable and not any(value.strip() for value in answers.values()):
            return f"No {form.submit_label.casefold().removeprefix('send ')} sent.\n"
        return Action(self.actor, form.action_id, dict(form.value), form=answers)

    def event_for(self, line: str) -> Event | Form | str:
        """The event a typed line stands for, a form to fill in, or a hint to print instead."""
        action = pick(line, self.shown, self.actor)
        if action is not None:
            return action
        hint = no_such_choice(line, self.shown)
        return hint if hint is not None else TextMessage(self.actor, line.strip())

    async def run(self, read_line: LineReader, *, greet: bool = True) -> None:
        """Greet, then answer line after line until `quit`, `exit` or the end of input."""
        if not greet or await self.send(TextMessage(self.actor, GREETING), read_line):
            await self._converse(read_line)
        self.say("Bye!")

    async def _converse(self, read_line: LineReader) -> None:
        while (line := read_line("> ")) is not None:
            if not line.strip():
                continue
            if normalize(line) in QUIT_WORDS:
                return
            event = self.event_for(line)
            if isinstance(event, str):
                self.say(event + "\n")
                continue
            if isinstance(event, Form):
                filled = self.fill(event, read_line)
                if filled is None:
                    return
                if isinstance(filled, str):
                    self.say(filled)
                    continue
                event = filled
            if not await self.send(event, read_line):
                return


def stream_reader(stream: TextIO, echo: Callable[[str], object] | None = None) -> LineReader:
    """Read lines from a stream (piped input). With `echo`, each line is shown after its prompt
    so a piped transcript reads like a conversation."""

    def read_line(prompt: str) -> str | None:
        line = stream.readline()
        if not line:
            return None
        line = line.rstrip("\r\n")
        if echo is not None:
            echo(f"{prompt}{line}")
        return line

    return read_line


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt right away while waiting at the prompt.

    asyncio.run() installs its own SIGINT handler, which only cancels the chat at its next
    await: input() would keep waiting, so Ctrl-C seemed to do nothing until Enter."""
    try:
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def terminal_reader() -> LineReader:
    """Read lines interactively with `input()` (line editing); Ctrl-D or Ctrl-C ends."""

    def read_line(prompt: str) -> str | None:
        try:
            with _interruptible():
                return input(prompt)
        except (EOFError, KeyboardInterrupt):
            sys.stdout.write("\n")  # what follows ("Bye!") starts on its own line
            return None

    return read_line
