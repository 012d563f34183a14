"""Pulse results on Slack come with a PNG of the bar chart, uploaded (files_upload_v2 against the
local fake Slack) into HR's DM or the channel the reply went to; the text reply stays as it was,
below the anonymity threshold there is no chart, and a failed upload never costs the text."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from adapters.charts import render_png
from bot.pulses.rules import PulsePoll, default_questions
from bot.pulses.service import results_message
from bot.reply import Bar, BarChart
from careerbot.server import SLACK
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import services_on
from tests.hr.people import add_people
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text, running
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlHr, SqlRepo

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"
QUESTIONS = default_questions()


@pytest.fixture
async def hr_rig(sqlite_db: Database, sqlite_repo: SqlRepo,
                 fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:
    """The Slack server with the HR services (pulses) on SQLite; team "core" has 7 people and
    Sam is in HR."""
    await add_people(sqlite_db, "core", 4)
    services = services_on(sqlite_db, FakeClock(OPENS + timedelta(days=6)))
    async for server in running(sqlite_db, sqlite_repo, fake_slack, services):
        yield server


async def closed_pulse(db: Database, answered: int) -> PulsePoll:
    """Pulse #1 for "core", closed after `answered` people answered every statement."""
    hr = SqlHr(db)
    poll = await hr.create_pulse(PulsePoll(0, "Spring pulse", QUESTIONS, ("core",), OPENS,
                                           OPENS + timedelta(days=5)))
    audience = await SqlRepo(db).in_teams(("core",))
    assert len(audience) == 7 and await hr.open_pulse(poll.id, audience)
    ids = [q.id for q in QUESTIONS]
    for n, person in enumerate(audience[:answered]):
        for q in ids:
            await hr.record_answer(poll.id, person.id, q, 4 + n % 2, ids)
    assert await hr.close_pulse(poll.id)
    closed = await hr.pulse(poll.id)
    assert closed is not None
    return closed


def assert_png(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG) and 2_000 < len(data) < 500_000
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_render_png_is_a_readable_picture() -> None:
    long = "I know what my career track expects of me at the next level and how to get there " * 2
    chart = BarChart("Favourable (4-5) by statement, %",
                     (Bar(long, 80.0, "80% (mean 4.1)"), Bar("Short", 0.0, "0% (mean 2.0)")),
                     image=True)
    width, height = assert_png(render_png(chart))
    assert (width, height) == (1000, 280)  # 10 x (1.6 + 0.6 per bar) inches at 100 dpi
    assert assert_png(render_png(BarChart("Empty", ())))[0] == 1000


async def test_hr_results_by_slash_command_upload_a_png_to_hrs_dm(hr_rig: Rig) -> None:
    await closed_pulse(hr_rig.db, answered=6)
    [shown] = await hr_rig.command("sam", "pulse results 1")
    text = all_text(shown.args["blocks"])
    assert "6 of 7 answered" in text and "Favourable (4-5) by statement" in text
    assert shown.args["response_type"] == "ephemeral"
    [upload] = hr_rig.slack.uploads
    assert upload.channel == "DSAM"  # the ephemeral reply's chart goes to Sam's DM only
    # The 1-5 distributions (issue 14); the favourable bars stay text, their % is in it.
    assert upload.title == "Pulse #1: Spring pulse, answers 1-5"
    assert_png(upload.data)
    assert hr_rig.slack.of("conversations.open")[0].args["users"] == USERS["sam"]


async def test_shared_results_upload_into_the_channel(hr_rig: Rig) -> None:
    await closed_pulse(hr_rig.db, answered=5)
    [shown] = await hr_rig.command("sam", "pulse results 1 share")
    assert shown.args["response_type"] == "in_channel"
    assert [u.channel for u in hr_rig.slack.uploads] == ["C111"]


