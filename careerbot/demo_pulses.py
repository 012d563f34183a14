"""The demo's pulse history, so whoever tries careerbot as HR sees results, the team heatmap,
trends and eNPS at once, and an employee has a pulse to answer: the sample company rolled career
tracks out to everyone about three months ago, its first pulse came two weeks later, then HR
started a monthly pulse with an eNPS question; its latest run is open now. It is played through
the core at the dates it would have happened (HR's own commands, each run opened and closed as
the scheduler does), so every figure the demo shows is one the product computed. The answers
are sample ones: each team's mood and how it warms to the tracks month by month, from a fixed
seed, so the demo looks the same every time."""

from __future__ import annotations

import calendar
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.context import Services
from bot.conversation import handle
from bot.events import Actor, Platform, TextMessage
from bot.model import Person, Role
from bot.pulses import service as pulse_ops
from bot.pulses.rules import PulsePoll, QuestionKind

# How warmly each sample team answers (added to a neutral 3). Design and Customer Success (4
# each) are under the threshold, so they are shown only together, as in any real company.
MOOD = {"Platform": 0.6, "Design": -0.2, "Customer Success": 0.1}
SKIP_ONE_IN = 5


@dataclass
class DemoClock:
    """The seeding's clock: moved to each moment of the history in turn."""

    current: datetime

    def now(self) -> datetime:
        return self.current


@dataclass(frozen=True)
class History:
    closed: int  # how many pulses closed
    last_closed: int | None  # the newest closed one's number
    open_pulse: int | None  # the run open now, if its date has come


def _score(rng: random.Random, person: Person, kind: QuestionKind, run: int) -> int:
    warmth = MOOD.get(person.team, 0.0) + 0.3 * run
    if kind is QuestionKind.ENPS:
        return max(0, min(10, round(rng.gauss(6.5 + 2 * warmth, 2))))
    return max(1, min(5, round(rng.gauss(3 + warmth, 1))))


async def _play_run(services: Services, clock: DemoClock, poll: PulsePoll,
                    people: Sequence[Person], rng: random.Random, run: int, *,
                    close: bool, leave: str = "") -> None:
    clock.current = poll.opens_at
    async with services.units() as uow:
        await pulse_ops.open_due(uow, poll, clock.current)
        await uow.commit()
    # About one in five does not answer a closed run (a different one each run, so every
    # team keeps enough answers to be shown as it is), and half have answered the open one.
    skip = SKIP_ONE_IN if close else 2
    answering = [p for i, p in enumerate(people) if p.role != Role.HR and p.email != leave
                 and (i + run) % skip]
    async with services.units() as uow:
        asked = [q.id for q in poll.questions]
        for person in answering:
            for question in poll.questions:
                await uow.pulses.record_answer(poll.id, person.id, question.id,
                                               _score(rng, person, question.kind, run), asked)
        await uow.commit()
    if close:
        clock.current = poll.closes_at
        async with services.units() as uow:
            opened = await uow.pulses.pulse(poll.id)
            if opened is not None:
                await pulse_ops.close_due(uow, opened, clock.current)
            await uow.commit()


def _months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day when it is shorter."""
    month = day.month - months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


async def _say(services: Services, hr: Person, text: str) -> None:
    await handle(services, TextMessage(Actor(Platform.CONSOLE, hr.email, email=hr.email), text))


async def _pulse(services: Services, number: int) -> PulsePoll | None:
    async with services.units() as uow:
        return await uow.pulses.pulse(number)


async def seed_pulses(services: Services, clock: DemoClock, people: Sequence[Person],
                      now: datetime, you: str = "") -> History:
    """Plays the history up to `now`. Nothing is sent: the demo has no platform, so the
    invitations stay queued. In the run still open about half have answered, never `you` (the
    person the demo chats as), who can answer it with "pulse"."""
    hr = next((p for p in people if p.role == Role.HR), None)
    if hr is None:
        return History(0, None, None)
    today = now.date()
    rng = random.Random(14)
    rollout = today - timedelta(days=98)
    clock.current = datetime.combine(rollout, time(10), UTC)
    await _say(services, hr, f"rollout everyone {rollout.isoformat()}")
    first = await _pulse(services, 1)
    if first is None:
        return History(0, None, None)
    await _play_run(services, clock, first, people, rng, 0, close=True)
    # The monthly series starts two months before three days ago, so its third run opened one
    # to three days ago (after moving off a weekend) and is still open (runs close after 5).
    start = _months_before(today - timedelta(days=3), 2)
    clock.current = datetime.combine(start - timedelta(days=7), time(10), UTC)
    await _say(services, hr, f"pulse schedule everyone {start.isoformat()} --every 1 months")
    await _say(services, hr, "pulse question 2 enps")
    history = History(1, 1, None)
    number = 2
    while (poll := await _pulse(services, number)) is not None and poll.opens_at <= now:
        still_open = poll.closes_at > now
        await _play_run(services, clock, poll, people, rng, number - 1, close=not still_open,
                        leave=you)
        history = (History(history.closed, history.last_closed, number) if still_open
                   else History(history.closed + 1, number, None))
        number += 1
    clock.current = now
    return history
