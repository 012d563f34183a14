"""Messengers for the scheduler: one that tries each platform a person may be on, paced to each
platform's rate limit by a budget shared across processes (scheduler/pacing.py), and a plain-text
one for the terminal and `jobs run-due`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from bot.delivery import Delivery, RateLimited
from bot.model import Person
from bot.outside import Messenger
from bot.reply import Buttons, Form, Reply, Scale, actions_of, plain_text
from bot.text import clean
from careerbot.metrics import send_tried
from scheduler.pacing import Pacer


class CompositeMessenger:
    """Tries each platform in order; True as soon as one reaches the person. With a pacer, each
    try waits for the platform's next send time, and a 429 (RateLimited) pauses that platform
    for every sender before it is raised to the outbox (which keeps the delivery pending)."""

    def __init__(self, routes: Sequence[tuple[str, Messenger]],
                 pacer: Pacer | None = None) -> None:
        self._routes = list(routes)
        self._pacer = pacer

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        for platform, messenger in self._routes:
            if self._pacer is not None:
                await self._pacer.wait(platform)
            try:
                if await messenger.send(person, reply, delivery):
                    send_tried(platform, "sent")
                    return True
                send_tried(platform, "not reached")
            except RateLimited as limited:
                send_tried(platform, "rate limited")
                if self._pacer is not None:
                    await self._pacer.pause(platform, limited.retry_after)
                raise
            except Exception:
                send_tried(platform, "failed")
                raise
        return False


class TextMessenger:
    """Writes each message as plain text to a stream (the terminal's stand-in for a DM)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        labels = [b.label for b in actions_of(reply)]
        offers = f"Choices in chat: {', '.join(labels)}.\n" if labels else ""
        hint = (f"{offers}(To answer from the terminal: careerbot chat --as {person.email})\n"
                if any(isinstance(b, (Scale, Buttons, Form)) for b in reply.blocks) else "")
        # Cleaned again on the way out: text stored before cleaning at the edges began (or
        # written by hand into the database) must not reach the terminal as escape sequences.
        self._stream.write(clean(f"--- to {person.name} <{person.email}> ---\n"
                                 f"{plain_text(reply)}\n{hint}\n"))
        self._stream.flush()
        return True
