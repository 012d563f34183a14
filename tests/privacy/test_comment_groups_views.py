"""Comments per reported group (issue 14), on SQLite and PostgreSQL. Three teams at threshold 5:
Alpha (6 answering) is shown on its own; Gamma (2) is under the threshold and so, by the
next-smallest rule, Beta (5) is hidden with it: both are stored and shown only merged. Every
person leaves a comment naming their team. The attack: no view (chat, the CLI's text, its CSV,
with or without --by team) shows a merged team's comment under its own name, or under any team
at all; Alpha's own are shown under Alpha; every view lists the comments in a new random order.
A pulse closed before comments were labelled keeps its comments for everyone only."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.pulses import service as pulse_ops
from bot.pulses.rules import MERGED, default_questions
from bot.reply import Bullets, Reply, Scale, Text
from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people, sql
from tests.hr.test_pulse_subtraction import on

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
QUESTIONS = default_questions()
TEAMS = (("Alpha", 6, 1), ("Beta", 5, 7), ("Gamma", 2, 12))
HR = "p100@example.com"


def comment(team: str, person: int) -> str:
    return f"{team} says {person}: more examples per level please"


ALL = {comment(team, p) for team, count, start in TEAMS for p in range(start, start + count)}
ALPHA = {c for c in ALL if c.startswith("Alpha")}
SMALL = ALL - ALPHA  # Beta's and Gamma's: only ever in Everyone's comments


async def closed_pulse(db: Database) -> None:
    await add_people(db, "People", 1, start=100, role="hr")
    for team, count, start in TEAMS:
        await add_people(db, team, count, start=start)
    services = services_on(db, FakeClock(NOW))
    await Speaker(services, HR).say("pulse schedule Alpha, Beta, Gamma 2026-03-16")
    async with services.units() as uow:
        poll = await uow.pulses.pulse(1)
        assert poll is not None and await pulse_ops.open_due(uow, poll, NOW)
        await uow.commit()
    for team, count, start in TEAMS:
        for person in range(start, start + count):
            speaker = Speaker(services, f"p{person}@example.com")
            scales = [b for b in (await speaker.say("pulse")).blocks if isinstance(b, Scale)]
            for scale in scales:
                await speaker.press(scale.action_id, dict(scale.value) | {"score": "4"})
            await speaker.press("pulse.comment", {"p": "1"}, {"comment": comment(team, person)})
    async with services.units() as uow:
        poll = await uow.pulses.pulse(1)
        assert poll is not None and await pulse_ops.close_due(uow, poll, poll.closes_at)
        await uow.commit()


@pytest.fixture
def pulse(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    on(db_url, closed_pulse)
    return db_url


def chat(url: str, text: str) -> Reply:
    async def ask(db: Database) -> Reply:
        return await Speaker(services_on(db, FakeClock(NOW)), HR).say(text)
    return on(url, ask)


def sections(reply: Reply) -> dict[str, list[str]]:
    """Comment heading -> the comments listed under it."""
    found: dict[str, list[str]] = {}
    blocks = list(reply.blocks)
    for heading, listed in zip(blocks, blocks[1:], strict=False):
        if (isinstance(heading, Text) and heading.text.startswith("**Comments")
                and isinstance(listed, Bullets)):
            found[heading.text] = list(listed.items)
    return found


def cli_results(*args: str) -> str:
    done = CliRunner().invoke(cli.app, ["pulse", "results", "1", *args])
    assert done.exit_code == 0, done.output
    return done.output


def comment_rows(path: Path) -> list[tuple[str, str]]:
    """The CSV's comments section: (group, comment) rows after its `group,comment` header."""
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    start = rows.index(["group", "comment"])
    assert rows[start - 1] == []  # a blank row before the section
    return [(group, text) for group, text in rows[start + 1:]]


def test_closed_comments_carry_their_reported_group(pulse: str) -> None:
    labels = on(pulse, lambda db: sql(db, "SELECT team, COUNT(*) AS n FROM pulse_comments "
                                          "GROUP BY team ORDER BY team"))
    assert {(r["team"], r["n"]) for r in labels} == {("Alpha", 6), (MERGED, 7)}


def test_no_view_shows_a_merged_teams_comment_under_a_team(pulse: str, tmp_path: Path) -> None:
    overall = sections(chat(pulse, "pulse results 1"))
    assert list(overall) == ["**Comments** (no names, in no particular order)"]
    assert set(next(iter(overall.values()))) == ALL

    by_team = sections(chat(pulse, "pulse results 1 --by team"))
    assert list(by_team) == ["**Comments, Alpha** (no names, in no particular order)"]
    assert set(next(iter(by_team.values()))) == ALPHA

    for args, name in ((("--csv", "all.csv"), "all.csv"),
                       (("--by", "team", "--csv", "teams.csv"), "teams.csv")):
        text = cli_results(*args)
        rows = comment_rows(tmp_path / name)
        assert Counter(g for g, _ in rows) == {"Everyone": 13, "Alpha": 6}
        assert {c for g, c in rows if g == "Everyone"} == ALL
        assert {c for g, c in rows if g == "Alpha"} == ALPHA
        # The CLI's text lists each small team's comment once (everyone's), never under a team.
        for small in SMALL:
            assert text.count(small) == (0 if "--by" in args else 1)
        assert "Comments, Beta" not in text and "Comments, Gamma" not in text
        assert f"Comments, {MERGED}" not in text


def test_every_view_shows_the_comments_in_a_new_random_order(pulse: str) -> None:
    orders = [tuple(next(iter(sections(chat(pulse, "pulse results 1")).values())))
              for _ in range(4)]
    assert all(set(order) == ALL and len(order) == len(ALL) for order in orders)
    assert len(set(orders)) > 1  # 13 comments: the same order twice by chance is 1 in 6e9
    assert orders[0] != tuple(sorted(ALL))  # not sorted either (1 in 6e9 by chance)


def test_a_pulse_closed_before_comments_had_groups_shows_them_for_everyone(
        pulse: str, tmp_path: Path) -> None:
    async def unlabel(db: Database) -> None:  # what migration 0016 leaves on older pulses
        async with db.engine.begin() as connection:
            from sqlalchemy import text
            await connection.execute(text("UPDATE pulse_comments SET team = ''"))

    on(pulse, unlabel)
    overall = sections(chat(pulse, "pulse results 1"))
    assert set(next(iter(overall.values()))) == ALL
    assert sections(chat(pulse, "pulse results 1 --by team")) == {}
    cli_results("--by", "team", "--csv", "old.csv")
    rows = comment_rows(tmp_path / "old.csv")
    assert {g for g, _ in rows} == {"Everyone"} and {c for _, c in rows} == ALL
