"""What a use case works with: the services built once at start-up, and per event the open unit
of work, the person who is asking and what they did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.events import Event
from bot.model import Person
from bot.outside import Clock, Directory, PulsePlanner
from bot.ports import UnitOfWork, UnitsOfWork
from bot.unconfigured import NO_DIRECTORY, NO_PLANNER


@dataclass(frozen=True)
class Services:
    """The concrete ports, built once by the composition root. Every one is required; a
    capability that is not configured is a real object that says so (bot/unconfigured.py)."""

    units: UnitsOfWork
    clock: Clock
    directory: Directory = NO_DIRECTORY
    planner: PulsePlanner = NO_PLANNER


@dataclass(frozen=True)
class Context:
    """One event being answered inside one unit of work.

    `changed_pulses` collects pulses whose schedule changed; the entry point tells the planner
    after the commit (never while the transaction is open)."""

    services: Services
    uow: UnitOfWork
    person: Person
    event: Event
    changed_pulses: set[int] = field(default_factory=set)

    @property
    def clock(self) -> Clock:
        return self.services.clock

    def now(self) -> datetime:
        return self.services.clock.now()
