"""Simulated people talking to `careerbot serve` over Slack's HTTP API, and what happened to
every request: its HTTP status, when it was acknowledged, when its answer became visible (at the
fake Slack, or in a slash command's ack), and which rating it pressed.

Each person mixes `/career next` (30%), a DM (20%) and a rating step (50%): a press of one of
the 1-5 buttons of the latest rating answer careerbot sent them (pressed again if no newer
answer came), or `/career rate` when they have none (no rating yet, or the last one finished)."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.load import payloads
from bench.load.fake_slack import Answer, FakeSlack

DM_TEXTS = ("what's next for me", "help", "my track")
SORRY = re.compile(r"\bsorry\b", re.IGNORECASE)
BUSY = re.compile(r"\bbusy\b", re.IGNORECASE)
HTTP_TIMEOUT = 30.0  # seconds before a request counts as not acknowledged at all
ERROR_PAUSE = 0.1  # after a request got no HTTP answer, so a dead server is not hammered
# One sequence for every Load in the process: answer keys and event ids never repeat, even
# when several runs share a fake Slack or a server (which answers an event id only once).
_SERIALS = itertools.count(1)


@dataclass
class Sent:
    """One request: `status` 0 means no HTTP answer (refused, reset or timed out)."""

    kind: str  # next, dm, rate or press
    key: str  # where its answer arrives at the fake
    sent_at: float
    acked_at: float = 0.0
    status: int = 0
    press: tuple[str, str] | None = None  # (assessment id, competency id)


@dataclass
class Budget:
    """How many requests may still be sent (the rss mode stops at a count), a hook called with
    each count reached, and `halted` to stop every client at once (the server's RSS passed
    the cap)."""

    left: int
    on_sent: Callable[[int], None] | None = None
    sent: int = 0
    halted: bool = False

    def take(self) -> bool:
        if self.left <= 0 or self.halted:
            return False
        self.left -= 1
        self.sent += 1
        if self.on_sent is not None:
            self.on_sent(self.sent)
        return True


@dataclass
class Load:
    """The requests of one run, sent to `endpoint` signed with `secret`."""

    endpoint: str
    fake: FakeSlack
    session: aiohttp.ClientSession
    secret: str
    sent: list[Sent] = field(default_factory=list)

    async def _post(self, record: Sent, body: str, content_type: str, *,
                    command: bool = False) -> Sent:
        headers = payloads.signed_headers(self.secret, body, content_type)
        self.sent.append(record)
        record.sent_at = time.monotonic()
        answer = b""
        try:
            async with self.session.post(self.endpoint, data=body.encode(),
                                         headers=headers) as response:
                answer = await response.read()
                record.status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError):
            record.status = 0
        record.acked_at = time.monotonic()
        if record.status == 200 and command:  # Slack shows a slash command's ack body
            self.fake.in_ack(record.key, answer, record.acked_at)
        return record

    async def command(self, user: str, text: str, kind: str,
                      listener: Callable[[Answer], None] | None = None) -> Sent:
        """`/career TEXT`; its answer comes through its own response_url."""
        serial = next(_SERIALS)
        key = f"c{serial}"
        self.fake.expect(key, listener)
        body = payloads.slash_command(user, text, self.fake.response_url(key), serial)
        return await self._post(Sent(kind, key, 0.0), body, payloads.FORM, command=True)

    async def dm(self, user: str, text: str) -> Sent:
        """A `message.im` event; careerbot answers in the channel it names, unique per DM."""
        serial = next(_SERIALS)
        key = f"D{serial:09d}"
        body = payloads.dm_event(user, text, key, serial)
        return await self._post(Sent("dm", key, 0.0), body, payloads.JSON)

    async def press(self, user: str, element: dict[str, Any],
                    listener: Callable[[Answer], None] | None = None) -> Sent:
        """A press of a rendered readiness.score button (its real action_id and value)."""
        serial = next(_SERIALS)
        key = f"p{serial}"
        self.fake.expect(key, listener)
        value = json.loads(element.get("value") or "{}")
        body = payloads.block_action(user, element, self.fake.response_url(key), serial)
        record = Sent("press", key, 0.0, press=(str(value.get("a")), str(value.get("c"))))
        return await self._post(record, body, payloads.FORM)

    def answer(self, record: Sent) -> Answer | None:
        return self.fake.answers.get(record.key)

    def pending(self) -> int:
        """Requests acknowledged with 200 whose answer has not arrived."""
        return sum(1 for r in self.sent if r.status == 200 and r.key not in self.fake.answers)


@dataclass
class Person:
    """One simulated person: a Slack user who keeps the rating buttons careerbot last sent."""

    load: Load
    user: str
    rng: random.Random
    scale: list[dict[str, Any]] = field(default_factory=list)

    def _rating_answer(self, answer: Answer) -> None:
        self.scale = payloads.buttons(answer.blocks[0], "readiness.score")

    async def step(self) -> Sent:
        roll = self.rng.random()
        if roll < 0.3:
            return await self.load.command(self.user, "next", "next")
        if roll < 0.5:
            return await self.load.dm(self.user, self.rng.choice(DM_TEXTS))
        if self.scale:  # kept until the answer brings the next competency's buttons
            return await self.load.press(self.user, self.rng.choice(self.scale),
                                         self._rating_answer)
        return await self.rate()

    async def rate(self) -> Sent:
        return await self.load.command(self.user, "rate", "rate", self._rating_answer)

    async def prepare(self, wait: float) -> None:
        """Start a rating and wait for its buttons (before a burst, so presses are real)."""
        record = await self.rate()
        if record.status == 200:
            await self.load.fake.wait(record.key, wait)

    async def run(self, until: float, budget: Budget, *, wait: float | None,
                  think: tuple[float, float] | None) -> None:
        """Send steps until `until` (time.monotonic()) or the budget runs out. With `wait`,
        wait up to that many seconds for each answer before going on (then think); without,
        send the next request as soon as the last one is acknowledged."""
        while time.monotonic() < until and budget.take():
            record = await self.step()
            if record.status == 0:
                await asyncio.sleep(ERROR_PAUSE)
                continue
            if wait is not None and record.status == 200:
                await self.load.fake.wait(record.key, wait)
            if think is not None:
                await asyncio.sleep(self.rng.uniform(*think))


def told(answer: Answer | None, pattern: re.Pattern[str]) -> bool:
    return answer is not None and any(pattern.search(text) for text in answer.texts)
