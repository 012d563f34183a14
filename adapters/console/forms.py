"""Ask a core Form field by field on a terminal (a terminal has no dialog): text, dates and
selects, with optional fields skipped by an empty line and `cancel` to give up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum

from bot.names import normalize
from bot.reply import Form, FormField

LineReader = Callable[[str], str | None]
"""Reads one line after showing a prompt; None when the input has ended."""

CANCEL_WORDS = frozenset({"cancel"})


class Outcome(Enum):
    CANCELLED = "cancelled"
    ENDED = "ended"


OPTIONAL_MARK = "(optional)"


def prompt_for(field: FormField) -> str:
    """`Label (hints): `; a label that already says "(optional)" is not marked twice."""
    label = field.label
    hints = []
    if field.kind == "date":
        hints.append("YYYY-MM-DD")
    if field.optional:
        label = label.removesuffix(OPTIONAL_MARK).rstrip()
        hints.append("optional, Enter to skip")
    if field.initial:
        hints.append(f"Enter keeps {field.initial}")
    suffix = f" ({'; '.join(hints)})" if hints else ""
    return f"{label}{suffix}: "


def _select_value(text: str, field: FormField) -> str | None:
    wanted = normalize(text)
    for number, (value, label) in enumerate(field.options, start=1):
        if wanted in (str(number), normalize(value), normalize(label)):
            return value
    return None


def check(text: str, field: FormField) -> tuple[str | None, str]:
    """The value to submit for a typed answer, or (None, why it was not accepted)."""
    text = text.strip() or field.initial
    if not text:
        return ("", "") if field.optional else (None, "This one is needed.")
    if field.kind == "select":
        value = _select_value(text, field)
        return (value, "") if value is not None else (None, "Please pick one of the numbers.")
    if field.kind == "date":
        try:
            return date.fromisoformat(text).isoformat(), ""
        except ValueError:
            return None, "Please type a date like 2026-06-30."
    return text, ""


def fill_form(form: Form, read_line: LineReader,
              say: Callable[[str], None]) -> dict[str, str] | Outcome:
    """Every field's answer (field id -> text), asked one at a time and re-asked until valid."""
    answers: dict[str, str] = {}
    for field in form.fields:
        if field.kind == "select":
            say("\n".join(f"  {n}) {label}" for n, (_, label) in enumerate(field.options, 1)))
        while True:
            line = read_line(prompt_for(field))
            if line is None:
                return Outcome.ENDED
            if normalize(line) in CANCEL_WORDS:
                return Outcome.CANCELLED
            value, problem = check(line, field)
            if value is not None:
                answers[field.id] = value
                break
            say(problem)
    return answers
