"""Results of the question types beyond 1-5 agreement: eNPS (0-10; % promoters minus %
detractors) and single choice (counts and % per choice). Pure: computed from a group's
(question id, score) -> count, for groups the anonymity rule already shows (rules.aggregate)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.pulses.rules import Question, QuestionKind

ENPS_SCORES = tuple(range(0, 11))
PROMOTER = 9  # 9-10
PASSIVE = 7  # 7-8; 0-6 are detractors
ENPS_LOW = "not at all likely"
ENPS_HIGH = "extremely likely"


def score_range(question: Question) -> tuple[int, int]:
    """The lowest and highest score a question takes: 0-10 for eNPS, 1..N for a choice,
    1-5 for an agreement statement."""
    if question.kind is QuestionKind.ENPS:
        return 0, 10
    if question.kind is QuestionKind.CHOICE:
        return 1, len(question.choices)
    return 1, 5


def check_score(question: Question, score: int) -> str | None:
    """None when `score` is an answer `question` takes, else the sentence saying what it takes."""
    low, high = score_range(question)
    if low <= score <= high:
        return None
    if question.kind is QuestionKind.CHOICE:
        return f"Pick one of the {high} choices (1-{high})."
    return f"Answer with a whole number from {low} to {high}."


@dataclass(frozen=True)
class EnpsStats:
    """`distribution` holds the counts of 0..10; percents are of `responses`; `score` is
    %promoters - %detractors rounded half away from zero to a whole number (-100..100)."""

    question: Question
    distribution: tuple[int, ...]
    responses: int
    promoters: float
    passives: float
    detractors: float
    score: int


@dataclass(frozen=True)
class ChoiceStats:
    """`counts` and `percents` follow the question's choices in order."""

    question: Question
    counts: tuple[int, ...]
    percents: tuple[float, ...]
    responses: int


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def enps_stats(question: Question, counts: Mapping[tuple[str, int], int]) -> EnpsStats:
    dist = tuple(counts.get((question.id, s), 0) for s in ENPS_SCORES)
    n = sum(dist)
    promoters = _percent(sum(dist[PROMOTER:]), n)
    passives = _percent(sum(dist[PASSIVE:PROMOTER]), n)
    detractors = _percent(sum(dist[:PASSIVE]), n)
    return EnpsStats(question, dist, n, promoters, passives, detractors,
                     _whole(promoters - detractors))


def _whole(value: float) -> int:
    """Rounded half away from zero (+22.5 -> +23, -22.5 -> -23): round() would take halves to
    the even number, so 18 promoters and 9 detractors of 40 would read +22."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def choice_stats(question: Question, counts: Mapping[tuple[str, int], int]) -> ChoiceStats:
    found = tuple(counts.get((question.id, s), 0)
                  for s in range(1, len(question.choices) + 1))
    n = sum(found)
    return ChoiceStats(question, found, tuple(_percent(c, n) for c in found), n)


def agreement(questions: Sequence[Question]) -> tuple[Question, ...]:
    """The 1-5 statements (what favourable %, distributions and the heatmap are about)."""
    return tuple(q for q in questions if q.kind is QuestionKind.AGREE)


def typed_stats(questions: Sequence[Question], counts: Mapping[tuple[str, int], int]
                ) -> tuple[tuple[EnpsStats, ...], tuple[ChoiceStats, ...]]:
    """The eNPS and choice results of one shown group, in the pulse's question order."""
    return (tuple(enps_stats(q, counts) for q in questions if q.kind is QuestionKind.ENPS),
            tuple(choice_stats(q, counts) for q in questions if q.kind is QuestionKind.CHOICE))


def enps_text(score: int) -> str:
    """An eNPS score as people read it: signed, except 0 ("eNPS 0", never "+0")."""
    return f"{score:+d}" if score else "0"
