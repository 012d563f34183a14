"""Test helpers: core services on a real database, and talking to the bot as a person."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Platform, TextMessage
from bot.reply import Reply
from storage.database import Database
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, answered


def services_on(db: Database, clock: FakeClock) -> Services:
    return Services(units=SqlUnits(db), clock=clock)


@dataclass
class Speaker:
    services: Services
    email: str

    @property
    def actor(self) -> Actor:
        return Actor(Platform.CONSOLE, self.email, email=self.email)

    async def say(self, text: str) -> Reply:
        return answered(await handle(self.services, TextMessage(self.actor, text)))

    async def press(self, action_id: str, value: dict[str, str],
                    form: dict[str, str] | None = None) -> Reply:
        return answered(await handle(self.services,
                                     Action(self.actor, action_id, value, form or {})))
