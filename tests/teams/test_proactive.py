"""Proactive messages (the Messenger port) from stored conversation references, with retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from adapters.teams.messenger import DeliveryFailed, RetryPolicy, TeamsMessenger
from bot.model import Person
from bot.pulses.rules import Question
from bot.pulses.rules_insight import Segment, Spread
from bot.reply import Header, Picture, Reply, Scale, Text
from tests.fakes import units_of
from tests.teams.activities import installation_update, message
from tests.teams.conftest import Rig, assert_valid_card, card_text

NUDGE = Reply((Header("Time for a growth chat"), Text("Your 1:1 is tomorrow."),
               Scale("pulse.answer", {"p": "1", "q": "1"})))
SPREAD = Spread(Question("q1", "Statement 1"), 10, tuple(
    Segment(s, 2, 20.0, 20, -50.0 + 20 * (s - 1), 20.0) for s in range(1, 6)), 40.0, 20.0, 40.0)


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def messenger(rig: Rig, sleeps: Sleeps) -> TeamsMessenger:
    return TeamsMessenger(rig.endpoint.adapter, units_of(rig.repo), None, sleep=sleeps,
                          jitter=lambda: 0.5, policy=RetryPolicy(attempts=4))


async def person(rig: Rig, name: str) -> Person:
    found = await rig.repo.person(rig.people[name])
    assert found is not None
    return found


async def reachable(rig: Rig, name: str) -> Person:
    """The person after they have written once (address stored, identity linked)."""
    await rig.exchange(message(rig.users[name], rig.service_url, "hi"))
    return await person(rig, name)


async def test_sends_to_the_stored_conversation(rig: Rig, messenger: TeamsMessenger) -> None:
    pat = await reachable(rig, "pat")
    before = len(rig.connector.calls)
    assert await messenger.send(pat, NUDGE) is True
    (call,) = rig.connector.calls[before:]
    assert call.method == "POST"
    assert call.path == f"/v3/conversations/{rig.users['pat'].conversation_id}/activities"
    assert call.body["recipient"]["id"] == rig.users["pat"].user_id
    assert call.body["summary"].startswith("Time for a growth chat")
    assert_valid_card(call.cards[0])
    assert "Your 1:1 is tomorrow." in card_text(call.cards[0])


async def test_reaches_someone_who_only_installed_the_app(rig: Rig,
                                                          messenger: TeamsMessenger) -> None:
    await rig.exchange(installation_update(rig.users["sam"], rig.service_url))
    assert await messenger.send(await person(rig, "sam"), NUDGE) is True


async def test_no_stored_reference_means_false_and_nothing_sent(
        rig: Rig, messenger: TeamsMessenger) -> None:
    assert await messenger.send(await person(rig, "morgan"), NUDGE) is False
    assert rig.connector.calls == []


async def test_429_waits_for_retry_after(rig: Rig, messenger: TeamsMessenger,
                                         sleeps: Sleeps) -> None:
    pat = await reachable(rig, "pat")
    before = len(rig.connector.calls)
    rig.connector.fail_next(429, retry_after="3")
    assert await messenger.send(pat, NUDGE) is True
    assert [c.status for c in rig.connector.calls[before:]] == [429, 200]
    assert sleeps.waits == [3.0]


async def test_retry_after_as_an_http_date(rig: Rig, messenger: TeamsMessenger,
                                           sleeps: Sleeps) -> None:
    pat = await reachable(rig, "pat")
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    rig.connector.fail_next(503, retry_after=format_datetime(later, usegmt=True))
    assert await messenger.send(pat, NUDGE) is True
    assert len(sleeps.waits) == 1 and 4.0 <= sleeps.waits[0] <= 6.0


async def test_transient_errors_back_off_exponentially_and_sdk_does_not_retry_too(
        rig: Rig, messenger: TeamsMessenger, sleeps: Sleeps) -> None:
    pat = await reachable(rig, "pat")
    before = len(rig.connector.calls)
    rig.connector.fail_next(503)
    rig.connector.fail_next(502)
    rig.connector.fail_next(412)
    assert await messenger.send(pat, NUDGE) is True
    # Exactly one HTTP call per attempt: the SDK's own urllib3 retries are off.
    assert [c.status for c in rig.connector.calls[before:]] == [503, 502, 412, 200]
    assert sleeps.waits == [0.75, 1.5, 3.0]  # base 1s doubling, jitter fixed at the middle


async def test_gives_up_with_a_clear_error_after_the_last_attempt(
        rig: Rig, messenger: TeamsMessenger, sleeps: Sleeps) -> None:
    pat = await reachable(rig, "pat")
    rig.connector.fail_next(429, retry_after="1", times=4)
    with pytest.raises(DeliveryFailed, match="after 4 attempt"):
        await messenger.send(pat, NUDGE)
    assert sleeps.waits == [1.0, 1.0, 1.0]


async def test_a_removed_conversation_is_unreachable_not_retried(
        rig: Rig, messenger: TeamsMessenger, sleeps: Sleeps) -> None:
    pat = await reachable(rig, "pat")
    rig.connector.fail_next(403)
    assert await messenger.send(pat, NUDGE) is False
    assert sleeps.waits == []


def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=30.0, max_retry_after=120.0)
    assert policy.delay(1, None, 0.0) == 0.5
    assert policy.delay(1, None, 0.999) < 1.0
    assert policy.delay(10, None, 0.999) <= 30.0
    assert policy.delay(1, 500.0, 0.5) == 120.0
    assert policy.delay(1, -3.0, 0.5) == 0.0


async def test_a_refused_picture_is_a_line_not_a_failed_delivery(
        rig: Rig, messenger: TeamsMessenger) -> None:
    """The text went out: a refused picture must not fail the delivery (the outbox would send
    the text again); one line says how to get the picture instead."""
    pat = await reachable(rig, "pat")
    rig.connector.refuse_images = 400
    picture = Picture("Pulse #7: Spring, answers 1-5", "", (SPREAD,), "one statement")
    before = len(rig.connector.calls)
    assert await messenger.send(pat, Reply((Header("Pulse #7: Spring"), picture))) is True
    calls = rig.connector.calls[before:]
    assert [c.status for c in calls] == [200, 400, 200]
    assert card_text(calls[0].cards[0]) == "Pulse #7: Spring"
    line = card_text(calls[2].cards[0])
    assert "Teams could not show the picture" in line
    assert "careerbot pulse results 7 --png FILE" in line
