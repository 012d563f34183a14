"""The composition root: builds the database, the units of work, the core services and, for
`careerbot serve`, the platform messenger and the scheduler host (the services' PulsePlanner).

Nothing is created at import time; every entry point (CLI, server, tests) calls build(). The
adapters are built from the App by careerbot/server.py."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import SystemClock
from bot.context import Services
from bot.outside import Clock, Directory, Messenger
from bot.ports import UnitsOfWork
from bot.unconfigured import NO_DIRECTORY, NO_PLANNER
from careerbot.hr_runtime import SchedulerHost
from careerbot.messengers import platform_messenger
from careerbot.settings import Settings
from scheduler.runtime import Runtime
from storage.database import Database
from storage.stores import Stores
from storage.unit_of_work import SqlUnits


@dataclass(frozen=True)
class App:
    settings: Settings
    db: Database
    stores: Stores  # read helpers for the CLI, one transaction per call
    services: Services
    scheduler: SchedulerHost | None = None  # `careerbot serve` only; also services.planner


def build(settings: Settings, *, clock: Clock | None = None,
          directory: Directory = NO_DIRECTORY, scheduler: bool = False,
          messenger: Messenger | None = None) -> App:
    """The App for `settings`. With `scheduler` (the server), a SchedulerHost sending through
    `messenger` (default: the platform messenger) is built first and is the services'
    PulsePlanner; without (the terminal, `jobs`, imports), the planner is NoPlanner and a
    changed pulse waits for the next reconcile."""
    db = Database(settings.database_url, workers=settings.workers,
                  secret_key=settings.secret_key)
    units = SqlUnits(db)
    clock = clock or SystemClock()
    host = (SchedulerHost(jobs_runtime(settings, units, clock, messenger), db) if scheduler
            else None)
    services = Services(units=units, clock=clock, directory=directory,
                        planner=NO_PLANNER if host is None else host)
    return App(settings=settings, db=db, stores=Stores(db), services=services, scheduler=host)


def jobs_runtime(settings: Settings, units: UnitsOfWork, clock: Clock,
                 messenger: Messenger | None = None) -> Runtime:
    """What scheduled jobs run against; the messenger defaults to every configured platform."""
    return Runtime(units, clock, messenger or platform_messenger(settings, units, clock),
                   lease_seconds=settings.outbox_lease_seconds, retention=settings.retention)
