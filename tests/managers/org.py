"""A small organisation for the manager tests: Ada manages Morgan, Morgan manages Pat and Sam,
Cole is an unrelated colleague under Ada's peer Lee, Hana is HR. In memory or in a database."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import Person, Role
from storage.database import Database
from storage.people.tables import PersonRow
from storage.tracks.mapping import track_row
from tests.fakes import FakeRepository
from tests.sample_data import ENGINEERING

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

# name -> (level, manager name, role, timezone)
ORG: dict[str, tuple[str, str | None, Role, str]] = {
    "ada": ("staff", None, Role.MANAGER, "Europe/Berlin"),
    "lee": ("staff", None, Role.MANAGER, "Europe/Berlin"),
    "morgan": ("senior", "ada", Role.MANAGER, "Europe/Berlin"),
    "pat": ("se1", "morgan", Role.EMPLOYEE, "Europe/Berlin"),
    "sam": ("se2", "morgan", Role.EMPLOYEE, "America/New_York"),
    "cole": ("se2", "lee", Role.EMPLOYEE, "Europe/Berlin"),
    "hana": ("se2", None, Role.HR, "Europe/Berlin"),
}


def email(name: str) -> str:
    return f"{name}@example.com"


def people() -> dict[str, Person]:
    ids = {name: i + 1 for i, name in enumerate(ORG)}
    return {name: Person(id=ids[name], email=email(name), name=f"{name.capitalize()} Example",
                         track_id="engineering", level_id=level,
                         manager_id=ids[boss] if boss else None, team="core", role=role,
                         timezone=tz)
            for name, (level, boss, role, tz) in ORG.items()}


def fake_repository() -> tuple[FakeRepository, dict[str, Person]]:
    repo = FakeRepository()
    repo.add_track(ENGINEERING)
    org = people()
    for p in org.values():
        repo.add_person(p)
    return repo, org


async def seed(db: Database) -> dict[str, int]:
    """Writes the sample track and ORG (ids in ORG order, as in `people()`); returns ids."""
    org = people()
    async with db.session() as s:
        s.add(track_row(ENGINEERING, T0))
        await s.flush()
        for p in org.values():
            s.add(PersonRow(id=p.id, email=p.email, name=p.name, track_id=p.track_id,
                            level_id=p.level_id, team=p.team,
                            role="employee" if p.role is Role.MANAGER else p.role.value,
                            timezone=p.timezone))
        await s.flush()
        for p in org.values():
            row = await s.get(PersonRow, p.id)
            assert row is not None
            row.manager_id = p.manager_id
        await s.commit()
    if db.dialect == "postgresql":
        # Explicit ids leave the sequence behind; later inserts must not collide.
        async with db.session() as s:
            conn = await s.connection()
            await conn.exec_driver_sql(
                "SELECT setval('people_id_seq', (SELECT max(id) FROM people))")
            await s.commit()
    return {name: p.id for name, p in org.items()}
