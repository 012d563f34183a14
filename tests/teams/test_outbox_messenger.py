"""The Teams messenger sending an outbox delivery: a 429 before anything of it went out is
"not now" for the outbox (which pauses every process on the tenant's budget), not a wait here."""

from __future__ import annotations

import pytest

from adapters.teams.messenger import RetryPolicy, TeamsMessenger
from bot.delivery import Delivery, DeliveryStatus, RateLimited
from bot.reply import Reply, Text
from tests.fakes import units_of
from tests.teams.activities import message
from tests.teams.conftest import Rig

HELLO = Reply((Text("Your pulse is open."),))
ROW = Delivery(42, "pulse:1", "invite", 1, DeliveryStatus.CLAIMED, 1)


async def test_a_throttled_delivery_is_handed_back_to_the_outbox(rig: Rig) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    messenger = TeamsMessenger(rig.endpoint.adapter, units_of(rig.repo), None, sleep=sleep,
                               jitter=lambda: 0.5, policy=RetryPolicy(attempts=4))
    await rig.exchange(message(rig.users["pat"], rig.service_url, "hi"))
    pat = await rig.repo.person(rig.people["pat"])
    assert pat is not None
    before = len(rig.connector.calls)
    rig.connector.fail_next(429, retry_after="4")
    with pytest.raises(RateLimited) as limited:
        await messenger.send(pat, HELLO, ROW)
    assert limited.value.retry_after == 4.0 and waits == []
    assert [c.status for c in rig.connector.calls[before:]] == [429]
    assert await messenger.send(pat, HELLO, ROW) is True
