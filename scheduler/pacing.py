"""Pacing proactive messages to each platform's rate limit across every process: a shared budget
hands out send times per bucket (a platform's workspace or tenant); this process takes them a few
at a time and waits for each. A 429 pauses the bucket for everyone for Retry-After and lowers its
rate for a while (the budget decides by how much)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from careerbot.metrics import rate_paused, rate_waited

DEFAULT_PAUSE = 1.0  # seconds to pause when a platform answers 429 without Retry-After
BATCH_SECONDS = 0.1  # one budget transaction takes this long's worth of send times...
MAX_BATCH = 20  # ...but never more than this many
# A send time missed by less than this (the sender was claiming its next rows) is still used,
# at once: the sends catch up in a burst of at most this long's worth. Older ones are dropped.
STALE_SECONDS = 0.1


@dataclass(frozen=True)
class Limit:
    """`per_second` messages a second to `bucket` (the budget's key: platform and workspace or
    tenant, e.g. "slack", "teams:<tenant id>")."""

    bucket: str
    per_second: float


class RateBudget(Protocol):
    """Send times shared by every process (storage.rates.SqlRateBudget on the database). Times
    are seconds since the epoch."""

    async def reserve(self, bucket: str, per_second: float, count: int,
                      now: float) -> tuple[float, float]:
        """Hands out `count` consecutive send times, none before `now`: the first one and the
        spacing between them (1 / the rate in use)."""
        ...

    async def pause(self, bucket: str, until: float, now: float) -> None:
        """Hands out nothing before `until`, and lowers the rate in use for a while."""
        ...


@dataclass
class _Slots:
    times: deque[float] = field(default_factory=deque)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Pacer:
    """This process's side of the budget: `await wait(route)` returns at the route's next send
    time. Routes without a Limit are not paced."""

    def __init__(self, budget: RateBudget, limits: Mapping[str, Limit], *,
                 timer: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._budget = budget
        self._limits = dict(limits)
        self._timer = timer
        self._sleep = sleep
        self._slots: dict[str, _Slots] = {}

    async def wait(self, route: str) -> None:
        limit = self._limits.get(route)
        if limit is None:
            return
        slots = self._slots.setdefault(limit.bucket, _Slots())
        count = max(1, min(MAX_BATCH, round(limit.per_second * BATCH_SECONDS)))
        async with slots.lock:
            now = self._timer()
            while slots.times and slots.times[0] < now - STALE_SECONDS:
                slots.times.popleft()
            if not slots.times:
                await self._reserve(limit, slots, count, now)
            at = slots.times.popleft()
            if len(slots.times) < count / 2:  # the next batch before this one runs out
                await self._reserve(limit, slots, count, now)
        if at > self._timer():
            rate_waited(route, at - self._timer())
            await self._sleep(at - self._timer())

    async def _reserve(self, limit: Limit, slots: _Slots, count: int, now: float) -> None:
        first, spacing = await self._budget.reserve(limit.bucket, limit.per_second, count, now)
        slots.times.extend(first + n * spacing for n in range(count))

    async def pause(self, route: str, retry_after: float | None) -> None:
        """The platform answered 429: nobody sends on the route's bucket for Retry-After."""
        limit = self._limits.get(route)
        if limit is None:
            return
        rate_paused(route)
        now = self._timer()
        until = now + (DEFAULT_PAUSE if retry_after is None else max(0.0, retry_after))
        await self._budget.pause(limit.bucket, until, now)
        slots = self._slots.setdefault(limit.bucket, _Slots())
        while slots.times and slots.times[0] < until:
            slots.times.popleft()
