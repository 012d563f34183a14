"""SqlRepository: the core's Repository and AddressBook ports on SQLite or PostgreSQL.

Each method is one short transaction. Writes a retry can repeat are upserts on unique keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, delete, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select, update

from bot.events import Platform
from bot.model import Assessment, Person, Track
from storage.database import Sessions
from storage.manager_tables import SharedRatingRow
from storage.mapping import to_track
from storage.queries import (
    all_tracks,
    assessments_where,
    insert_for,
    one_person,
    people_where,
    upsert,
)
from storage.tables import (
    AddressRow,
    AssessmentRow,
    IdentityRow,
    PersonRow,
    ProcessedEventRow,
    ScoreRow,
    TrackRow,
    TrackViewRow,
)


class SqlRepository:
    """Implements bot.ports.Repository and bot.ports.AddressBook, plus read helpers for the CLI."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    # People and identities

    async def person(self, person_id: int) -> Person | None:
        async with self.db.transaction() as s:
            return await one_person(s, PersonRow.id == person_id)

    async def person_by_email(self, email: str) -> Person | None:
        async with self.db.transaction() as s:
            return await one_person(s, PersonRow.email == email.strip().lower())

    async def person_by_identity(self, platform: Platform, user_id: str) -> Person | None:
        linked = (select(IdentityRow.person_id)
                  .where(IdentityRow.platform == platform.value, IdentityRow.user_id == user_id))
        async with self.db.transaction() as s:
            return await one_person(s, col(PersonRow.id).in_(linked.scalar_subquery()))

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

    # Tracks

    async def track(self, track_id: str) -> Track | None:
        async with self.db.transaction() as s:
            row = await s.get(TrackRow, track_id)
            return to_track(row) if row is not None else None

    async def tracks(self) -> Sequence[Track]:
        """Every track, ordered by name."""
        async with self.db.transaction() as s:
            return await all_tracks(s)

    async def record_track_view(self, person_id: int, at: datetime) -> None:
        async with self.db.transaction() as s:
            insert = insert_for(s, TrackViewRow).values(
                person_id=person_id, first_viewed_at=at, last_viewed_at=at, count=1)
            await s.exec(insert.on_conflict_do_update(
                index_elements=["person_id"],
                set_={"last_viewed_at": at, "count": col(TrackViewRow.count) + 1}))
            await s.flush()

    async def track_view(self, person_id: int) -> TrackViewRow | None:
        """When (and how often) the person looked at their track, for adoption numbers."""
        async with self.db.transaction() as s:
            return await s.get(TrackViewRow, person_id)

    # Readiness assessments

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

    # Retried platform events

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

    async def claim_event(self, key: str, at: datetime) -> bool:
        async with self.db.transaction() as s:
            written = await upsert(s, ProcessedEventRow, dict(key=key, seen_at=at),
                                   keys=("key",))
            await s.flush()
        return written == 1

    async def forget_events_before(self, at: datetime) -> int:
        """Drop event keys older than `at` (platforms stop retrying after minutes)."""
        async with self.db.transaction() as s:
            result = await s.exec(
                delete(ProcessedEventRow).where(col(ProcessedEventRow.seen_at) < at))
            await s.flush()
        return int(cast(CursorResult[Any], result).rowcount)

    # AddressBook

    async def save_address(self, platform: Platform, user_id: str, tenant_id: str,
                           address: dict[str, object]) -> None:
        values = dict(platform=platform.value, user_id=user_id, tenant_id=tenant_id,
                      address=address, updated_at=datetime.now(UTC))
        async with self.db.transaction() as s:
            stored = await s.get(AddressRow, (platform.value, user_id))
            if stored is not None and stored.address == address and stored.tenant_id == tenant_id:
                return  # unchanged: a message must not cost a write
            await upsert(s, AddressRow, values, keys=("platform", "user_id"),
                         update=("tenant_id", "address", "updated_at"))
            await s.flush()

    async def address_of(self, platform: Platform, person_id: int) -> dict[str, object] | None:
        stmt = (select(AddressRow)
                .join(IdentityRow, (col(IdentityRow.platform) == AddressRow.platform)
                      & (col(IdentityRow.user_id) == AddressRow.user_id))
                .where(IdentityRow.person_id == person_id, AddressRow.platform == platform.value)
                .order_by(col(AddressRow.updated_at).desc()).limit(1))
        async with self.db.transaction() as s:
            row = (await s.exec(stmt)).first()
        return dict(row.address) if row is not None else None

    async def platform_user_id(self, platform: Platform, person_id: int) -> str | None:
        """The most recently linked user id of the person on that platform."""
        stmt = (select(IdentityRow.user_id)
                .where(IdentityRow.person_id == person_id, IdentityRow.platform == platform.value)
                .order_by(col(IdentityRow.linked_at).desc()).limit(1))
        async with self.db.transaction() as s:
            return (await s.exec(stmt)).first()
