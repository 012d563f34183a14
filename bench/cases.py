"""The benchmark cases: answering "what's next" from a real SQLite file, and importing a
3,000-person people file. Baselines use the stdlib sqlite3 and csv modules directly."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bench import case_import
from bot.clock import SystemClock
from bot.context import Services
from bot.conversation import handle
from bot.events import Actor, Platform, TextMessage
from careerbot.samples import sample_people, sample_tracks
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.unit_of_work import SqlUnits

QUESTIONS = 200
PEOPLE = 3000
ASKER = "sam.taylor@example.com"

Run = Callable[[], Coroutine[Any, Any, None]]


def seeded_database(folder: Path) -> Path:
    path = folder / "bench.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()

    async def seed() -> None:
        await import_tracks(db, sample_tracks(), "samples")
        await import_people(db, sample_people(), "people.csv")
        await db.close()

    asyncio.run(seed())
    return path


def whats_next(path: Path) -> Run:
    async def run() -> None:
        db = Database(f"sqlite:///{path}")
        services = Services(units=SqlUnits(db), clock=SystemClock())
        actor = Actor(Platform.CONSOLE, ASKER, email=ASKER)
        for _ in range(QUESTIONS):
            reply = await handle(services, TextMessage(actor, "what's next for me"))
            assert reply is not None and "Towards" in reply.text, reply
        await db.close()
    return run


def whats_next_baseline(path: Path) -> Run:
    """The least I/O the answer needs: the person's row and their track's document."""
    async def run() -> None:
        conn = sqlite3.connect(path)
        for _ in range(QUESTIONS):
            row = conn.execute("SELECT track_id FROM people WHERE email = ?", (ASKER,)).fetchone()
            doc = conn.execute("SELECT document FROM tracks WHERE id = ?", (row[0],)).fetchone()
            assert json.loads(doc[0])
        conn.close()
    return run


def people_file(folder: Path) -> Path:
    return case_import.people_file(folder, PEOPLE)


# The import case and its baseline live with the 50,000-person case (bench/case_import.py).
import_run = case_import.import_run
import_baseline = case_import.import_baseline
