"""Our question bank: pulse questions written for a career-tracks rollout, grouped by theme,
with fixed ids (`clarity-1`, `enps`...) so the same question lines up across pulses. Pure data
and lookup; HR's own saved questions live in the database (bot/pulses/saved_questions.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.pulses.rules import Question, QuestionKind, default_questions


@dataclass(frozen=True)
class Theme:
    name: str
    questions: tuple[Question, ...]


def _agree(qid: str, text: str) -> Question:
    return Question(qid, text, QuestionKind.AGREE)


ENPS = Question("enps", "How likely are you to recommend working here to a friend?",
                QuestionKind.ENPS)
GROWTH_PATH = Question(
    "growth-path", "Which growth path interests you most right now?", QuestionKind.CHOICE,
    ("Deeper expertise in my field", "Leading people", "Moving to another track", "Not sure yet"))

BANK: tuple[Theme, ...] = (
    Theme("Clarity of the track", (
        _agree("clarity-1", "I understand what is expected of me at my current level."),
        _agree("clarity-2", "I know what I would need to show to reach the next level."),
        _agree("clarity-3", "The words in my track describe work I actually do."),
        _agree("clarity-4", "I know where to find my track when I need it."),
    )),
    Theme("Manager support", (
        _agree("manager-1", "My manager and I talk about my growth at least once a month."),
        _agree("manager-2", "My manager gives me feedback I can act on against my track."),
        _agree("manager-3", "My manager and I see my readiness for the next level the same "
                            "way."),
        _agree("manager-4", "My manager helps me find work that stretches me towards the next "
                            "level."),
    )),
    Theme("Growth opportunities", (
        _agree("growth-1", "I have had the chance to learn something new in the last three "
                           "months."),
        _agree("growth-2", "There is a realistic next step for me here."),
        _agree("growth-3", "I can grow here without having to manage people."),
        _agree("growth-4", "I have a development plan I am working on."),
        GROWTH_PATH,
    )),
    Theme("Fairness", (
        _agree("fairness-1", "Promotions here are decided on the same criteria for everyone."),
        _agree("fairness-2", "People at the same level are held to the same expectations."),
        _agree("fairness-3", "I understand how promotion decisions are made."),
        _agree("fairness-4", "I could raise a concern about my level without it counting "
                             "against me."),
    )),
    Theme("Recommendation (eNPS)", (ENPS,)),
)

# Every new pulse starts with these (bot/pulses/rules.DEFAULT_QUESTIONS); listed with the bank
# so a statement taken out of a pulse can be put back by its id.
DEFAULTS = Theme("In every new pulse", default_questions())


# The bank's own ids: a pulse takes these questions as written (their wording is what trends
# compare across pulses), unlike the default statements, which HR may reword per pulse.
BANK_IDS = frozenset(q.id for theme in BANK for q in theme.questions)


def themes() -> tuple[Theme, ...]:
    """The default statements first, then the bank by theme."""
    return (DEFAULTS, *BANK)


def bank_question(question_id: str) -> Question | None:
    """The bank's (or a default) question with that id (any case); None when it has none. These
    ids are ours: HR can't save a question of their own under one."""
    key = question_id.casefold()
    return next((q for theme in themes() for q in theme.questions if q.id == key), None)
