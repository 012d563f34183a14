"""Tables of readiness assessments, their scores and the manager ratings shown to reports
(created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from storage.columns import utc


class AssessmentRow(SQLModel, table=True):
    __tablename__ = "assessments"
    # At most one unfinished assessment per (subject, rater, target): a double-pressed
    # "rate" button resumes it instead of starting a second one.
    __table_args__ = (
        Index("uq_assessments_open", "subject_id", "rater_id", "track_id", "target_level_id",
              unique=True, sqlite_where=text("completed_at IS NULL"),
              postgresql_where=text("completed_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    rater_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    track_id: str = Field(foreign_key="tracks.id")
    target_level_id: str
    started_at: datetime = utc()
    completed_at: datetime | None = utc(nullable=True)


class ScoreRow(SQLModel, table=True):
    """One competency's score in an assessment; NULL score = skipped."""

    __tablename__ = "scores"

    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True,
                               ondelete="CASCADE")
    competency_id: str = Field(primary_key=True)
    score: int | None = None
    rated_at: datetime = utc()


class SharedRatingRow(SQLModel, table=True):
    """A manager's readiness rating the manager chose to show to the report."""

    __tablename__ = "shared_ratings"

    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True,
                               ondelete="CASCADE")
    shared_at: datetime = utc()
