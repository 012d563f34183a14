"""SqlAssessments: the core's Assessments port (ratings, scores, shared ratings), plus the
CLI's `assessments_of`. Writes a retry can repeat are upserts on unique keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot.model import Assessment
from storage.assessments.mapping import to_assessment
from storage.assessments.tables import AssessmentRow, ScoreRow, SharedRatingRow
from storage.database import QUICK, Sessions
from storage.prepared import Prepared
from storage.upsert import insert_for, upsert


def _newest_first(*conditions: ColumnElement[bool] | bool,
                  limit: int | None = None) -> SelectOfScalar[AssessmentRow]:
    return (select(AssessmentRow).where(*conditions)
            .order_by(col(AssessmentRow.started_at).desc(), col(AssessmentRow.id).desc())
            .limit(limit))


# The statements "what's next" and a rating press run, built once with parameters: a reused
# statement keeps its cache key and compiled form (building one costs more than running it).
# On the plain tables: rows, not ORM objects (a row has the columns to_assessment reads).
# QUICK: a person's few rows by indexed keys, run on the event loop on SQLite; Prepared:
# straight on its sqlite3 connection (storage/prepared.py); the scores of several assessments
# (an expanding IN) are not.
_ASSESSMENTS: Table = AssessmentRow.__table__  # type: ignore[attr-defined]  # table=True
_SCORES_TABLE: Table = ScoreRow.__table__  # type: ignore[attr-defined]  # table=True
_SHARED_TABLE: Table = SharedRatingRow.__table__  # type: ignore[attr-defined]  # table=True
_NEWEST_FIRST = (_ASSESSMENTS.c.started_at.desc(), _ASSESSMENTS.c.id.desc())
_SCORES = select(*_SCORES_TABLE.c).where(
    _SCORES_TABLE.c.assessment_id.in_(bindparam("ids", expanding=True))).execution_options(
    **QUICK)
# One assessment's scores (what "what's next" and a rating press read), Prepared.
_SCORES_OF_ONE = Prepared(select(*_SCORES_TABLE.c).where(
    _SCORES_TABLE.c.assessment_id == bindparam("assessment_id")).execution_options(**QUICK))
_OF_SUBJECT = _ASSESSMENTS.c.subject_id == bindparam("subject_id")
_BY_RATER = _ASSESSMENTS.c.rater_id == bindparam("rater_id")
_FINISHED = _ASSESSMENTS.c.completed_at.is_not(None)


def _quick(*conditions: ColumnElement[bool], limit: int | None = None) -> Any:
    return (select(*_ASSESSMENTS.c).where(*conditions).order_by(*_NEWEST_FIRST).limit(limit)
            .execution_options(**QUICK))


_BY_ID = Prepared(_quick(_ASSESSMENTS.c.id == bindparam("assessment_id")))
# latest_assessment by (rater given, completed only).
_LATEST = {key: Prepared(_quick(_OF_SUBJECT, *extra, limit=1))
           for key, extra in {(True, True): (_BY_RATER, _FINISHED), (True, False): (_BY_RATER,),
                              (False, True): (_FINISHED,), (False, False): ()}.items()}
_SHARED = Prepared(select(_ASSESSMENTS.c.id)
                   .join(_SHARED_TABLE, _SHARED_TABLE.c.assessment_id == _ASSESSMENTS.c.id)
                   .where(_OF_SUBJECT, _ASSESSMENTS.c.rater_id != bindparam("subject_id"))
                   .order_by(*_NEWEST_FIRST).limit(1).execution_options(**QUICK))



def _score_upsert(insert: Any) -> Any:
    """A rating press's write: one score by its key, replaced when pressed again."""
    stmt = insert(_SCORES_TABLE).values(
        assessment_id=bindparam("assessment_id"), competency_id=bindparam("competency_id"),
        score=bindparam("score"), rated_at=bindparam("rated_at"))
    return stmt.on_conflict_do_update(
        index_elements=["assessment_id", "competency_id"],
        set_={"score": stmt.excluded.score, "rated_at": stmt.excluded.rated_at},
    ).execution_options(**QUICK)


_SET_SCORE = {"sqlite": Prepared(_score_upsert(sqlite.insert)),
              "postgresql": Prepared(_score_upsert(postgresql.insert))}
_COMPLETE = Prepared(update(_ASSESSMENTS)
                     .where(_ASSESSMENTS.c.id == bindparam("assessment_id"),
                            _ASSESSMENTS.c.completed_at.is_(None))
                     .values(completed_at=bindparam("at")).execution_options(**QUICK))

