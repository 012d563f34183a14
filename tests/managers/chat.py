"""Talking to the core as someone from tests/managers/org.py, against a real database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Platform, TextMessage
from bot.reply import Reply, actions_of
from storage.database import Database
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, answered
from tests.managers.org import T0, email


def services(db: Database, clock: FakeClock | None = None) -> Services:
    return Services(units=SqlUnits(db), clock=clock or FakeClock(T0))


@dataclass
class Chat:
    services: Services

    def actor(self, who: str) -> Actor:
        return Actor(Platform.CONSOLE, who, email=email(who))

    async def say(self, who: str, text: str) -> Reply:
        return answered(await handle(self.services, TextMessage(self.actor(who), text)))

    async def press(self, who: str, action_id: str, value: dict[str, str] | None = None,
                    form: dict[str, str] | None = None) -> Reply:
        return answered(await handle(self.services, Action(self.actor(who), action_id,
                                                           value or {}, form or {})))

    async def press_label(self, who: str, reply: Reply, label: str) -> Reply:
        button = next(b for b in actions_of(reply) if b.label.startswith(label))
        return await self.press(who, button.action_id, dict(button.value))
