"""SqlRights: the core's Rights port (forgetting a person, enforcing retention periods)."""

from __future__ import annotations

from datetime import datetime

from bot.rights.rules import Cutoffs, Pruned, RetentionPolicy
from storage.database import Sessions
from storage.rights import retention
from storage.rights.forget import forget_person


class SqlRights:
    """Implements bot.rights.ports.Rights in the unit of work's transaction."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def forget(self, person_id: int, at: datetime) -> bool:
        async with self.db.transaction() as s:
            return await forget_person(s, person_id, at)

    async def prune(self, cutoffs: Cutoffs) -> Pruned:
        async with self.db.transaction() as s:
            return await retention.prune(s, cutoffs)

    async def earliest_expiry(self, policy: RetentionPolicy) -> datetime | None:
        async with self.db.transaction() as s:
            return await retention.earliest_expiry(s, policy)
