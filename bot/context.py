"""What a flow gets to work with: the ports, and the person who is asking."""

from __future__ import annotations

from dataclasses import dataclass

from bot.events import Event
from bot.model import Person
from bot.ports import (
    AdoptionSource,
    Clock,
    Directory,
    ManagerStore,
    Messenger,
    PulsePlanner,
    PulseRepository,
    Repository,
    RolloutRepository,
)


@dataclass(frozen=True)
class Services:
    """The concrete ports, built once by the composition root."""

    repo: Repository
    clock: Clock
    directory: Directory | None = None
    rollouts: RolloutRepository | None = None
    pulses: PulseRepository | None = None
    messenger: Messenger | None = None
    managers: ManagerStore | None = None
    planner: PulsePlanner | None = None
    adoption: AdoptionSource | None = None


@dataclass(frozen=True)
class Context:
    services: Services
    person: Person
    event: Event

    @property
    def repo(self) -> Repository:
        return self.services.repo
