"""Small talk: a message made only of greeting, thanks, okay or goodbye words, and which of
those it is. Pure."""

from __future__ import annotations

import re
from enum import StrEnum


class Talk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    BYE = "bye"
    OKAY = "okay"


# The words that decide what kind of small talk it is, strongest first ("thanks, bye").
_MARKERS: tuple[tuple[Talk, frozenset[str]], ...] = (
    (Talk.THANKS, frozenset({"thanks", "thank", "thx", "ty", "cheers", "ta", "merci",
                             "danke", "gracias"})),
    (Talk.BYE, frozenset({"bye", "goodbye", "later", "cya", "night", "ciao"})),
    (Talk.GREETING, frozenset({"hi", "hello", "hey", "hiya", "howdy", "morning",
                               "afternoon", "evening", "hallo", "hola", "yo"})),
    (Talk.OKAY, frozenset({"ok", "okay", "k", "kk", "cool", "great", "nice", "perfect",
                           "awesome", "alright", "fine", "noted", "gotcha", "lol", "wow",
                           "good", "sounds", "super", "excellent", "brilliant", "sweet"})),
)
# Words that may come along without changing what it is ("thank you so much", "got it").
_FILLER = frozenset({"you", "so", "much", "a", "lot", "very", "many", "there", "all", "again",
                     "for", "that", "this", "the", "it", "got", "see", "bot",
                     "careerbot", "oh", "ah", "and", "too", "then", "now", "one"})
_WORD = re.compile(r"[a-z]+")


def small_talk(text: str) -> Talk | None:
    """What kind of small talk `text` is, or None when it says anything more."""
    words = _WORD.findall(text.casefold().replace("'", ""))
    if not words or len(words) > 6:
        return None
    known = set().union(*(markers for _, markers in _MARKERS)) | _FILLER
    if any(w not in known for w in words):
        return None
    return next((talk for talk, markers in _MARKERS if markers & set(words)), None)
