"""In-memory fakes of the Audit and Rights ports: the audit log as a list, forget and prune
recorded (what they erase is tested on real databases, tests/privacy/test_rights_*.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.rights.rules import AuditEntry, Cutoffs, Pruned, RetentionPolicy


class FakeAudit:
    def __init__(self) -> None:
        self.log: list[AuditEntry] = []

    async def record(self, entry: AuditEntry) -> None:
        self.log.append(entry)

    async def entries(self, since: datetime | None = None,
                      person_id: int | None = None) -> Sequence[AuditEntry]:
        return [e for e in sorted(self.log, key=lambda e: e.at)
                if (since is None or e.at >= since)
                and (person_id is None or e.person_id == person_id)]


    async def latest(self, action: str) -> AuditEntry | None:
        return max((e for e in self.log if e.action == action), key=lambda e: e.at,
                   default=None)


class FakeRights:
    def __init__(self) -> None:
        self.forgotten: list[int] = []
        self.pruned: list[Cutoffs] = []

    async def forget(self, person_id: int, at: datetime) -> bool:
        if person_id in self.forgotten:
            return False
        self.forgotten.append(person_id)
        return True

    async def prune(self, cutoffs: Cutoffs) -> Pruned:
        self.pruned.append(cutoffs)
        return Pruned()

    async def earliest_expiry(self, policy: RetentionPolicy) -> datetime | None:
        return None
