"""Test helpers: core services on a real database, and talking to the bot as a person."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Platform, TextMessage
from bot.reply import Reply
from storage.database import Database
from storage.hr_repository import SqlHrRepository
from storage.hr_stats import SqlAdoption
from storage.repository import SqlRepository
from tests.fakes import FakeClock


def services_on(db: Database, clock: FakeClock) -> Services:
    return Services(repo=SqlRepository(db), clock=clock, rollouts=SqlHrRepository(db),
                    pulses=SqlHrRepository(db), adoption=SqlAdoption(db))


@dataclass
class Speaker:
    services: Services
    email: str

    @property
    def actor(self) -> Actor:
        return Actor(Platform.CONSOLE, self.email, email=self.email)

    async def say(self, text: str) -> Reply:
        return await handle(self.services, TextMessage(self.actor, text))

    async def press(self, action_id: str, value: dict[str, str],
                    form: dict[str, str] | None = None) -> Reply:
        return await handle(self.services, Action(self.actor, action_id, value, form or {}))
