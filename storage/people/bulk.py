"""Batched reads and writes of people and identities for the people import: plain rows through
SQLAlchemy Core, one statement per batch, no ORM object per person. Never commits.

SQLite takes a batch as rows (a multi-row INSERT, or executemany). PostgreSQL takes it as one
array per column, unnested into rows by the server: psycopg caches no statement over 4 KB, so a
1,000-row VALUES list would be parsed again on every batch, costing more than the insert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, bindparam, cast, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.people.tables import IdentityRow, PersonRow
from storage.upsert import insert_for

# What the import sets on a person besides the email, in this order.
FIELDS = ("name", "manager_id", "track_id", "level_id", "team", "role", "timezone")
Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class StoredPerson:
    """A person already in the database: their id and FIELDS' values."""

    id: int
    values: Row

    @property
    def manager_id(self) -> int | None:
        manager: int | None = self.values[FIELDS.index("manager_id")]
        return manager


def table(model: type[SQLModel]) -> Table:
    found: Table = model.__table__  # type: ignore[attr-defined]  # set by table=True
    return found


async def stored_people(session: AsyncSession) -> dict[str, StoredPerson]:
    """Everyone in the database by (lower-case) email."""
    people = table(PersonRow)
    result = await (await session.connection()).execute(
        select(people.c.id, people.c.email, *(people.c[name] for name in FIELDS)))
    return {email: StoredPerson(id, tuple(values)) for id, email, *values in result}


async def linked_identities(session: AsyncSession) -> dict[tuple[str, str], int]:
    """Every platform identity, (platform, user id) -> person id."""
    identities = table(IdentityRow)
    result = await (await session.connection()).execute(select(
        identities.c.platform, identities.c.user_id, identities.c.person_id))
    return {(platform, user_id): person_id for platform, user_id, person_id in result}


async def insert_people(session: AsyncSession, rows: Sequence[Row]) -> dict[str, int]:
    """Insert new people, each row (email, *FIELDS), in one statement; their ids by email.

    The ids come back by email, not in order: SQLite does not promise RETURNING's order, and
    asking SQLAlchemy for it would cost one INSERT per person there."""
    if not rows:
        return {}
    people = table(PersonRow)
    stmt = _batch_values(session, people.insert(), people, ("email", *FIELDS))
    result = await (await session.connection()).execute(
        stmt.returning(people.c.email, people.c.id), _params(session, ("email", *FIELDS), rows))
    returned: dict[str, int] = {email: id for email, id in result}
    # Keyed by the caller's strings, so the returned copies can be freed.
    return {row[0]: returned[row[0]] for row in rows}


async def update_people(session: AsyncSession, rows: Sequence[Row]) -> None:
    """Set FIELDS on people already in the database, each row (id, *FIELDS), in one
    statement."""
    if not rows:
        return
    people, names = table(PersonRow), ("id", *FIELDS)
    if _on_postgresql(session):
        new = _unnested(people, names).subquery("new")
        stmt = (update(people).where(people.c.id == new.c.id)
                .values({name: new.c[name] for name in FIELDS}))
    else:
        stmt = (update(people).where(people.c.id == bindparam("_id"))
                .values({name: bindparam(f"_{name}") for name in FIELDS}))
    await (await session.connection()).execute(stmt, _params(session, names, rows))


async def link_identities(session: AsyncSession, rows: Sequence[tuple[str, str, int]],
                          at: datetime) -> None:
    """Point each (platform, user id, person id) identity at its person, adding it if it is
    new, in one INSERT ... ON CONFLICT: the latest link wins, the tenant stays."""
    if not rows:
        return
    identities, names = table(IdentityRow), ("platform", "user_id", "person_id")
    insert = insert_for(session, IdentityRow)
    stmt = _batch_values(session, insert, identities, names, tenant_id="", linked_at=at)
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "user_id"],
        set_={"person_id": insert.excluded.person_id, "linked_at": insert.excluded.linked_at})
    await (await session.connection()).execute(stmt, _params(session, names, rows))


def _on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _batch_values(session: AsyncSession, insert: Any, table: Table, names: Sequence[str],
                  **same: Any) -> Any:
    """`insert` taking the batch's `names` columns from `_params`, and the `same` values for
    every row."""
    constants = [bindparam(f"_{name}", value, type_=table.c[name].type).label(name)
                 for name, value in same.items()]
    if _on_postgresql(session):
        return insert.from_select([*names, *same],
                                  _unnested(table, names).add_columns(*constants))
    return insert.values({**{name: bindparam(f"_{name}") for name in names},
                          **{c.name: c.element for c in constants}})


def _unnested(table: Table, names: Sequence[str]) -> Select[Any]:
    """SELECT unnest(:_a) AS a, unnest(:_b) AS b, ...: PostgreSQL zips equally long arrays into
    rows."""
    return select(*(func.unnest(cast(bindparam(f"_{name}"), ARRAY(table.c[name].type)))
                    .label(name) for name in names))


def _params(session: AsyncSession, names: Sequence[str],
            rows: Sequence[Row]) -> dict[str, list[Any]] | list[dict[str, Any]]:
    """The rows as one array per column (PostgreSQL) or one dict per row (SQLite), under the
    bind names `_name` (an UPDATE reserves the bare column names for its SET clause)."""
    if _on_postgresql(session):
        columns = zip(*rows, strict=True)
        return {f"_{name}": list(column) for name, column in zip(names, columns, strict=True)}
    return [{f"_{name}": value for name, value in zip(names, row, strict=True)}
            for row in rows]
