"""Rows written straight through a session, for repository tests that must not depend on the
importer; and a full dump of the database, to prove a failed import changed nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from storage.database import Database
from storage.people.tables import PersonRow
from storage.tracks.mapping import track_row
from tests.sample_data import ENGINEERING

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def seed_people(db: Database) -> dict[str, int]:
    """The sample track, a manager (Morgan) and two reports (Pat, Sam); returns ids by name."""
    async with db.session() as s:
        s.add(track_row(ENGINEERING, T0))
        await s.flush()
        morgan = PersonRow(email="morgan@example.com", name="Morgan Lead", team="core",
                           track_id="engineering", level_id="senior")
        s.add(morgan)
        await s.flush()
        pat = PersonRow(email="pat@example.com", name="Pat Person", team="core",
                        track_id="engineering", level_id="se1", manager_id=morgan.id)
        sam = PersonRow(email="sam@example.com", name="Sam Other", team="core", role="hr",
                        track_id="engineering", level_id="se2", manager_id=morgan.id,
                        timezone="Europe/Paris")
        s.add_all([pat, sam])
        await s.commit()
        return {"morgan": morgan.id or 0, "pat": pat.id or 0, "sam": sam.id or 0}


async def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    async with db.session() as s:
        conn = await s.connection()
        for name, table in sorted(SQLModel.metadata.tables.items()):
            rows = (await conn.execute(select(table))).all()
            result[name] = sorted(tuple(repr(v) for v in row) for row in rows)
    return result