async def test_results_in_a_dm_upload_into_that_dm(hr_rig: Rig) -> None:
    await closed_pulse(hr_rig.db, answered=5)
    await hr_rig.event(payloads.dm_event(USERS["sam"], "pulse results 1", channel="D0SAM"))
    [post] = hr_rig.slack.of("chat.postMessage")
    assert "5 of 7 answered" in post.args["text"]
    assert [u.channel for u in hr_rig.slack.uploads] == ["D0SAM"]
    assert not hr_rig.slack.of("conversations.open")  # already a conversation id


async def test_below_the_threshold_there_is_no_chart(hr_rig: Rig) -> None:
    await closed_pulse(hr_rig.db, answered=4)
    [shown] = await hr_rig.command("sam", "pulse results 1")
    assert "Not enough responses yet" in all_text(shown.args["blocks"])
    assert hr_rig.slack.uploads == []
    assert not {"files.getUploadURLExternal", "upload"} & {c.method for c in hr_rig.slack.calls}


@pytest.mark.parametrize("failure", ["missing_scope", "upload_url_500", "not_in_channel"])
async def test_a_failed_upload_leaves_the_text_reply(hr_rig: Rig, failure: str,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    await closed_pulse(hr_rig.db, answered=5)
    if failure == "missing_scope":
        hr_rig.slack.errors["files.getUploadURLExternal"] = "missing_scope"
    elif failure == "upload_url_500":
        hr_rig.slack.upload_status = 500
    else:
        hr_rig.slack.errors["files.completeUploadExternal"] = "not_in_channel"
    [shown] = await hr_rig.command("sam", "pulse results 1")
    assert "5 of 7 answered" in all_text(shown.args["blocks"])
    assert hr_rig.slack.uploads == []
    assert "could not upload a chart to Slack" in caplog.text
    # The server is still fine: the next answer goes out as usual.
    assert "what I can do" in all_text((await hr_rig.command("sam", "help"))[0].args["blocks"])


async def test_a_rate_limited_upload_is_retried(hr_rig: Rig) -> None:
    await closed_pulse(hr_rig.db, answered=5)
    hr_rig.slack.answer_429_once("files.completeUploadExternal", retry_after=0)
    await hr_rig.command("sam", "pulse results 1")
    assert [u.channel for u in hr_rig.slack.uploads] == ["DSAM"]


async def test_someone_outside_hr_triggers_no_upload(hr_rig: Rig) -> None:
    await closed_pulse(hr_rig.db, answered=6)
    [shown] = await hr_rig.command("pat", "pulse results 1")
    assert "for the HR team" in all_text(shown.args["blocks"])
    assert hr_rig.slack.uploads == []


async def test_the_proactive_close_summary_comes_with_the_chart(hr_rig: Rig) -> None:
    poll = await closed_pulse(hr_rig.db, answered=5)
    sam = await hr_rig.repo.person(hr_rig.people["sam"])
    assert sam is not None  # never wrote to the bot: found by email, then messaged
    slack = hr_rig.web_app[SLACK]
    async with slack.services.units() as uow:
        reply = await results_message(uow, poll)
    assert await slack.messenger.send(sam, reply) is True
    [post] = hr_rig.slack.of("chat.postMessage")
    assert post.args["channel"] == USERS["sam"] and "5 of 7 answered" in post.args["text"]
    [upload] = hr_rig.slack.uploads
    assert upload.channel == "DSAM"
    assert_png(upload.data)


async def test_a_failed_upload_still_counts_the_proactive_message_as_sent(hr_rig: Rig) -> None:
    poll = await closed_pulse(hr_rig.db, answered=5)
    sam = await hr_rig.repo.person(hr_rig.people["sam"])
    assert sam is not None
    hr_rig.slack.errors["conversations.open"] = "missing_scope"
    slack = hr_rig.web_app[SLACK]
    # True: the outbox must not send the summary again because its picture failed.
    async with slack.services.units() as uow:
        results = await results_message(uow, poll)
    assert await slack.messenger.send(sam, results) is True
    assert len(hr_rig.slack.of("chat.postMessage")) == 1 and hr_rig.slack.uploads == []
