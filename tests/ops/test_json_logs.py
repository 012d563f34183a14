"""LOG_FORMAT=json: one JSON object a line (time, level, logger, message, request_id) through
the same privacy filter as text lines; the acknowledgement of a Slack request and the work done
after it share its request id. Text stays the default."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from careerbot.cli_support import setup_logging
from storage.database import Database
from tests.privacy.logging_state import logging_kept
from tests.slack.conftest import running
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlRepo


@pytest.fixture
def json_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    with logging_kept():
        monkeypatch.setenv("LOG_LEVEL", "DEBUG")
        monkeypatch.setenv("LOG_FORMAT", "json")
        stream = io.StringIO()
        monkeypatch.setattr("sys.stderr", stream)
        setup_logging()
        yield stream


def parsed(stream: io.StringIO) -> list[dict[str, Any]]:
    lines = [line for line in stream.getvalue().splitlines() if line]
    assert lines, "nothing was logged: the capture is not working"
    return [json.loads(line) for line in lines]  # every line parses on its own


async def test_the_ack_and_the_work_share_a_request_id(
        json_log: io.StringIO, db: Database, repo: SqlRepo, fake_slack: FakeSlackApi) -> None:
    async for rig in running(db, repo, fake_slack):
        await rig.command("pat", "help")
        await rig.command("morgan", "help")
    records = parsed(json_log)
    assert all({"time", "level", "logger", "message", "request_id"} <= r.keys()
               for r in records)
    assert all(r["time"].endswith("Z") for r in records)
    acks = [r for r in records if "/slack/events answered 200" in r["message"]]
    work = [r for r in records if r["logger"] == "adapters.workers"
            and "slack command ok" in r["message"]]
    assert len(acks) == 2 and len(work) == 2, records
    assert {r["request_id"] for r in acks} == {r["request_id"] for r in work}
    access = [r for r in records if r["logger"] == "aiohttp.access"
              and "POST /slack/events" in r["message"]]
    assert {r["request_id"] for r in access} == {r["request_id"] for r in acks}
    assert len({r["request_id"] for r in acks}) == 2 and None not in {r["request_id"]
                                                                      for r in acks}


async def test_a_request_id_from_the_load_balancer_is_kept_when_sane(
        json_log: io.StringIO, sqlite_db: Database, sqlite_repo: SqlRepo,
        fake_slack: FakeSlackApi) -> None:
    async for rig in running(sqlite_db, sqlite_repo, fake_slack):
        for given in ("lb-42.abc", "bad id with spaces", "x" * 200):
            async with rig.session.get(f"{rig.base}/healthz",
                                       headers={"X-Request-Id": given}) as response:
                assert response.status == 200
                echoed = response.headers["X-Request-Id"]
                assert (echoed == given) == (given == "lb-42.abc")
                assert " " not in echoed and len(echoed) <= 64


def test_json_lines_are_scrubbed_like_text_lines(json_log: io.StringIO) -> None:
    log = logging.getLogger("careerbot.test")
    log.warning("person pat@example.com said \x1b[31mhi\nthere %s", "x" * 3000)
    try:
        raise ValueError("boom for sam@example.com")
    except ValueError:
        log.exception("failed for morgan@example.com")
    logging.getLogger("slack_sdk").debug("body with pat@example.com")  # silenced below WARNING
    [said, failed] = parsed(json_log)
    assert said["level"] == "WARNING" and said["logger"] == "careerbot.test"
    assert "@example.com" not in json_log.getvalue()
    assert "<email>" in said["message"] and "\x1b" not in said["message"]
    assert said["message"].endswith("... (cut)") and len(said["message"]) < 1100
    assert said["request_id"] is None
    assert "<email>" in failed["message"] and "sam@" not in failed.get("exception", "")


def test_text_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    with logging_kept():
        monkeypatch.setenv("LOG_LEVEL", "INFO")
        monkeypatch.delenv("LOG_FORMAT", raising=False)
        stream = io.StringIO()
        monkeypatch.setattr("sys.stderr", stream)
        setup_logging()
        logging.getLogger("careerbot.test").warning("plain for pat@example.com")
    assert stream.getvalue() == "careerbot: plain for <email>\n"
