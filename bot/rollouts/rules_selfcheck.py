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


# What people type at a question instead of pressing a button, as a 1-5 score: longer phrases
# first ("not really" is not "really"), qualifiers before a bare yes or no ("yes, mostly" is 4).
_PHRASES: tuple[tuple[str, int], ...] = (
    ("strongly disagree", 1), ("not at all", 1), ("not important", 1),
    ("strongly agree", 5), ("very important", 5),
    ("not really", 2), ("not much", 2), ("not yet", 1), ("a little", 2),
    ("sort of", 3), ("kind of", 3), ("so so", 3),
)
_QUALIFIERS: dict[str, int] = {
    "never": 1, "none": 1,
    "rarely": 2, "hardly": 2, "barely": 2, "disagree": 2, "minor": 2, "slightly": 2,
    "somewhat": 3, "partly": 3, "partially": 3, "sometimes": 3, "neutral": 3, "maybe": 3,
    "half": 3, "useful": 3,
    "mostly": 4, "largely": 4, "usually": 4, "often": 4, "agree": 4, "important": 4,
    "always": 5, "definitely": 5, "absolutely": 5, "fully": 5, "completely": 5,
    "essential": 5, "totally": 5,
}
_YES = frozenset({"yes", "yeah", "yep", "yup", "y", "sure", "true", "correct", "we do"})
_NO = frozenset({"no", "nope", "n", "nah", "false", "we dont"})
UNDERSTOOD = ("a number from 1 to 5, or words such as yes, mostly, somewhat, not really or no")


def typed_score(kind: str, text: str) -> int | None:
    """A typed answer to a question of `kind` (yesno, rating, importance): 1 or 0 for yes/no,
    1-5 for the others; None when it says neither (the question is asked again)."""
    words = " ".join("".join(c if c.isalnum() else " " for c in text.casefold()
                             .replace("'", "")).split())
    if not words:
        return None
    score: int | None = None
    if words in {"1", "2", "3", "4", "5"}:
        if kind == "yesno":
            return None  # is 1 yes or no? ask again
        score = int(words)
    if score is None:
        padded = f" {words} "
        score = next((s for p, s in _PHRASES if f" {p} " in padded), None)
    tokens = words.split()
    if score is None:
        score = next((_QUALIFIERS[t] for t in tokens if t in _QUALIFIERS), None)
    if score is None and (words in _YES or tokens[0] in _YES):
        score = 5
    if score is None and (words in _NO or tokens[0] in _NO):
        score = 1
    if kind != "yesno" or score is None:
        return score
    return 1 if score >= 4 else 0 if score <= 2 else None
