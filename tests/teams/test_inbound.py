"""Activity -> core event translation, on the recorded Teams payloads."""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams.inbound import clean_text, is_personal, to_event
from bot.events import Action, Platform, TextMessage
from tests.teams.activities import TeamsUser, conversation_update, fixture, message, submit


def activity(data: dict[str, object]) -> Activity:
    return Activity().deserialize(data)


def test_recorded_channel_message_loses_the_bot_mention() -> None:
    event = to_event(activity(fixture("message_activity_channel.json")))
    assert isinstance(event, TextMessage)
    assert event.text == "reply to thread"
    assert event.actor.platform is Platform.TEAMS
    assert event.actor.user_id == "b15a9416-0ad3-4172-9210-7beb711d3f70"  # aadObjectId
    assert event.actor.tenant_id == "50612dbb-0237-4969-b378-8d42590f9c00"
    assert event.actor.display_name == "rido"
    assert event.actor.email is None
    assert not is_personal(activity(fixture("message_activity_channel.json")))


def test_other_peoples_mentions_keep_their_names_and_html_is_unescaped() -> None:
    data = message(TeamsUser.make(1), "http://x/", "what&#39;s next for <at>Ada</at>?&nbsp;")
    assert clean_text(activity(data)) == "what's next for Ada ?"


def test_action_submit_message_becomes_a_core_action_with_string_values() -> None:
    data = submit(TeamsUser.make(1), "http://x/", {
        "action_id": "plans.goal", "plan": 3, "empty": None,
        "form.goal": "Lead a design review", "form.due": "2026-05-01"}, "msg-1")
    event = to_event(activity(data))
    assert isinstance(event, Action)
    assert event.action_id == "plans.goal"
    assert event.value == {"plan": "3", "empty": ""}
    assert event.form == {"goal": "Lead a design review", "due": "2026-05-01"}
    assert event.actor.user_id == TeamsUser.make(1).aad_object_id


def test_recorded_execute_invoke_without_our_action_id_is_an_expired_action() -> None:
    event = to_event(activity(fixture("invoke_adaptiveCard_action.json")))
    assert isinstance(event, Action) and event.action_id == ""
    assert event.actor.user_id == "c5e99701-2a32-49c1-a660-4629ceeb8c61"


def test_execute_invoke_with_our_data_is_the_same_action_as_a_submit() -> None:
    data = fixture("invoke_adaptiveCard_action.json")
    data["value"]["action"]["data"] = {"action_id": "readiness.score", "a": "1", "score": "4"}
    event = to_event(activity(data))
    assert isinstance(event, Action)
    assert event == Action(event.actor, "readiness.score", {"a": "1", "score": "4"})


def test_user_without_aad_object_id_falls_back_to_the_channel_id() -> None:
    data = message(TeamsUser.make(2), "http://x/", "hi")
    del data["from"]["aadObjectId"]
    event = to_event(activity(data))
    assert event is not None and event.actor.user_id == "29:user-2"


def test_non_conversational_activities_are_not_events() -> None:
    assert to_event(activity(conversation_update(TeamsUser.make(1), "http://x/"))) is None
    assert to_event(activity({"type": "typing"})) is None
