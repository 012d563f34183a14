"""Keyword-only query helpers on an explicit session, shared by the repository and importers.

They never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, exists, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Assessment, Person, Track
from storage.mapping import to_assessment, to_person, to_track
from storage.tables import AssessmentRow, PersonRow, ScoreRow, TrackRow


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


async def people_where(session: AsyncSession, *conditions: ColumnElement[bool] | bool,
                       ) -> list[Person]:
    """People matching every condition, by name, with managers recognised by their reports."""
    report = aliased(PersonRow)
    has_reports = exists().where(col(report.manager_id) == PersonRow.id).label("has_reports")
    stmt = select(PersonRow, has_reports).where(*conditions).order_by(col(PersonRow.name),
                                                                      col(PersonRow.id))
    rows = await session.exec(stmt)
    return [to_person(row, has_reports=bool(flag)) for row, flag in rows.all()]


async def one_person(session: AsyncSession, *conditions: ColumnElement[bool] | bool,
                     ) -> Person | None:
    found = await people_where(session, *conditions)
    return found[0] if found else None


async def all_tracks(session: AsyncSession) -> list[Track]:
    rows = await session.exec(select(TrackRow).order_by(col(TrackRow.name), col(TrackRow.id)))
    return [to_track(row) for row in rows.all()]


async def assessments_where(session: AsyncSession, *conditions: ColumnElement[bool] | bool,
                            limit: int | None = None) -> list[Assessment]:
    """Assessments with their scores, newest first (started_at, then id)."""
    stmt = (select(AssessmentRow).where(*conditions)
            .order_by(col(AssessmentRow.started_at).desc(), col(AssessmentRow.id).desc())
            .limit(limit))
    rows = (await session.exec(stmt)).all()
    ids = [row.id for row in rows]
    scores = (await session.exec(
        select(ScoreRow).where(col(ScoreRow.assessment_id).in_(ids)))).all() if ids else []
    by_assessment: dict[int, list[ScoreRow]] = {}
    for score in scores:
        by_assessment.setdefault(score.assessment_id, []).append(score)
    return [to_assessment(row, by_assessment.get(row.id or 0, [])) for row in rows]
