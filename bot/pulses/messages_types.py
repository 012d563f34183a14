"""What eNPS and single-choice questions look like: their answering scale in the invitation, and
their results as text and pictures (the numbers of bot/pulses/rules_types). Pure."""

from __future__ import annotations

from collections.abc import Sequence

from bot.pulses.rules import GroupResult, PulsePoll, Question, QuestionKind
from bot.pulses.rules_types import (
    ENPS_HIGH,
    ENPS_LOW,
    ChoiceStats,
    EnpsStats,
    enps_text,
)
from bot.reply import AGREEMENT_LABELS, Block, Bullets, Picture, Scale, Text

# The ends carry words; the numbers between say enough on a button.
ENPS_LABELS = (ENPS_LOW.capitalize(), *([""] * 9), ENPS_HIGH.capitalize())
ENPS_HINT = f"0 = {ENPS_LOW}, 10 = {ENPS_HIGH}"


def question_text(number: int, question: Question) -> Text:
    """The question as the invitation shows it above its buttons (eNPS with its 0-10 hint)."""
    hint = f" ({ENPS_HINT})" if question.kind is QuestionKind.ENPS else ""
    return Text(f"**{number}. {question.text}**{hint}")


def question_scale(poll_id: int, question: Question, selected: int | None) -> Scale:
    """The buttons answering one question: 1-5 agreement, 0-10 for eNPS, or its choices."""
    value = {"p": str(poll_id), "q": question.id}
    if question.kind is QuestionKind.ENPS:
        return Scale("pulse.answer", value, ENPS_LABELS, selected, first=0)
    if question.kind is QuestionKind.CHOICE:
        return Scale("pulse.answer", value, question.choices, selected)
    return Scale("pulse.answer", value, AGREEMENT_LABELS, selected)


def enps_line(stats: EnpsStats) -> str:
    """`eNPS +23 (45% promoters, 33% passives, 22% detractors, n=40)`."""
    return (f"eNPS {enps_text(stats.score)} ({stats.promoters:.0f}% promoters, "
            f"{stats.passives:.0f}% passives, {stats.detractors:.0f}% detractors, "
            f"n={stats.responses})")


def enps_spread(stats: EnpsStats) -> str:
    """The 0-10 distribution as counts: `0-10: 0 / 0 / 1 / ... / 5`."""
    return "0-10: " + " / ".join(str(c) for c in stats.distribution)


def choice_lines(stats: ChoiceStats) -> str:
    """Each choice with its count and %, in the question's order."""
    parts = [f"{label}: {count} ({percent:.0f}%)" for label, count, percent
             in zip(stats.question.choices, stats.counts, stats.percents, strict=True)]
    return f"{stats.question.text} (n={stats.responses})\n  " + "\n  ".join(parts)


def typed_blocks(group: GroupResult, subtitle: str) -> tuple[Block, ...]:
    """A shown group's eNPS and choice results: text, then a picture of each (nothing for a
    suppressed group). `subtitle` says the group, dates and responses on the pictures."""
    blocks: list[Block] = []
    if group.enps:
        blocks.append(Text("**eNPS** (0-10: promoters 9-10, passives 7-8, detractors 0-6; "
                           "eNPS = % promoters - % detractors)"))
        blocks.append(Bullets(tuple(f"{s.question.text} {enps_line(s)}\n  {enps_spread(s)}"
                                    for s in group.enps)))
    if group.choices:
        blocks.append(Text("**Single choice**"))
        blocks.append(Bullets(tuple(choice_lines(s) for s in group.choices)))
    return (*blocks, *pictures(group, subtitle))


def pictures(group: GroupResult, subtitle: str) -> tuple[Picture, ...]:
    """One picture per eNPS and choice question of a shown group."""
    if not group.shown:
        return ()
    out = [Picture(f"eNPS {enps_text(s.score)}: {s.question.text}", subtitle, s,
                   f"Bar chart of the 0-10 answers to \"{s.question.text}\": {enps_line(s)}.")
           for s in group.enps]
    out += [Picture(s.question.text, subtitle, s,
                    f"Horizontal bars, % per choice of \"{s.question.text}\": "
                    + "; ".join(f"{c} {p:.0f}%" for c, p in zip(s.question.choices, s.percents,
                                                                strict=True)) + ".")
            for s in group.choices]
    return tuple(out)


def group_subtitle(poll: PulsePoll, group: GroupResult) -> str:
    """`Everyone · 01 Dec - 15 Dec 2026 · 40 responses`: the group, dates and response count."""
    return (f"{group.name} · {poll.opens_at:%d %b} - {poll.closes_at:%d %b %Y} · "
            f"{group.responses or 0} responses")


def team_enps(group: GroupResult) -> str:
    """`, eNPS +23` per eNPS question of a shown team (its line in the results' team list)."""
    return "".join(f", eNPS {enps_text(s.score)}" for s in group.enps)


def kinds_intro(questions: Sequence[Question]) -> str | None:
    """The invitation's first line when a pulse asks more than agreement (None when it only has
    1-5 statements, which keep their own line)."""
    if all(q.kind is QuestionKind.AGREE for q in questions):
        return None
    count = len(questions)
    return f"{count} quick question{'s' * (count != 1)} about your career track. It takes a minute."
