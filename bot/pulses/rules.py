"""Pulse polls: the default questions and the anonymity rules on results (aggregation,
threshold suppression, complementary suppression of team breakdowns). Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
MAX_THRESHOLD = 10
NO_TEAM = "(no team)"

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


@dataclass(frozen=True)
class Question:
    id: str
    text: str


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
    """One complete response as stored: no person, no time. `scores` maps question id -> 1..5."""

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
    """A group's results; `stats` is empty and `shown` False when it is suppressed."""

    name: str
    shown: bool
    responses: int | None  # None when suppressed
    recipients: int
    stats: tuple[QuestionStats, ...] = ()

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
    """`answered` is set only for interim results (an open pulse): how many have completed it
    so far, while the figures cover the interim snapshot (see interim_due)."""

    overall: GroupResult
    teams: tuple[GroupResult, ...]
    comments: tuple[str, ...] = field(default_factory=tuple)
    threshold: int = DEFAULT_THRESHOLD
    answered: int | None = None


def interim_due(complete: int, in_snapshot: int, threshold: int) -> bool:
    """Whether an open pulse's interim snapshot is retaken now that `complete` people have
    answered everything: only once `threshold` more have done so since the last one. Results
    shown while a pulse is open therefore never change by fewer than `threshold` people's
    answers, so comparing two looks (e.g. at 5 and at 6 responses) reveals no one."""
    return complete - in_snapshot >= threshold


def question_stats(questions: Sequence[Question],
                   submissions: Sequence[Submission]) -> tuple[QuestionStats, ...]:
    out = []
    for q in questions:
        scores = [s.scores[q.id] for s in submissions if q.id in s.scores]
        dist = tuple(scores.count(n) for n in range(1, 6))
        n = len(scores)
        out.append(QuestionStats(
            q, mean=sum(scores) / n if n else 0.0,
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


def interim(questions: Sequence[Question], snapshot: Sequence[Submission],
            recipients: Mapping[str, int], threshold: int, answered: int) -> PulseResults:
    """Results of an open pulse: the snapshot, for everyone together only (team figures and
    comments wait for the close, as a team could otherwise be compared between snapshots)."""
    results = aggregate(questions, snapshot, recipients, threshold)
    return PulseResults(results.overall, (), (), threshold, answered)


def aggregate(questions: Sequence[Question], submissions: Sequence[Submission],
              recipients: Mapping[str, int], threshold: int,
              comments: Sequence[str] = ()) -> PulseResults:
    """Results obeying the anonymity rule: nothing about fewer than `threshold` responses.

    `recipients` maps team -> audience size. Comments appear only when the overall total
    reaches the threshold, sorted so their order says nothing about who wrote them."""
    total = len(submissions)
    overall_shown = total >= threshold
    overall = GroupResult(
        "Everyone", overall_shown, total if overall_shown else None, sum(recipients.values()),
        question_stats(questions, submissions) if overall_shown else ())
    by_team: dict[str, list[Submission]] = {t: [] for t in recipients}
    for s in submissions:
        by_team.setdefault(s.team, []).append(s)
    counts = {t: len(subs) for t, subs in by_team.items()}
    hidden = hidden_groups(counts, threshold) if overall_shown else set(counts)
    teams = []
    for team in sorted(by_team):
        show = team not in hidden and counts[team] >= threshold
        teams.append(GroupResult(
            team or NO_TEAM, show, counts[team] if show else None, recipients.get(team, 0),
            question_stats(questions, by_team[team]) if show else ()))
    kept = tuple(sorted(c.strip() for c in comments if c.strip())) if overall_shown else ()
    return PulseResults(overall, tuple(teams), kept, threshold)
