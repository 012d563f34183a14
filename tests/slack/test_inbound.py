"""Inbound translation from the recorded Slack payloads (unchanged) and our own variations."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from adapters.slack import inbound
from bot.events import Action, Place, Platform, TextMessage
from tests.slack import payloads


def test_recorded_slash_command() -> None:
    body = dict(parse_qsl(payloads.fixture_text("slash_command.form.txt")))
    command = inbound.command(body)
    assert command == TextMessage(inbound.actor("W111", "T111", "primary-owner"), "Hi",
                                  command=True, place=Place.CHANNEL)


@pytest.mark.parametrize(("text", "expected"), [
    ("next share", "next share"),  # the core reads "share" (tests/core/test_visibility.py)
    ("", ""),
    ("competency &lt;R&amp;D&gt;", "competency <R&D>"),
])
def test_command_text_as_typed(text: str, expected: str) -> None:
    command = inbound.command({"text": text, "user_id": "U1", "team_id": "T1"})
    assert (command.text, command.place, command.share) == (expected, Place.CHANNEL, False)


def test_recorded_block_action_is_an_action_with_unparsed_value_dropped() -> None:
    action = inbound.action(payloads.fixture("block_actions.json"))
    # The recorded value "click_me_123" is not one of ours: it becomes an empty value.
    assert action == Action(inbound.actor("W111", "T111", "primary-owner"), "a", {}, {},
                            place=Place.CHANNEL)  # an ephemeral message in channel C111


def test_block_action_suffix_is_stripped_and_value_decoded() -> None:
    body = payloads.fixture("block_actions.json")
    body["actions"][0].update(action_id="readiness.score#3",
                              value='{"a":"5","c":"ownership","score":"3"}')
    action = inbound.action(body)
    assert action is not None
    assert action.action_id == "readiness.score"
    assert dict(action.value) == {"a": "5", "c": "ownership", "score": "3"}
    assert action.actor.platform == Platform.SLACK


def test_form_state_is_read_from_inputs() -> None:
    body = payloads.fixture("block_actions.json")
    body["actions"][0].update(action_id="plan.save", value='{"plan":"7"}')
    body["state"] = {"values": {
        "field:goal": {"value": {"type": "plain_text_input", "value": "Lead a review"}},
        "field:due": {"value": {"type": "datepicker", "selected_date": "2026-06-30"}},
        "field:focus": {"value": {"type": "static_select",
                                  "selected_option": {"value": "communication"}}},
        "field:notes": {"value": {"type": "plain_text_input", "value": None}},
        "someone-elses": {"x": {"type": "plain_text_input", "value": "ignored"}},
    }}
    action = inbound.action(body)
    assert action is not None
    assert dict(action.form) == {"goal": "Lead a review", "due": "2026-06-30",
                                 "focus": "communication", "notes": ""}


def test_recorded_view_submission() -> None:
    body = payloads.fixture("view_submission.json")
    action = inbound.view_submission(body)
    assert action.action_id == "view-id"
    assert dict(action.value) == {}  # "This is for you!" is not our metadata
    assert dict(action.form) == {}  # block "hspI" is not one of our fields


def test_recorded_app_home_opened_on_messages_tab_is_ignored() -> None:
    body = payloads.fixture("app_home_opened_event_callback.json")
    assert inbound.home_user(body) is None
    body["event"]["tab"] = "home"
    actor = inbound.home_user(body)
    assert actor is not None and actor.user_id == "W111"
    assert actor.tenant_id == "T111"


@pytest.mark.parametrize(("event", "expected"), [
    ({"user": "U1", "text": "<@UBOT> what's next?"}, "what's next?"),
    ({"user": "U1", "text": "<@UBOT|careerbot>   rate  "}, "rate"),
    ({"user": "U1", "text": "next", "bot_id": "B1"}, None),
    ({"user": "U1", "text": "next", "subtype": "message_changed"}, None),
    ({"text": "no user"}, None),
])
def test_message_text(event: dict[str, str], expected: str | None) -> None:
    message = inbound.message({"team_id": "T1", "event": event})
    assert (message.text if message else None) == expected


@pytest.mark.parametrize(("event", "place"), [
    ({"type": "message", "channel_type": "im", "channel": "D1"}, Place.DIRECT),
    ({"type": "app_mention", "channel": "C1"}, Place.CHANNEL),
    ({"type": "app_mention", "channel": "G1"}, Place.CHANNEL),
    ({"type": "app_mention", "channel": "D1"}, None),  # the same text also arrives as a message
    ({"type": "message", "channel_type": "channel", "channel": "C1"}, None),
    ({"type": "app_home_opened"}, None),
])
def test_message_place(event: dict[str, str], place: Place | None) -> None:
    assert inbound.message_place({"event": event}) == place


@pytest.mark.parametrize(("container", "place"), [
    ({"type": "message", "channel_id": "DPAT", "is_ephemeral": False}, Place.DIRECT),
    ({"type": "message", "channel_id": "DPAT", "is_ephemeral": True}, Place.CHANNEL),
    ({"type": "message", "channel_id": "C111", "is_ephemeral": False}, Place.CHANNEL),
    ({"type": "message", "channel_id": "C111", "is_ephemeral": True}, Place.CHANNEL),
    ({"type": "view", "view_id": "V1"}, Place.DIRECT),
])
def test_press_place(container: dict[str, object], place: Place) -> None:
    assert inbound.press_place({"container": container}) == place


def test_garbage_is_never_an_exception() -> None:
    assert inbound.action({}) is None
    assert inbound.action({"actions": "nope", "user": 3}) is None
    assert inbound.message({"event": []}) is None
    assert inbound.decode_value("[1, 2]") == {}
    assert inbound.decode_value("{not json") == {}
    assert inbound.command({}).text == ""
    assert inbound.message_place({"event": []}) is None
    assert inbound.press_place({"container": "nope"}) is Place.DIRECT  # answered in the DM
