"""SqlAssessments: the core's Assessments port (ratings, scores, shared ratings), plus the
CLI's `assessments_of`. Writes a retry can repeat are upserts on unique keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Assessment
from storage.assessments.mapping import to_assessment
from storage.assessments.tables import AssessmentRow, ScoreRow, SharedRatingRow
from storage.database import Sessions
from storage.upsert import insert_for, upsert


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
            found = await assessments_where(s, AssessmentRow.id == assessment_id)
        return found[0] if found else None

    async def set_score(self, assessment_id: int, competency_id: str, score: int | None,
                        at: datetime) -> None:
        values = dict(assessment_id=assessment_id, competency_id=competency_id, score=score,
                      rated_at=at)
        async with self.db.transaction() as s:
            await upsert(s, ScoreRow, values, keys=("assessment_id", "competency_id"),
                         update=("score", "rated_at"))
            await s.flush()

    async def complete_assessment(self, assessment_id: int, at: datetime) -> None:
        """Marks it complete once; a second call keeps the first completion time."""
        async with self.db.transaction() as s:
            await s.exec(update(AssessmentRow)
                         .where(col(AssessmentRow.id) == assessment_id,
                                col(AssessmentRow.completed_at).is_(None))
                         .values(completed_at=at))
            await s.flush()

    async def latest_assessment(self, subject_id: int, rater_id: int | None = None,
                                completed_only: bool = True) -> Assessment | None:
        conditions: list[ColumnElement[bool] | bool] = [AssessmentRow.subject_id == subject_id]
        if rater_id is not None:
            conditions.append(AssessmentRow.rater_id == rater_id)
        if completed_only:
            conditions.append(col(AssessmentRow.completed_at).is_not(None))
        async with self.db.transaction() as s:
            found = await assessments_where(s, *conditions, limit=1)
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
        stmt = (select(AssessmentRow.id)
                .join(SharedRatingRow, col(SharedRatingRow.assessment_id) == AssessmentRow.id)
                .where(AssessmentRow.subject_id == subject_id,
                       col(AssessmentRow.rater_id) != subject_id)
                .order_by(col(AssessmentRow.started_at).desc(), col(AssessmentRow.id).desc())
                .limit(1))
        async with self.db.transaction() as s:
            return (await s.exec(stmt)).first()
