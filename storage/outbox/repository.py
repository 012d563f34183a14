"""SqlOutbox: the core's Outbox port. One row per (subject, kind, person); claiming is atomic
(FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional UPDATE under SQLite's write lock), so several
workers or a restarted one never hold the same row at once. A claim is a lease on the real-time
clock its holder renews; every change to a claimed row checks the holder still has it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import col, select, update

from bot.delivery import Delivery, DeliveryStatus
from storage.database import Sessions
from storage.outbox.mapping import to_delivery
from storage.outbox.tables import DeliveryRow
from storage.upsert import insert_for, rowcount

PENDING, CLAIMED = DeliveryStatus.PENDING.value, DeliveryStatus.CLAIMED.value
ENQUEUE_CHUNK = 500  # rows per INSERT when queueing a large audience
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # "claimable now" for rows without a time


class SqlOutbox:
    """Implements bot.ports.Outbox."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def enqueue(self, subject: str, kind: str, person_ids: Sequence[int]) -> int:
        ids = list(dict.fromkeys(person_ids))
        added = 0
        async with self.db.transaction() as s:
            for start in range(0, len(ids), ENQUEUE_CHUNK):
                rows = [{"subject": subject, "kind": kind, "person_id": pid,
                         "status": PENDING, "attempts": 0}
                        for pid in ids[start:start + ENQUEUE_CHUNK]]
                stmt = (insert_for(s, DeliveryRow).values(rows)
                        .on_conflict_do_nothing(index_elements=["subject", "kind", "person_id"])
                        .returning(col(DeliveryRow.id)))
                added += len((await s.exec(stmt)).all())
            await s.flush()
        return added

    async def claim(self, subject: str, at: datetime, lease_seconds: float,
                    holder: str = "") -> Delivery | None:
        taken = await self.claim_batch(subject, at, lease_seconds, holder, 1)
        return taken[0] if taken else None

    async def claim_batch(self, subject: str, at: datetime, lease_seconds: float, holder: str,
                          limit: int) -> Sequence[Delivery]:
        """Rows whose lease ran out (their holder died) come first: they are the oldest work.
        They may have been sent before their holder died: the messenger checks where it can
        (Slack)."""
        expired = and_(col(DeliveryRow.subject) == subject, col(DeliveryRow.status) == CLAIMED,
                       or_(col(DeliveryRow.lease_until).is_(None),
                           col(DeliveryRow.lease_until) < at))
        due = and_(col(DeliveryRow.subject) == subject, col(DeliveryRow.status) == PENDING,
                   or_(col(DeliveryRow.not_before).is_(None), col(DeliveryRow.not_before) <= at))
        async with self.db.transaction() as s:
            found: list[int] = []
            for claimable in (expired, due):
                if len(found) < limit:
                    pick = (select(DeliveryRow.id).where(claimable).order_by(col(DeliveryRow.id))
                            .limit(limit - len(found)))
                    if self.db.dialect == "postgresql":
                        pick = pick.with_for_update(skip_locked=True)
                    found += [i for i in (await s.exec(pick)).all() if i is not None]
            if not found:
                return []
            # The condition is repeated so that a concurrent claimer that got there first (it
            # cannot on SQLite, which locks the database at BEGIN) keeps its rows.
            await s.exec(update(DeliveryRow)
                         .where(col(DeliveryRow.id).in_(found), or_(expired, due))
                         .values(status=CLAIMED, claimed_at=at, holder=holder,
                                 lease_until=at + timedelta(seconds=lease_seconds),
                                 attempts=DeliveryRow.attempts + 1))
            rows = await s.exec(select(DeliveryRow).where(
                col(DeliveryRow.id).in_(found), col(DeliveryRow.holder) == holder,
                col(DeliveryRow.claimed_at) == at).order_by(col(DeliveryRow.id))
                .execution_options(populate_existing=True))
            return [to_delivery(r) for r in rows.all()]

    async def renew(self, subject: str, holder: str, until: datetime) -> None:
        async with self.db.transaction() as s:
            await s.exec(update(DeliveryRow).where(
                col(DeliveryRow.subject) == subject, col(DeliveryRow.status) == CLAIMED,
                col(DeliveryRow.holder) == holder).values(lease_until=until))
            await s.flush()

    async def mark(self, delivery_id: int, status: DeliveryStatus, at: datetime,
                   holder: str | None = None) -> bool:
        values: dict[str, Any] = {"status": status.value, "holder": None, "lease_until": None}
        if status == DeliveryStatus.SENT:
            values["sent_at"] = at
        return await self._change(delivery_id, holder, values)

    async def release(self, delivery_id: int, holder: str, not_before: datetime, *,
                      attempt: bool) -> None:
        values: dict[str, Any] = {"status": PENDING, "holder": None, "lease_until": None,
                                  "not_before": not_before}
        if not attempt:
            values["attempts"] = DeliveryRow.attempts - 1
        await self._change(delivery_id, holder, values)

    async def _change(self, delivery_id: int, holder: str | None,
                      values: dict[str, Any]) -> bool:
        where = [col(DeliveryRow.id) == delivery_id]
        if holder is not None:
            where += [col(DeliveryRow.status) == CLAIMED, col(DeliveryRow.holder) == holder]
        async with self.db.transaction() as s:
            changed = await s.exec(update(DeliveryRow).where(*where).values(**values))
            await s.flush()
            return rowcount(changed) == 1

    async def waiting(self, subject: str) -> datetime | None:
        row_time = case((col(DeliveryRow.status) == PENDING,
                         func.coalesce(col(DeliveryRow.not_before), EPOCH)),
                        else_=func.coalesce(col(DeliveryRow.lease_until), EPOCH))
        stmt = select(func.min(row_time)).where(col(DeliveryRow.subject) == subject,
                                                col(DeliveryRow.status).in_([PENDING, CLAIMED]))
        async with self.db.transaction() as s:
            found: datetime | None = (await s.exec(stmt)).one()
        return found

    async def unsent_subjects(self) -> Sequence[str]:
        stmt = (select(DeliveryRow.subject).distinct()
                .where(col(DeliveryRow.status).in_([PENDING, CLAIMED]))
                .order_by(col(DeliveryRow.subject)))
        async with self.db.transaction() as s:
            return list((await s.exec(stmt)).all())

    async def deliveries(self, subject: str) -> Sequence[Delivery]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(DeliveryRow).where(DeliveryRow.subject == subject)
                                .order_by(col(DeliveryRow.id)))
            return [to_delivery(r) for r in rows.all()]

