"""Idempotent writes on both backends: INSERT ... ON CONFLICT, shared by every repository and
the importers. Never commits: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def insert_for(session: AsyncSession, table: type[SQLModel]) -> Any:
    """An INSERT supporting ON CONFLICT on this session's backend (same API on both)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table)


async def upsert(session: AsyncSession, table: type[SQLModel], values: Mapping[str, Any], *,
                 keys: Sequence[str], update: Sequence[str] = ()) -> int:
    """Insert a row, or on a key conflict update `update` columns (or do nothing).

    Returns the number of rows written (0 when an existing row was left alone), counted with
    RETURNING because psycopg's async cursor reports no rowcount for these statements."""
    stmt = insert_for(session, table).values(**values)
    if update:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={name: values[name] for name in update})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    result = await session.exec(stmt.returning(literal_column("1")))
    return len(result.all())


def rowcount(result: Any) -> int:
    """Rows an UPDATE or DELETE touched."""
    return int(cast(CursorResult[Any], result).rowcount)
