"""eNPS and single-choice questions on Slack (issue 14, A): the invitation renders 0-10 and the
choices as buttons Slack accepts, pressing 0 stores 0 and shows it selected, and a forged score
out of range is refused with nothing stored. Real server, fake Slack Web API, SQLite."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.pulses.rules import PulsePoll
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import services_on
from tests.hr.people import add_people
from tests.hr.pulse_types_sample import QUESTIONS
from tests.slack.conftest import Rig, all_text, buttons, running
from tests.slack.fake_slack_api import MESSAGE_BLOCKS, FakeSlackApi, block_problems
from tests.sql_repo import SqlHr, SqlRepo

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)


@pytest.fixture
async def hr_rig(sqlite_db: Database, sqlite_repo: SqlRepo,
                 fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:
    """The Slack server with pulse #1 (a statement, eNPS, a choice) open for team "core"."""
    await add_people(sqlite_db, "core", 4)
    services = services_on(sqlite_db, FakeClock(OPENS + timedelta(days=1)))
    async for server in running(sqlite_db, sqlite_repo, fake_slack, services):
        hr = SqlHr(sqlite_db)  # after the server seeded Pat, Morgan and Sam into "core"
        poll = await hr.create_pulse(PulsePoll(0, "Quarter pulse", QUESTIONS, ("core",), OPENS,
                                               OPENS + timedelta(days=5)))
        assert await hr.open_pulse(poll.id, await SqlRepo(sqlite_db).in_teams(("core",)))
        yield server


def scale(blocks: list[dict[str, Any]], qid: str) -> list[dict[str, Any]]:
    return [e for e in buttons(blocks) if json.loads(e["value"]).get("q") == qid]


async def invitation(rig: Rig) -> list[dict[str, Any]]:
    [shown] = await rig.command("pat", "pulse")
    blocks: list[dict[str, Any]] = shown.args["blocks"]
    assert block_problems(blocks, MESSAGE_BLOCKS) == []
    return blocks


async def stored(rig: Rig) -> dict[str, int]:
    return dict(await SqlHr(rig.db).answers_of(1, rig.people["pat"]))


async def test_the_invitation_shows_0_to_10_and_the_choices(hr_rig: Rig) -> None:
    blocks = await invitation(hr_rig)
    enps = scale(blocks, "enps")
    assert [json.loads(e["value"])["score"] for e in enps] == [str(n) for n in range(11)]
    assert [e["text"]["text"] for e in enps][:2] == ["0 Not at all likely", "1"]
    assert enps[-1]["text"]["text"] == "10 Extremely likely"
    assert [e["text"]["text"] for e in scale(blocks, "often")] == [
        "1 Every week", "2 Every month", "3 Hardly ever"]
    assert len(scale(blocks, "know")) == 5
    assert "0 = not at all likely, 10 = extremely likely" in all_text(blocks)


async def test_pressing_0_stores_it_and_shows_it_selected(hr_rig: Rig) -> None:
    zero = scale(await invitation(hr_rig), "enps")[0]
    [updated] = await hr_rig.press("pat", zero)
    blocks = updated.args["blocks"]
    assert updated.args.get("replace_original") is True
    assert block_problems(blocks, MESSAGE_BLOCKS) == []
    assert [e.get("style") for e in scale(blocks, "enps")] == ["primary"] + [None] * 10
    assert "Saved (1 of 3 answered)" in all_text(blocks)
    assert await stored(hr_rig) == {"enps": 0}


@pytest.mark.parametrize(("qid", "score"), [("enps", "11"), ("often", "4"), ("know", "0")])
async def test_a_forged_score_out_of_range_is_refused(hr_rig: Rig, qid: str,
                                                      score: str) -> None:
    button = dict(scale(await invitation(hr_rig), qid)[0])
    button["value"] = json.dumps({"p": "1", "q": qid, "score": score})
    [answer] = await hr_rig.press("pat", button)
    text = all_text(answer.args["blocks"])
    assert ("0 to 10" in text or "3 choices" in text or "1 to 5" in text) and "\n" not in text
    assert await stored(hr_rig) == {}
