"""The shared rate budget on a real database (storage/rates): send times handed to several
processes never overlap, a 429 pauses everyone and lowers the rate, which climbs back."""

from __future__ import annotations

import asyncio

import pytest

from storage.database import Database
from storage.rates import SqlRateBudget
from storage.rates.repository import FLOOR, LOWER_TO, RECOVERY_PER_SECOND

T = 1_800_000_000.0  # seconds since the epoch


async def test_batches_follow_each_other_at_the_rate(db: Database) -> None:
    budget = SqlRateBudget(db)
    first, spacing = await budget.reserve("slack", 100.0, 10, T)
    assert first == T and spacing == pytest.approx(0.01)
    second, spacing = await budget.reserve("slack", 100.0, 10, T)
    assert second == pytest.approx(T + 0.1) and spacing == pytest.approx(0.01)
    # Idle since: the next batch starts now, not in the past (no burst to catch up).
    assert (await budget.reserve("slack", 100.0, 5, T + 60))[0] == T + 60
    assert (await budget.reserve("teams:t1", 50.0, 1, T))[0] == T  # buckets are separate


async def test_processes_sharing_the_database_share_one_rate(db_url: str) -> None:
    """Two Database handles stand for two processes: 40 batches of 5 at 100/s, taken at once,
    cover 2 s of send times without overlap."""
    one, two = Database(db_url), Database(db_url)
    try:
        batches = await asyncio.gather(*[
            SqlRateBudget(db).reserve("slack", 100.0, 5, T) for db in [one, two] * 20])
    finally:
        await one.close()
        await two.close()
    starts = sorted(first for first, _ in batches)
    assert starts == pytest.approx([T + 0.05 * n for n in range(40)])


async def test_a_429_pauses_everyone_and_lowers_the_rate_for_a_while(db: Database) -> None:
    budget = SqlRateBudget(db)
    await budget.reserve("slack", 100.0, 1, T)
    await budget.pause("slack", T + 2, T)
    first, spacing = await budget.reserve("slack", 100.0, 1, T)
    assert first == T + 2  # nothing before Retry-After
    assert spacing == pytest.approx(1 / (100 * LOWER_TO))
    # Other senders answered 429 during the same pause: the rate is lowered once, and climbs
    # back by RECOVERY_PER_SECOND of the rate a second, to the full rate.
    await budget.pause("slack", T + 2, T + 1)
    _, recovering = await budget.reserve("slack", 100.0, 1, T + 5)
    assert recovering == pytest.approx(1 / (100 * (LOWER_TO + RECOVERY_PER_SECOND * 5)))
    assert (await budget.reserve("slack", 100.0, 1, T + 60))[1] == pytest.approx(0.01)


async def test_the_rate_is_never_lowered_below_the_floor(db: Database) -> None:
    budget = SqlRateBudget(db)
    for n in range(30):
        await budget.pause("slack", T + n + 0.5, T + n + 0.5)
    _, spacing = await budget.reserve("slack", 10.0, 1, T + 29.5)
    assert spacing == pytest.approx(1 / (10 * FLOOR))
