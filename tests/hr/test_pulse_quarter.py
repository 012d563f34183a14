"""Issue 14's scripted quarter, on SQLite and PostgreSQL, as HR lives it: career tracks rolled
out to everyone on 5 Jan 2026; its first pulse opens 14 days later; then a monthly series with
an eNPS question runs in February, March and April. Three teams: Alpha (8), Beta (6) and Gamma
(3), with a threshold of 5, so Gamma is under it and, by the next-smallest rule, Beta is merged
with it. The scheduler opens and closes every run and sends the invitations; people answer by
pressing the invitation's buttons. Then chat, the CLI's PNG (read from the Figures drawn) and
its CSV must show the same numbers: the 1-5 distributions, the team heatmap with the small
teams merged, the trends for everyone, Alpha and Gamma (under the threshold), and eNPS. Every
expected figure is counted here from the scores people gave, not read back from the product."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from typer.testing import CliRunner

from bot.pulses.rules import MERGED, Question, QuestionKind, default_questions
from bot.pulses.rules_insight import Heatmap, Spread
from bot.pulses.rules_types import EnpsStats
from bot.reply import Bullets, Picture, Reply, Scale, Table
from careerbot import cli
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.database import Database
from tests.conftest import fresh_pg_url, fresh_sqlite_url
from tests.fakes import FakeClock, RecordingMessenger
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.hr.test_pulse_insight_cli import figures
from tests.hr.test_pulse_subtraction import on
from tests.sql_repo import SqlHr

HR = "p100@example.com"
ALPHA, BETA, GAMMA = range(1, 9), range(9, 15), range(15, 18)
STATEMENTS = default_questions()
# Who answers each pulse (#1 the rollout's, #2-#4 the monthly runs): p8 skips February, and in
# April one of Beta and one of Gamma do not answer (the merged group is then 7).
ANSWERING = {1: range(1, 18), 2: [p for p in range(1, 18) if p != 8], 3: range(1, 18),
             4: [p for p in range(1, 18) if p not in (14, 17)]}
OPENS = {1: "19 Jan 2026", 2: "02 Feb 2026", 3: "02 Mar 2026", 4: "02 Apr 2026"}


def score(pulse: int, person: int, question: Question) -> int:
    """Alpha warms to the tracks month by month and promotes; Beta is split; Gamma is
    unhappy. Alpha's statement "find" never gets a 1 or a 2 (a 0% segment)."""
    if question.kind is QuestionKind.ENPS:
        if person in ALPHA:
            return 6 + (person + pulse) % 5
        return (3 * person + pulse) % 11 if person in BETA else 3
    index = [q.id for q in STATEMENTS].index(question.id)
    if person in ALPHA:
        return 3 + (person + index) % 3 if question.id == "find" else min(
            5, pulse + (person + index) % 3)
    if person in BETA:
        return 1 + (person + index + pulse) % 5
    return 1 + (person + pulse) % 2


def team_of(person: int) -> str:
    return "Alpha" if person in ALPHA else "Beta" if person in BETA else "Gamma"


def answered(pulse: int, people: Iterable[int]) -> list[int]:
    return [p for p in people if p in ANSWERING[pulse]]


def counts(pulse: int, people: Iterable[int], question: Question) -> tuple[int, ...]:
    scores = [score(pulse, p, question) for p in answered(pulse, people)]
    first = 0 if question.kind is QuestionKind.ENPS else 1
    return tuple(scores.count(n) for n in range(first, 11 if first == 0 else 6))


def favourable(pulse: int, people: Iterable[int], question: Question) -> float:
    dist = counts(pulse, people, question)
    return 100 * (dist[3] + dist[4]) / sum(dist)


def enps(pulse: int, people: Iterable[int]) -> tuple[int, float, float, float, int]:
    """(score, % promoters, % passives, % detractors, n), the score rounded half away from 0."""
    dist = counts(pulse, people, ENPS)
    n = sum(dist)
    promoters, passives, detractors = (100 * sum(dist[9:]) / n, 100 * sum(dist[7:9]) / n,
                                       100 * sum(dist[:7]) / n)
    raw = promoters - detractors
    whole = int(abs(raw) + 0.5) * (1 if raw >= 0 else -1)
    return whole, promoters, passives, detractors, n


EVERYONE = range(1, 18)
SMALL = range(9, 18)  # Beta and Gamma, shown only together
ENPS = Question("enps", "", QuestionKind.ENPS)


