"""The Slack messenger sending outbox deliveries (the fan-out's client: no retries of its own):
a 429 anywhere is "not now", never "unreachable"; the message carries its delivery id; a row sent
again after a crash looks in the DM first, and without the scope to read it sends again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from adapters.slack.messenger import EVENT_TYPE, SlackMessenger, outbox_client
from bot.delivery import Delivery, DeliveryStatus, RateLimited
from bot.model import Person
from bot.reply import Reply, Text
from storage.database import Database
from storage.unit_of_work import SqlUnits
from tests.hr.people import add_people
from tests.slack.conftest import TOKEN
from tests.slack.fake_slack_api import FakeSlackApi

HELLO = Reply((Text("Your pulse is open."),))


@dataclass
class Setup:
    slack: FakeSlackApi
    messenger: SlackMessenger
    ada: Person


@pytest.fixture
async def setup(sqlite_db: Database) -> AsyncIterator[Setup]:
    [ada_id] = await add_people(sqlite_db, "Platform", 1)
    slack = FakeSlackApi(token=TOKEN)
    await slack.start()
    slack.add_user("U1", "p1@example.com")
    messenger = SlackMessenger(outbox_client(TOKEN, slack.api_url), SqlUnits(sqlite_db))
    yield Setup(slack, messenger, Person(ada_id, "p1@example.com", "Person 1"))
    await slack.stop()


def row(attempts: int) -> Delivery:
    return Delivery(42, "pulse:1", "invite", 1, DeliveryStatus.CLAIMED, attempts)


async def test_the_message_names_its_delivery_and_a_first_try_looks_nowhere(
        setup: Setup) -> None:
    assert await setup.messenger.send(setup.ada, HELLO, row(1)) is True
    [post] = setup.slack.of("chat.postMessage")
    assert post.args["metadata"] == {"event_type": EVENT_TYPE, "event_payload": {"delivery": 42}}
    assert setup.slack.of("conversations.history") == []


async def test_a_second_try_finds_the_first_and_sends_nothing(setup: Setup) -> None:
    assert await setup.messenger.send(setup.ada, HELLO, row(1)) is True
    assert await setup.messenger.send(setup.ada, HELLO, row(2)) is True
    assert len(setup.slack.of("chat.postMessage")) == 1
    [looked] = setup.slack.of("conversations.history")
    assert looked.args["channel"] == "D1"  # the DM, opened with conversations.open


async def test_a_second_try_of_a_message_never_sent_sends_it(setup: Setup) -> None:
    assert await setup.messenger.send(setup.ada, HELLO, row(2)) is True
    assert len(setup.slack.of("chat.postMessage")) == 1


async def test_without_the_scope_to_read_the_dm_it_sends_again(setup: Setup) -> None:
    setup.slack.errors["conversations.history"] = "missing_scope"
    assert await setup.messenger.send(setup.ada, HELLO, row(1)) is True
    assert await setup.messenger.send(setup.ada, HELLO, row(2)) is True
    assert len(setup.slack.of("chat.postMessage")) == 2  # at most one duplicate, as Teams


@pytest.mark.parametrize("method", ["chat.postMessage", "users.lookupByEmail",
                                    "conversations.history"])
async def test_a_429_is_not_now_never_unreachable(setup: Setup, method: str) -> None:
    setup.slack.answer_429_once(method, retry_after=7)
    with pytest.raises(RateLimited) as limited:
        await setup.messenger.send(setup.ada, HELLO, row(2))
    assert limited.value.retry_after == 7.0
    assert [c.status for c in setup.slack.calls if c.method == method] == [429]  # no retry
    assert await setup.messenger.send(setup.ada, HELLO, row(2)) is True
