"""Issue 14's trends through chat and the CLI, on SQLite and PostgreSQL: three closed pulses for
Alpha (6), Beta (5) and Gamma (2) at threshold 5. #1 to all three (Beta and Gamma stored merged),
#2 to Alpha and Beta with an eNPS question (both reported), #3 to everyone with eNPS where only
Alpha's 6 and 3 of Beta answer (every team merged: only Everyone is shown). The attack: HR asks
for the trend of a team that was merged, hoping the trend shows what no single pulse's results
showed. Every figure of every trend must be one `pulse results N --by team` already shows."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.context import Services
from bot.pulses import service as pulse_ops
from bot.pulses.rules import Question, QuestionKind, default_questions
from bot.pulses.trend import UNDER
from bot.reply import Bullets, Picture, Reply, Table
from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people, sql
from tests.hr.test_pulse_insight_cli import figures
from tests.hr.test_pulse_subtraction import on

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
STATEMENTS = default_questions()[:3]
ENPS = Question("enps", "How likely are you to recommend working here?", QuestionKind.ENPS)
HR = "p100@example.com"
# (chat command, questions, who answers: person numbers 1-6 Alpha, 7-11 Beta, 12-13 Gamma)
PULSES = (
    ("pulse schedule Alpha, Beta, Gamma 2026-03-16", STATEMENTS, range(1, 14)),
    ("pulse schedule alpha, beta 2026-04-16", (*STATEMENTS, ENPS), range(1, 12)),
    ("pulse schedule everyone 2026-05-18", (ENPS, *STATEMENTS), range(1, 10)),
)


def score(pulse: int, person: int, q: Question) -> int:
    """Alpha mostly agrees and promotes, Beta is split, Gamma disagrees."""
    if q.kind is QuestionKind.ENPS:
        return 10 - (person % 4) if person <= 6 else person % 7
    if person <= 6:
        return 4 + (person + pulse) % 2 if q.id != "plan" else 2 + person % 3
    if person <= 11:
        return 1 + (person + pulse + len(q.id)) % 5
    return 1


async def quarter(db: Database) -> None:
    await add_people(db, "People", 1, start=100, role="hr")
    ids: dict[int, int] = {}
    for team, count, start in (("Alpha", 6, 1), ("Beta", 5, 7), ("Gamma", 2, 12)):
        ids.update(zip(range(start, start + count), await add_people(db, team, count,
                                                                      start=start), strict=True))
    services = services_on(db, FakeClock(NOW))
    for number, (command, questions, answering) in enumerate(PULSES, start=1):
        await Speaker(services, HR).say(command)
        async with services.units() as uow:
            poll = await uow.pulses.pulse(number)
            assert poll is not None
            poll = replace(poll, questions=questions)
            await uow.pulses.update_pulse(poll)
            assert await pulse_ops.open_due(uow, poll, poll.opens_at)
            await uow.commit()
        async with services.units() as uow:
            for person in answering:
                for q in questions:
                    await uow.pulses.record_answer(number, ids[person], q.id,
                                                   score(number, person, q),
                                                   [q.id for q in questions])
            await uow.commit()
        async with services.units() as uow:
            poll = await uow.pulses.pulse(number)
            assert poll is not None
            assert await pulse_ops.close_due(uow, poll, poll.closes_at)
            await uow.commit()


def favourable(pulse: int, people: range, q: Question) -> str:
    scores = [score(pulse, p, q) for p in people]
    return f"{100 * sum(s >= 4 for s in scores) / len(scores):.0f}%"


@pytest.fixture
def quarter_db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    on(db_url, quarter)
    return db_url


def hr_says(url: str, *texts: str, email: str = HR) -> list[Reply]:
    async def go(db: Database) -> list[Reply]:
        speaker = Speaker(services_on(db, FakeClock(NOW)), email)
        return [await speaker.say(text) for text in texts]
    return on(url, go)


def table_of(reply: Reply) -> Table:
    (table,) = [b for b in reply.blocks if isinstance(b, Table)]
    return table


def by_team_cells(url: str) -> dict[tuple[int, str, str], str]:
    """(pulse, group, statement) -> the favourable cell `pulse results N --by team` shows."""
    cells = {}
    replies = hr_says(url, *(f"pulse results {n} --by team" for n in range(1, 4)))
    for number, reply in enumerate(replies, start=1):
        table = table_of(reply)
        for column, name in enumerate(table.columns[1:], start=1):
            group = name.rsplit(" (n=", 1)[0]
            for row in table.rows:
                cells[(number, group, row[0])] = row[column]
    return cells


def test_trends_in_chat_show_only_what_each_pulse_s_results_show(quarter_db: str) -> None:
    everyone, alpha, beta, gamma, pulse_1 = hr_says(
        quarter_db, "pulse trend", "pulse trend ALPHA", "pulse trend beta", "pulse trend Gamma",
        "pulse results 1")
    shown = by_team_cells(quarter_db)
    for reply, group in ((everyone, "Everyone"), (alpha, "Alpha"), (beta, "Beta"),
                         (gamma, "Gamma")):
        table = table_of(reply)
        for column, label in enumerate(table.columns[1:], start=1):
            number = int(label.split()[0].lstrip("#"))
            for row in table.rows:
                if row[column] == UNDER:
                    assert (number, group, row[0]) not in shown  # no pulse showed it either
                else:
                    assert row[column] == shown[(number, group, row[0])], (group, label, row)
    # Which pulses each group has, and where it has a number.
    assert [c.split()[0] for c in table_of(everyone).columns[1:]] == ["#1", "#2", "#3"]
    assert [r[1:] for r in table_of(alpha).rows] == [
        (favourable(1, range(1, 7), q), favourable(2, range(1, 7), q), UNDER)
        for q in STATEMENTS]
    assert [r[1:] for r in table_of(beta).rows] == [
        (UNDER, favourable(2, range(7, 12), q), UNDER) for q in STATEMENTS]
    assert [c.split()[0] for c in table_of(gamma).columns[1:]] == ["#1", "#3"]  # not in #2
    # The attack: Gamma (2 people) and Beta's merged pulses give no figure at all.
    assert not re.search(r"\d%|\d+ of \d+|n=\d", gamma.text), gamma.text
    assert "#1 16 Mar 2026 (Alpha, Beta, Gamma): under the threshold" in beta.text
    assert "#3 18 May 2026 (everyone): under the threshold" in beta.text
    assert "6 of 6 answered (100%)" in alpha.text and "9 of 14 answered (64%)" in everyone.text
    # eNPS per pulse that asked it: the same score as the pulse's own results.
    enps = [b.items for b in everyone.blocks if isinstance(b, Bullets)][1]
    promoters = [score(2, p, ENPS) >= 9 for p in range(1, 12)]
    detractors = [score(2, p, ENPS) <= 6 for p in range(1, 12)]
    expected = round(100 * sum(promoters) / 11 - 100 * sum(detractors) / 11)
    assert enps[0] == f"#2 16 Apr 2026: {expected:+d} (n=11)"
    assert "#2 16 Apr 2026:" in "\n".join(
        [b.items for b in beta.blocks if isinstance(b, Bullets)][1])
    # The picture rides along (adapters draw it), with the numbers of the table.
    (picture,) = [b for b in alpha.blocks if isinstance(b, Picture)]
    assert picture.title == "Pulse trend: Alpha, 16 Mar 2026 to 23 May 2026, 12 responses"
    assert "Pulse #1" in pulse_1.text  # results still answer beside the trend
    # Audited like results; an unknown team is one sentence with a guess; HR only.
    audit = on(quarter_db, lambda db: sql(db, "SELECT action, detail FROM audit_log "
                                              "WHERE action = 'pulse.trend' ORDER BY id"))
    assert [a["detail"] for a in audit] == ["", "ALPHA", "beta", "Gamma"]
    (dashed,) = hr_says(quarter_db, "pulse trend \u2014team beta")  # the CLI's words, as Slack
    assert dashed.text == beta.text                                 # may send them
    (typo,) = hr_says(quarter_db, "pulse trend Btea")
    assert typo.text.startswith('Nobody is in a team called "Btea". Did you mean "Beta"?')
    (employee,) = hr_says(quarter_db, "pulse trend Alpha", email="p1@example.com")
    assert "for the HR team" in employee.text and "%" not in employee.text


def test_trend_in_the_cli_with_csv_and_png(quarter_db: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = figures(monkeypatch)
    done = CliRunner().invoke(cli.app, ["pulse", "trend", "--team", "alpha", "--csv", "a.csv",
                                        "--png", "a.png"])
    assert done.exit_code == 0, done.output
    assert "Pulse trend: Alpha, 16 Mar 2026 to 23 May 2026, 12 responses" in done.output
    with (tmp_path / "a.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["pulse_id", "opened", "closed", "group", "question_id", "question",
                             "kind", "favourable_pct", "enps_score", "responses", "invited",
                             "participation_pct"]
    first = [r for r in rows if r["pulse_id"] == "1"]
    assert [(r["question_id"], r["kind"], r["responses"], r["invited"]) for r in first] == [
        (q.id, "agree", "6", "6") for q in STATEMENTS]
    assert [float(r["favourable_pct"]) for r in first] == pytest.approx(
        [float(favourable(1, range(1, 7), q).rstrip("%")) for q in STATEMENTS], abs=0.5)
    second_enps = [r for r in rows if r["pulse_id"] == "2" and r["kind"] == "enps"]
    assert len(second_enps) == 1 and second_enps[0]["favourable_pct"] == ""
    (third,) = [r for r in rows if r["pulse_id"] == "3"]
    assert third["responses"] == UNDER and third["favourable_pct"] == third["invited"] == ""
    # The PNG: lines with Alpha's numbers, a gap at #3, eNPS on -100..100.
    (figure,) = drawn
    top, bottom = figure.axes
    know = next(line for line in top.get_lines() if line.get_gid() == "know")
    values = [float(v) for v in know.get_ydata()]  # type: ignore[union-attr, arg-type]
    assert values[:2] == pytest.approx([100.0, 100.0]) and values[2] != values[2]  # NaN
    assert top.get_ylim() == (0, 100) and bottom.get_ylim() == (-100, 100)
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    audit = on(quarter_db, lambda db: sql(db, "SELECT detail FROM audit_log "
                                              "WHERE action = 'pulse.trend'"))
    assert [a["detail"] for a in audit] == ["--team Alpha csv a.csv png a.png"]
    # A team nobody is in: one line, non-zero, nothing written.
    bad = CliRunner().invoke(cli.app, ["pulse", "trend", "--team", "Alpah", "--csv", "b.csv",
                                       "--png", "b.png"])
    assert bad.exit_code != 0
    assert bad.output.strip().count("\n") == 0 and 'Did you mean "Alpha"?' in bad.output
    assert not (tmp_path / "b.csv").exists() and not (tmp_path / "b.png").exists()


def test_no_closed_pulse_yet_is_one_sentence(db_url: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)

    async def hr_only(db: Database) -> Services:
        await add_people(db, "People", 1, start=100, role="hr")
        return services_on(db, FakeClock(NOW))

    on(db_url, hr_only)
    (reply,) = hr_says(db_url, "pulse trend")
    assert reply.text.startswith("No pulse for anyone has closed yet")
    done = CliRunner().invoke(cli.app, ["pulse", "trend", "--png", "t.png"])
    assert done.exit_code == 0 and "No file was written." in done.output
    assert not (tmp_path / "t.png").exists()
