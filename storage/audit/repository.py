"""SqlAudit: the core's Audit port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.rights.rules import AuditEntry
from storage.audit.tables import AuditRow
from storage.database import Sessions


async def add_entry(s: AsyncSession, entry: AuditEntry) -> None:
    """Writes the entry in the session's transaction (committed with the action it records)."""
    s.add(AuditRow(at=entry.at, platform=entry.platform, actor=entry.actor,
                   actor_id=entry.actor_id, action=entry.action, detail=entry.detail,
                   person_id=entry.person_id))
    await s.flush()


class SqlAudit:
    """Implements bot.rights.ports.Audit; writes in the unit of work's transaction."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def record(self, entry: AuditEntry) -> None:
        async with self.db.transaction() as s:
            await add_entry(s, entry)

    async def entries(self, since: datetime | None = None,
                      person_id: int | None = None) -> Sequence[AuditEntry]:
        stmt = select(AuditRow).order_by(col(AuditRow.at), col(AuditRow.id))
        if since is not None:
            stmt = stmt.where(col(AuditRow.at) >= since)
        if person_id is not None:
            stmt = stmt.where(col(AuditRow.person_id) == person_id)
        async with self.db.transaction() as s:
            rows = (await s.exec(stmt)).all()
        return [_entry(r) for r in rows]

    async def latest(self, action: str) -> AuditEntry | None:
        stmt = (select(AuditRow).where(col(AuditRow.action) == action)
                .order_by(col(AuditRow.at).desc(), col(AuditRow.id).desc()).limit(1))
        async with self.db.transaction() as s:
            row = (await s.exec(stmt)).first()
        return _entry(row) if row else None


def _entry(r: AuditRow) -> AuditEntry:
    return AuditEntry(r.at, r.platform, r.actor, r.action, r.detail, r.actor_id, r.person_id)
