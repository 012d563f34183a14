"""Messengers for the scheduler: one that tries each platform a person may be on, with simple
per-platform pacing, and a plain-text one for the terminal and `jobs run-due`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TextIO

from bot.delivery import Delivery
from bot.model import Person
from bot.ports import Messenger
from bot.reply import Buttons, Form, Reply, Scale, actions_of, plain_text

# Seconds between two proactive messages on one platform. Slack allows about one message per
# second per conversation (429 + Retry-After is handled inside the Slack messenger). Teams
# documents 7 messages per second per bot per conversation and 50 requests per second per app
# per tenant (learn.microsoft.com .../bots/how-to/rate-limit); a fan-out writes each person's
# chat once, so a steady 20 per second keeps well under the tenant limit, leaving room for live
# replies, and reaches 5,000 people in about four minutes (429s are retried by the messenger).
DEFAULT_PACING: dict[str, float] = {"slack": 0.05, "teams": 0.05, "console": 0.0}


class CompositeMessenger:
    """Tries each platform in order; True as soon as one reaches the person."""

    def __init__(self, routes: Sequence[tuple[str, Messenger]],
                 pacing: dict[str, float] | None = None) -> None:
        self._routes = list(routes)
        self._pacing = {**DEFAULT_PACING, **(pacing or {})}
        self._last: dict[str, float] = {}

    async def _pace(self, platform: str) -> None:
        gap = self._pacing.get(platform, 0.0)
        wait = self._last.get(platform, -gap) + gap - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._last[platform] = time.monotonic()

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        for platform, messenger in self._routes:
            await self._pace(platform)
            if await messenger.send(person, reply, delivery):
                return True
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
        self._stream.write(f"--- to {person.name} <{person.email}> ---\n{plain_text(reply)}\n"
                           f"{hint}\n")
        self._stream.flush()
        return True
