"""The forgiving intent matcher: case, punctuation, typos, synonyms, slash-command text."""

import pytest

from bot.intents import Intent, match
from bot.names import best_name


@pytest.mark.parametrize("text", [
    "what's next for me", "What’s next for me?", "next", "NEXT!", "whats nxt",
    "what do I need for promotion", "how do I get promoted", "next level please",
])
def test_next(text: str) -> None:
    assert match(text).name == "next"


@pytest.mark.parametrize("text", [
    "rate", "how ready am I", "readiness", "am i ready?", "readyness", "rate me", "RATE",
])
def test_rate(text: str) -> None:
    assert match(text).name == "rate"


def test_track_with_and_without_a_name() -> None:
    assert match("my track") == Intent("track")
    assert match("track") == Intent("track")
    assert match("trak design") == Intent("track", "design")
    assert match("track Product Design") == Intent("track", "Product Design")


def test_competency_keeps_the_argument_as_typed() -> None:
    assert match("competency Problem Solving") == Intent("competency", "Problem Solving")


def test_help_and_greetings() -> None:
    assert match("").name == "help"
    assert match("hi").name == "unknown"  # small talk, answered briefly (issue 12)
    assert match("what can you do?").name == "help"


def test_unknown_text_is_unknown_not_an_error() -> None:
    assert match("the weather in Lisbon") == Intent("unknown", "the weather in Lisbon")


def test_short_words_are_not_fuzzily_rewritten() -> None:
    assert match("nix").name == "unknown"


def test_best_name() -> None:
    names = ["Software Engineering", "Product Design", "Customer Success"]
    assert best_name("design", names) == "Product Design"
    assert best_name("software engneering", names) == "Software Engineering"
    assert best_name("astrophysics", names) is None


def test_a_bare_score_and_rating_words() -> None:
    assert match("4") == Intent("score", "4")
    assert match("9").name == "unknown"
    assert match("Skip").name == "skip"
    assert match("stop").name == "pause"
