"""A readiness rating made with Block Kit buttons: each press updates the message in place, a
double click stores one score, and the result shows up in the next `/career next`."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from storage.assessments.tables import ScoreRow
from tests.slack.conftest import Rig, all_text, button
from tests.slack.fake_slack_api import Call


def _only(calls: list[Call]) -> dict[str, Any]:
    assert len(calls) == 1, calls
    return calls[0].args


async def _score_rows(rig: Rig) -> int:
    async with rig.db.session() as session:
        return int((await session.exec(select(func.count()).select_from(ScoreRow))).one())


async def test_full_rating_by_buttons_then_next_shows_it(any_db_rig: Rig) -> None:
    rig = any_db_rig
    message = _only(await rig.command("pat", "rate"))
    assert "How ready are you for Software Engineer II?" in all_text(message["blocks"])
    scores = iter(["4 Usually", "2 Starting"])
    presses = 0
    while "Your readiness for" not in all_text(message["blocks"]):
        scale = [e for b in message["blocks"] if b["type"] == "actions"
                 for e in b["elements"] if e["action_id"].startswith("readiness.score#")]
        assert [e["action_id"] for e in scale] == [f"readiness.score#{n}" for n in range(1, 6)]
        message = _only(await rig.press("pat", button(message["blocks"], next(scores))))
        presses += 1
        assert message["replace_original"] is True  # updated in place, no new message
    assert presses == 2
    summary = all_text(message["blocks"])
    assert "Your readiness for Software Engineer II: 50%" in summary
    assert "Ownership: 4/5 Usually" in summary and "Communication: 2/5 Starting" in summary
    assert rig.slack.of("chat.postMessage") == []  # everything went through response_urls

    later = _only(await rig.command("pat", "next"))
    text = all_text(later["blocks"])
    assert "Your self-rating: 4/5 (Usually)" in text
    assert "Your self-rating: 2/5 (Starting)" in text
    assert "Your readiness for Software Engineer II: 50% (complete, 2 of 2 rated)" in text


async def test_double_click_records_one_score(any_db_rig: Rig) -> None:
    rig = any_db_rig
    message = _only(await rig.command("sam", "rate"))
    three = button(message["blocks"], "3 Sometimes")
    await asyncio.gather(rig.press("sam", three, settle=False),
                         rig.press("sam", three, settle=False))
    await rig.settle()
    assert await _score_rows(rig) == 1
    latest = await rig.repo.latest_assessment(rig.people["sam"], rig.people["sam"],
                                              completed_only=False)
    assert latest is not None and latest.scores == {"ownership": 3}
    replies = [c for c in rig.slack.of("response_url") if c.path.startswith("/hooks/press")]
    assert len(replies) == 2 and all(r.args["replace_original"] for r in replies)
    # Both show the next competency; neither skipped ahead.
    for reply in replies:
        assert "*Communication* (2 of 2)" in all_text(reply.args["blocks"])


async def test_someone_elses_rating_button_changes_nothing(rig: Rig) -> None:
    message = _only(await rig.command("sam", "rate"))
    other = _only(await rig.press("pat", button(message["blocks"], "5 Consistently")))
    assert "isn't yours" in all_text(other["blocks"])
    assert other["replace_original"] is False
    assert await _score_rows(rig) == 0


async def test_buttons_in_the_dm_answer_in_the_dm(rig: Rig) -> None:
    help_reply = _only(await rig.command("pat", "help"))
    dm = {"type": "message", "message_ts": "5.5", "channel_id": "DPAT", "is_ephemeral": False}
    answer = _only(await rig.press("pat", button(help_reply["blocks"], "My track"),
                                   container=dm))
    assert answer["response_type"] == "in_channel" and answer["replace_original"] is False
    assert "Software Engineering" in all_text(answer["blocks"])


async def test_buttons_on_a_shared_answer_in_a_channel_answer_privately(rig: Rig) -> None:
    shared = _only(await rig.command("pat", "help share"))
    assert shared["response_type"] == "in_channel"
    channel = {"type": "message", "message_ts": "5.6", "channel_id": "C111", "is_ephemeral": False}
    answer = _only(await rig.press("sam", button(shared["blocks"], "My track"),
                                   container=channel))
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert "Software Engineering" in all_text(answer["blocks"])
