"""Issue 11's attacks on pulse anonymity, played against real SQLite files and PostgreSQL:
the team-label join after close, linking answers from a copy of the database alone, and a copy
of the SQLite file with its WAL taken while the serving connection is still open."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.pulses.rules import MERGED, PulsePoll, default_questions
from storage.database import Database
from storage.pulses.keys import pulse_key
from storage.unit_of_work import SqlUnits
from tests.hr.people import add_people, sql
from tests.secret import TEST_SECRET_KEY

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
QUESTIONS = default_questions()
QIDS = [q.id for q in QUESTIONS]


async def open_pulse(db: Database, *, beside: bool = False) -> tuple[int, dict[str, list[int]]]:
    """Alpha: 6 answer everything; Omega: 5 do (hidden by the next-smallest rule, or Beta
    would follow by subtraction); Beta: 1 of 1 answers, with a comment; Gamma: 2 invited,
    nobody answers; Delta: 1 answers half. Threshold 5. Returns the pulse id and who is where.
    `beside`: a second pulse, left open, is answered in between, so the two pulses' rows share
    pages and the close deletes rows from pages that stay in use."""
    teams = {"Alpha": await add_people(db, "Alpha", 6),
             "Omega": await add_people(db, "Omega", 5, start=50),
             "Beta": await add_people(db, "Beta", 1, start=20),
             "Gamma": await add_people(db, "Gamma", 2, start=30),
             "Delta": await add_people(db, "Delta", 1, start=40)}
    async with SqlUnits(db)() as uow:
        poll = await uow.pulses.create_pulse(PulsePoll(
            0, "Pulse", QUESTIONS, (), NOW, NOW + timedelta(days=5), threshold=5))
        assert await uow.pulses.open_pulse(poll.id, await uow.people.in_teams())
        other = await uow.pulses.create_pulse(PulsePoll(
            0, "Beside", QUESTIONS, (), NOW, NOW + timedelta(days=9), threshold=5))
        if beside:
            assert await uow.pulses.open_pulse(other.id, await uow.people.in_teams())
        for n, person in enumerate(teams["Alpha"] + teams["Omega"] + teams["Beta"]):
            for q in QIDS:
                await uow.pulses.record_answer(poll.id, person, q, 1 + n % 5, QIDS)
                if beside:
                    await uow.pulses.record_answer(other.id, person, q, 3, QIDS)
        await uow.pulses.record_comment(poll.id, teams["Beta"][0], "Only I am in Beta")
        for q in QIDS[:3]:
            await uow.pulses.record_answer(poll.id, teams["Delta"][0], q, 2, QIDS)
        await uow.commit()
    return poll.id, teams


async def close(db: Database, pulse_id: int) -> None:
    async with SqlUnits(db)() as uow:
        assert await uow.pulses.close_pulse(pulse_id)
        await uow.commit()


async def answer_keys(db: Database, pulse_id: int) -> set[str]:
    return {str(r["submission"]) for r in await sql(
        db, f"SELECT submission FROM pulse_answers WHERE pulse_id = {pulse_id}")}


def _values(rows: list[dict[str, object]]) -> Iterator[bytes]:
    for row in rows:
        for value in row.values():
            if value is None:
                continue
            text = value if isinstance(value, str) else str(value)
            yield text.encode()
            with contextlib.suppress(ValueError):
                yield bytes.fromhex(text)


async def every_value(db: Database) -> set[bytes]:
    """Every value of every table, as text and (when it is hex) as the bytes it spells."""
    if db.dialect == "sqlite":
        names = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        names = ("SELECT tablename AS name FROM pg_tables WHERE schemaname = "
                 "current_schema()")
    found: set[bytes] = set()
    for row in await sql(db, names):
        found.update(_values(await sql(db, f'SELECT * FROM "{row["name"]}"')))
    return found


def links(candidates: set[bytes], people: list[int], pulse_id: int, keys: set[str]) -> int:
    """How many answer keys an attacker recomputes: HMAC(value, person id) for every value, used
    as a key directly and as careerbot's server secret (the derivation is open source)."""
    found = 0
    for value in candidates:
        tries = [value]
        with contextlib.suppress(UnicodeDecodeError):
            tries.append(pulse_key(value.decode(), pulse_id))
        for key in tries:
            found += sum(hmac.new(key, str(p).encode(), hashlib.sha256).hexdigest() in keys
                         for p in people)
    return found


