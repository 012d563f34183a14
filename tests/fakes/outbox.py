"""In-memory Outbox and Adoption (the latter read from the other fakes, like its SQL query)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.delivery import Delivery, DeliveryStatus
from bot.stats.rules import Activity
from tests.fakes.managers import FakePlans
from tests.fakes.repository import FakeRepository


@dataclass
class _Lease:
    holder: str
    until: datetime


@dataclass
class FakeOutbox:
    rows: dict[int, Delivery] = field(default_factory=dict)
    leases: dict[int, _Lease] = field(default_factory=dict)  # claimed rows
    not_before: dict[int, datetime] = field(default_factory=dict)  # pending rows held back

    async def enqueue(self, subject: str, kind: str, person_ids: Sequence[int]) -> int:
        known = {(d.subject, d.kind, d.person_id) for d in self.rows.values()}
        added = 0
        for pid in dict.fromkeys(person_ids):
            if (subject, kind, pid) not in known:
                row = Delivery(len(self.rows) + 1, subject, kind, pid, DeliveryStatus.PENDING)
                self.rows[row.id] = row
                added += 1
        return added

    def _claimable(self, subject: str, at: datetime) -> list[Delivery]:
        mine = sorted((d for d in self.rows.values() if d.subject == subject), key=lambda d: d.id)
        expired = [d for d in mine if d.status == DeliveryStatus.CLAIMED
                   and self.leases[d.id].until < at]
        due = [d for d in mine if d.status == DeliveryStatus.PENDING
               and (d.id not in self.not_before or self.not_before[d.id] <= at)]
        return expired + due

    async def claim(self, subject: str, at: datetime, lease_seconds: float,
                    holder: str = "") -> Delivery | None:
        taken = await self.claim_batch(subject, at, lease_seconds, holder, 1)
        return taken[0] if taken else None

    async def claim_batch(self, subject: str, at: datetime, lease_seconds: float, holder: str,
                          limit: int) -> Sequence[Delivery]:
        taken = []
        for row in self._claimable(subject, at)[:limit]:
            taken.append(replace(row, status=DeliveryStatus.CLAIMED, attempts=row.attempts + 1))
            self.rows[row.id] = taken[-1]
            self.leases[row.id] = _Lease(holder, at + timedelta(seconds=lease_seconds))
        return taken

    async def renew(self, subject: str, holder: str, until: datetime) -> None:
        for delivery_id, lease in self.leases.items():
            if lease.holder == holder and self.rows[delivery_id].subject == subject:
                lease.until = until

    def _held(self, delivery_id: int, holder: str | None) -> bool:
        if delivery_id not in self.rows:
            return False
        lease = self.leases.get(delivery_id)
        return holder is None or (self.rows[delivery_id].status == DeliveryStatus.CLAIMED
                                  and lease is not None and lease.holder == holder)

    async def mark(self, delivery_id: int, status: DeliveryStatus, at: datetime,
                   holder: str | None = None) -> bool:
        if not self._held(delivery_id, holder):
            return False
        self.rows[delivery_id] = replace(self.rows[delivery_id], status=status)
        self.leases.pop(delivery_id, None)
        return True

    async def release(self, delivery_id: int, holder: str, not_before: datetime, *,
                      attempt: bool) -> None:
        if not self._held(delivery_id, holder):
            return
        row = self.rows[delivery_id]
        self.rows[delivery_id] = replace(row, status=DeliveryStatus.PENDING,
                                         attempts=row.attempts - (not attempt))
        self.leases.pop(delivery_id, None)
        self.not_before[delivery_id] = not_before

    async def waiting(self, subject: str) -> datetime | None:
        times = [self.leases[d.id].until if d.status == DeliveryStatus.CLAIMED
                 else self.not_before.get(d.id, datetime(1970, 1, 1, tzinfo=UTC))
                 for d in self.rows.values() if d.subject == subject
                 and d.status in (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)]
        return min(times) if times else None

    async def unsent_subjects(self) -> Sequence[str]:
        return sorted({d.subject for d in self.rows.values()
                       if d.status in (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)})

    async def deliveries(self, subject: str) -> Sequence[Delivery]:
        return [d for _, d in sorted(self.rows.items()) if d.subject == subject]


@dataclass
class FakeAdoption:
    repo: FakeRepository
    plans: FakePlans

    async def activity(self) -> Sequence[Activity]:
        rated = {a.subject_id for a in self.repo.assessments.values()
                 if a.subject_id == a.rater_id and a.completed_at is not None}
        return [Activity(p.team, p.id in self.repo.views, p.id in rated, p.id in self.plans.saved)
                for p in self.repo.people.values()]
