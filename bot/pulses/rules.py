"""Pulse polls: the default questions and the anonymity rules on results (aggregation from
counts, threshold suppression, complementary suppression of team breakdowns, participation only
while a pulse is open). Pure, no I/O."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.pulses.rules_types import ChoiceStats, EnpsStats

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
MAX_THRESHOLD = 10
NO_TEAM = "(no team)"
# The one label a closed pulse keeps for every team too small to be reported on its own.
MERGED = "(smaller teams together)"
# Said to someone who answered in full under a server secret that has since changed.
KEY_CHANGED = ("Your answers to this pulse were saved before the server's secret key changed, "
               "so they can no longer be changed; they still count.")
# Said wherever a pulse would open or take an answer without the server secret.
NO_SECRET_KEY = ("Pulses cannot open or take answers: CAREERBOT_SECRET_KEY is not set; put a "
                 "long random value in the environment or .env, e.g. the output of "
                 "python -c \"import secrets; print(secrets.token_hex(32))\".")

DEFAULT_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("know", "I know what my career track looks like."),
    ("find", "I can get to my track whenever I need it."),
    ("plan", "My track helps me plan how I grow."),
    ("clear", "My track is clear, and I can tell where I stand against it."),
    ("manager", "My track makes conversations with my manager more useful."),
    ("values", "My track reflects what our company values."),
    ("future", "I can see a future for myself here."),
)


class PulseStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class QuestionKind(StrEnum):
    """How a question is answered: 1-5 agreement (scores 1-5), eNPS (0-10, reported as % promoters
    minus % detractors), or one of `choices` (scores 1..len(choices), the choice's position)."""

    AGREE = "agree"
    ENPS = "enps"
    CHOICE = "choice"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: QuestionKind = QuestionKind.AGREE
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class PulsePoll:
    """A pulse: `audience` is a tuple of team names (empty = everyone)."""

    id: int
    title: str
    questions: tuple[Question, ...]
    audience: tuple[str, ...]
    opens_at: datetime
    closes_at: datetime
    threshold: int = DEFAULT_THRESHOLD
    status: PulseStatus = PulseStatus.SCHEDULED
    rollout_id: int | None = None
    reminder_days: tuple[int, ...] = (3, 5)
    series_id: int | None = None  # a run of a recurring pulse (bot/pulses/series.py)

    @property
    def audience_label(self) -> str:
        return ", ".join(self.audience) if self.audience else "everyone"


def default_questions() -> tuple[Question, ...]:
    return tuple(Question(qid, text) for qid, text in DEFAULT_QUESTIONS)


class PulseError(ValueError):
    """Bad input for a pulse change; the message is a sentence for the person."""


def check_threshold(new: int, current: int | None = None, status: PulseStatus | None = None) -> int:
    """The threshold to store. Allowed 3-10; once a pulse is open it may only go up."""
    if not MIN_THRESHOLD <= new <= MAX_THRESHOLD:
        raise PulseError(f"The anonymity threshold must be between {MIN_THRESHOLD} and "
                         f"{MAX_THRESHOLD}.")
    if current is not None and status not in (None, PulseStatus.SCHEDULED) and new < current:
        raise PulseError(f"This pulse is already open: its threshold can be raised but never "
                         f"lowered below {current}.")
    return new


@dataclass(frozen=True)
class Recipient:
    """Who received a pulse, their team when it opened, and whether they answered everything."""

    person_id: int
    team: str
    complete: bool = False


@dataclass(frozen=True)
class Submission:
    """One complete response as stored: no person, no time. `scores` maps question id -> score
    (1-5 agreement, 0-10 eNPS, 1..N choice)."""

    team: str
    scores: Mapping[str, int]


@dataclass(frozen=True)
class QuestionStats:
    question: Question
    mean: float
    distribution: tuple[int, int, int, int, int]
    favourable: float  # share of 4-5, in percent


@dataclass(frozen=True)
class GroupResult:
    """A group's results; `stats` is empty and `shown` False when it is suppressed. While a
    pulse is open `stats` is always empty: `responses` is then how many have answered. `stats`
    holds the 1-5 statements only; eNPS and choice questions are in `enps` and `choices`."""

    name: str
    shown: bool
    responses: int | None  # None when suppressed
    recipients: int
    stats: tuple[QuestionStats, ...] = ()
    enps: tuple[EnpsStats, ...] = ()
    choices: tuple[ChoiceStats, ...] = ()
    comments: tuple[str, ...] = ()  # a team's own, only when shown on its own (rules_comments)

    @property
    def participation(self) -> float | None:
        if self.responses is None or not self.recipients:
            return None
        return 100.0 * self.responses / self.recipients

    @property
    def favourable(self) -> float | None:
        """Favourable % over every answer of the group."""
        if not self.stats:
            return None
        total = sum(sum(s.distribution) for s in self.stats)
        good = sum(s.distribution[3] + s.distribution[4] for s in self.stats)
        return 100.0 * good / total if total else None


@dataclass(frozen=True)
class PulseResults:
    """`answered` is set only while a pulse is open: how many have answered every question. The
    groups then carry participation only (no stats) and there are no comments."""

    overall: GroupResult
    teams: tuple[GroupResult, ...]
    comments: tuple[str, ...] = field(default_factory=tuple)
    threshold: int = DEFAULT_THRESHOLD
    answered: int | None = None


@dataclass(frozen=True)
class Turnout:
    """How many of a team received a pulse, and how many of them have answered every question."""

    team: str
    invited: int
    answered: int


@dataclass(frozen=True)
class Tally:
    """A closed pulse's answers as counts, never as submissions: `counts` maps (team, question
    id, score) to how many answered so. Every submission counted answered every question
    (a closed pulse keeps complete submissions only). `comments` are theirs, in no order;
    `grouped` the same comments by the label they were stored under at close (a comment closed
    before comments were labelled is in `comments` only: it counts for everyone)."""

    counts: Mapping[tuple[str, str, int], int] = field(default_factory=dict)
    comments: tuple[str, ...] = ()
    grouped: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def tally_of(submissions: Sequence[Submission], comments: Sequence[str] = ()) -> Tally:
    """The tally of complete submissions (what storage counts with one grouped query)."""
    counts = Counter((s.team, q, score) for s in submissions for q, score in s.scores.items())
    return Tally(dict(counts), tuple(comments))


def question_stats(questions: Sequence[Question],
                   counts: Mapping[tuple[str, int], int]) -> tuple[QuestionStats, ...]:
    """Mean, 1-5 distribution and favourable share of each question, from (question id, score)
    -> how many."""
    out = []
    for q in questions:
        dist = tuple(counts.get((q.id, score), 0) for score in range(1, 6))
        n = sum(dist)
        out.append(QuestionStats(
            q, mean=sum(score * k for score, k in enumerate(dist, start=1)) / n if n else 0.0,
            distribution=(dist[0], dist[1], dist[2], dist[3], dist[4]),
            favourable=100.0 * (dist[3] + dist[4]) / n if n else 0.0))
    return tuple(out)


def hidden_groups(counts: Mapping[str, int], threshold: int) -> set[str]:
    """Groups whose numbers must not be shown, given the overall total is shown.

    Every group below the threshold is hidden; then, while the hidden groups together hold
    fewer than `threshold` responses (so total minus the shown groups would reveal them), the
    smallest shown group is hidden too. Groups with no responses reveal nothing."""
    hidden = {g for g, n in counts.items() if 0 < n < threshold}
    shown = sorted((n, g) for g, n in counts.items() if n >= threshold)
    while hidden and sum(counts[g] for g in hidden) < threshold and shown:
        hidden.add(shown.pop(0)[1])
    return hidden


def reported_groups(answered: Mapping[str, int], threshold: int) -> dict[str, str]:
    """Team -> the label a closed pulse stores it under: its own name when results may show it
    (at or above the threshold and not hidden by the next-smallest rule), else MERGED. Teams
    with nobody answering are merged too, so no small team's label (and so no lone person's
    participation) reaches the closed data."""
    hidden = hidden_groups(answered, threshold)
    return {team: team if n >= threshold and team not in hidden else MERGED
            for team, n in answered.items()}


def participation(turnout: Sequence[Turnout], threshold: int) -> PulseResults:
    """What HR sees while a pulse is open: how many have answered, overall and per team at or
    above the threshold (small teams folded as in `aggregate`, so no team's count follows by
    subtraction). Never a score or a comment: scores and comments appear once, at close, so no
    look while open can be compared with the final results to single anyone out."""
    answered = {t.team: t.answered for t in turnout}
    total = sum(answered.values())
    hidden = hidden_groups(answered, threshold)
    teams = []
    for t in sorted(turnout, key=lambda t: t.team):
        show = t.team not in hidden and t.answered >= threshold
        teams.append(GroupResult(t.team or NO_TEAM, show, t.answered if show else None,
                                 t.invited))
    overall = GroupResult("Everyone", True, total, sum(t.invited for t in turnout))
    return PulseResults(overall, tuple(teams), (), threshold, answered=total)


def aggregate(questions: Sequence[Question], tally: Tally, recipients: Mapping[str, int],
              threshold: int) -> PulseResults:
    """Final results obeying the anonymity rule: nothing about fewer than `threshold` responses.

    `recipients` maps team -> audience size. A team's responses are its answers to any one
    question (see Tally). Comments appear only when the overall total reaches the threshold, a
    team's own only for a team shown on its own, each time in a new random order
    (rules_comments)."""
    by_team: defaultdict[str, Counter[tuple[str, int]]] = defaultdict(Counter)
    everyone: Counter[tuple[str, int]] = Counter()
    counts = dict.fromkeys(recipients, 0)
    first = questions[0].id if questions else ""
    for (team, qid, score), n in tally.counts.items():
        by_team[team][(qid, score)] += n
        everyone[(qid, score)] += n
        counts[team] = counts.get(team, 0) + (n if qid == first else 0)
    total = sum(counts.values())
    overall_shown = total >= threshold
    overall = _group("Everyone", overall_shown, total, sum(recipients.values()), questions,
                     everyone)
    hidden = hidden_groups(counts, threshold) if overall_shown else set(counts)
    teams = []
    for team in sorted(counts):
        show = team not in hidden and counts[team] >= threshold
        teams.append(_group(team or NO_TEAM, show, counts[team], recipients.get(team, 0),
                            questions, by_team[team]))
    from bot.pulses.rules_comments import shuffled, with_comments  # builds on GroupResult
    kept = shuffled(tally.comments) if overall_shown else ()
    return PulseResults(overall, with_comments(teams, tally.grouped), kept, threshold)


def _group(name: str, show: bool, responses: int, recipients: int,
           questions: Sequence[Question], counts: Mapping[tuple[str, int], int]) -> GroupResult:
    """A closed group's result: every number when shown, none when suppressed."""
    if not show:
        return GroupResult(name, False, None, recipients)
    # imported when called: rules_types builds on the Question defined here
    from bot.pulses.rules_types import agreement, typed_stats
    enps, choices = typed_stats(questions, counts)
    return GroupResult(name, True, responses, recipients,
                       question_stats(agreement(questions), counts), enps, choices)
