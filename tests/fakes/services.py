"""Fakes of the non-transactional ports: the clock, the directory and a recording messenger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.delivery import Delivery
from bot.events import Actor
from bot.model import Person
from bot.reply import Reply


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@dataclass
class FakeDirectory:
    emails: dict[str, str] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    async def email_of(self, actor: Actor) -> str | None:
        self.lookups.append(actor.user_id)
        return self.emails.get(actor.user_id)


@dataclass
class RecordingMessenger:
    sent: list[tuple[Person, Reply]] = field(default_factory=list)
    unreachable: set[int] = field(default_factory=set)

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        if person.id in self.unreachable:
            return False
        self.sent.append((person, reply))
        return True
