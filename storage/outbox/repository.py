"""SqlOutbox: the core's Outbox port. One row per (subject, kind, person); claiming is atomic
(FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional UPDATE on SQLite), so several workers or a
restarted one never send the same row twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_
from sqlmodel import col, select, update

from bot.delivery import Delivery, DeliveryStatus
from storage.database import Sessions
from storage.outbox.mapping import to_delivery
from storage.outbox.tables import DeliveryRow
from storage.upsert import upsert


class SqlOutbox:
    """Implements bot.ports.Outbox."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def enqueue(self, subject: str, kind: str, person_ids: Sequence[int]) -> int:
        added = 0
        async with self.db.transaction() as s:
            for pid in dict.fromkeys(person_ids):
                added += await upsert(s, DeliveryRow, {
                    "subject": subject, "kind": kind, "person_id": pid,
                    "status": DeliveryStatus.PENDING.value, "attempts": 0},
                    keys=["subject", "kind", "person_id"])
            await s.flush()
        return added

    async def claim(self, subject: str, at: datetime, lease_seconds: float) -> Delivery | None:
        """A row is claimable when pending, or claimed by a worker that has not finished it
        within the lease (it crashed): that one message may then be sent again, the only
        case where a duplicate is possible."""
        expired = at - timedelta(seconds=lease_seconds)
        claimable = and_(col(DeliveryRow.subject) == subject, or_(
            col(DeliveryRow.status) == DeliveryStatus.PENDING.value,
            and_(col(DeliveryRow.status) == DeliveryStatus.CLAIMED.value,
                 col(DeliveryRow.claimed_at) < expired)))
        async with self.db.transaction() as s:
            pick = select(DeliveryRow.id).where(claimable).order_by(col(DeliveryRow.id)).limit(1)
            if self.db.dialect == "postgresql":
                pick = pick.with_for_update(skip_locked=True)
            found = (await s.exec(pick)).first()
            if found is None:
                return None
            # The condition is repeated so that on SQLite a concurrent claimer loses cleanly.
            taken = await s.exec(update(DeliveryRow).where(col(DeliveryRow.id) == found, claimable)
                                 .values(status=DeliveryStatus.CLAIMED.value, claimed_at=at,
                                         attempts=DeliveryRow.attempts + 1))
            await s.flush()
            if taken.rowcount != 1:
                return None
            row = await s.get(DeliveryRow, found, populate_existing=True)
            return to_delivery(row) if row else None

    async def mark(self, delivery_id: int, status: DeliveryStatus, at: datetime) -> None:
        async with self.db.transaction() as s:
            values: dict[str, object] = {"status": status.value}
            if status == DeliveryStatus.SENT:
                values["sent_at"] = at
            await s.exec(update(DeliveryRow).where(col(DeliveryRow.id) == delivery_id)
                         .values(**values))
            await s.flush()

    async def deliveries(self, subject: str) -> Sequence[Delivery]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(DeliveryRow).where(DeliveryRow.subject == subject)
                                .order_by(col(DeliveryRow.id)))
            return [to_delivery(r) for r in rows.all()]
