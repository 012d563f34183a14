"""Ports to the world outside a unit of work: the time, the platforms' user directories,
proactive messages and the scheduler that follows pulses. Kept apart from bot/ports.py (the
stores a unit of work holds) because adapters and the scheduler implement these, not storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.delivery import Delivery
from bot.events import Actor
from bot.model import Person
from bot.reply import Reply


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


class Directory(Protocol):
    """Resolves a platform user's email lazily (Slack users.info, Teams member lookup)."""

    async def email_of(self, actor: Actor) -> str | None: ...


class Messenger(Protocol):
    """Sends a proactive direct message to a person on a platform where they are known.

    Returns False when the person cannot be reached there (never raises for that); raises
    bot.delivery.RateLimited when the platform refused it for its rate limit. `delivery`: the
    outbox row being sent, if any; a platform that can read its own messages back (Slack) marks
    the message with it and, when an earlier claim of the row may have sent it already
    (`attempts` > 1), looks for that message first and sends nothing twice."""

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        ...


class PulsePlanner(Protocol):
    """Told (after the change is committed) when a pulse is created, moved or cancelled, so its
    jobs follow (the scheduler)."""

    async def pulse_changed(self, pulse_id: int) -> None: ...
