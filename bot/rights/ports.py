"""The data-rights stores of a unit of work: the audit log of HR's and admins' actions, and
erasure (forgetting a person, retention). In the rights feature, beside its rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.rights.rules import AuditEntry, Cutoffs, Pruned, RetentionPolicy


class Audit(Protocol):
    """The audit log of HR's and admins' actions (never answers, comments or notes)."""

    async def record(self, entry: AuditEntry) -> None: ...

    async def entries(self, since: datetime | None = None,
                      person_id: int | None = None) -> Sequence[AuditEntry]:
        """Oldest first; from `since` on, about `person_id` only, when given."""
        ...

    async def latest(self, action: str) -> AuditEntry | None:
        """The newest entry of that action."""
        ...


class Rights(Protocol):
    """Erasure: forgetting a person and enforcing the retention periods."""

    async def forget(self, person_id: int, at: datetime) -> bool:
        """Erases what is held about the person (their ratings, plan, notes about them,
        identities, addresses, deliveries, pulse recipient rows), takes them off their reports
        and keeps an id-only row for what they wrote about others. False when already done."""
        ...

    async def prune(self, cutoffs: Cutoffs) -> Pruned:
        """Erases what is older than each cutoff (see RetentionPolicy)."""
        ...

    async def earliest_expiry(self, policy: RetentionPolicy) -> datetime | None:
        """When the oldest data held runs out under `policy` (it may be past); None if no
        data will."""
        ...
