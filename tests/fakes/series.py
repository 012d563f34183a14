"""In-memory PulseSeriesStore over FakePulses: runs are FakePulses' polls with a series id, one
per (series, opening) like storage's unique key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.pulses.rules import PulsePoll
from bot.pulses.rules_series import PulseSeries
from tests.fakes.hr import FakePulses


@dataclass
class FakeSeries:
    pulses: FakePulses
    stored: dict[int, PulseSeries] = field(default_factory=dict)

    async def create_series(self, draft: PulseSeries) -> PulseSeries:
        made = replace(draft, id=len(self.stored) + 1)
        self.stored[made.id] = made
        return made

    async def series(self, series_id: int, *, lock: bool = False) -> PulseSeries | None:
        return self.stored.get(series_id)

    async def all_series(self) -> Sequence[PulseSeries]:
        return sorted(self.stored.values(), key=lambda s: s.id, reverse=True)

    async def stop_series(self, series_id: int, at: datetime) -> bool:
        found = self.stored.get(series_id)
        if found is None or found.stopped_at is not None:
            return False
        self.stored[series_id] = replace(found, stopped_at=at)
        return True

    async def add_run(self, draft: PulsePoll) -> PulsePoll | None:
        if any(p.series_id == draft.series_id and p.opens_at == draft.opens_at
               for p in self.pulses.polls.values()):
            return None
        return await self.pulses.create_pulse(draft)

    async def runs(self, series_id: int) -> Sequence[PulsePoll]:
        return sorted((p for p in self.pulses.polls.values() if p.series_id == series_id),
                      key=lambda p: (p.opens_at, p.id))
