"""CAREERBOT_SECRET_KEY: no pulse opens or takes answers without it (one clear sentence, nothing
changed), a short one is refused at start-up, and the upgrade carries an open pulse's answers
from the key stored in the database (before) to the key derived from the secret."""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from typer.testing import CliRunner

from bot.pulses.rules import MERGED, PulsePoll, PulseStatus, default_questions
from bot.reply import Scale
from careerbot import cli
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.database import Database
from storage.migrate import alembic_config
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, RecordingMessenger
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people, sql

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
QUESTIONS = default_questions()
QIDS = [q.id for q in QUESTIONS]


async def scheduled_pulse(db: Database) -> int:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Alpha", 3)
    async with SqlUnits(db)() as uow:
        poll = await uow.pulses.create_pulse(PulsePoll(
            0, "Pulse", QUESTIONS, (), NOW, NOW + timedelta(days=5)))
        await uow.commit()
    return poll.id


async def test_without_the_secret_the_open_job_leaves_the_pulse_scheduled(
        db: Database, caplog: pytest.LogCaptureFixture) -> None:
    pulse_id = await scheduled_pulse(db)
    keyless = Database(db.sync_url)
    try:
        box = RecordingMessenger()
        rt = Runtime(SqlUnits(keyless), FakeClock(NOW), box)
        with caplog.at_level(logging.ERROR):
            await run_due(rt, keyless.sync_url, NOW + timedelta(minutes=1))
    finally:
        await keyless.close()
    said = [r.getMessage() for r in caplog.records if "CAREERBOT_SECRET_KEY" in r.getMessage()]
    assert len(said) == 1 and "secrets.token_hex(32)" in said[0] and "\n" not in said[0]
    assert not any(r.exc_info for r in caplog.records)  # a sentence, no stack trace
    assert box.sent == []
    assert (await sql(db, f"SELECT status FROM pulses WHERE id = {pulse_id}")) == [
        {"status": PulseStatus.SCHEDULED.value}]
    assert await sql(db, "SELECT * FROM pulse_recipients") == []
    # With the secret, the same job opens it.
    rt = Runtime(SqlUnits(db), FakeClock(NOW), RecordingMessenger())
    await run_due(rt, db.sync_url, NOW + timedelta(minutes=2))
    assert (await sql(db, f"SELECT status FROM pulses WHERE id = {pulse_id}")) == [
        {"status": PulseStatus.OPEN.value}]


async def test_without_the_secret_an_answer_is_refused_and_nothing_stored(db: Database) -> None:
    pulse_id = await scheduled_pulse(db)
    rt = Runtime(SqlUnits(db), FakeClock(NOW), RecordingMessenger())
    await run_due(rt, db.sync_url, NOW + timedelta(minutes=1))
    keyless = Database(db.sync_url)
    try:
        speaker = Speaker(services_on(keyless, FakeClock(NOW)), "p1@example.com")
        scale = next(b for b in (await speaker.say("pulse")).blocks if isinstance(b, Scale))
        reply = await speaker.press(scale.action_id, dict(scale.value) | {"score": "4"})
        comment = await speaker.press("pulse.comment", {"p": str(pulse_id)},
                                      {"comment": "hello"})
    finally:
        await keyless.close()
    for said in (reply.text, comment.text):
        assert "CAREERBOT_SECRET_KEY is not set" in said and "Traceback" not in said
    assert await sql(db, "SELECT * FROM pulse_answers") == []
    assert await sql(db, "SELECT * FROM pulse_comments") == []


def test_a_short_secret_is_refused_in_one_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("CAREERBOT_SECRET_KEY", "hunter2")
    done = CliRunner().invoke(cli.app, ["jobs", "list"])
    assert done.exit_code != 0
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and "CAREERBOT_SECRET_KEY" in lines[0], done.output
    assert "at least 32" in lines[0]
    assert not (tmp_path / "bot.db").exists()