async def test_no_small_team_label_or_person_id_survives_the_close(db: Database) -> None:
    pulse_id, teams = await open_pulse(db)
    await close(db, pulse_id)
    labels = {str(r["team"]) for r in await sql(
        db, f"SELECT team FROM pulse_answers WHERE pulse_id = {pulse_id}")}
    # Beta's lone respondent joined by team label would give their answers and comment.
    assert labels == {"Alpha", MERGED}
    groups = await sql(db, "SELECT team, invited, answered FROM pulse_groups "
                           f"WHERE pulse_id = {pulse_id} ORDER BY team")
    assert [(g["team"], g["invited"], g["answered"]) for g in groups] == [
        (MERGED, 9, 6), ("Alpha", 6, 6)] or [(g["team"], g["invited"], g["answered"])
                                              for g in groups] == [("Alpha", 6, 6), (MERGED, 9, 6)]
    assert await sql(db, f"SELECT * FROM pulse_recipients WHERE pulse_id = {pulse_id}") == []
    assert await lone_label_rows(db) == []


async def lone_label_rows(db: Database) -> list[dict[str, object]]:
    """Answers whose team label only one person has: that person's answers, by a join."""
    return await sql(db, "SELECT a.score FROM pulse_answers a JOIN people p ON p.team = a.team "
                         "GROUP BY a.submission, a.question_id, a.score "
                         "HAVING COUNT(DISTINCT p.id) = 1")


@pytest.mark.parametrize("moment", ["open", "closed"])
async def test_a_copy_of_the_database_alone_links_no_answer(db: Database, moment: str) -> None:
    pulse_id, teams = await open_pulse(db)
    people = [p for ids in teams.values() for p in ids]
    open_keys = await answer_keys(db, pulse_id)
    if moment == "closed":
        await close(db, pulse_id)
    keys = await answer_keys(db, pulse_id) | open_keys
    assert await lone_label_rows(db) == []  # Beta's one person, while open too
    assert links(await every_value(db), people, pulse_id, keys) == 0
    # With the secret (kept out of the database) the open keys do link: the attack is sound.
    assert links({TEST_SECRET_KEY.encode()}, people, pulse_id, open_keys) == 13


async def test_a_copy_of_the_file_and_its_wal_after_close_holds_no_old_key(
        sqlite_db: Database, tmp_path: Path) -> None:
    db = sqlite_db
    pulse_id, teams = await open_pulse(db, beside=True)
    open_keys = await answer_keys(db, pulse_id)
    source = Path(db.sync_url.removeprefix("sqlite:///"))
    with sqlite3.connect(source) as other:  # some pages reach the file before the close
        other.execute("PRAGMA wal_checkpoint(PASSIVE)")
    await close(db, pulse_id)
    # The serving connection stays open (pool of one): copy what is on disk now.
    copy = tmp_path / "copy"
    copy.mkdir()
    files = [p for p in source.parent.iterdir() if p.name.startswith(source.name)]
    for path in files:
        shutil.copyfile(path, copy / path.name)
    raw = b"".join((copy / p.name).read_bytes() for p in files)
    left = [k for k in open_keys if k.encode() in raw]
    assert left == [], f"{len(left)} of {len(open_keys)} old answer keys are still in the files"
    assert b"Only I am in Beta" in raw  # the comment stays (under a new key), as it should
    with sqlite3.connect(copy / source.name) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pulse_recipients WHERE pulse_id = ?",
                            (pulse_id,)).fetchone() == (0,)
        closed_keys = {k for (k,) in conn.execute(
            "SELECT submission FROM pulse_answers WHERE pulse_id = ?", (pulse_id,))}
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master "
                                              "WHERE type = 'table'")]
        values = {bytes(str(v), "utf-8") for t in tables
                  for row in conn.execute(f'SELECT * FROM "{t}"') for v in row}
    people = [p for ids in teams.values() for p in ids]
    # Even the secret itself links nothing once the pulse is closed.
    candidates = values | {TEST_SECRET_KEY.encode()}
    assert closed_keys and links(candidates, people, pulse_id, closed_keys) == 0


async def checkpoint(db: Database) -> None:
    async with db.engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("CHECKPOINT"))


async def test_postgresql_rewrites_the_tables_after_close(pg_db: Database) -> None:
    db = pg_db
    pulse_id, _ = await open_pulse(db, beside=True)
    open_keys = await answer_keys(db, pulse_id)
    await checkpoint(db)  # the open pulse's pages reach the table files
    await close(db, pulse_id)
    await checkpoint(db)  # and what the close left in memory too
    tables = ("pulse_answers", "pulse_comments", "pulse_recipients")
    indexes = [str(r["name"]) for r in await sql(
        db, "SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid IN "
            "('pulse_answers'::regclass, 'pulse_comments'::regclass)")]
    raw = b""
    for relation in (*tables, *indexes):
        rows = await sql(db, f"SELECT pg_read_binary_file(pg_relation_filepath('{relation}')) "
                             "AS data")
        data = rows[0]["data"]
        assert isinstance(data, bytes)
        raw += data
    assert raw  # the rows are there
    left = [k for k in open_keys if k.encode() in raw]
    assert left == [], f"{len(left)} of {len(open_keys)} old answer keys are still in the files"
