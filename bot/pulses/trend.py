"""Pulse trends: for everyone or one team, each statement's favourable %, participation and the
eNPS score across closed pulses, lined up by question id. Every figure is one a single pulse's
results already show (rules.aggregate): a pulse where the team was not reported on its own is
"under the threshold", never a number, so no trend can be subtracted from another view.
`group_trend` reads the pulses through the ports; the rest is pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.ports import UnitOfWork
from bot.pulses.rules import (
    GroupResult,
    PulsePoll,
    PulseResults,
    PulseStatus,
    Question,
    QuestionKind,
)
from bot.pulses.service import known_teams, results_of

EVERYONE = "Everyone"
UNDER = "under the threshold"
EVERYONE_WORDS = ("everyone", "all", "organisation")


@dataclass(frozen=True)
class TrendPoint:
    """One closed pulse for the group. `shown` False: the group was under the threshold (or
    merged with other small teams), and every number is None or empty."""

    poll: PulsePoll
    shown: bool
    responses: int | None
    invited: int | None
    favourable: Mapping[str, float]  # statement id -> favourable (4-5) %
    enps: Mapping[str, int]  # eNPS question id -> score (-100..100)

    @property
    def participation(self) -> float | None:
        if self.responses is None or not self.invited:
            return None
        return 100.0 * self.responses / self.invited


@dataclass(frozen=True)
class Trend:
    """`points` oldest first; `questions` the 1-5 statements and `enps` the eNPS questions met
    in any of them, newest wording, in the newest pulse's order."""

    group: str
    points: tuple[TrendPoint, ...]
    questions: tuple[Question, ...]
    enps: tuple[Question, ...]
    threshold: int  # the highest threshold among the pulses (for the caption)

    @property
    def responses(self) -> int:
        """Responses over every shown point (each one a figure its pulse's results show)."""
        return sum(p.responses or 0 for p in self.points if p.shown)

    @property
    def first(self) -> datetime | None:
        return self.points[0].poll.opens_at if self.points else None

    @property
    def last(self) -> datetime | None:
        return self.points[-1].poll.closes_at if self.points else None


def _group(results: PulseResults, team: str | None) -> GroupResult | None:
    """The group of the results the trend follows, when the results show it on its own."""
    if team is None:
        found: GroupResult | None = results.overall
    else:
        found = next((g for g in results.teams if g.name.casefold() == team.casefold()), None)
    return found if found is not None and found.shown and found.responses is not None else None


def point(poll: PulsePoll, results: PulseResults, team: str | None) -> TrendPoint:
    """The pulse's figures for everyone (`team` None) or the team, as its results show them."""
    group = _group(results, team)
    if group is None:
        return TrendPoint(poll, False, None, None, {}, {})
    return TrendPoint(poll, True, group.responses, group.recipients,
                      {s.question.id: s.favourable for s in group.stats},
                      {e.question.id: e.score for e in group.enps})


def includes(poll: PulsePoll, results: PulseResults, team: str | None) -> bool:
    """Whether the team was asked in the pulse (everyone was in every pulse)."""
    if team is None or not poll.audience:
        return True
    key = team.casefold()
    return (any(t.casefold() == key for t in poll.audience)
            or any(g.name.casefold() == key for g in results.teams))


def _lined_up(points: Sequence[TrendPoint], kind: QuestionKind) -> tuple[Question, ...]:
    """The questions of `kind` the pulses asked, by id: the newest pulse's order and wording,
    then ids only older pulses asked."""
    by_id: dict[str, Question] = {}
    for p in reversed(points):
        for q in p.poll.questions:
            if q.kind is kind:
                by_id.setdefault(q.id, q)
    return tuple(by_id.values())


def line_up(group: str, points: Sequence[TrendPoint]) -> Trend:
    """The trend of `points` (any order; sorted oldest first)."""
    ordered = tuple(sorted(points, key=lambda p: (p.poll.opens_at, p.poll.id)))
    return Trend(group, ordered, _lined_up(ordered, QuestionKind.AGREE),
                 _lined_up(ordered, QuestionKind.ENPS),
                 max((p.poll.threshold for p in ordered), default=0))


async def trend_team(uow: UnitOfWork, name: str) -> str | None:
    """The team a trend is for, as the people file (or a past pulse's audience) spells it;
    None for everyone. Raises PulseError naming an unknown team, with the closest name."""
    if not name.strip() or name.strip().casefold() in EVERYONE_WORDS:
        return None
    past = [t for p in await uow.pulses.pulses() if p.status == PulseStatus.CLOSED
            for t in p.audience]
    (team,) = await known_teams(uow, [name], also=past)
    return team


async def group_trend(uow: UnitOfWork, team: str | None) -> Trend:
    """Every closed pulse the group was in, each read as `pulse results` reads it (one grouped
    query per pulse), so the trend shows nothing those results do not."""
    points = []
    for poll in await uow.pulses.pulses():
        if poll.status != PulseStatus.CLOSED:
            continue
        results = await results_of(uow, poll)
        if includes(poll, results, team):
            points.append(point(poll, results, team))
    return line_up(team or EVERYONE, points)
