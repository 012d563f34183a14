"""`/career` over real signed HTTP: every subcommand answers through the response_url, privately
unless the user asks to share; unknown users are sent to HR."""

from __future__ import annotations

import pytest

from bot.events import Platform
from tests.slack.conftest import USERS, Rig, all_text


async def test_next_shows_level_next_level_and_what_changes(rig: Rig) -> None:
    calls = await rig.command("pat", "next")
    assert len(calls) == 1
    body = calls[0].args
    assert body["response_type"] == "ephemeral"
    assert body["replace_original"] is False
    text = all_text(body["blocks"])
    assert "What's next for you, Pat" in text
    assert "Software Engineer I" in text and "Software Engineer II" in text
    assert "*Ownership* (changes)" in text
    assert "Owns features end to end." in text
    assert body["text"].startswith("What's next for you, Pat")  # the notification fallback
    labels = [e["text"]["text"] for b in body["blocks"] if b["type"] == "actions"
              for e in b["elements"]]
    assert labels == ["Rate my readiness for Software Engineer II", "See my full track"]
    # Identity came from users.info (email) once, then the link is stored.
    assert [c.args["user"] for c in rig.slack.of("users.info")] == [USERS["pat"]]
    assert rig.slack.of("users.info")[0].token == "xoxb-test-token"


@pytest.mark.parametrize(("text", "expected"), [
    ("", "here is what I can do"),
    ("help", "here is what I can do"),
    ("track", "Software Engineering"),
    ("track software engineering", "Software Engineering"),
    ("tracks", "All career tracks"),
    ("competency ownership", "Ownership (Software Engineering)"),
    ("rate", "How ready are you for Software Engineer II?"),
    ("what do I need for promotion?", "What's next for you, Pat"),
    ("gibberish words", "Sorry, I didn't catch"),
])
async def test_each_subcommand_answers(rig: Rig, text: str, expected: str) -> None:
    calls = await rig.command("pat", text)
    assert len(calls) == 1, calls
    assert expected in all_text(calls[0].args["blocks"])
    assert calls[0].args["text"]


async def test_share_posts_for_everyone(rig: Rig) -> None:
    calls = await rig.command("pat", "next share")
    assert calls[0].args["response_type"] == "in_channel"
    assert "What's next for you, Pat" in all_text(calls[0].args["blocks"])


async def test_track_highlights_current_and_next_level(rig: Rig) -> None:
    calls = await rig.command("pat", "track")
    text = all_text(calls[0].args["blocks"])
    assert "\u27a4 *Software Engineer I*" in text
    assert "\u27a4 *Software Engineer II*" in text
    assert "\u27a4 *Senior Software Engineer*" not in text


@pytest.mark.parametrize("user", ["stranger", "noemail"])
async def test_unknown_user_is_told_to_ask_hr(rig: Rig, user: str) -> None:
    calls = await rig.command(user, "next")
    text = all_text(calls[0].args["blocks"])
    assert "I don't know you yet" in text
    assert "ask your HR team to add you" in text
    assert await rig.repo.person_by_identity(Platform.SLACK, USERS[user]) is None


async def test_identity_is_linked_once_and_cached(rig: Rig) -> None:
    await rig.command("morgan", "next")
    await rig.command("morgan", "track")
    assert len(rig.slack.of("users.info")) == 1
    person = await rig.repo.person_by_identity(Platform.SLACK, USERS["morgan"])
    assert person is not None and person.email == "morgan@example.com"
