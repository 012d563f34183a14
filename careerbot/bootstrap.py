"""The composition root: builds the database, repository and core services from settings.

Nothing is created at import time; every entry point (CLI, server, tests) calls build()."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import SystemClock
from bot.context import Services
from bot.ports import Clock, Directory
from bot.unconfigured import NO_DIRECTORY
from careerbot.settings import Settings
from storage.database import Database
from storage.stores import Stores
from storage.unit_of_work import SqlUnits


@dataclass(frozen=True)
class App:
    settings: Settings
    db: Database
    stores: Stores  # read helpers for the CLI, one transaction per call
    services: Services


def build(settings: Settings, *, clock: Clock | None = None,
          directory: Directory = NO_DIRECTORY) -> App:
    db = Database(settings.database_url)
    services = Services(units=SqlUnits(db), clock=clock or SystemClock(), directory=directory)
    return App(settings=settings, db=db, stores=Stores(db), services=services)
