"""SqlPulseSeries: the core's PulseSeriesStore port (bot/pulses/series_store.py), and series
rows to the core's PulseSeries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select, update

from bot.pulses.rules import PulsePoll
from bot.pulses.rules_series import PulseSeries, Recurrence, Unit
from storage.database import Sessions
from storage.pulses.mapping import pulse_values, to_pulse
from storage.pulses.series_tables import PulseSeriesRow
from storage.pulses.tables import PulseRow
from storage.upsert import insert_for, rowcount


def to_series(row: PulseSeriesRow) -> PulseSeries:
    assert row.id is not None
    return PulseSeries(row.id, tuple(row.audience), Recurrence(row.every, Unit(row.unit)),
                       row.first_opens_at, row.timezone, row.stopped_at, row.created_by)


class SqlPulseSeries:
    """Implements bot.pulses.series_store.PulseSeriesStore."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def create_series(self, draft: PulseSeries) -> PulseSeries:
        async with self.db.transaction() as s:
            row = PulseSeriesRow(audience=list(draft.audience), every=draft.recurrence.every,
                                 unit=draft.recurrence.unit.value,
                                 first_opens_at=draft.first_opens_at, timezone=draft.timezone,
                                 stopped_at=draft.stopped_at, created_by=draft.created_by)
            s.add(row)
            await s.flush()
            return to_series(row)

    async def series(self, series_id: int, *, lock: bool = False) -> PulseSeries | None:
        async with self.db.transaction() as s:
            query = select(PulseSeriesRow).where(PulseSeriesRow.id == series_id)
            # populate_existing: a row read earlier in this session is read again under the lock
            row = (await s.exec(query.with_for_update().execution_options(
                populate_existing=True) if lock else query)).first()
            return to_series(row) if row else None

    async def all_series(self) -> Sequence[PulseSeries]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(PulseSeriesRow).order_by(col(PulseSeriesRow.id).desc()))
            return [to_series(r) for r in rows.all()]

    async def stop_series(self, series_id: int, at: datetime) -> bool:
        async with self.db.transaction() as s:
            stopped = await s.exec(update(PulseSeriesRow).where(
                col(PulseSeriesRow.id) == series_id, col(PulseSeriesRow.stopped_at).is_(None))
                .values(stopped_at=at))
            return rowcount(stopped) == 1

    async def add_run(self, draft: PulsePoll) -> PulsePoll | None:
        """INSERT ... ON CONFLICT (series_id, opens_at) DO NOTHING: of two processes creating
        the same run, one creates it and the other gets None (no error, nothing rolled back)."""
        async with self.db.transaction() as s:
            inserted = await s.exec(
                insert_for(s, PulseRow).values(**pulse_values(draft))
                .on_conflict_do_nothing(index_elements=["series_id", "opens_at"])
                .returning(col(PulseRow.id)))
            new_id = inserted.scalar_one_or_none()
            row = await s.get(PulseRow, new_id) if new_id is not None else None
            return to_pulse(row) if row else None

    async def runs(self, series_id: int) -> Sequence[PulsePoll]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(PulseRow).where(PulseRow.series_id == series_id)
                                .order_by(col(PulseRow.opens_at), col(PulseRow.id)))
            return [to_pulse(r) for r in rows.all()]