async def test_the_upgrade_moves_an_open_pulses_answers_to_the_derived_key(
        db: Database) -> None:
    pulse_id = await scheduled_pulse(db)
    people = [int(str(r["id"])) for r in await sql(db, "SELECT id FROM people WHERE team = "
                                                       "'Alpha' ORDER BY id")]
    rt = Runtime(SqlUnits(db), FakeClock(NOW), RecordingMessenger())
    await run_due(rt, db.sync_url, NOW + timedelta(minutes=1))
    async with SqlUnits(db)() as uow:
        for q in QIDS:
            await uow.pulses.record_answer(pulse_id, people[0], q, 4, QIDS)
        await uow.pulses.record_comment(pulse_id, people[0], "kept")
        await uow.commit()
    # Back to 0006, keyed as that code keyed answers: HMAC(pulses.secret, person id).
    stored = "ab" * 32
    old_key = hmac.new(bytes.fromhex(stored), str(people[0]).encode(),
                       hashlib.sha256).hexdigest()
    engine = db.sync_engine()
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection=connection),
                              "0006_outbox_leases_and_rates")
            connection.execute(text(f"UPDATE pulses SET secret = '{stored}'"))
            for table in ("pulse_answers", "pulse_comments"):
                connection.execute(text(f"UPDATE {table} SET submission = '{old_key}'"))
    finally:
        engine.dispose()
    keyless = Database(db.sync_url)
    with pytest.raises(RuntimeError, match="CAREERBOT_SECRET_KEY"):
        keyless.upgrade()
    db.upgrade()
    async with SqlUnits(db)() as uow:
        assert await uow.pulses.answers_of(pulse_id, people[0]) == dict.fromkeys(QIDS, 4)
        assert await uow.pulses.answers_of(pulse_id, people[1]) == {}
    assert {str(r["submission"]) for r in await sql(db, "SELECT submission FROM pulse_answers")
            } & {old_key} == set()
    assert "secret" not in (await sql(db, f"SELECT * FROM pulses WHERE id = {pulse_id}"))[0]


async def test_without_the_secret_a_pulse_still_closes_without_a_team_breakdown(
        db: Database, caplog: pytest.LogCaptureFixture) -> None:
    pulse_id = await scheduled_pulse(db)
    await add_people(db, "Beta", 5, start=10)
    rt = Runtime(SqlUnits(db), FakeClock(NOW), RecordingMessenger())
    await run_due(rt, db.sync_url, NOW + timedelta(minutes=1))
    people = [int(str(r["id"])) for r in await sql(db, "SELECT id FROM people WHERE team = "
                                                       "'Beta' ORDER BY id")]
    async with SqlUnits(db)() as uow:
        for person in people:
            for q in QIDS:
                await uow.pulses.record_answer(pulse_id, person, q, 5, QIDS)
        await uow.commit()
    keyless = Database(db.sync_url)
    try:
        with caplog.at_level(logging.WARNING):
            async with SqlUnits(keyless)() as uow:
                assert await uow.pulses.close_pulse(pulse_id)
                await uow.commit()
            async with SqlUnits(keyless)() as uow:
                tally = await uow.pulses.tally(pulse_id)
    finally:
        await keyless.close()
    # Beta (5 answered) would have its own row with the secret; without it, one merged label.
    assert {team for team, _, _ in tally.counts} == {MERGED}
    assert sum(n for (_, q, _), n in tally.counts.items() if q == QIDS[0]) == 5
    assert await sql(db, "SELECT * FROM pulse_recipients") == []
    assert any("without a team breakdown" in r.getMessage() for r in caplog.records)


async def test_a_changed_secret_cannot_make_an_answer_count_twice(db: Database) -> None:
    pulse_id = await scheduled_pulse(db)
    rt = Runtime(SqlUnits(db), FakeClock(NOW), RecordingMessenger())
    await run_due(rt, db.sync_url, NOW + timedelta(minutes=1))
    async with SqlUnits(db)() as uow:
        person = await uow.people.person_by_email("p1@example.com")
        assert person is not None
        for q in QIDS:
            await uow.pulses.record_answer(pulse_id, person.id, q, 4, QIDS)
        await uow.commit()
    rotated = Database(db.sync_url, secret_key="another-secret-0123456789abcdef0123456789")
    try:
        speaker = Speaker(services_on(rotated, FakeClock(NOW)), "p1@example.com")
        scales = [b for b in (await speaker.say("pulse")).blocks if isinstance(b, Scale)]
        replies = [await speaker.press(s.action_id, dict(s.value) | {"score": "1"})
                   for s in scales]
    finally:
        await rotated.close()
    assert all("can no longer be changed; they still count" in r.text for r in replies)
    assert await sql(db, "SELECT COUNT(DISTINCT submission) AS n FROM pulse_answers") == [
        {"n": 1}]
