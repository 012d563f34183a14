"""Pacing the fan-out (scheduler/pacing.py, CompositeMessenger): send times come from the shared
budget a small batch at a time, each send waits for its time, and a 429 pauses the platform for
every sender before the outbox hears of it. A fake budget and clock: no database, no sleeping."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.delivery import Delivery, DeliveryStatus, RateLimited
from bot.model import Person
from bot.reply import Reply, Text
from scheduler.messengers import CompositeMessenger
from scheduler.pacing import DEFAULT_PAUSE, Limit, Pacer

ADA = Person(1, "ada@example.com", "Ada")
HELLO = Reply((Text("hello"),))
SLACK = {"slack": Limit("slack", 100.0)}


@dataclass
class Budget:
    """The arithmetic of storage.rates without the rate lowering: one bucket, in memory."""

    next_at: float = 0.0
    reserved: list[int] = field(default_factory=list)
    paused: list[float] = field(default_factory=list)

    async def reserve(self, bucket: str, per_second: float, count: int,
                      now: float) -> tuple[float, float]:
        first = max(self.next_at, now)
        self.next_at = first + count / per_second
        self.reserved.append(count)
        return first, 1 / per_second

    async def pause(self, bucket: str, until: float, now: float) -> None:
        self.paused.append(until - now)
        self.next_at = max(self.next_at, until)


@dataclass
class Clock:
    """time.time and asyncio.sleep for the pacer: sleeping moves the clock."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def pacer(budget: Budget, clock: Clock) -> Pacer:
    return Pacer(budget, SLACK, timer=clock, sleep=clock.sleep)


async def test_sends_wait_for_their_time_and_batches_come_from_the_budget() -> None:
    budget, clock = Budget(), Clock()
    pace = pacer(budget, clock)
    for _ in range(25):
        await pace.wait("slack")
    assert budget.reserved == [10, 10, 10]  # a tenth of a second's worth at a time
    assert clock.now == pytest.approx(1000.24)  # 25 sends at 100/s: the 25th at +0.24 s
    await pace.wait("console")  # a route without a limit is not paced
    assert budget.reserved == [10, 10, 10]


async def test_a_429_drops_the_send_times_it_covers() -> None:
    budget, clock = Budget(), Clock()
    pace = pacer(budget, clock)
    await pace.wait("slack")
    await pace.pause("slack", 2.0)
    await pace.wait("slack")
    assert budget.paused == [2.0] and budget.reserved == [10, 10]
    assert clock.now == pytest.approx(1002.0)  # the next send waited for Retry-After
    await pace.pause("slack", None)
    assert budget.paused[-1] == DEFAULT_PAUSE


@dataclass
class Refusing:
    """A platform messenger answering 429 `times` times, then sending."""

    times: int
    sent: list[Delivery | None] = field(default_factory=list)

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        if self.times:
            self.times -= 1
            raise RateLimited(3.0)
        self.sent.append(delivery)
        return True


async def test_a_rate_limited_platform_is_paused_for_everyone_then_the_outbox_is_told() -> None:
    budget, clock = Budget(), Clock()
    slack = Refusing(times=1)
    messenger = CompositeMessenger([("slack", slack)], pacer(budget, clock))
    row = Delivery(7, "pulse:1", "invite", 1, DeliveryStatus.CLAIMED, 1)
    with pytest.raises(RateLimited):
        await messenger.send(ADA, HELLO, row)
    assert budget.paused == [3.0]
    assert await messenger.send(ADA, HELLO, row) is True
    assert slack.sent == [row] and clock.now >= 1003.0
