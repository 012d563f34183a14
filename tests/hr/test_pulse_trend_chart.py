"""Issue 14's trends from their numbers: points line up by question id across pulses, a pulse
where the group was under the threshold has no number anywhere (table, lines, CSV, the drawn
chart), and the chart's data is what the Figure holds: one line per statement and participation
on a 0-100% axis, eNPS in its own panel on -100..100, x at the pulses' dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from math import isnan

import pytest
from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from adapters import charts
from bot.pulses.rules import (
    MERGED,
    PulsePoll,
    PulseResults,
    PulseStatus,
    Question,
    QuestionKind,
    Tally,
    aggregate,
    reported_groups,
)
from bot.pulses.trend import UNDER, Trend, includes, line_up, point
from bot.pulses.trend_messages import MAX_SHOWN, csv_rows, trend_picture, trend_reply
from bot.reply import Bullets, Caption, Picture, Table, Text

KNOW = Question("know", "I know what my career track looks like.")
FUTURE = Question("future", "I can see a future for myself here.")
ENPS = Question("enps", "How likely are you to recommend us?", QuestionKind.ENPS)
START = datetime(2026, 3, 2, 9, tzinfo=UTC)
# Per pulse: (questions, Beta's people answering, Alpha's scores). Alpha's 6 and Gamma's 5
# always answer; Beta and Gamma answer 2 on statements and 0 on eNPS, Gamma 3 on statements.
PULSES = (
    ((KNOW, FUTURE), 2, {"know": 4, "future": 2}),
    ((KNOW, FUTURE, ENPS), 5, {"know": 5, "future": 4, "enps": 10}),
    ((ENPS, KNOW), 3, {"know": 2, "enps": 9}),
)


def poll(pulse_id: int, day: int, questions: tuple[Question, ...]) -> PulsePoll:
    opens = START + timedelta(days=day)
    return PulsePoll(pulse_id, "Pulse", questions, ("Alpha", "Beta", "Gamma"), opens,
                     opens + timedelta(days=14), status=PulseStatus.CLOSED)


def closed(questions: tuple[Question, ...], beta: int, alpha: dict[str, int]) -> PulseResults:
    """The results as `pulse results` reads them: teams labelled as the close stores them
    (small teams merged), each team with one more person invited than answered."""
    answered = {"Alpha": 6, "Beta": beta, "Gamma": 5}
    labels = reported_groups(answered, 5)
    counts: dict[tuple[str, str, int], int] = {}
    invited: dict[str, int] = {}
    for team, n in answered.items():
        invited[labels[team]] = invited.get(labels[team], 0) + n + 1
        for q in questions:
            score = (alpha[q.id] if team == "Alpha" else 0 if q.kind is QuestionKind.ENPS
                     else 2 if team == "Beta" else 3)
            key = (labels[team], q.id, score)
            counts[key] = counts.get(key, 0) + n
    return aggregate(questions, Tally(counts), invited, 5)


def trend_for(team: str | None) -> Trend:
    points = []
    for index, (questions, beta, alpha) in enumerate(PULSES):
        p = poll(index + 1, 30 * index, questions)
        results = closed(questions, beta, alpha)
        if includes(p, results, team):
            points.append(point(p, results, team))
    return line_up(team or "Everyone", points)


def test_points_line_up_by_question_id_newest_order_first() -> None:
    trend = trend_for(None)
    assert [p.poll.id for p in trend.points] == [1, 2, 3]
    assert [q.id for q in trend.questions] == ["know", "future"]
    assert [q.id for q in trend.enps] == ["enps"]
    first, second, third = trend.points
    assert first.favourable["know"] == pytest.approx(100 * 6 / 13)
    assert second.favourable == {"know": pytest.approx(100 * 6 / 16),
                                 "future": pytest.approx(100 * 6 / 16)}
    assert "future" not in third.favourable  # not asked in #3: no point, not a zero
    # eNPS: Alpha's promoters against everyone else's detractors.
    assert second.enps == {"enps": round(100 * 6 / 16 - 100 * 10 / 16)}
    assert third.enps == {"enps": round(100 * 6 / 14 - 100 * 8 / 14)}
    assert trend.responses == 13 + 16 + 14


def test_a_team_under_the_threshold_has_no_number_anywhere() -> None:
    trend = trend_for("Beta")
    assert [(p.poll.id, p.shown) for p in trend.points] == [(1, False), (2, True), (3, False)]
    hidden = [p for p in trend.points if not p.shown]
    assert all(p.responses is None and p.invited is None and not p.favourable and not p.enps
               for p in hidden)
    reply = trend_reply(trend)
    (table,) = [b for b in reply.blocks if isinstance(b, Table)]
    assert table.columns == ("Statement", "#1 02 Mar 2026", "#2 01 Apr 2026", "#3 01 May 2026")
    assert table.rows == ((KNOW.text, UNDER, "0%", UNDER), (FUTURE.text, UNDER, "0%", UNDER))
    participation, enps = [b.items for b in reply.blocks if isinstance(b, Bullets)]
    assert participation == ("#1 02 Mar 2026 (Alpha, Beta, Gamma): under the threshold",
                             "#2 01 Apr 2026 (Alpha, Beta, Gamma): 5 of 6 answered (83%)",
                             "#3 01 May 2026 (Alpha, Beta, Gamma): under the threshold")
    assert enps == ("#2 01 Apr 2026: -100 (n=5)", "#3 01 May 2026: under the threshold")
    rows = csv_rows(trend)
    under = [r for r in rows if r[0] in ("1", "3")]
    assert len(under) == 2
    for row in under:  # pulse id, dates and group, then nothing but the words
        assert row[4:] == ("", "", "", "", "", UNDER, "", "")
    assert {r[4] for r in rows if r[0] == "2"} == {"know", "future", "enps"}
    # A negative score is a number for the CSV (csv_row would quote the text "-100").
    assert [r[8] for r in rows if r[4] == "enps"] == [-100]
    # The title counts only the responses the results showed for Beta.
    assert trend_picture(trend).title == ("Pulse trend: Beta, 02 Mar 2026 to 15 May 2026, "
                                          "5 responses")


def test_a_team_not_asked_is_left_out_and_everyone_is_in_every_pulse() -> None:
    assert len(trend_for("Delta").points) == 0
    assert len(trend_for(None).points) == 3


def test_a_pulse_with_too_few_answers_overall_is_under_the_threshold_for_everyone() -> None:
    few = closed((KNOW,), 0, {"know": 5})  # Alpha's 6 (all 5) and Gamma's 5 (all 3): shown
    nothing = aggregate((KNOW,), Tally({(MERGED, "know", 5): 4}), {MERGED: 9}, 5)  # 4 in all
    trend = line_up("Everyone", [point(poll(1, 0, (KNOW,)), few, None),
                                 point(poll(2, 30, (KNOW,)), nothing, None)])
    assert [p.shown for p in trend.points] == [True, False]
    assert trend.responses == 11
    assert [r[1:] for r in table_rows(trend)] == [("55%", UNDER)]  # 6 of 11 favourable


def table_rows(trend: Trend) -> tuple[tuple[str, ...], ...]:
    (table,) = [b for b in trend_reply(trend).blocks if isinstance(b, Table)]
    return table.rows


def lines(axes: Axes) -> dict[str, Line2D]:
    return {str(line.get_gid()): line for line in axes.get_lines() if line.get_gid()}


def ys(line: Line2D) -> list[float | None]:
    values = [float(v) for v in line.get_ydata()]  # type: ignore[union-attr, arg-type]
    return [None if isnan(v) else round(v, 3) for v in values]


def test_the_chart_holds_the_trend() -> None:
    trend = trend_for("Beta")
    picture = trend_picture(trend)
    figure = charts.picture_figure(picture)
    top, bottom = figure.axes
    assert top.get_ylim() == (0, 100) and bottom.get_ylim() == (-100, 100)
    assert top.get_yticklabels()[-1].get_text() == "100%"
    drawn = lines(top)
    assert set(drawn) == {"know", "future", "participation"}
    assert ys(drawn["know"]) == [None, 0.0, None]
    assert ys(drawn["participation"]) == [None, round(100 * 5 / 6, 3), None]
    assert list(drawn["know"].get_xdata()) == [  # type: ignore[arg-type]
        date2num(p.poll.opens_at) for p in trend.points]  # type: ignore[no-untyped-call]
    assert ys(lines(bottom)["enps"]) == [None, -100.0, None]
    words = [t.get_text() for t in top.texts]
    assert words.count("under the\nthreshold") == 2
    assert "83%" in words and "0% know" in words and "0% future" in words
    assert "-100" in [t.get_text() for t in bottom.texts]
    assert [t.get_text() for t in bottom.get_xticklabels()] == [
        "#1\n02 Mar 2026", "#2\n01 Apr 2026", "#3\n01 May 2026"]
    assert figure.get_suptitle() == picture.title
    legend = bottom.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "I know what my career track looks like", "I can see a future for myself here",
        "Participation (answered of invited)", "eNPS: How likely are you to recommend us?"]
    assert charts.to_png(figure).startswith(b"\x89PNG")


def test_everyone_s_enps_is_drawn_on_its_own_axis_with_value_labels() -> None:
    figure = charts.picture_figure(trend_picture(trend_for(None)))
    top, bottom = figure.axes
    assert ys(lines(bottom)["enps"]) == [None, -25.0, -14.0]
    assert {"-25", "-14"} <= {t.get_text() for t in bottom.texts}
    assert "under the\nthreshold" not in [t.get_text() for t in top.texts]
    assert ys(lines(top)["future"])[2] is None  # not asked in #3


def test_no_closed_pulse_is_one_sentence_and_a_notice() -> None:
    reply = trend_reply(line_up("Alpha", []))
    assert [type(b) for b in reply.blocks] == [Text]
    assert "No pulse for Alpha has closed yet" in reply.text
    figure = charts.trend_figure("Trend", "", line_up("Alpha", []))
    assert [t.get_text() for t in figure.axes[0].texts] == ["No closed pulse yet"]


def test_chat_shows_the_latest_pulses_and_the_csv_all_of_them() -> None:
    questions, beta, alpha = PULSES[1]
    points = [point(poll(n, 14 * n, questions), closed(questions, beta, alpha), None)
              for n in range(1, MAX_SHOWN + 3)]
    trend = line_up("Everyone", points)
    reply = trend_reply(trend)
    (table,) = [b for b in reply.blocks if isinstance(b, Table)]
    assert len(table.columns) == 1 + MAX_SHOWN and table.columns[1].startswith("#3 ")
    assert any(isinstance(b, Caption) and f"the latest {MAX_SHOWN}" in b.text
               for b in reply.blocks)
    (picture,) = [b for b in reply.blocks if isinstance(b, Picture)]
    assert isinstance(picture.data, Trend) and len(picture.data.points) == MAX_SHOWN
    assert {r[0] for r in csv_rows(trend)} == {str(n) for n in range(1, MAX_SHOWN + 3)}
    assert re.search(r"\b14 closed pulses\b", reply.text)
    # Drawn: the dates upright would run into each other, and so would a value over every point.
    top, bottom = charts.picture_figure(picture).axes
    assert {t.get_rotation() for t in bottom.get_xticklabels()} == {90}
    assert [t.get_text() for t in bottom.get_xticklabels()][0] == table.columns[1]
    written = [t for t in top.texts if isinstance(t, Annotation)]  # participation's values
    assert 0 < len(written) <= 7
    assert written[-1].xy[0] == date2num(picture.data.points[-1].poll.opens_at)  # type: ignore[no-untyped-call]


def test_a_team_under_the_threshold_in_every_pulse_gets_no_picture() -> None:
    questions, _, alpha = PULSES[0]
    trend = line_up("Beta", [point(poll(1, 0, questions), closed(questions, 2, alpha), "Beta")])
    reply = trend_reply(trend)
    assert not [b for b in reply.blocks if isinstance(b, Picture)]
    assert UNDER in reply.text and not re.search(r"\d%", reply.text)
    figure = charts.trend_figure("Trend", "", trend)
    assert [t.get_text() for t in figure.axes[0].texts] == [
        "Beta was under the threshold in every pulse: no figure to draw"]
