"""Questions as HR types them: `[--enps|--choice] TEXT [| CHOICE | CHOICE ...]` after an id,
into a Question, within the limits on ids, text and choices. Pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.pulses.rules import PulseError, Question, QuestionKind

MAX_TEXT = 300
MAX_CHOICE = 75
MIN_CHOICES, MAX_CHOICES = 2, 10
MAX_ID = 40
_ID = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{MAX_ID - 1}}}")
# Slack may turn a typed -- into an en or em dash.
_OPTION = re.compile(r"(?:--|[\u2013\u2014])([a-z]+)")
_KINDS = {"enps": QuestionKind.ENPS, "choice": QuestionKind.CHOICE}
CHOICE_EXAMPLE = ("e.g. \"--choice Which path interests you? | Deeper expertise | Leading "
                  "people | Not sure yet\"")


def checked_id(raw: str) -> str:
    """A saved question's id: 1-40 lower-case letters, digits, - or _ (any case typed)."""
    key = raw.casefold()
    if _ID.fullmatch(key) is None:
        raise PulseError(f"\"{raw[:MAX_ID]}\" can't be a question id: use 1-{MAX_ID} letters, "
                         "digits, - or _ (e.g. team-lunch).")
    return key


def typed_question(question_id: str, words: Sequence[str]) -> Question:
    """The question typed after its id: a 1-5 agreement statement, `--enps TEXT` (0-10), or
    `--choice TEXT | CHOICE | CHOICE ...` (2-10 different choices of up to 75 characters).
    Raises PulseError naming what is wrong. `words` are already cleaned of control characters."""
    options = [w for w in words if _OPTION.fullmatch(w.casefold())]
    if len(options) > 1:
        raise PulseError(f"Give one of --enps or --choice, not {' and '.join(options)}.")
    kind = QuestionKind.AGREE
    if options:
        name = _OPTION.fullmatch(options[0].casefold())
        assert name is not None
        found = _KINDS.get(name.group(1))
        if found is None:
            raise PulseError(f"{options[0]} is not an option here: use --enps (0-10) or "
                             "--choice (choices after the text, each after a |).")
        kind = found
    parts = [" ".join(p.split()) for p in " ".join(w for w in words if w not in options)
             .split("|")]
    text, choices = parts[0], tuple(parts[1:])
    if not text:
        raise PulseError(f"Give the question's text after its id, e.g. \"{question_id} "
                         "I can see a future for myself here.\"")
    if len(text) > MAX_TEXT:
        raise PulseError(f"The question is {len(text)} characters long; keep it to "
                         f"{MAX_TEXT}.")
    if kind != QuestionKind.CHOICE:
        if choices:
            raise PulseError("\"|\" separates the choices of a --choice question: add --choice, "
                             "or leave the | out.")
        return Question(question_id, text, kind)
    return Question(question_id, text, kind, checked_choices(choices))


def checked_choices(choices: Sequence[str]) -> tuple[str, ...]:
    """2-10 choices, none empty, none over 75 characters, no two the same (any case)."""
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise PulseError(f"A single-choice question needs {MIN_CHOICES} to {MAX_CHOICES} "
                         f"choices after its text, each after a | ({len(choices)} given), "
                         f"{CHOICE_EXAMPLE}.")
    seen: set[str] = set()
    for n, choice in enumerate(choices, start=1):
        if not choice:
            raise PulseError(f"Choice {n} is empty: put one | between two choices.")
        if len(choice) > MAX_CHOICE:
            raise PulseError(f"Choice {n} (\"{choice[:30]}...\") is {len(choice)} characters "
                             f"long; keep each choice to {MAX_CHOICE}.")
        if choice.casefold() in seen:
            raise PulseError(f"\"{choice}\" is given twice; each choice must be different.")
        seen.add(choice.casefold())
    return tuple(choices)


def kind_label(question: Question) -> str:
    """How a question is answered, in a few words."""
    if question.kind == QuestionKind.ENPS:
        return "eNPS 0-10"
    if question.kind == QuestionKind.CHOICE:
        return "single choice: " + " / ".join(question.choices)
    return "agree 1-5"


def described(question: Question) -> str:
    """The question's text, and how it is answered when that is not 1-5 agreement."""
    if question.kind == QuestionKind.AGREE:
        return question.text
    return f"{question.text} ({kind_label(question)})"


def question_line(question: Question) -> str:
    """`id (kind): text`, one line of a list of questions."""
    return f"{question.id} ({kind_label(question)}): {question.text}"
