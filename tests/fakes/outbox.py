"""In-memory Outbox and Adoption (the latter read from the other fakes, like its SQL query)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.delivery import Delivery, DeliveryStatus
from bot.stats.rules import Activity
from tests.fakes.managers import FakePlans
from tests.fakes.repository import FakeRepository


@dataclass
class FakeOutbox:
    rows: dict[int, Delivery] = field(default_factory=dict)
    claimed_at: dict[int, datetime] = field(default_factory=dict)

    async def enqueue(self, subject: str, kind: str, person_ids: Sequence[int]) -> int:
        known = {(d.subject, d.kind, d.person_id) for d in self.rows.values()}
        added = 0
        for pid in dict.fromkeys(person_ids):
            if (subject, kind, pid) not in known:
                row = Delivery(len(self.rows) + 1, subject, kind, pid, DeliveryStatus.PENDING)
                self.rows[row.id] = row
                added += 1
        return added

    async def claim(self, subject: str, at: datetime, lease_seconds: float) -> Delivery | None:
        expired = at - timedelta(seconds=lease_seconds)
        for row in sorted(self.rows.values(), key=lambda d: d.id):
            if row.subject == subject and (
                    row.status == DeliveryStatus.PENDING
                    or (row.status == DeliveryStatus.CLAIMED
                        and self.claimed_at[row.id] < expired)):
                taken = self.rows[row.id] = replace(row, status=DeliveryStatus.CLAIMED,
                                                    attempts=row.attempts + 1)
                self.claimed_at[row.id] = at
                return taken
        return None

    async def mark(self, delivery_id: int, status: DeliveryStatus, at: datetime) -> None:
        if delivery_id in self.rows:
            self.rows[delivery_id] = replace(self.rows[delivery_id], status=status)

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
