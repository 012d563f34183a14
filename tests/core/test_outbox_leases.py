"""Outbox claims as leases, against the in-memory fake and the SQL repository alike (the `ports`
fixture of test_fakes_match_ports): batches, take-over after a lease runs out, renewal, marks
that only the holder may make, rate-limited releases that do not count as attempts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.delivery import DeliveryStatus
from tests.core.test_fakes_match_ports import T0, ports  # noqa: F401  (the fixture)

LEASE = 15.0
SENT, PENDING, CLAIMED = DeliveryStatus.SENT, DeliveryStatus.PENDING, DeliveryStatus.CLAIMED


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


async def test_a_batch_takes_expired_claims_first_then_pending_rows_in_order(
        ports: tuple[Any, dict[str, int]]) -> None:  # noqa: F811
    store, ids = ports
    outbox = store.outbox
    await outbox.enqueue("pulse:1", "invite", [ids["morgan"], ids["pat"], ids["sam"]])
    [alive] = await outbox.claim_batch("pulse:1", T0, LEASE, "alive", 1)
    [dead] = await outbox.claim_batch("pulse:1", T0, LEASE, "dead", 1)
    await outbox.renew("pulse:1", "alive", T0 + seconds(3 * LEASE))
    later = T0 + seconds(LEASE + 1)  # "dead" died: its lease ran out; "alive" renewed its own
    assert [d.id for d in await outbox.claim_batch("pulse:1", later, LEASE, "c", 1)] == [dead.id]
    [last] = await outbox.claim_batch("pulse:1", later, LEASE, "c", 5)
    assert last.person_id == ids["sam"] and last.attempts == 1
    assert await outbox.claim_batch("pulse:1", later, LEASE, "c", 5) == []
    assert [d.attempts for d in await outbox.deliveries("pulse:1")] == [1, 2, 1]
    assert await outbox.mark(dead.id, SENT, later, "dead") is False  # too late: taken over
    assert await outbox.mark(dead.id, SENT, later, "c") is True
    assert await outbox.mark(alive.id, SENT, later, "alive") is True
    assert await outbox.unsent_subjects() == ["pulse:1"]


async def test_a_renewed_claim_is_not_taken_over(ports: tuple[Any, dict[str, int]]) -> None:  # noqa: F811
    store, ids = ports
    outbox = store.outbox
    await outbox.enqueue("pulse:1", "invite", [ids["pat"]])
    [row] = await outbox.claim_batch("pulse:1", T0, LEASE, "alive", 10)
    await outbox.renew("pulse:1", "alive", T0 + seconds(2 * LEASE))
    assert await outbox.claim("pulse:1", T0 + seconds(LEASE + 1), LEASE, "other") is None
    assert await outbox.waiting("pulse:1") == T0 + seconds(2 * LEASE)
    assert await outbox.mark(row.id, SENT, T0, "alive") is True
    assert await outbox.waiting("pulse:1") is None
    assert await outbox.unsent_subjects() == []


async def test_a_rate_limited_release_waits_and_is_not_an_attempt(
        ports: tuple[Any, dict[str, int]]) -> None:  # noqa: F811
    store, ids = ports
    outbox = store.outbox
    await outbox.enqueue("pulse:1", "invite", [ids["pat"]])
    row = await outbox.claim("pulse:1", T0, LEASE, "a")
    assert row is not None and row.attempts == 1
    await outbox.release(row.id, "a", T0 + seconds(3), attempt=False)
    assert [d.status for d in await outbox.deliveries("pulse:1")] == [PENDING]
    assert await outbox.waiting("pulse:1") == T0 + seconds(3)
    assert await outbox.claim("pulse:1", T0 + seconds(2), LEASE, "a") is None  # not yet
    again = await outbox.claim("pulse:1", T0 + seconds(3), LEASE, "a")
    assert again is not None and again.attempts == 1  # the 429 did not count
    await outbox.release(again.id, "a", T0 + seconds(5), attempt=True)  # a failure does
    third = await outbox.claim("pulse:1", T0 + seconds(5), LEASE, "a")
    assert third is not None and third.attempts == 2
    await outbox.release(third.id, "someone else", T0, attempt=False)  # not theirs: no change
    assert [d.status for d in await outbox.deliveries("pulse:1")] == [CLAIMED]
