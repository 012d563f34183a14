"""Test helper: people written straight into a real database (no importer needed)."""

from __future__ import annotations

from sqlalchemy import text

from storage.database import Database
from storage.people.tables import PersonRow


async def add_people(db: Database, team: str, count: int, *, start: int = 1,
                     role: str = "employee", timezone: str = "UTC") -> list[int]:
    """Adds `count` people to `team` (emails p{n}@example.com) and returns their ids."""
    rows = [PersonRow(email=f"p{n}@example.com", name=f"Person {n}", team=team, role=role,
                      timezone=timezone) for n in range(start, start + count)]
    async with db.session() as s:
        s.add_all(rows)
        await s.commit()
        return [r.id for r in rows if r.id is not None]


async def sql(db: Database, query: str) -> list[dict[str, object]]:
    """Raw rows, to inspect exactly what a table holds."""
    async with db.engine.connect() as connection:
        result = await connection.execute(text(query))
        return [dict(row) for row in result.mappings().all()]
