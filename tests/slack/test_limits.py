"""Replies too large for one Slack message: split over several messages or cut with a "..." note,
each within Block Kit's limits (the fake rejects anything real Slack would), never a failed call."""

from __future__ import annotations

from bot.model import Competency, Level, Track
from storage.people.tables import PersonRow
from storage.tracks.mapping import track_row
from tests.slack import payloads
from tests.slack.conftest import Rig, all_text, buttons
from tests.slack.fake_slack_api import MESSAGE_BLOCKS, VIEW_BLOCKS, block_problems
from tests.storage.seed import T0

LONG = "Writes and reviews designs that other teams build on, with care & <attention>. " * 45


def huge_track(size: int) -> Track:
    levels = tuple(Level(f"l{i}", f"Level {i} with a rather long and descriptive title",
                         after=f"l{i - 1}" if i > 1 else None) for i in range(1, 13))
    competencies = tuple(
        Competency(f"c{n}", f"Competency number {n}", "A description. " * 5,
                   {lv.id: (f"{LONG[:2500]} ({lv.id})",) for lv in levels})
        for n in range(1, size + 1))
    return Track("huge", "Huge Track", "Very large.", levels, competencies)


async def _seed(rig: Rig, size: int = 60) -> None:
    async with rig.db.session() as session:
        session.add(track_row(huge_track(size), T0))
        await session.flush()
        session.add(PersonRow(email="big@example.com", name="Big Reader", team="core",
                              track_id="huge", level_id="l1"))
        await session.commit()
    rig.slack.add_user("UBIG", "big@example.com")


def _assert_valid(messages: list[dict[str, object]], limit: int) -> None:
    for message in messages:
        blocks = message["blocks"]
        assert isinstance(blocks, list) and 0 < len(blocks) <= limit
        assert block_problems(blocks, limit) == []
        text = message.get("text")
        assert isinstance(text, str) and 0 < len(text) <= 3000


async def test_huge_track_is_split_over_messages(rig: Rig) -> None:
    await _seed(rig)
    hook = rig.slack.response_url("bigtrack")
    assert await rig.post(payloads.slash_command("UBIG", "track", hook), payloads.FORM) == 200
    await rig.settle()
    sent = [c.args for c in rig.slack.of("response_url")]
    assert 2 <= len(sent) <= 5
    _assert_valid(sent, MESSAGE_BLOCKS)
    text = "\n".join(all_text(m["blocks"]) for m in sent)
    assert "Competency number 1*" in text and "Competency number 60*" in text
    assert "..." in text  # 2,500-character cells clipped to Slack's 2,000 per field
    assert "&amp; &lt;attention&gt;" in text  # user text escaped for mrkdwn
    assert [b["text"]["text"] for m in sent for b in buttons(m["blocks"])][-1].startswith(
        "Competency number")
    assert rig.slack.rejected == []


async def test_huge_next_is_cut_with_a_note_on_home(rig: Rig) -> None:
    await _seed(rig, 150)
    await rig.event(payloads.home_opened_event("UBIG"))
    [publish] = rig.slack.of("views.publish")
    blocks = publish.args["view"]["blocks"]
    assert len(blocks) == VIEW_BLOCKS
    assert block_problems(blocks, VIEW_BLOCKS) == []
    text = all_text(blocks)
    assert "... This answer is too long to show in full here." in text
    assert 'type "next" to see everything' in text
    assert [b["text"]["text"] for b in buttons(blocks)][0].startswith("Rate my readiness")


async def test_huge_next_in_a_dm_arrives_in_several_valid_messages(rig: Rig) -> None:
    await _seed(rig, 150)
    await rig.event(payloads.dm_event("UBIG", "next", channel="DBIG"))
    posts = [c.args for c in rig.slack.of("chat.postMessage")]
    assert len(posts) >= 3
    _assert_valid(posts, MESSAGE_BLOCKS)
    assert all(p["channel"] == "DBIG" for p in posts)
    assert "Competency number 150" in all_text(posts[-1]["blocks"])
