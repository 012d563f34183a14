"""Events API over real signed HTTP: direct messages, @mentions in threads, the App Home tab,
the bot's own messages ignored, and Slack's retries processed once."""

from __future__ import annotations

from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text, buttons


async def test_direct_message_is_answered_in_the_dm(rig: Rig) -> None:
    assert await rig.event(payloads.dm_event(USERS["pat"], "what's next for me?",
                                             channel="DPAT")) == 200
    [post] = rig.slack.of("chat.postMessage")
    assert post.args["channel"] == "DPAT"
    assert "thread_ts" not in post.args
    assert "What's next for you, Pat" in all_text(post.args["blocks"])
    assert post.args["text"]


async def test_mention_is_answered_privately_in_the_thread(rig: Rig) -> None:
    await rig.event(payloads.mention_event(USERS["sam"], "how ready am I?", channel="C222",
                                           thread_ts="1700000000.000100"))
    [post] = rig.slack.of("chat.postEphemeral")
    assert post.args["channel"] == "C222"
    assert post.args["user"] == USERS["sam"]
    assert post.args["thread_ts"] == "1700000000.000100"
    assert "How ready are you for Senior Software Engineer?" in all_text(post.args["blocks"])
    assert rig.slack.of("chat.postMessage") == []


async def test_mention_with_share_starts_a_public_thread(rig: Rig) -> None:
    event = payloads.mention_event(USERS["pat"], "tracks share", channel="C222")
    await rig.event(event)
    [post] = rig.slack.of("chat.postMessage")
    assert post.args["thread_ts"] == event["ts"]  # a new thread under the mention
    assert "All career tracks" in all_text(post.args["blocks"])


async def test_bot_messages_and_edits_are_ignored(rig: Rig) -> None:
    await rig.event(payloads.dm_event("UBOT", "What's next for you", bot_id="BBOT"))
    await rig.event(payloads.dm_event(USERS["pat"], "next", subtype="message_changed"))
    assert rig.slack.calls == []


async def test_a_retried_event_is_processed_once(any_db_rig: Rig) -> None:
    rig = any_db_rig
    event = payloads.dm_event(USERS["pat"], "next")
    assert await rig.event(event, event_id="EvRETRY1") == 200
    for attempt in ("1", "2"):
        status = await rig.event(event, event_id="EvRETRY1", headers={
            "X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"})
        assert status == 200  # acknowledged, so Slack stops retrying
    assert len(rig.slack.of("chat.postMessage")) == 1
    # A different event with the same text is a new question.
    await rig.event(payloads.dm_event(USERS["pat"], "next"), event_id="EvOTHER")
    assert len(rig.slack.of("chat.postMessage")) == 2


async def test_app_home_shows_track_level_next_and_buttons(rig: Rig) -> None:
    await rig.event(payloads.home_opened_event(USERS["pat"]))
    [publish] = rig.slack.of("views.publish")
    assert publish.args["user_id"] == USERS["pat"]
    view = publish.args["view"]
    assert view["type"] == "home"
    text = all_text(view["blocks"])
    for expected in ("Software Engineering", "Software Engineer I", "Software Engineer II",
                     "Owns features end to end."):
        assert expected in text
    labels = [b["text"]["text"] for b in buttons(view["blocks"])]
    assert labels == ["Rate my readiness for Software Engineer II", "See my full track"]


async def test_app_home_messages_tab_publishes_nothing(rig: Rig) -> None:
    await rig.event(payloads.home_opened_event(USERS["pat"], tab="messages"))
    assert rig.slack.calls == []


async def test_app_home_for_unknown_user_says_ask_hr(rig: Rig) -> None:
    await rig.event(payloads.home_opened_event(USERS["stranger"]))
    [publish] = rig.slack.of("views.publish")
    assert "I don't know you yet" in all_text(publish.args["view"]["blocks"])


async def test_home_button_answers_in_the_dm(rig: Rig) -> None:
    await rig.event(payloads.home_opened_event(USERS["pat"]))
    view = rig.slack.of("views.publish")[0].args["view"]
    rate = next(b for b in buttons(view["blocks"]) if b["text"]["text"].startswith("Rate"))
    body = payloads.block_action(USERS["pat"], rate, None, container={
        "type": "view", "view_id": "V1"})
    assert await rig.post(body, payloads.FORM) == 200
    await rig.settle()
    [post] = rig.slack.of("chat.postMessage")
    assert post.args["channel"] == USERS["pat"]  # Slack posts to a user id in the bot's DM
    assert "How ready are you for Software Engineer II?" in all_text(post.args["blocks"])
