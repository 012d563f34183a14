"""Every chart HR can get, as the Pictures chat makes from aggregated answers, in the shapes that
strain a layout: 1, 3 and 7 statements (long ones, a 0% and a 100% segment), heatmaps of 3 and 10
groups with long team names and the merged small teams, eNPS all promoters / all detractors /
score 0, 2 and 6 choices (a long one), trends of 2, 6 and 24 pulses with a gap and eNPS.
`python -m tests.hr.chart_samples DIR` writes them as PNGs to look at."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.pulses.messages import results_reply, team_reply
from bot.pulses.rules import (
    MERGED,
    PulsePoll,
    PulseResults,
    PulseStatus,
    Question,
    QuestionKind,
    Submission,
    aggregate,
    default_questions,
    tally_of,
)
from bot.pulses.trend import Trend, TrendPoint
from bot.pulses.trend_messages import trend_picture
from bot.reply import Picture

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
LONG = Question("long", "My manager and I have agreed, in writing, on the two or three "
                "competencies I should grow next to reach the next level of my track, and when.")
TEAMS_LONG = ("Platform Engineering", "Customer Success EMEA", "Data & Analytics Platform",
              "Mobile Apps (iOS and Android)", "Infrastructure Reliability", "Payments Core",
              "Design Systems", "People Operations", "Security Engineering", "Tiny")
ENPS = Question("enps", "How likely are you to recommend working here to a friend?",
                QuestionKind.ENPS)
CHOICES_6 = Question("often", "How often do you look at your career track?", QuestionKind.CHOICE,
                     ("Every week", "Every month", "Every quarter, when I prepare my "
                      "one-to-one with my manager", "Twice a year", "Once a year",
                      "Hardly ever"))
CHOICES_2 = Question("clear", "Is your next level clear to you?", QuestionKind.CHOICE,
                     ("Yes", "No"))


def _poll(questions: tuple[Question, ...], teams: tuple[str, ...], number: int = 4,
          opens: datetime = NOW) -> PulsePoll:
    return PulsePoll(number, "Spring pulse", questions, teams, opens, opens + timedelta(days=14),
                     status=PulseStatus.CLOSED)


def _results(questions: tuple[Question, ...], answers: list[Submission],
             teams: dict[str, int]) -> PulseResults:
    return aggregate(questions, tally_of(answers), teams, 5)


def distributions(count: int) -> Picture:
    """`count` statements (the first one long); the first all 5s (a 100% segment, four 0%),
    the others spread out."""
    questions = (LONG, *default_questions())[:count]
    answers = [Submission("Alpha", {q.id: 5 if i == 0 else 1 + (n + i) % 5
                                    for i, q in enumerate(questions)}) for n in range(12)]
    poll = _poll(questions, ("Alpha",))
    reply = results_reply(poll, _results(questions, answers, {"Alpha": 14}))
    [picture] = [b for b in reply.blocks if isinstance(b, Picture)]
    return picture


def heatmap(teams: int) -> Picture:
    """`teams` teams of long names, 6 answers each (every team reported: 3 teams), or with the
    last two under the threshold, 3 answers each, stored together as MERGED at close (10
    teams)."""
    names = TEAMS_LONG[:teams]
    small = set(names[-2:]) if teams > 3 else set()
    questions = default_questions()
    answers = [Submission(MERGED if t in small else t,
                          {q.id: 1 + (i + n + len(q.id)) % 5 for q in questions})
               for i, t in enumerate(names) for n in range(3 if t in small else 6)]
    sizes = {t: 8 for t in names if t not in small} | ({MERGED: 8} if small else {})
    poll = _poll(questions, names)
    reply = team_reply(poll, _results(questions, answers, sizes))
    [picture] = [b for b in reply.blocks if isinstance(b, Picture)]
    return picture


def typed(question: Question, scores: list[int]) -> Picture:
    answers = [Submission("Alpha", {question.id: s}) for s in scores]
    poll = _poll((question,), ("Alpha",))
    reply = results_reply(poll, _results((question,), answers, {"Alpha": len(scores) + 2}))
    [picture] = [b for b in reply.blocks if isinstance(b, Picture)]
    return picture


# every answer 10 (a 100% bar, its label inside) or 0 (where a legend in the axes would sit)
ENPS_CASES = {"promoters": [10] * 10, "detractors": [0] * 10,
              "zero": [10, 9, 9, 6, 5, 0, 7, 8, 8, 7]}
CHOICE_CASES = {"2": (CHOICES_2, [1] * 8 + [2] * 2),  # 80%: its label inside the bar
                "6": (CHOICES_6, [1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 6])}


def trend(count: int, *, gap: bool = True, enps: bool = True) -> Picture:
    """Monthly pulses (fortnightly past 6) for Alpha; with `gap`, Alpha under the threshold in
    the second; eNPS asked from the second pulse on."""
    questions = default_questions()
    step = 30 if count <= 6 else 14
    points = []
    for n in range(1, count + 1):
        asked = (*questions, ENPS) if enps and n > 1 else questions
        poll = _poll(asked, ("Alpha", "Beta"), n, NOW + timedelta(days=step * (n - 1)))
        shown = not (gap and n == 2)
        favourable = {q.id: float((20 + 11 * i + 7 * n) % 101) for i, q in enumerate(questions)}
        scores = {ENPS.id: (n * 37) % 201 - 100} if enps and n > 1 else {}
        points.append(TrendPoint(poll, shown, 6 + n % 3 if shown else None, 9 if shown else None,
                                 favourable if shown else {}, scores if shown else {}))
    return trend_picture(Trend("Alpha", tuple(points), questions, (ENPS,) if enps else (), 5))


def every_sample() -> dict[str, Picture]:
    samples = {f"distribution-{n}": distributions(n) for n in (1, 3, 7)}
    samples |= {f"heatmap-{n}": heatmap(n) for n in (3, 10)}
    samples |= {f"enps-{name}": typed(ENPS, scores) for name, scores in ENPS_CASES.items()}
    samples |= {f"choice-{name}": typed(q, scores) for name, (q, scores) in CHOICE_CASES.items()}
    samples |= {f"trend-{n}": trend(n) for n in (2, 6, 24)}
    return samples


def main(folder: str) -> None:
    from adapters.charts import picture_figure, to_png

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, picture in every_sample().items():
        (out / f"{name}.png").write_bytes(to_png(picture_figure(picture)))
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/charts")
