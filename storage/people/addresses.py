"""SqlAddresses: the core's Addresses port (where to reach a linked person proactively)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import literal_column
from sqlmodel import col, select

from bot.events import Platform
from storage.database import QUICK, Sessions
from storage.people.tables import AddressRow, IdentityRow
from storage.upsert import insert_for


class SqlAddresses:
    """Implements bot.ports.Addresses."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def save_address(self, platform: Platform, user_id: str, tenant_id: str,
                           address: dict[str, object]) -> None:
        values = dict(platform=platform.value, user_id=user_id, tenant_id=tenant_id,
                      address=address, updated_at=datetime.now(UTC))
        # One row by its key, read and written with every Teams message: QUICK (on SQLite both
        # run on the event loop instead of a trip each to aiosqlite's thread).
        async with self.db.transaction() as s:
            stored = await s.get(AddressRow, (platform.value, user_id), execution_options=QUICK)
            if stored is not None and stored.address == address and stored.tenant_id == tenant_id:
                return  # unchanged: a message must not cost a write
            changed = {k: values[k] for k in ("tenant_id", "address", "updated_at")}
            stmt = (insert_for(s, AddressRow).values(**values)
                    .on_conflict_do_update(index_elements=["platform", "user_id"], set_=changed)
                    .returning(literal_column("1")).execution_options(**QUICK))
            await s.exec(stmt)
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