async def assessments_where(session: AsyncSession, *conditions: ColumnElement[bool] | bool,
                            limit: int | None = None) -> list[Assessment]:
    """Assessments with their scores, newest first (started_at, then id)."""
    return await _with_scores(session, _newest_first(*conditions, limit=limit))


async def _with_scores(session: AsyncSession, stmt: Any, **params: Any) -> list[Assessment]:
    """Assessment rows (ORM objects, or plain rows with the same columns) with their scores."""
    rows = cast(Sequence[AssessmentRow], await stmt.all(session, **params)
                if isinstance(stmt, Prepared) else (await session.exec(stmt, params=params)).all())
    ids = [row.id for row in rows]
    if len(ids) == 1:
        scores = cast(Sequence[ScoreRow], await _SCORES_OF_ONE.all(session, assessment_id=ids[0]))
    else:
        scores = cast(Sequence[ScoreRow], (await session.exec(_SCORES, params={"ids": ids})).all()
                      if ids else [])
    by_assessment: dict[int, list[ScoreRow]] = {}
    for score in scores:
        by_assessment.setdefault(score.assessment_id, []).append(score)
    return [to_assessment(row, by_assessment.get(row.id or 0, [])) for row in rows]


class SqlAssessments:
    """Implements bot.ports.Assessments."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def open_assessment(self, subject_id: int, rater_id: int, track_id: str,
                              target_level_id: str) -> Assessment | None:
        async with self.db.transaction() as s:
            found = await assessments_where(
                s, AssessmentRow.subject_id == subject_id, AssessmentRow.rater_id == rater_id,
                AssessmentRow.track_id == track_id,
                AssessmentRow.target_level_id == target_level_id,
                col(AssessmentRow.completed_at).is_(None), limit=1)
        return found[0] if found else None

    async def start_assessment(self, subject_id: int, rater_id: int, track_id: str,
                               target_level_id: str, at: datetime) -> Assessment:
        """A new assessment, or the unfinished one for the same target if a retry raced us.

        A partial unique index allows only one unfinished assessment per target."""
        key = dict(subject_id=subject_id, rater_id=rater_id, track_id=track_id,
                   target_level_id=target_level_id)
        where_open = col(AssessmentRow.completed_at).is_(None)
        async with self.db.transaction() as s:
            stmt = insert_for(s, AssessmentRow).values(**key, started_at=at)
            await s.exec(stmt.on_conflict_do_nothing(index_elements=list(key),
                                                     index_where=where_open))
            await s.flush()
        found = await self.open_assessment(subject_id, rater_id, track_id, target_level_id)
        assert found is not None  # just inserted, or already there
        return found

    async def assessment(self, assessment_id: int) -> Assessment | None:
        async with self.db.transaction() as s:
            found = await _with_scores(s, _BY_ID, assessment_id=assessment_id)
        return found[0] if found else None

    async def set_score(self, assessment_id: int, competency_id: str, score: int | None,
                        at: datetime) -> None:
        values = dict(assessment_id=assessment_id, competency_id=competency_id, score=score,
                      rated_at=at)
        async with self.db.transaction() as s:
            await _SET_SCORE[self.db.dialect].run(s, **values)

    async def complete_assessment(self, assessment_id: int, at: datetime) -> None:
        """Marks it complete once; a second call keeps the first completion time."""
        async with self.db.transaction() as s:
            await _COMPLETE.run(s, assessment_id=assessment_id, at=at)

    async def latest_assessment(self, subject_id: int, rater_id: int | None = None,
                                completed_only: bool = True) -> Assessment | None:
        stmt = _LATEST[rater_id is not None, completed_only]
        params: dict[str, Any] = {"subject_id": subject_id}
        if rater_id is not None:
            params["rater_id"] = rater_id
        async with self.db.transaction() as s:
            found = await _with_scores(s, stmt, **params)
        return found[0] if found else None

    async def assessments_of(self, subject_id: int) -> list[Assessment]:
        """The subject's whole rating history, newest first."""
        async with self.db.transaction() as s:
            return await assessments_where(s, AssessmentRow.subject_id == subject_id)

    async def share_rating(self, assessment_id: int, at: datetime) -> None:
        async with self.db.transaction() as s:
            await upsert(s, SharedRatingRow, dict(assessment_id=assessment_id, shared_at=at),
                         keys=("assessment_id",))
            await s.flush()

    async def shared_rating(self, subject_id: int) -> int | None:
        async with self.db.transaction() as s:
            found = await _SHARED.first(s, subject_id=subject_id)
            return None if found is None else int(found)