async def quarter(db: Database) -> dict[int, int]:
    """Plays the quarter; returns how many invitations each pulse sent."""
    await add_people(db, "People", 1, start=100, role="hr")
    for team, people in (("Alpha", ALPHA), ("Beta", BETA), ("Gamma", GAMMA)):
        await add_people(db, team, len(people), start=people.start)
    clock = FakeClock(datetime(2026, 1, 5, 10, tzinfo=UTC))
    messenger = RecordingMessenger()
    services = services_on(db, clock)
    runtime = Runtime(services.units, clock, messenger, lease_seconds=1.0)
    hr = Speaker(services, HR)

    async def scheduler_at(at: datetime) -> list[str]:
        clock.current = at
        return await run_due(runtime, db.sync_url, at)

    rolled = await hr.say("rollout everyone 2026-01-05")
    assert "Its first pulse (#1) opens Mon 19 Jan 2026 09:00 UTC" in rolled.text
    invited: dict[int, int] = {}
    for number in range(1, 5):
        if number == 2:  # after the first pulse's results, the monthly series with eNPS
            made = await hr.say("pulse schedule Alpha, Beta, Gamma 2026-02-02 --every 1 months")
            assert "Scheduled series 1 (monthly) for Alpha, Beta, Gamma. Run 1 is pulse #2" \
                in made.text
            added = await hr.say("pulse question 2 enps")
            assert "enps: How likely are you to recommend working here" in added.text
        poll = next(p for p in await SqlHr(db).pulses() if p.id == number)
        sent = len(messenger.sent)
        assert f"pulse:{number}:open" in await scheduler_at(poll.opens_at)
        invited[number] = len(messenger.sent) - sent
        for person in ANSWERING[number]:
            speaker = Speaker(services, f"p{person}@example.com")
            scales = [b for b in (await speaker.say("pulse")).blocks if isinstance(b, Scale)]
            assert len(scales) == len(STATEMENTS) + (number > 1)  # each run carries eNPS
            for scale in scales:
                question = next((q for q in STATEMENTS if q.id == scale.value["q"]), ENPS)
                await speaker.press(scale.action_id, dict(scale.value)
                                    | {"score": str(score(number, person, question))})
        assert f"pulse:{number}:close" in await scheduler_at(poll.closes_at)
    stopped = await hr.say("pulse stop 1")
    assert "Stopped series 1: no new runs. Cancelled its scheduled run(s): #5." in stopped.text
    return invited


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def quarter_url(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The quarter is played once per database (it takes seconds); the tests only read it."""
    if request.param == "sqlite":
        url = fresh_sqlite_url(request, tmp_path_factory.mktemp("quarter"))
        urls: Iterator[str] = iter([url])
    else:
        urls = fresh_pg_url(request)
    url = next(urls)
    invited = on(url, quarter)
    # The scheduler reached everyone once (the rollout's pulse is to everyone, HR included).
    assert invited == {1: 18, 2: 17, 3: 17, 4: 17}
    yield url
    for _ in urls:  # drops the PostgreSQL database
        pass


@pytest.fixture
def played(quarter_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", quarter_url)
    monkeypatch.chdir(tmp_path)
    return quarter_url


def hr_says(url: str, *texts: str) -> list[Reply]:
    async def go(db: Database) -> list[Reply]:
        speaker = Speaker(services_on(db, FakeClock(datetime(2026, 4, 20, 9, tzinfo=UTC))), HR)
        return [await speaker.say(text) for text in texts]
    return on(url, go)


def pictures(reply: Reply, kind: type) -> list[Any]:
    return [b.data for b in reply.blocks if isinstance(b, Picture) and isinstance(b.data, kind)]


def cli_run(*args: str) -> str:
    done = CliRunner().invoke(cli.app, list(args))
    assert done.exit_code == 0, done.output
    assert "Traceback" not in done.output
    return done.output


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pct(value: float) -> str:
    return f"{value:.0f}%"


def small_team_figures(text: str) -> list[str]:
    """Lines giving Beta or Gamma a figure of their own (naming them in the audience is fine)."""
    return [line for line in text.splitlines() if ("Beta" in line or "Gamma" in line)
            and re.search(r"\d", line) and not line.startswith(("Audience:", "#"))]


def test_the_distributions_in_chat_png_and_csv(played: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (first,) = hr_says(played, "pulse results 1")
    # Chat: each statement's 1-5 counts for everyone, and a picture of the same spreads.
    for question in STATEMENTS:
        spread = " / ".join(map(str, counts(1, EVERYONE, question)))
        assert f"{question.text} 1-5: {spread}\n" in first.text
    assert counts(1, ALPHA, STATEMENTS[1])[:2] == (0, 0)
    spreads: tuple[Spread, ...] = pictures(first, tuple)[0]  # Everyone's comes first
    assert [tuple(s.count for s in sp.segments) for sp in spreads] == [
        counts(1, EVERYONE, q) for q in STATEMENTS]
    assert not small_team_figures(first.text)
    # The PNG: five segments per statement, widths the percentages, the axis -100..100.
    drawn = figures(monkeypatch)
    cli_run("pulse", "results", "1", "--png", "one.png", "--csv", "one.csv")
    figure = drawn[0]
    axes = figure.axes[0]
    assert axes.get_xlim() == (-100, 100)
    assert "17 of 18 responded" in axes.get_title()  # HR did not answer
    segments = [p for p in axes.patches if isinstance(p, Rectangle)]
    for row, question in enumerate(STATEMENTS):
        mine = [p for p in segments if abs(p.get_y() + p.get_height() / 2 - row) < 1e-6]
        assert [p.get_width() for p in mine] == pytest.approx(
            [100 * c / 17 for c in counts(1, EVERYONE, question)])
    assert (tmp_path / "one.png").read_bytes().startswith(b"\x89PNG")
    # The CSV: the same counts per group; the small teams only as the merged group.
    table = {(r["group"], r["question_id"]): r for r in rows(tmp_path / "one.csv")
             if r["question_id"]}
    assert {g for g, _ in table} == {"Everyone", "Alpha", MERGED}
    for group, people in (("Everyone", EVERYONE), ("Alpha", ALPHA), (MERGED, SMALL)):
        for question in STATEMENTS:
            cells = table[(group, question.id)]
            assert tuple(int(cells[f"n{n}"]) for n in range(1, 6)) == counts(1, people, question)


def test_the_team_heatmap_merges_the_small_teams_everywhere(
        played: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (chat,) = hr_says(played, "pulse results 4 --by team")
    expected = [[favourable(4, people, q) for people in (EVERYONE, ALPHA, SMALL)]
                for q in STATEMENTS]
    (table,) = [b for b in chat.blocks if isinstance(b, Table)]
    assert table.columns == ("Statement", "Everyone (n=15)", "Alpha (n=8)", f"{MERGED} (n=7)")
    assert [list(r[1:]) for r in table.rows] == [[pct(v) for v in row] for row in expected]
    (heatmap,) = pictures(chat, Heatmap)
    assert heatmap.groups == ("Everyone", "Alpha", MERGED)
    assert [list(r) for r in heatmap.cells] == [pytest.approx(r) for r in expected]
    assert not small_team_figures(chat.text)
    # The PNG's cells and the CSV's columns hold the same numbers.
    drawn = figures(monkeypatch)
    cli_run("pulse", "results", "4", "--by", "team", "--png", "teams.png", "--csv", "teams.csv")
    (figure,) = drawn
    (image,) = figure.axes[0].images
    assert image.get_clim() == (0, 100)
    cells = image.get_array()
    assert cells is not None
    assert cells.flatten().tolist() == pytest.approx([v for row in expected for v in row])
    assert [" ".join(t.get_text().split()) for t in figure.axes[0].get_xticklabels()] == [
        "Everyone (n=15)", "Alpha (n=8)", f"{MERGED} (n=7)"]  # however the labels wrap
    header, sizes, *body = list(csv.reader((tmp_path / "teams.csv").open(newline="")))
    assert header[2:] == ["Everyone favourable_pct", "Alpha favourable_pct",
                          f"{MERGED} favourable_pct"]
    assert sizes[2:] == ["15", "8", "7"]
    assert [[float(v) for v in r[2:]] for r in body[:len(STATEMENTS)]] == [
        pytest.approx(row, abs=0.05) for row in expected]
    assert "Beta" not in (tmp_path / "teams.csv").read_text()
    assert "Gamma" not in (tmp_path / "teams.csv").read_text()


def test_enps_in_chat_png_and_csv(played: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (april, by_team) = hr_says(played, "pulse results 4", "pulse results 4 --by team")
    score_, promoters, passives, detractors, n = enps(4, EVERYONE)
    assert (f"eNPS {score_:+d} ({promoters:.0f}% promoters, {passives:.0f}% passives, "
            f"{detractors:.0f}% detractors, n={n})") in april.text
    # Each team's line: its participation, favourable over all its 1-5 answers, and eNPS (0
    # is written without a sign).
    for team, people, invited in (("Alpha", ALPHA, 8), (MERGED, SMALL, 9)):
        given = [counts(4, people, q) for q in STATEMENTS]
        overall = 100 * sum(d[3] + d[4] for d in given) / sum(sum(d) for d in given)
        team_score = enps(4, people)[0]
        written = f"{team_score:+d}" if team_score else "0"
        assert (f"{team}: {len(answered(4, people))} of {invited} answered "
                f"({100 * len(answered(4, people)) / invited:.0f}%), favourable {overall:.0f}%, "
                f"eNPS {written}") in april.text
    shown = pictures(april, EnpsStats)
    assert shown and shown[0].distribution == counts(4, EVERYONE, ENPS)
    assert shown[0].score == score_
    # The PNG's eNPS chart: 11 bars, heights the % of each score, the score in its title.
    drawn = figures(monkeypatch)
    cli_run("pulse", "results", "4", "--png", "april.png", "--csv", "april.csv")
    bars = [f for f in drawn if any("eNPS" in t.get_text() for t in f.texts)]
    assert bars, [t.get_text() for f in drawn for t in f.texts]
    heights = [p.get_height() for p in bars[0].axes[0].patches if isinstance(p, Rectangle)]
    assert heights == pytest.approx([100 * c / n for c in counts(4, EVERYONE, ENPS)])
    assert f"eNPS {score_:+d}" in " ".join(t.get_text() for t in bars[0].texts)
    assert bars[0].axes[0].get_ylim() == (0, 100)
    # The CSV: the score and its parts, then each 0-10 count.
    everyone = [r for r in rows(tmp_path / "april.csv")
                if r["group"] == "Everyone" and r["kind"] == "enps"]
    summary, *spread = everyone
    assert int(summary["enps"]) == score_
    assert [float(summary["promoters_pct"]), float(summary["detractors_pct"])] == pytest.approx(
        [promoters, detractors], abs=0.05)
    assert [int(r["count"]) for r in spread] == list(counts(4, EVERYONE, ENPS))
    assert not [r for r in rows(tmp_path / "april.csv") if r["group"] in ("Beta", "Gamma")]


def test_the_trends_for_everyone_a_team_and_the_small_team(
        played: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    everyone, alpha, gamma = hr_says(played, "pulse trend", "pulse trend Alpha",
                                     "pulse trend Gamma")
    for reply, people in ((everyone, EVERYONE), (alpha, ALPHA)):
        (table,) = [b for b in reply.blocks if isinstance(b, Table)]
        assert [c.split()[0] for c in table.columns[1:]] == ["#1", "#2", "#3", "#4"]
        assert [list(r[1:]) for r in table.rows] == [
            [pct(favourable(n, people, q)) for n in range(1, 5)] for q in STATEMENTS]
    # eNPS per run that asked it (not the rollout's pulse), as each run's own results say.
    (enps_lines,) = [b.items for b in everyone.blocks if isinstance(b, Bullets)
                     and any("n=" in item and "%" not in item for item in b.items)]
    assert list(enps_lines) == [f"#{n} {OPENS[n]}: {enps(n, EVERYONE)[0]:+d} "
                                f"(n={enps(n, EVERYONE)[4]})" for n in range(2, 5)]
    assert "17 of 18 answered (94%)" in everyone.text  # HR did not answer #1
    assert "7 of 8 answered (88%)" in alpha.text  # p8 skipped February
    # Gamma was under the threshold in every pulse: said so, and not one figure.
    assert gamma.text.startswith("Pulse trend: Gamma, 19 Jan 2026 to 07 Apr 2026, under the "
                                 "threshold in every pulse\n")  # not "0 responses"
    assert not re.search(r"\d%|\d+ of \d+|n=\d|: [+-]\d", gamma.text), gamma.text
    assert not pictures(gamma, object)
    # The CLI: the same trend as CSV and as lines on the PNG, eNPS in its own panel.
    drawn = figures(monkeypatch)
    output = cli_run("pulse", "trend", "--team", "Alpha", "--csv", "alpha.csv",
                     "--png", "alpha.png")
    assert "Pulse trend: Alpha, 19 Jan 2026 to" in output
    written = rows(tmp_path / "alpha.csv")
    for question in STATEMENTS:
        mine = [float(r["favourable_pct"]) for r in written if r["question_id"] == question.id]
        assert mine == pytest.approx([favourable(n, ALPHA, question) for n in range(1, 5)],
                                     abs=0.05)
    assert [int(r["enps_score"]) for r in written if r["kind"] == "enps"] == [
        enps(n, ALPHA)[0] for n in range(2, 5)]
    figure: Figure = drawn[0]
    top, bottom = figure.axes
    for question in STATEMENTS:
        line = next(x for x in top.get_lines() if x.get_gid() == question.id)
        assert [float(v) for v in line.get_ydata()] == pytest.approx(  # type: ignore
            [favourable(n, ALPHA, question) for n in range(1, 5)])
    (line,) = [x for x in bottom.get_lines() if x.get_gid() == "enps"]
    values = [float(v) for v in line.get_ydata()]  # type: ignore
    assert values[0] != values[0]  # NaN: the rollout's pulse asked no eNPS
    assert values[1:] == [enps(n, ALPHA)[0] for n in range(2, 5)]
    assert top.get_ylim() == (0, 100) and bottom.get_ylim() == (-100, 100)
    # Gamma from the CLI: the notice, no numbers in the CSV.
    cli_run("pulse", "trend", "--team", "Gamma", "--csv", "gamma.csv")
    assert all(r["favourable_pct"] == "" and r["enps_score"] == ""
               for r in rows(tmp_path / "gamma.csv"))
