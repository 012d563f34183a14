"""Personal-chat conversations through the real CloudAdapter over loopback HTTP (anonymous dev
mode): typed intents, card presses updating the card in place, identity, install, privacy."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation import known_intents
from bot.events import Platform
from bot.intents import match
from tests.teams.activities import (
    channel_message,
    conversation_update,
    installation_update,
    message,
    submit,
)
from tests.teams.conftest import Rig, card_text, submits
from tests.teams.fake_connector import Call


async def say(rig: Rig, who: str, text: str) -> Call:
    sent = await rig.exchange(message(rig.users[who], rig.service_url, text))
    assert len(sent) == 1, [c.path for c in sent]
    return sent[0]


def button(call: Call, title_part: str) -> dict[str, Any]:
    found = [s for s in submits(call.cards[0]) if title_part in s["title"]]
    assert found, f"no button with {title_part!r} in {[s['title'] for s in submits(call.cards[0])]}"
    data: dict[str, Any] = found[0]["data"]
    return data


async def press(rig: Rig, who: str, data: dict[str, Any], on: Call | str) -> list[Call]:
    """Press a button on the card that `on` delivered (or on a message id)."""
    card_id = on if isinstance(on, str) else on.new_id
    assert card_id
    return await rig.exchange(submit(rig.users[who], rig.service_url, data, card_id))


@pytest.mark.parametrize(("text", "expected"), [
    ("what's next for me", "Software Engineer II"),
    ("my track", "Software Engineering"),
    ("tracks", "All career tracks"),
    ("competency ownership", "Ownership (Software Engineering)"),
    ("rate", "How ready are you for Software Engineer II?"),
    ("help", "here is what I can do"),
    ("blorp zzz", "Sorry, I didn't catch"),
])
async def test_each_intent_gets_a_card(rig: Rig, text: str, expected: str) -> None:
    call = await say(rig, "pat", text)
    assert expected in card_text(call.cards[0])
    # Replies thread onto the message that asked.
    assert call.method == "POST" and call.activity_id and call.activity_id.startswith("f:")


# Every intent the core knows, asked by someone it applies to (Morgan manages Pat and Sam;
# Sam is in HR). Wording belongs to the core's tests; here each must become valid cards.
EVERY_INTENT = [
    ("pat", "next"), ("pat", "track"), ("pat", "tracks"), ("pat", "competency ownership"),
    ("pat", "rate"), ("pat", "help"), ("pat", "plan"), ("pat", "goal write a design doc"),
    ("pat", "done 1"), ("morgan", "team"), ("morgan", "checkins"), ("morgan", "notes pat"),
    ("sam", "pulse list"), ("sam", "rollout status"), ("sam", "stats"), ("sam", "assess"),
]


def test_the_list_covers_every_intent_the_core_knows() -> None:
    assert {match(text).name for _, text in EVERY_INTENT} == known_intents()


@pytest.mark.parametrize(("who", "text"), EVERY_INTENT)
async def test_every_intent_renders_as_valid_cards(rig: Rig, who: str, text: str) -> None:
    sent = await rig.exchange(message(rig.users[who], rig.service_url, text))  # validates
    assert sent
    shown = card_text(sent[0].cards[0])
    assert "Sorry, I didn't catch" not in shown
    assert "something went wrong" not in shown


async def test_whats_next_links_the_person_by_member_lookup_once(rig: Rig) -> None:
    first = await say(rig, "pat", "<b>what's</b> next&nbsp;for me?")
    text = card_text(first.cards[0])
    assert "What's next for you, Pat" in text
    assert "Owns features end to end." in text
    assert len(rig.connector.lookups) == 1
    person = await rig.repo.person_by_identity(Platform.TEAMS, rig.users["pat"].aad_object_id)
    assert person is not None and person.email == "pat@example.com"
    await say(rig, "pat", "next")
    assert len(rig.connector.lookups) == 1, "a linked person is not looked up again"


async def test_unknown_user_is_told_to_ask_hr(rig: Rig) -> None:
    call = await say(rig, "stranger", "what's next for me")
    text = card_text(call.cards[0])
    assert "ask your HR team to add you" in text
    assert "Software Engineer" not in text


async def test_failed_member_lookup_is_a_polite_answer(rig: Rig) -> None:
    del rig.connector.members[rig.users["pat"].user_id]
    call = await say(rig, "pat", "next")
    assert [c.status for c in rig.connector.lookups] == [404]
    assert "ask your HR team to add you" in card_text(call.cards[0])


async def test_full_rating_by_card_presses_updates_the_card_in_place(rig: Rig) -> None:
    morgan = rig.users["morgan"]
    branch = await say(rig, "morgan", "rate")
    assert "Your track branches here" in card_text(branch.cards[0])
    before = len(rig.connector.calls)
    started = await press(rig, "morgan", button(branch, "Staff Engineer"), branch)
    assert [c.method for c in started] == ["POST"]
    question = started[0]
    assert "Ownership" in card_text(question.cards[0])
    scores = [s["data"] for s in submits(question.cards[0]) if "score" in s["data"]]
    assert [d["score"] for d in scores] == ["1", "2", "3", "4", "5"]
    assert len(rig.connector.calls) == before + 1

    second = await press(rig, "morgan", scores[3], question)
    assert [(c.method, c.activity_id) for c in second] == [("PUT", question.new_id)]
    assert "Communication" in card_text(second[0].cards[0])
    five = next(s["data"] for s in submits(second[0].cards[0]) if s["data"].get("score") == "5")

    done = await press(rig, "morgan", five, question)
    assert [(c.method, c.activity_id) for c in done] == [("PUT", question.new_id)]
    summary = card_text(done[0].cards[0])
    assert "Your readiness for Staff Engineer: 88%" in summary
    assert "4/5" in summary and "5/5" in summary

    # A late double click on the finished card changes nothing and posts nothing new.
    again = await press(rig, "morgan", five, question)
    assert [c.method for c in again] == ["PUT"]
    assert "88%" in card_text(again[0].cards[0])

    after = await say(rig, "morgan", "what's next")
    text = card_text(after.cards[0])
    assert "Your self-rating: 4/5 (Usually)" in text
    assert "Your readiness for Staff Engineer: 88%" in text
    person = await rig.repo.person_by_identity(Platform.TEAMS, morgan.aad_object_id)
    assert person is not None
    latest = await rig.repo.latest_assessment(person.id)
    assert latest is not None and latest.scores == {"ownership": 4, "communication": 5}


async def test_a_redelivered_activity_is_answered_once(rig: Rig) -> None:
    activity = message(rig.users["pat"], rig.service_url, "next")
    assert len(await rig.exchange(activity)) == 1
    assert await rig.exchange(activity) == []


async def test_press_on_an_old_unknown_button_is_explained(rig: Rig) -> None:
    sent = await press(rig, "pat", {"some": "old data"}, "msg-old")
    assert "no longer does anything" in card_text(sent[0].cards[0])


async def test_every_message_stores_the_conversation_reference(rig: Rig) -> None:
    await say(rig, "pat", "hi")
    address = await rig.repo.address_of(Platform.TEAMS, rig.people["pat"])
    assert address is not None
    assert address["conversation"]["id"] == rig.users["pat"].conversation_id  # type: ignore[index]
    assert address["serviceUrl"] == rig.service_url
    assert address["user"]["id"] == rig.users["pat"].user_id  # type: ignore[index]
    assert "activityId" not in address


async def test_install_welcomes_once_and_links_the_person(rig: Rig) -> None:
    sam = rig.users["sam"]
    welcome = await rig.exchange(conversation_update(sam, rig.service_url))
    assert len(welcome) == 1
    text = card_text(welcome[0].cards[0])
    assert "Welcome to careerbot" in text and "Hi Sam, here is what I can do" in text
    # Teams also sends installationUpdate for the same install: no second welcome.
    assert await rig.exchange(installation_update(sam, rig.service_url)) == []
    # Sam never wrote, yet can be reached proactively.
    assert await rig.repo.address_of(Platform.TEAMS, rig.people["sam"]) is not None


async def test_install_by_unknown_person_welcomes_and_points_to_hr(rig: Rig) -> None:
    sent = await rig.exchange(installation_update(rig.users["stranger"], rig.service_url))
    text = card_text(sent[0].cards[0])
    assert "Welcome to careerbot" in text and "ask your HR team" in text


async def test_uninstall_sends_nothing(rig: Rig) -> None:
    assert await rig.exchange(
        installation_update(rig.users["pat"], rig.service_url, action="remove")) == []


async def test_channel_message_gets_no_personal_data(rig: Rig) -> None:
    sent = await rig.exchange(channel_message(rig.service_url))
    text = card_text(sent[0].cards[0])
    assert "personal chat" in text
    assert rig.connector.lookups == []
    # Replies go into the channel thread the message came from.
    assert sent[0].conversation_id.startswith("19:")
