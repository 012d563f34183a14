"""What HR reads around pulse results (issue 14): the usage line shows how to get the results by
team and the trend, and a pulse of eNPS or choice questions only says nothing about a favourable
% (there is no 1-5 statement to be favourable about) in its results, by team, or in a trend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.charts import picture_figure
from bot.pulses.messages import results_reply, team_reply
from bot.pulses.rules import PulsePoll, PulseResults, PulseStatus, Submission, aggregate, tally_of
from bot.pulses.trend import Trend, TrendPoint
from bot.pulses.trend_messages import trend_picture, trend_reply
from bot.reply import Picture, Reply, block_text
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.hr.pulse_types_sample import AGREE, CHOICE, ENPS

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
TYPED = (ENPS, CHOICE)  # no 1-5 statement
POLL = PulsePoll(4, "eNPS check", TYPED, ("Alpha", "Beta"), NOW, NOW + timedelta(days=14),
                 status=PulseStatus.CLOSED)


def text(reply: Reply) -> str:
    return "\n".join(block_text(b) for b in reply.blocks)


def typed_results() -> PulseResults:
    answers = [Submission("Alpha" if n % 2 else "Beta", {ENPS.id: n % 11, CHOICE.id: 1 + n % 3})
               for n in range(12)]
    return aggregate(TYPED, tally_of(answers), {"Alpha": 6, "Beta": 6}, 5)


async def test_the_usage_line_shows_results_by_team_and_the_trend(sqlite_db: Database) -> None:
    await add_people(sqlite_db, "People", 1, start=100, role="hr")
    hr = Speaker(services_on(sqlite_db, FakeClock(NOW)), "p100@example.com")
    for asked in ("pulse frobnicate", "pulse list"):
        said = text(await hr.say(asked))
        assert "pulse results [ID] [--by team]" in said, said
        assert "pulse trend [TEAM]" in said, said


def test_a_pulse_without_statements_says_nothing_of_favourable() -> None:
    results = typed_results()
    assert results.overall.shown and all(t.shown for t in results.teams)
    said = text(results_reply(POLL, results))
    assert "12 of 12 answered (100%)" in said and "eNPS" in said
    assert "favourable" not in said.casefold(), said
    assert "See also pulse trend [TEAM] (across pulses)." in said  # no heatmap to point to
    by_team = text(team_reply(POLL, results))  # no heatmap of nothing: the teams' eNPS instead
    assert "favourable" not in by_team.casefold() and "Alpha" in by_team, by_team
    assert not [b for b in team_reply(POLL, results).blocks if isinstance(b, Picture)
                and not type(b.data).__name__.endswith("Stats")]


def test_a_mixed_pulse_still_says_favourable() -> None:
    poll = PulsePoll(5, "Mixed", (AGREE, ENPS), ("Alpha",), NOW, NOW + timedelta(days=14),
                     status=PulseStatus.CLOSED)
    answers = [Submission("Alpha", {AGREE.id: 4 + n % 2, ENPS.id: 9}) for n in range(6)]
    said = text(results_reply(poll, aggregate(poll.questions, tally_of(answers),
                                              {"Alpha": 6}, 5)))
    assert "favourable 100%" in said
    # closed results say where the breakdown and the trend are
    assert "See also pulse results 5 --by team (favourable % by team), pulse trend [TEAM]" in said


def test_an_enps_only_trend_says_nothing_of_favourable() -> None:
    points = tuple(TrendPoint(PulsePoll(n, f"Monthly {n}", TYPED, ("Alpha",),
                                        NOW + timedelta(days=30 * n),
                                        NOW + timedelta(days=30 * n + 7),
                                        status=PulseStatus.CLOSED),
                              True, 6, 6, {}, {ENPS.id: 10 * n}) for n in range(1, 4))
    trend = Trend("Alpha", points, (), (ENPS,), 5)
    reply = trend_reply(trend)
    said = text(reply)
    assert "eNPS" in said and "+30" in said
    assert "favourable" not in said.casefold(), said
    picture = trend_picture(trend)
    assert "favourable" not in (picture.subtitle + picture.alt).casefold()
    drawn = picture_figure(picture)
    assert [a.get_ylabel() for a in drawn.axes] == ["Participation, %", "eNPS"]
