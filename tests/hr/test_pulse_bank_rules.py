"""The question bank's content and the syntax HR types a question in (pure, no database)."""

from __future__ import annotations

import pytest

from bot.pulses.bank import BANK, BANK_IDS, ENPS, bank_question, themes
from bot.pulses.rules import PulseError, Question, QuestionKind, default_questions
from bot.pulses.rules_questions import checked_id, described, question_line, typed_question


def test_bank_has_the_four_themes_an_enps_and_a_choice_question() -> None:
    names = [t.name for t in BANK]
    assert names[:4] == ["Clarity of the track", "Manager support", "Growth opportunities",
                         "Fairness"]
    for theme in BANK[:4]:
        agree = [q for q in theme.questions if q.kind == QuestionKind.AGREE]
        assert 3 <= len(agree) <= 4, theme.name
        prefix = theme.questions[0].id.split("-")[0]
        assert [q.id for q in agree] == [f"{prefix}-{n}" for n in range(1, len(agree) + 1)]
    assert bank_question("ENPS") == ENPS == Question(
        "enps", "How likely are you to recommend working here to a friend?", QuestionKind.ENPS)
    choices = [q for t in BANK for q in t.questions if q.kind == QuestionKind.CHOICE]
    assert choices and all(2 <= len(q.choices) <= 10 for q in choices)
    every = [q.id for t in themes() for q in t.questions]
    assert len(every) == len(set(every)), "an id is used twice"
    # The default statements can be put back by id, but they are not the bank's own wording.
    assert bank_question("future") == default_questions()[-1]
    assert "future" not in BANK_IDS and "clarity-1" in BANK_IDS
    assert bank_question("nope") is None


def test_typed_questions_of_each_kind() -> None:
    assert typed_question("x", ["I", "like", "it."]) == Question("x", "I like it.")
    assert typed_question("x", ["--enps", "How", "likely?"]) == Question(
        "x", "How likely?", QuestionKind.ENPS)
    # Slack turns a typed -- into an em dash; the option may come after the text too.
    assert typed_question("x", ["How", "likely?", "\u2014enps"]).kind == QuestionKind.ENPS
    picked = typed_question("x", ["--choice", "Which", "", "path?", "|", "Expertise",
                                  "|Leading", "people", "|", "Not", "sure"])
    assert picked == Question("x", "Which path?", QuestionKind.CHOICE,
                              ("Expertise", "Leading people", "Not sure"))
    assert described(picked) == "Which path? (single choice: Expertise / Leading people / " \
                                "Not sure)"
    assert question_line(ENPS).startswith("enps (eNPS 0-10): How likely")
    assert described(Question("x", "Plain.")) == "Plain."


@pytest.mark.parametrize(("words", "says"), [
    ([], "Give the question's text"),
    (["--enps"], "Give the question's text"),
    (["--choice", "Which?", "|", "A"], "2 to 10 choices"),
    (["--choice", "Which?", *(w for c in "ABCDEFGHIJK" for w in ("|", c))],
     "(11 given)"),
    (["--choice", "Which?", "|", "A", "|", "|", "B"], "Choice 2 is empty"),
    (["--choice", "Which?", "|", "A", "|", "a"], "\"a\" is given twice"),
    (["--choice", "Which?", "|", "A", "|", "B" * 76], "Choice 2 (\"BBB"),
    (["Which?", "|", "A", "|", "B"], "add --choice"),
    (["--enps", "--choice", "Which?"], "not --enps and --choice"),
    (["--scale", "Which?"], "--scale is not an option"),
    (["x" * 301], "301 characters long; keep it to 300"),
])
def test_bad_questions_say_what_is_wrong(words: list[str], says: str) -> None:
    with pytest.raises(PulseError, match=None) as raised:
        typed_question("x", words)
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)


def test_saved_ids() -> None:
    assert checked_id("Team-Lunch_2") == "team-lunch_2"
    for bad in ("", "-x", "a b", "é", "x" * 41, "a/b"):
        with pytest.raises(PulseError, match="can't be a question id"):
            checked_id(bad)
