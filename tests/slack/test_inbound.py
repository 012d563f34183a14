"""Inbound translation from the recorded Slack payloads (unchanged) and our own variations."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from adapters.slack import inbound
from bot.events import Action, Platform, TextMessage
from tests.slack import payloads


def test_recorded_slash_command() -> None:
    body = dict(parse_qsl(payloads.fixture_text("slash_command.form.txt")))
    command = inbound.command(body)
    assert command.event == TextMessage(inbound.actor("W111", "T111", "primary-owner"), "Hi",
                                        command=True)
    assert command.share is False


@pytest.mark.parametrize(("text", "expected", "share"), [
    ("next share", "next", True),
    ("track Product Design SHARE", "track Product Design", True),
    ("shared", "shared", False),
    ("", "", False),
    ("competency &lt;R&amp;D&gt;", "competency <R&D>", False),
])
def test_command_text_and_share(text: str, expected: str, share: bool) -> None:
    command = inbound.command({"text": text, "user_id": "U1", "team_id": "T1"})
    assert (command.event.text, command.share) == (expected, share)


def test_recorded_block_action_is_an_action_with_unparsed_value_dropped() -> None:
    action = inbound.action(payloads.fixture("block_actions.json"))
    # The recorded value "click_me_123" is not one of ours: it becomes an empty value.
    assert action == Action(inbound.actor("W111", "T111", "primary-owner"), "a", {}, {})


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


def test_garbage_is_never_an_exception() -> None:
    assert inbound.action({}) is None
    assert inbound.action({"actions": "nope", "user": 3}) is None
    assert inbound.message({"event": []}) is None
    assert inbound.decode_value("[1, 2]") == {}
    assert inbound.decode_value("{not json") == {}
    assert inbound.command({}).event.text == ""
