"""A pulse through Teams end to end: people who only installed the app get the pulse card
through their stored conversation reference, answer it by card presses (the card updates in
place), and HR reads the results as a card. Real CloudAdapter, fake Bot Connector, SQLite."""

from __future__ import annotations

from typing import Any

from bot.pulses.service import subject
from scheduler.messengers import CompositeMessenger
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.outbox.repository import SqlOutbox
from tests.teams.activities import installation_update, message, submit
from tests.teams.conftest import (
    TEAMS_MESSAGE_LIMIT,
    Rig,
    assert_valid_card,
    card_text,
    submits,
)
from tests.teams.fake_connector import Call

TEAM = ("pat", "morgan", "sam")  # team "core"; Sam is in HR


async def say(rig: Rig, who: str, text: str) -> str:
    (call,) = await rig.exchange(message(rig.users[who], rig.service_url, text))
    return card_text(call.cards[0])


async def press(rig: Rig, who: str, data: dict[str, Any], card_id: str) -> Call:
    (call,) = await rig.exchange(submit(rig.users[who], rig.service_url, data, card_id))
    return call


def is_pulse(call: Call) -> bool:
    return any(s["data"]["action_id"] == "pulse.answer" for card in call.cards
               for s in submits(card))


def checked(call: Call) -> Call:
    assert call.size < TEAMS_MESSAGE_LIMIT and call.body.get("summary")
    for card in call.cards:
        assert_valid_card(card)
    return call


async def open_pulse(rig: Rig) -> list[str]:
    services = rig.endpoint.bot.services
    rt = Runtime(services.units, services.clock,
                 CompositeMessenger([("teams", rig.endpoint.messenger)]))
    return await run_due(rt, rig.db.sync_url, services.clock.now())


async def test_pulse_reaches_everyone_on_teams_and_is_answered_by_card_presses(
        rig: Rig) -> None:
    for name in TEAM:  # the org-wide setup policy installed the app; nobody wrote to it
        await rig.exchange(installation_update(rig.users[name], rig.service_url))
    scheduled = await say(rig, "sam", "pulse schedule core")
    assert "Scheduled pulse #1 for core" in scheduled
    assert "now needs at least 3" in await say(rig, "sam", "pulse threshold 1 3")
    before = len(rig.connector.calls)
    assert "pulse:1:open" in await open_pulse(rig)
    sent = [checked(c) for c in rig.connector.calls[before:] if is_pulse(c)]
    invites = {c.conversation_id: c for c in sent}
    assert len(sent) == 3  # one each
    assert set(invites) == {rig.users[n].conversation_id for n in TEAM}
    assert all(c.method == "POST" and c.activity_id is None for c in invites.values())
    card = invites[rig.users["pat"].conversation_id].cards[0]
    assert "Anonymous: nobody, HR included" in card_text(card)
    assert len([s for s in submits(card) if s["data"]["action_id"] == "pulse.answer"]) == 35

    assert "Not enough responses yet" in await say(rig, "sam", "pulse results 1")
    for n, name in enumerate(TEAM):
        invite = invites[rig.users[name].conversation_id]
        card_id = invite.new_id or ""
        card = invite.cards[0]
        for question in range(7):
            pick = [s["data"] for s in submits(card)
                    if s["data"].get("q") and s["data"]["score"] == str(4 + (n + question) % 2)]
            updated = checked(await press(rig, name, pick[question], card_id))
            assert (updated.method, updated.activity_id) == ("PUT", card_id)  # in place
            card = updated.cards[0]
        assert "Thank you! All answered" in card_text(card)
        again = await press(rig, name, submits(card)[0]["data"], card_id)
        assert "already answered" in card_text(again.cards[0])

    results = await say(rig, "sam", "pulse results 1")
    assert "So far 3 of 3 have answered (100%)" in results
    assert "Not enough" not in results
    # While open, participation only: no statement, score or comment until the close.
    assert "I know what my career track looks like." not in results
    # The scheduler's second run sends nobody a second copy.
    calls = len(rig.connector.calls)
    await open_pulse(rig)
    assert not [c for c in rig.connector.calls[calls:] if is_pulse(c)]
    deliveries = await SqlOutbox(rig.db).deliveries(subject(1))
    assert sorted(d.kind for d in deliveries) == ["invite"] * 3


async def test_someone_without_the_app_is_listed_to_hr_on_teams(rig: Rig) -> None:
    for name in ("sam", "pat"):  # Morgan never got the app
        await rig.exchange(installation_update(rig.users[name], rig.service_url))
    await say(rig, "sam", "pulse schedule core")
    before = len(rig.connector.calls)
    await open_pulse(rig)
    to_sam = [card_text(checked(c).cards[0]) for c in rig.connector.calls[before:]
              if c.conversation_id == rig.users["sam"].conversation_id]
    assert len([t for t in to_sam if "Anonymous: nobody" in t]) == 1
    (missed,) = [t for t in to_sam if "could not reach" in t]
    assert "morgan@example.com" in missed and "pat@example.com" not in missed


