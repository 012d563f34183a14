"""The retention periods in SQL: what each prunes, and when the oldest data held runs out
(for planning the daily job)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.rights.rules import Cutoffs, Pruned, RetentionPolicy
from storage.assessments.tables import AssessmentRow
from storage.checkins.tables import NoteRow
from storage.outbox.tables import DeliveryRow
from storage.people.tables import PersonRow, ProcessedEventRow
from storage.pulses.tables import PulseCommentRow, PulseRow
from storage.rights.forget import forget_person

_NEWER = aliased(AssessmentRow)
_DONE = ("sent", "unreachable")  # deliveries whose message went (or never can)
_DELIVERY_TIME = func.coalesce(col(DeliveryRow.sent_at), col(DeliveryRow.claimed_at))
_RATING_TIME = func.coalesce(col(AssessmentRow.completed_at), col(AssessmentRow.started_at))
# An assessment is the latest finished one of its subject by its rater unless a newer finished
# one exists: those are kept whatever their age.
_SUPERSEDED = or_(col(AssessmentRow.completed_at).is_(None), exists().where(
    col(_NEWER.subject_id) == AssessmentRow.subject_id,
    col(_NEWER.rater_id) == AssessmentRow.rater_id,
    col(_NEWER.completed_at).is_not(None),
    or_(col(_NEWER.completed_at) > AssessmentRow.completed_at,
        and_(col(_NEWER.completed_at) == AssessmentRow.completed_at,
             col(_NEWER.id) > AssessmentRow.id))))
_CLOSED = select(col(PulseRow.id)).where(col(PulseRow.status) == "closed")
_LEAVERS = and_(col(PersonRow.deactivated_at).is_not(None), col(PersonRow.forgotten_at).is_(None))


async def _deleted(s: AsyncSession, stmt: Any) -> int:
    return int(cast(CursorResult[Any], await s.execute(stmt)).rowcount)


async def prune(s: AsyncSession, c: Cutoffs) -> Pruned:
    """Erases, in the session's transaction, everything older than its cutoff."""
    notes = await _deleted(s, delete(NoteRow).where(col(NoteRow.created_at) < c.checkin_notes))
    ratings = await _deleted(s, delete(AssessmentRow).where(c.readiness > _RATING_TIME,
                                                            _SUPERSEDED))
    old_pulses = _CLOSED.where(col(PulseRow.closes_at) < c.pulse_comments)
    comments = await _deleted(s, delete(PulseCommentRow).where(
        col(PulseCommentRow.pulse_id).in_(old_pulses)))
    leavers = (await s.execute(select(col(PersonRow.id)).where(
        _LEAVERS, col(PersonRow.deactivated_at) < c.deactivated))).scalars().all()
    forgotten = sum([await forget_person(s, pid, c.now) for pid in leavers])
    keys = await _deleted(s, delete(ProcessedEventRow).where(
        col(ProcessedEventRow.seen_at) < c.event_keys))
    sent = await _deleted(s, delete(DeliveryRow).where(col(DeliveryRow.status).in_(_DONE),
                                                       c.sent_deliveries > _DELIVERY_TIME))
    await s.flush()
    return Pruned(notes, ratings, comments, forgotten, keys, sent)


async def earliest_expiry(s: AsyncSession, p: RetentionPolicy) -> datetime | None:
    """The first time any data held runs out under `p` (possibly past); None if none will."""
    async def oldest(stmt: Any) -> datetime | None:
        value: datetime | None = (await s.execute(stmt)).scalar()
        return value

    found = [
        (await oldest(select(func.min(col(NoteRow.created_at)))), p.checkin_notes_days),
        (await oldest(select(func.min(_RATING_TIME)).where(_SUPERSEDED)), p.readiness_days),
        (await oldest(select(func.min(col(PulseRow.closes_at))).where(
            col(PulseRow.id).in_(_CLOSED),
            exists().where(col(PulseCommentRow.pulse_id) == PulseRow.id))),
         p.pulse_comments_days),
        (await oldest(select(func.min(col(PersonRow.deactivated_at))).where(_LEAVERS)),
         p.deactivated_days),
        (await oldest(select(func.min(col(ProcessedEventRow.seen_at)))), p.event_keys_days),
        (await oldest(select(func.min(_DELIVERY_TIME)).where(
            col(DeliveryRow.status).in_(_DONE))), p.sent_deliveries_days),
    ]
    times = [_aware(at) + timedelta(days=days) for at, days in found if at is not None]
    return min(times, default=None)


def _aware(at: datetime) -> datetime:
    """A time read back as naive (a backend's aggregate without the column's zone) is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)
