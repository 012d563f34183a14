"""The organisation's self-check (DOMAIN.md): three yes/no questions, current tracks rated 1-5,
benefits rated by importance, and the rule that turns the answers into a stage. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.rollouts.rules import Stage

BASICS: tuple[tuple[str, str], ...] = (
    ("competencies", "Have you written down the competencies you care about?"),
    ("levels", "Have you defined levels for your roles?"),
    ("tracks", "Do you already have career tracks of some kind?"),
)

TRACK_RATINGS: tuple[tuple[str, str], ...] = (
    ("known", "Every employee knows which track they are on"),
    ("access", "People can open their track easily"),
    ("plans", "Tracks shape individual development plans"),
    ("scale", "Tracks keep working as the company grows"),
    ("objective", "Tracks are objective and measurable"),
    ("useful", "Employees and managers find them useful"),
    ("values", "Tracks reflect our values and mission"),
)

BENEFITS: tuple[tuple[str, str], ...] = (
    ("development", "Professional development"),
    ("culture", "Culture"),
    ("recruiting", "Hiring decisions"),
    ("roadmaps", "A roadmap for each employee"),
    ("reviews", "Context for performance reviews"),
    ("retention", "Keeping top talent"),
)

# Ratings that say whether people can find and use tracks at all (an implementation problem)
# rather than whether the tracks themselves are good (a development problem).
_REACH = ("known", "access")


def steps() -> tuple[tuple[str, str, str], ...]:
    """Every question in order, as (kind, id, text); kind is yesno, rating or importance."""
    return (tuple(("yesno", i, t) for i, t in BASICS)
            + tuple(("rating", i, t) for i, t in TRACK_RATINGS)
            + tuple(("importance", i, t) for i, t in BENEFITS))


@dataclass(frozen=True)
class SelfCheckResult:
    stage: Stage
    reason: str
    weakest: tuple[str, ...]
    priorities: tuple[str, ...]


def evaluate(answers: Mapping[str, int]) -> SelfCheckResult:
    """Suggested stage and weakest areas. Yes/no answers are 1 (yes) or 0 (no); ratings 1-5;
    a missing rating counts as 1 (not in place) so gaps are never flattered."""
    has = {key: answers.get(key, 0) == 1 for key, _ in BASICS}
    ratings = {key: answers.get(key, 1) for key, _ in TRACK_RATINGS}
    names = dict(TRACK_RATINGS)
    weakest = tuple(names[k] for k, v in sorted(ratings.items(), key=lambda kv: kv[1])
                    if v < 4)[:3]
    importance = {key: answers.get(key, 0) for key, _ in BENEFITS}
    benefit_names = dict(BENEFITS)
    priorities = tuple(benefit_names[k] for k, v in
                       sorted(importance.items(), key=lambda kv: -kv[1]) if v >= 4)[:3]
    mean = sum(ratings.values()) / len(ratings)
    if not has["competencies"] and not has["levels"]:
        stage, reason = Stage.AWARENESS, "There are no competencies or levels yet."
    elif not has["competencies"] or not has["levels"]:
        stage, reason = Stage.PLANNING, "Either competencies or levels are still missing."
    elif not has["tracks"] or mean < 3:
        stage, reason = (Stage.DEVELOPMENT, "The tracks themselves need drafting or rework.")
    elif min(ratings[k] for k in _REACH) < 3:
        stage, reason = (Stage.IMPLEMENTATION,
                         "The tracks exist, but people don't know them or can't reach them.")
    elif min(ratings.values()) < 3:
        stage, reason = Stage.TRAINING, "Tracks are known, but not yet used well in practice."
    else:
        stage, reason = Stage.MEASURING, "Tracks are in place: measure and keep improving."
    return SelfCheckResult(stage, reason, weakest, priorities)
