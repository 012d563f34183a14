"""SqlPeople: the core's People port (people, identities, reporting lines), plus the CLI's
`all_people`. Each call runs in the transaction its `Sessions` gives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from bot.events import Platform
from bot.model import Person
from storage.database import QUICK, Sessions
from storage.people.mapping import to_person
from storage.people.tables import IdentityRow, PersonRow
from storage.upsert import upsert

# Built once: an aliased correlated subquery costs more to construct than to run, and every
# chat message looks a person up.
_REPORT = aliased(PersonRow)
_HAS_REPORTS = exists().where(col(_REPORT.manager_id) == PersonRow.id).label("has_reports")


def _people_select(*conditions: ColumnElement[bool] | bool) -> Select[PersonRow, bool]:
    return select(PersonRow, _HAS_REPORTS).where(*conditions).order_by(col(PersonRow.name),
                                                                       col(PersonRow.id))


_PeopleSelect = Select[PersonRow, bool]

# The lookups every event makes, built once with parameters: a statement object reused keeps
# its cache key and compiled form, where building it anew costs more than running it. QUICK:
# point lookups, run on the event loop on SQLite.
_BY_ID = _people_select(PersonRow.id == bindparam("person_id")).execution_options(**QUICK)
_BY_EMAIL = _people_select(PersonRow.email == bindparam("email")).execution_options(**QUICK)
_BY_IDENTITY = _people_select(col(PersonRow.id).in_(
    select(IdentityRow.person_id).where(IdentityRow.platform == bindparam("platform"),
                                        IdentityRow.user_id == bindparam("user_id"))
    .scalar_subquery())).execution_options(**QUICK)


async def _people(session: AsyncSession, stmt: _PeopleSelect, **params: Any) -> list[Person]:
    rows = await session.exec(stmt, params=params)
    return [to_person(row, has_reports=bool(flag)) for row, flag in rows.all()]


async def people_where(session: AsyncSession, *conditions: ColumnElement[bool] | bool,
                       ) -> list[Person]:
    """People matching every condition, by name, with managers recognised by their reports."""
    return await _people(session, _people_select(*conditions))


async def _one(session: AsyncSession, stmt: _PeopleSelect, **params: Any) -> Person | None:
    found = await _people(session, stmt, **params)
    return found[0] if found else None


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
            return await people_where(s, PersonRow.manager_id == manager_id)

    async def managers(self) -> Sequence[Person]:
        report = aliased(PersonRow)
        async with self.db.transaction() as s:
            return await people_where(s, exists().where(col(report.manager_id) == PersonRow.id))

    async def in_teams(self, teams: Sequence[str] = ()) -> Sequence[Person]:
        async with self.db.transaction() as s:
            if not teams:
                return await people_where(s)
            wanted = [t.strip().casefold() for t in teams]
            return await people_where(s, func.lower(PersonRow.team).in_(wanted))
