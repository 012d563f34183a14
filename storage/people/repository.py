"""SqlPeople: the core's People port (people, identities, reporting lines), plus the CLI's
`all_people`. Each call runs in the transaction its `Sessions` gives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sql
from sqlalchemy import ColumnElement, Table, bindparam, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.events import Platform
from bot.model import Person
from storage.database import QUICK, Sessions
from storage.people.mapping import to_person
from storage.people.tables import IdentityRow, PersonRow
from storage.prepared import Prepared
from storage.upsert import upsert

# Built once: an aliased correlated subquery costs more to construct than to run, and every
# chat message looks a person up.
_REPORT = aliased(PersonRow)
_HAS_REPORTS = exists().where(col(_REPORT.manager_id) == PersonRow.id).label("has_reports")


# The lookups every event makes, built once with parameters: a statement object reused keeps
# its cache key and compiled form, where building it anew costs more than running it. They read
# plain rows of the table (no ORM objects to build: a row has the columns to_person reads), and
# they are QUICK: point lookups, run on the event loop on SQLite, and Prepared: straight on its
# sqlite3 connection (storage/prepared.py).
_TABLE: Table = PersonRow.__table__  # type: ignore[attr-defined]  # table=True
_REPORTS = _TABLE.alias("reports")
_TABLE_HAS_REPORTS = exists().where(_REPORTS.c.manager_id == _TABLE.c.id).label("has_reports")


def _lookup(condition: ColumnElement[bool]) -> Any:
    return (sql.select(*_TABLE.c, _TABLE_HAS_REPORTS).where(condition)
            .order_by(_TABLE.c.name, _TABLE.c.id).execution_options(**QUICK))


_BY_ID = Prepared(_lookup(_TABLE.c.id == bindparam("person_id")))
_BY_EMAIL = Prepared(_lookup(_TABLE.c.email == bindparam("email")))
_IDENTITIES: Table = IdentityRow.__table__  # type: ignore[attr-defined]  # table=True
_BY_IDENTITY = Prepared(_lookup(_TABLE.c.id.in_(
    select(_IDENTITIES.c.person_id).where(_IDENTITIES.c.platform == bindparam("platform"),
                                          _IDENTITIES.c.user_id == bindparam("user_id"))
    .scalar_subquery())))


async def _one(session: AsyncSession, stmt: Prepared, **params: Any) -> Person | None:
    row = await stmt.first(session, **params)
    return to_person(cast(PersonRow, row), has_reports=bool(row.has_reports)) if row else None


async def people_where(session: AsyncSession, *conditions: ColumnElement[bool] | bool,
                       ) -> list[Person]:
    """People matching every condition, by name, with managers recognised by their reports."""
    stmt = select(PersonRow, _HAS_REPORTS).where(*conditions).order_by(col(PersonRow.name),
                                                                       col(PersonRow.id))
    rows = await session.exec(stmt)
    return [to_person(row, has_reports=bool(flag)) for row, flag in rows.all()]


# Leavers HR deactivated (and forgotten people) are nobody's report, manager or audience.
_ACTIVE = col(PersonRow.deactivated_at).is_(None)


class SqlPeople:
    """Implements bot.ports.People."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def person(self, person_id: int) -> Person | None:
        async with self.db.transaction() as s:
            return await _one(s, _BY_ID, person_id=person_id)

    async def person_by_email(self, email: str) -> Person | None:
        async with self.db.transaction() as s:
            return await _one(s, _BY_EMAIL, email=email.strip().lower())

    async def person_by_identity(self, platform: Platform, user_id: str) -> Person | None:
        async with self.db.transaction() as s:
            return await _one(s, _BY_IDENTITY, platform=platform.value, user_id=user_id)

    async def link_identity(self, person_id: int, platform: Platform, user_id: str,
                            tenant_id: str) -> None:
        """Point the platform user at the person (re-pointing it if it was linked elsewhere)."""
        values = dict(platform=platform.value, user_id=user_id, person_id=person_id,
                      tenant_id=tenant_id, linked_at=datetime.now(UTC))
        async with self.db.transaction() as s:
            await upsert(s, IdentityRow, values, keys=("platform", "user_id"),
                         update=("person_id", "tenant_id", "linked_at"))
            await s.flush()

    async def all_people(self) -> list[Person]:
        """Everyone, ordered by name."""
        async with self.db.transaction() as s:
            return await people_where(s)

    async def reports_of(self, manager_id: int) -> list[Person]:
        """The manager's direct reports, ordered by name."""
        async with self.db.transaction() as s:
            return await people_where(s, PersonRow.manager_id == manager_id, _ACTIVE)

    async def managers(self) -> Sequence[Person]:
        report = aliased(PersonRow)
        async with self.db.transaction() as s:
            return await people_where(s, _ACTIVE, exists().where(
                col(report.manager_id) == PersonRow.id, col(report.deactivated_at).is_(None)))

    async def in_teams(self, teams: Sequence[str] = ()) -> Sequence[Person]:
        async with self.db.transaction() as s:
            if not teams:
                return await people_where(s, _ACTIVE)
            wanted = [t.strip().casefold() for t in teams]
            return await people_where(s, func.lower(PersonRow.team).in_(wanted), _ACTIVE)
