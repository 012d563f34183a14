"""No people data in logs at any level: a full scenario at LOG_LEVEL=DEBUG (people imported,
chat next/rate, a pulse opened, answered with a comment and closed, all through the real Bolt
stack against the fake Slack, and the real `careerbot` command as a subprocess) writes no
email, name, answer or comment to the log."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.pulses.rules import PulsePoll, default_questions
from careerbot.cli_support import setup_logging
from careerbot.logs import PeopleDataFilter
from careerbot.samples import people_file, track_files
from storage.database import Database
from tests.console.cli_helpers import careerbot
from tests.fakes import FakeClock
from tests.hr.helpers import services_on
from tests.hr.people import add_people
from tests.privacy.logging_state import logging_kept
from tests.slack.conftest import Rig, button, buttons, fake_slack, running  # noqa: F401
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlHr, SqlRepo
from tests.teams import conftest as teams
from tests.teams.activities import message
from tests.teams.conftest import connector, rig  # noqa: F401  (the fixtures)

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
COMMENT = "Quokka-ladder comment 4471: my manager never reads these"
NAMES = ("Pat Person", "Morgan Lead", "Sam Other", "Person 1", "Person 4")
# A statement's values as SQL logs show them: "INSERT INTO pulse_answers ... (1, 'know', 4".
ANSWER_VALUES = re.compile(r"pulse_answers.*\(\s*[^)]*\b[1-5]\b", re.DOTALL)
PARAMETERS = re.compile(r"\[(?:parameters|generated in [^]]*\] \()|\('console', '")


def assert_no_people_data(log: str, names: tuple[str, ...] = NAMES) -> None:
    assert log.strip(), "the scenario logged nothing: the capture is not working"
    assert "@example.com" not in log and "<email>" not in log
    for name in names:
        assert name not in log, name
    assert COMMENT[:20] not in log
    assert not ANSWER_VALUES.search(log)
    assert not PARAMETERS.search(log)


class Raw(logging.Handler):
    """Every record that passes the careerbot filter, formatted plainly (no masking)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.addFilter(PeopleDataFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture
def debug_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[io.StringIO, Raw]]:
    """careerbot's logging at LOG_LEVEL=DEBUG into a buffer (and the raw records), restored
    afterwards for the other tests."""
    with logging_kept():
        monkeypatch.setenv("LOG_LEVEL", "DEBUG")
        stream = io.StringIO()
        monkeypatch.setattr("sys.stderr", stream)  # where careerbot logs
        setup_logging()
        raw = Raw()
        logging.getLogger().addHandler(raw)
        yield stream, raw


@pytest.fixture
async def pulse_rig(db: Database, repo: SqlRepo,
                    fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:  # noqa: F811
    """The Slack server on SQLite and PostgreSQL, team "core" of 7 (Pat, Morgan, Sam who is in
    HR, and four more), the clock a day into a pulse's week."""
    await add_people(db, "core", 4)
    services = services_on(db, FakeClock(OPENS + timedelta(days=1)))
    async for server in running(db, repo, fake_slack, services):
        yield server


async def test_a_slack_scenario_at_debug_logs_no_people_data(
        debug_log: tuple[io.StringIO, Raw], pulse_rig: Rig) -> None:
    stream, raw = debug_log
    server = pulse_rig
    logging.getLogger("storage.probe").debug("capture check")  # our own DEBUG lines show
    await server.command("pat", "what's next for me?")
    [rating] = await server.command("pat", "rate")
    await server.press("pat", buttons(rating.args["blocks"])[3])

    hr = SqlHr(server.db)
    questions = default_questions()
    poll = await hr.create_pulse(PulsePoll(0, "Spring pulse", questions, ("core",), OPENS,
                                           OPENS + timedelta(days=5)))
    audience = await SqlRepo(server.db).in_teams(("core",))
    assert await hr.open_pulse(poll.id, audience)
    [invite] = await server.command("pat", "pulse")
    blocks = invite.args["blocks"]
    for four in [b for b in buttons(blocks) if b["text"]["text"].startswith("4")]:
        await server.press("pat", four)
    state = {"values": {"field:comment": {"value": {"type": "plain_text_input",
                                                    "value": COMMENT}}}}
    await server.press("pat", button(blocks, "Send comment"), state=state)
    ids = [q.id for q in questions]
    others = [p for p in audience if p.email != "pat@example.com"]
    for n, person in enumerate(others[:5]):
        for q in ids:
            await hr.record_answer(poll.id, person.id, q, 2 + n % 3, ids)
    assert await hr.close_pulse(poll.id)
    [results] = await server.command("sam", f"pulse results {poll.id}")
    assert COMMENT[:20] in str(results.args)  # HR does see it, in Slack: just not in logs

    log = stream.getvalue()
    assert "capture check" in log and "capture check" in "\n".join(raw.lines)
    assert_no_people_data(log)
    assert_no_people_data("\n".join(raw.lines))  # our own lines, before any masking


async def test_a_teams_conversation_at_debug_logs_no_people_data(
        debug_log: tuple[io.StringIO, Raw], rig: teams.Rig) -> None:  # noqa: F811
    """Through the real CloudAdapter (botbuilder, msrest) to the fake Bot Connector."""
    stream, raw = debug_log
    for text in ("what's next for me", "rate", "4"):
        assert await rig.exchange(message(rig.users["pat"], rig.service_url, text))
    assert_no_people_data(stream.getvalue())
    assert_no_people_data("\n".join(raw.lines))


def sample_people() -> tuple[list[str], list[str]]:
    with people_file().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["email"] for r in rows], [r["name"] for r in rows]


def test_careerbot_commands_at_debug_log_no_people_data(db_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": db_url, "LOG_LEVEL": "DEBUG"}
    emails, names = sample_people()
    runs = [careerbot("import", "tracks", *map(str, track_files()), db=None, cwd=tmp_path,
                      env=env),
            careerbot("import", "people", str(people_file()), db=None, cwd=tmp_path, env=env),
            careerbot("chat", "--as", emails[2], db=None, cwd=tmp_path, env=env,
                      stdin="next\nrate\n4\n3\nquit\n"),
            careerbot("pulse", "schedule", "everyone", "2030-01-07", db=None, cwd=tmp_path,
                      env=env),
            careerbot("pulse", "results", "1", db=None, cwd=tmp_path, env=env)]
    for done in runs:
        assert done.code == 0, done.err
    log = "\n".join(done.err for done in runs)
    assert "careerbot: " in log  # DEBUG did log something
    for name in emails + names:
        assert name not in log, name
    assert not PARAMETERS.search(log)
