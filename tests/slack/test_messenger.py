"""Proactive messages (the Messenger port) and 429 handling: every Web API call and response_url
post waits for Retry-After and tries again."""

from __future__ import annotations

import time

from bot.events import Platform
from bot.model import Person
from bot.reply import Reply, Text
from careerbot.server import SLACK
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text

HELLO = Reply((Text("Your pulse is open: **two minutes**, anonymous."),))


async def _person(rig: Rig, name: str) -> Person:
    person = await rig.repo.person(rig.people[name])
    assert person is not None
    return person


async def test_send_finds_the_user_by_email_and_links_them(rig: Rig) -> None:
    messenger = rig.web_app[SLACK].messenger
    assert await messenger.send(await _person(rig, "morgan"), HELLO) is True
    [lookup] = rig.slack.of("users.lookupByEmail")
    assert lookup.args["email"] == "morgan@example.com"
    [post] = rig.slack.of("chat.postMessage")
    assert post.args["channel"] == USERS["morgan"]
    assert "*two minutes*" in all_text(post.args["blocks"])
    assert post.args["text"] == "Your pulse is open: two minutes, anonymous."
    # Linked now: the next message needs no lookup.
    assert await rig.repo.platform_user_id(Platform.SLACK, rig.people["morgan"]) == \
        USERS["morgan"]
    assert await messenger.send(await _person(rig, "morgan"), HELLO) is True
    assert len(rig.slack.of("users.lookupByEmail")) == 1


async def test_send_uses_a_known_identity(rig: Rig) -> None:
    await rig.repo.link_identity(rig.people["sam"], Platform.SLACK, "USAMLINKED", "T111")
    assert await rig.web_app[SLACK].messenger.send(await _person(rig, "sam"), HELLO) is True
    assert rig.slack.of("users.lookupByEmail") == []
    assert rig.slack.of("chat.postMessage")[0].args["channel"] == "USAMLINKED"


async def test_unreachable_people_return_false(rig: Rig) -> None:
    messenger = rig.web_app[SLACK].messenger
    rig.slack.users.pop(USERS["pat"])  # not in this Slack workspace
    assert await messenger.send(await _person(rig, "pat"), HELLO) is False
    await rig.repo.link_identity(rig.people["sam"], Platform.SLACK, "UGONE1", "T111")
    assert await messenger.send(await _person(rig, "sam"), HELLO) is False  # channel_not_found
    assert rig.slack.of("chat.postMessage") == []


async def test_429_then_success_on_the_web_api(rig: Rig) -> None:
    rig.slack.answer_429_once("chat.postMessage", retry_after=1)
    started = time.monotonic()
    await rig.event(payloads.dm_event(USERS["pat"], "help"))
    waited = time.monotonic() - started
    attempts = [c.status for c in rig.slack.calls if c.method == "chat.postMessage"]
    assert attempts == [429, 200]
    assert waited >= 1.0  # Retry-After was honoured
    assert "here is what I can do" in all_text(rig.slack.of("chat.postMessage")[0].args["blocks"])


async def test_429_then_success_on_a_response_url(rig: Rig) -> None:
    rig.slack.answer_429_once("response_url", retry_after=0)
    calls = await rig.command("pat", "help")
    assert [c.status for c in calls] == [429, 200]
    assert "here is what I can do" in all_text(calls[1].args["blocks"])
