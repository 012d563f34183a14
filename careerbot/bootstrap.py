"""The composition root: builds the database, repository and core services from settings.

Nothing is created at import time; every entry point (CLI, server, tests) calls build()."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import SystemClock
from bot.context import Services
from bot.ports import Clock, Directory
from careerbot.settings import Settings
from storage.database import Database
from storage.hr_repository import SqlHrRepository
from storage.hr_stats import SqlAdoption
from storage.manager_repository import SqlManagerStore
from storage.repository import SqlRepository


@dataclass(frozen=True)
class App:
    settings: Settings
    db: Database
    repo: SqlRepository
    services: Services


def build(settings: Settings, *, clock: Clock | None = None,
          directory: Directory | None = None) -> App:
    db = Database(settings.database_url)
    repo = SqlRepository(db)
    hr = SqlHrRepository(db)
    services = Services(repo=repo, clock=clock or SystemClock(), directory=directory,
                        rollouts=hr, pulses=hr, managers=SqlManagerStore(db),
                        adoption=SqlAdoption(db))
    return App(settings=settings, db=db, repo=repo, services=services)
