"""Nothing reaches a terminal as an escape sequence: a pulse comment and a name holding an OSC 8
link, clear screen, cursor moves, colours and a bell (written straight into the database, as
old data or another tool could leave them) print as inert text in `careerbot pulse results`,
its CSV and `careerbot chat`; rich markup in people's text prints literally."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from adapters.console.render import render
from bot.pulses.rules import PulsePoll, default_questions
from bot.reply import Bullets, Fields, Header, Reply, Table, Text
from storage.database import Database
from tests.console.cli_helpers import careerbot
from tests.hr.people import add_people
from tests.privacy.test_escaping_edges import ESCAPES
from tests.sql_repo import SqlHr, SqlRepo
from tests.storage.seed import seed_people

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
MARKUP = "[bold red]Boss[/bold red] [link=http://evil.example]x[/link]"
# Escapes, bells, backspaces, C1 controls: anything a terminal acts on (newline excepted).
TERMINAL_CONTROLS = [chr(c) for c in (*range(0x00, 0x0a), *range(0x0b, 0x20), *range(0x7f, 0xa0))]


def assert_inert(text: str) -> None:
    found = sorted({repr(c) for c in text if c in TERMINAL_CONTROLS})
    assert not found, f"{found} in {text!r}"


def test_console_render_prints_escapes_and_markup_as_text() -> None:
    reply = Reply((Header(f"Pulse {ESCAPES}"), Text(f"**Comments** {ESCAPES} {MARKUP}"),
                   Bullets((ESCAPES, MARKUP)), Fields((("Name", ESCAPES),)),
                   Table(("Person", "Level"), ((ESCAPES, MARKUP),))))
    plain = render(reply).text
    assert_inert(plain)
    assert "click me" in plain and MARKUP in plain
    coloured = render(reply, color=True).text
    for sequence in ("\x1b]8", "\x1b[2J", "\x1b[H", "\x1b[31m", "\x07", "\x08", "\x9b"):
        assert sequence not in coloured, repr(sequence)


async def _hostile_database(db: Database) -> None:
    """Pulse #1 for "core", closed with a hostile comment; Pat renamed with escapes."""
    await seed_people(db)
    await add_people(db, "core", 4)
    async with db.engine.begin() as connection:
        await connection.execute(text("UPDATE people SET name = :name WHERE email = :email"),
                                 {"name": f"Pat {ESCAPES} {MARKUP}", "email": "pat@example.com"})
    hr = SqlHr(db)
    questions = default_questions()
    poll = await hr.create_pulse(PulsePoll(0, "Pulse", questions, ("core",), OPENS,
                                           OPENS + timedelta(days=5)))
    audience = await SqlRepo(db).in_teams(("core",))
    assert await hr.open_pulse(poll.id, audience)
    ids = [q.id for q in questions]
    for person in audience[:5]:
        for q in ids:
            await hr.record_answer(poll.id, person.id, q, 4, ids)
    await hr.record_comment(poll.id, audience[0].id, f"Great {ESCAPES} {MARKUP}")
    assert await hr.close_pulse(poll.id)


async def test_pulse_results_and_chat_print_no_escape_sequence(sqlite_db: Database,
                                                               tmp_path: Path) -> None:
    await _hostile_database(sqlite_db)
    await sqlite_db.close()
    env = {"DATABASE_URL": sqlite_db.sync_url}
    results = careerbot("pulse", "results", "1", "--csv", str(tmp_path / "r.csv"), db=None,
                        cwd=tmp_path, env=env)
    assert results.code == 0, results.err
    assert "Great ]8;;http://evil.exampleclick me" in results.out
    assert MARKUP in results.out
    assert_inert(results.out + results.err)
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as handle:
        assert_inert("".join(cell for row in csv.reader(handle) for cell in row))

    chat = careerbot("chat", "--as", "morgan@example.com", db=None, cwd=tmp_path, env=env,
                     stdin="my team\nquit\n")
    assert chat.code == 0, chat.err
    assert "]8;;http://evil.exampl" in chat.out and "[bold red]Boss" in chat.out  # as text
    assert_inert(chat.out + chat.err)
