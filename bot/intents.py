"""Forgiving intent matching for free text and slash-command text.

Case, punctuation, small typos and synonyms are tolerated; anything else is `unknown`, which the
conversation answers with the closest commands (never an error)."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.commands import Command, Help
from bot.names import normalize
from bot.registry import COMMANDS as REGISTERED


@dataclass(frozen=True)
class Intent:
    name: str
    argument: str = ""


# First word -> intent ("track design", "competency ux": the rest is the argument), and
# phrases found anywhere in the (typo-corrected) text: both from the features' commands.
COMMANDS: dict[str, str] = {word: c.name for c in REGISTERED for word in c.words}
PHRASES: tuple[tuple[str, str], ...] = tuple(
    (phrase, c.name) for c in REGISTERED for phrase in c.phrases)

# Words short enough that fuzzy correction would do more harm than good are left alone.
_MIN_FUZZY_LEN = 3
_VOCABULARY = sorted({w for p, _ in PHRASES for w in p.split()} | set(COMMANDS))


_KNOWN = frozenset(_VOCABULARY)


@functools.lru_cache(maxsize=4096)
def _correct(word: str) -> str:
    """The vocabulary word a typo meant (cached: the vocabulary never changes at run time)."""
    if len(word) < _MIN_FUZZY_LEN or word in _KNOWN:
        return word
    close = difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.8)
    return close[0] if close else word


_LONGEST_FIRST = tuple(sorted(PHRASES, key=lambda p: -len(p[0])))


def _closest(word: str, candidates: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return close[0] if close else word


@functools.lru_cache(maxsize=4096)
def _closest_command(word: str) -> str:
    """The registered first word a typo meant (cached, as _correct)."""
    return _closest(word, tuple(COMMANDS))


def match(text: str, extra_commands: dict[str, str] | None = None) -> Intent:
    """The intent of `text`. `extra_commands` lets later capabilities add first words."""
    commands = {**COMMANDS, **(extra_commands or {})}
    raw_words = text.strip().lstrip("/").split()
    words = [_correct(w) for w in normalize(text).split()]
    if not words:
        return Intent("help")
    if len(words) == 1 and words[0] in {"1", "2", "3", "4", "5"}:
        return Intent("score", words[0])  # a score typed during a rating
    first = words[0]
    if first not in commands and len(first) >= _MIN_FUZZY_LEN:
        first = (_closest_command(first) if extra_commands is None
                 else _closest(first, tuple(commands)))
    if first in commands:
        argument = " ".join(raw_words[1:]).strip(" ?!.")
        if commands[first] == "track" and normalize(argument) in ("", "my", "mine"):
            argument = ""
        return Intent(commands[first], argument)
    joined = f" {' '.join(words)} "
    for phrase, name in _LONGEST_FIRST:
        if f" {phrase} " in joined:
            return Intent(name, _about(raw_words) if name == "next" else "")
    return Intent("unknown", text.strip())


def _about(raw_words: list[str]) -> str:
    """Who "what's next for X" asks about: the words after the last "for" ("" without one)."""
    lowered = [normalize(w) for w in raw_words]
    if "for" not in lowered:
        return ""
    last = len(lowered) - 1 - lowered[::-1].index("for")
    return " ".join(raw_words[last + 1:]).strip(" ?!.")


# Words too common to say which command someone meant.
_STOP = frozenset((
    "a", "an", "and", "any", "are", "as", "at", "be", "can", "do", "for", "from", "get", "give",
    "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "one", "or", "please", "show",
    "tell", "the", "their", "them", "they", "this", "to", "what", "whats", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your"))
_NAME_WEIGHT = 2.0  # a command's own words count more than the words of its help line
_NEAR = 0.75


def _keywords(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.casefold()) if w not in _STOP)


@functools.lru_cache(maxsize=256)
def _vocabulary(command: Command, line: Help) -> tuple[frozenset[str], frozenset[str]]:
    """(the command's own words, its help line's words), for guessing what someone meant."""
    own = _keywords(" ".join((command.name, *command.words, *command.phrases)))
    return own, _keywords(line.line) - own


def _likeness(word: str, known: frozenset[str]) -> float:
    if word in known:
        return 1.0
    best = max((difflib.SequenceMatcher(None, word, k).ratio() for k in known), default=0.0)
    return best if best >= _NEAR else 0.0


def closest(text: str, visible: Callable[[Help], bool], n: int = 3) -> list[Help]:
    """The help lines of the `n` commands nearest to what `text` says, among those `visible`
    to the person (one line per command): by shared or nearly shared words, a command's own
    words first. With nothing in common, the most used commands (help's order)."""
    words = _keywords(" ".join(_correct(w) for w in normalize(text).split()))
    scored: list[tuple[float, int, int, Help]] = []
    for order, command in enumerate(REGISTERED):
        lines = [(-_score(words, command, h), h.rank, order, h) for h in command.help
                 if visible(h)]
        if lines:
            scored.append(min(lines))  # the command's line nearest to what was said
    return [line for *_, line in sorted(scored)[:n]]


def _score(words: frozenset[str], command: Command, line: Help) -> float:
    own, described = _vocabulary(command, line)
    return sum(max(_NAME_WEIGHT * _likeness(w, own), _likeness(w, described)) for w in words)
