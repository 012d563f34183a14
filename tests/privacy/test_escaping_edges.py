"""Escaping at the edges: control characters leave typed and imported text, CSV cells never run
as spreadsheet formulas, and people's text in Slack mrkdwn and Adaptive Cards shows as typed
(no bold, no disguised link), while the core's own `**bold**` still formats."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.slack.render import render_message
from adapters.teams.render import render as render_cards
from bot.events import Action, Actor, Platform
from bot.pulses.rules import PulsePoll, Question, Tally, aggregate
from bot.pulses.service import results_of
from bot.reply import Bullets, Caption, Fields, Reply, Table, Text
from bot.text import clean, csv_cell
from careerbot.pulse_export import write_csv
from storage.database import Database
from storage.trackfiles import export_tracks, load_people, load_tracks
from tests.console.cli_helpers import invoke
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.sql_repo import SqlHr, SqlRepo

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
# An OSC 8 hyperlink, clear screen, cursor home, colours, a bell and a backspace.
ESCAPES = ("\x1b]8;;http://evil.example\x07click me\x1b]8;;\x07 \x1b[2J\x1b[H"
           "\x1b[31mred\x1b[0m\x07\x08\x9b1m")
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))]


def assert_no_controls(text: str) -> None:
    assert not [c for c in text if c in CONTROLS], repr(text)


def test_clean_removes_control_characters_but_keeps_lines_and_tabs() -> None:
    assert clean("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne"
    assert clean(ESCAPES) == "]8;;http://evil.exampleclick me]8;; [2J[H[31mred[0m1m"
    assert_no_controls(clean("".join(CONTROLS) + ESCAPES))
    assert clean("Zoë Ñandú — 東京") == "Zoë Ñandú — 東京"


async def test_typed_text_enters_without_control_characters(sqlite_db: Database) -> None:
    """A pulse comment with terminal escapes, through the core's entry point: HR's results
    read it back without one control character."""
    await add_people(sqlite_db, "core", 5)
    services = services_on(sqlite_db, FakeClock(OPENS + timedelta(days=1)))
    hr = SqlHr(sqlite_db)
    questions = (Question("know", "I know my track."),)
    poll = await hr.create_pulse(PulsePoll(0, "Pulse", questions, ("core",), OPENS,
                                           OPENS + timedelta(days=5)))
    audience = await SqlRepo(sqlite_db).in_teams(("core",))
    assert await hr.open_pulse(poll.id, audience)
    for person in audience:
        speaker = Speaker(services, person.email)
        await speaker.press("pulse.answer", {"p": str(poll.id), "q": "know", "score": "4"})
    await Speaker(services, audience[0].email).press(
        "pulse.comment", {"p": str(poll.id)}, {"comment": f"Too long {ESCAPES}\r\nsecond line"})
    assert await hr.close_pulse(poll.id)
    async with services.units() as uow:
        closed = await uow.pulses.pulse(poll.id)
        assert closed is not None
        [comment] = (await results_of(uow, closed)).comments
    assert comment.startswith("Too long ]8;;http://evil.exampleclick me")
    assert comment.endswith("\nsecond line")
    assert_no_controls(comment)


def test_the_core_cleans_form_values_and_text() -> None:
    from bot.conversation import cleaned  # the one place typed text enters

    actor = Actor(Platform.SLACK, "U1")
    event = cleaned(Action(actor, "pulse.comment", {"p": "1"}, {"comment": f"x{ESCAPES}"}))
    assert isinstance(event, Action)
    assert_no_controls(event.form["comment"])


def test_hr_command_line_text_enters_without_control_characters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`careerbot pulse ...` and `careerbot rollout ...` run the chat commands directly: what
    HR types there is cleaned the same way."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "hr.db"
    people = tmp_path / "people.csv"
    people.write_text("email,name,manager_email,track,level,team,role\n"
                      "ann@example.com,Ann,,,,core,employee\n", encoding="utf-8")
    assert invoke("import", "people", str(people), db=db).code == 0
    assert invoke("pulse", "schedule", "core", "2030-01-07", db=db).code == 0
    added = invoke("pulse", "question", "1", "extra", f"I see {ESCAPES} a future", db=db)
    assert added.code == 0, added.err
    assert invoke("rollout", "core", "2029-12-01", db=db).code == 0
    noted = invoke("rollout", "stage", "core", "awareness", "note", f"Pilot {ESCAPES}", db=db)
    assert noted.code == 0, noted.err
    assert_no_controls(added.out + noted.out)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT questions FROM pulses UNION ALL SELECT stages FROM rollouts").fetchall()
    stored = "".join(s for (value,) in rows for s in _strings(json.loads(value)))
    assert "I see ]8;;http://evil.exampleclick me" in stored
    assert "Pilot ]8;;http://evil.exampleclick me" in stored
    assert_no_controls(stored.replace("\n", ""))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_people_file_names_lose_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("email,name,manager_email,track,level,team,role\r\n"
                    f"ann@example.com,Ann {ESCAPES},,,,Core\x1b[2J,employee\r\n",
                    encoding="utf-8")
    [ann] = load_people(path)
    assert ann.name.startswith("Ann ]8;;http://evil.exampleclick me")
    assert ann.team == "Core[2J"
    assert_no_controls(ann.name + ann.team)


def test_track_files_lose_control_characters(tmp_path: Path) -> None:
    matrix = tmp_path / "Sales.csv"
    matrix.write_text(f"Competency,Junior,Senior\nOwnership\x1b[31m,Owns {ESCAPES},Leads\n",
                      encoding="utf-8")
    yaml_file = tmp_path / "tracks.yaml"
    yaml_file.write_text("track: Design\nlevels:\n  - {id: junior, title: Junior}\n"
                         "competencies:\n"
                         "  - name: \"Craft\\e[2J\"\n    expectations:\n"
                         "      junior: \"Draws \x1b[31mred\"\n", encoding="utf-8")
    for track in load_tracks(matrix) + load_tracks(yaml_file):
        texts = [track.name] + [c.name for c in track.competencies] + [
            b for c in track.competencies for bullets in c.expectations.values() for b in bullets]
        assert_no_controls("".join(texts))
        assert any("[31m" in t or "[2J" in t for t in texts)


def test_pulse_results_csv_never_holds_a_formula(tmp_path: Path) -> None:
    questions = (Question("q1", "=HYPERLINK(\"http://evil.example\",\"x\")"),
                 Question("q2", "+1+1"), Question("q3", "@SUM(A1)"),
                 Question("q4", "-2+3"), Question("q5", "\tTab"))
    counts = {("=cmd|'/c calc'!A1", q.id, 4): 5 for q in questions}
    results = aggregate(questions, Tally(counts), {"=cmd|'/c calc'!A1": 5}, threshold=5)
    path = tmp_path / "results.csv"
    write_csv(results, path)
    with path.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'=cmd|'/c calc'!A1" in cells and "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells
    assert {"'+1+1", "'@SUM(A1)", "'-2+3", "'\tTab"} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_track_csv_export_neutralises_formulas_and_imports_back(tmp_path: Path) -> None:
    matrix = tmp_path / "Sales.csv"
    matrix.write_text("Competency,Junior,Senior\n\"=Ownership\",\"- Owns it\n- @team\","
                      "+Leads\n", encoding="utf-8")
    [track] = load_tracks(matrix)
    result = export_tracks([track], "csv", tmp_path / "out")
    [written] = result.files
    with Path(written).open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'=Ownership" in cells and "'+Leads" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert load_tracks(Path(written), "Sales") == [track]


def test_csv_cell_leaves_numbers_and_plain_text() -> None:
    assert csv_cell(-3) == -3 and csv_cell("Platform") == "Platform" and csv_cell("") == ""


HOSTILE = ("Pat <http://evil.example|your review> *bold* _it_ ~gone~ `code` <!channel> "
           "[x](http://evil.example) [y][1] **Team**")


def _slack_text(reply: Reply) -> str:
    return json.dumps([m.blocks for m in render_message(reply)], ensure_ascii=False)


def test_slack_shows_peoples_text_as_typed() -> None:
    reply = Reply((Text(HOSTILE), Bullets((HOSTILE,)), Fields(((HOSTILE, HOSTILE),)),
                   Caption(HOSTILE), Table(("Competency", HOSTILE), ((HOSTILE, HOSTILE),))))
    out = _slack_text(reply)
    for markup in ("<http", "<!channel>", "*bold*", "_it_", "~gone~", "`code`"):
        assert markup not in out, markup
    assert "&lt;http://evil.example|your review&gt;" in out and "&lt;!channel&gt;" in out
    assert "*Team*" in out  # the core's own **bold** still formats
    assert "jane_doe" in _slack_text(Reply((Text("jane_doe@example.com :white_check_mark:"),)))


def test_teams_cards_show_peoples_links_as_text() -> None:
    reply = Reply((Text(HOSTILE), Bullets((HOSTILE,)), Fields(((HOSTILE, HOSTILE),)),
                   Caption(HOSTILE), Table(("Competency", HOSTILE), ((HOSTILE, HOSTILE),))))
    out = json.dumps([c.card for c in render_cards(reply)], ensure_ascii=False)
    assert "](http" not in out and "][1]" not in out
    assert "*bold*" not in out and "_it_" not in out
    assert "[x]\u200b(http://evil.example)" in out  # still readable, as typed
    assert "**Team**" in out  # the core's own bold
