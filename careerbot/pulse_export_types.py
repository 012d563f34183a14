"""The CSV rows of a closed pulse's eNPS and single-choice questions, in the same file as its 1-5
statements: the columns after pct5 (`kind`, `option`, `count`, `pct`, eNPS and its shares) say
what each row holds. Only groups the anonymity rule shows get here (rules.aggregate)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.pulses.rules import GroupResult

TYPED_HEADER = ("kind", "option", "count", "pct", "enps", "promoters_pct", "passives_pct",
                "detractors_pct")


def _cells(header: Sequence[str], cells: Mapping[str, object]) -> tuple[object, ...]:
    return tuple(cells.get(name, "") for name in header)


def typed_rows(header: Sequence[str], lead: Mapping[str, str],
               group: GroupResult) -> list[tuple[object, ...]]:
    """Per eNPS question a summary row (eNPS and the % of promoters, passives, detractors) and a
    row per score 0-10 (`option`, `count`, `pct`); per choice question a row per choice, in
    the question's order. `lead` fills the group's columns (name, responses, ...)."""
    rows: list[tuple[object, ...]] = []
    for e in group.enps:
        question = {**lead, "question_id": e.question.id, "question": e.question.text,
                    "kind": "enps"}
        # The score as a number: as text, csv_row would quote a negative one as a formula.
        rows.append(_cells(header, {**question, "enps": e.score,
                                    "promoters_pct": f"{e.promoters:.1f}",
                                    "passives_pct": f"{e.passives:.1f}",
                                    "detractors_pct": f"{e.detractors:.1f}"}))
        rows += [_cells(header, {**question, "option": str(score), "count": str(count),
                                 "pct": f"{100.0 * count / e.responses if e.responses else 0:.1f}"})
                 for score, count in enumerate(e.distribution)]
    for c in group.choices:
        question = {**lead, "question_id": c.question.id, "question": c.question.text,
                    "kind": "choice"}
        rows += [_cells(header, {**question, "option": label, "count": str(count),
                                 "pct": f"{pct:.1f}"})
                 for label, count, pct in zip(c.question.choices, c.counts, c.percents,
                                              strict=True)]
    return rows
