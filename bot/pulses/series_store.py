"""The port for recurring pulses' series (in bot/ports.py's UnitOfWork as `series`): kept
beside the series rules so bot/ports.py stays under the module size rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.pulses.rules import PulsePoll
from bot.pulses.rules_series import PulseSeries


class PulseSeriesStore(Protocol):
    """Series of recurring pulses and their runs (each run is a pulse with `series_id` set)."""

    async def create_series(self, draft: PulseSeries) -> PulseSeries:
        """Stores `draft` (its id is ignored) and returns it with its new id."""
        ...

    async def series(self, series_id: int, *, lock: bool = False) -> PulseSeries | None:
        """One series; `lock` holds its row until the unit of work ends, so creating a next
        run and stopping the series never interleave."""
        ...

    async def all_series(self) -> Sequence[PulseSeries]:
        """Every series, newest first."""
        ...

    async def stop_series(self, series_id: int, at: datetime) -> bool:
        """Marks a running series stopped at `at`. True only for the call that stopped it."""
        ...

    async def add_run(self, draft: PulsePoll) -> PulsePoll | None:
        """Stores a run of series `draft.series_id`, or nothing (None) when a run of that series
        already opens at `draft.opens_at` (a unique key: two callers never create two)."""
        ...

    async def runs(self, series_id: int) -> Sequence[PulsePoll]:
        """The series' runs (every status), earliest opening first."""
        ...
