"""Forgiving text helpers shared by the intent matcher and the rules: normalizing what people
type, finding the name they meant and reading a number they typed (or a button carried). Pure,
standard library only."""

from __future__ import annotations

import difflib
import re


def normalize(text: str) -> str:
    """Lower-case, drop apostrophes ("what's" -> "whats"), punctuation to spaces."""
    text = text.casefold().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^\w@.+-]+", " ", text).split())


def best_name(query: str, names: list[str], cutoff: float = 0.5) -> str | None:
    """The name closest to `query` (exact, prefix, substring, then fuzzy), or None."""
    q = normalize(query)
    if not q:
        return None
    normalized = {normalize(n): n for n in names}
    if q in normalized:
        return normalized[q]
    for key, name in normalized.items():
        if key.startswith(q) or q in key:
            return name
    close = difflib.get_close_matches(q, list(normalized), n=1, cutoff=cutoff)
    return normalized[close[0]] if close else None


# The largest number a command or a button may carry: PostgreSQL's INTEGER refuses more.
MAX_WHOLE = 2**31 - 1


def whole_number(word: str) -> int | None:
    """`word` as a whole number in ASCII digits, else None. Not str.isdigit() alone: it also
    takes '²' (which int() refuses) and other scripts' digits ('٣'); and nothing past what the
    database's INTEGER holds, which PostgreSQL would answer with an error."""
    if not (word.isascii() and word.isdigit()) or len(word) > len(str(MAX_WHOLE)):
        return None
    value = int(word)
    return value if value <= MAX_WHOLE else None
