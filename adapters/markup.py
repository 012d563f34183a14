"""People's text inside the platforms' markup: only the core's own `**bold**` formats; a name or
comment typed as `*bold*`, `_x_`, `~x~`, `` `x` `` or `[x](http://evil.example)` shows as
typed, never as formatting or a disguised link. Shared by the Slack and Teams renderers."""

from __future__ import annotations

import re
from collections.abc import Callable

# The core's one markup (bot/reply.py Text): `**bold**`.
BOLD = re.compile(r"\*\*(.+?)\*\*")
# A formatting character where it can open or close formatting: not between two letters or
# digits ("jane_doe", ":white_check_mark:" and "a*b" stay as they are).
_EDGE = r"(?:(?<![^\W_])[{0}]|[{0}](?![^\W_]))"
# Characters that look the same but mean nothing to Slack's or Teams' markdown: Slack has no
# escape for its formatting characters, so a look-alike is the only way to show one.
LOOKALIKE = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
_SLACK = re.compile(_EDGE.format(re.escape("*_~`")))
_TEAMS = re.compile(_EDGE.format(re.escape("*_")))
# A Markdown link or reference needs `](`, `][` or `]:` written together; a zero-width space
# after the bracket keeps the text as it was and the link out.
_LINK = re.compile(r"\](?=[(\[:])")
ZERO_WIDTH_SPACE = "\u200b"


def _lookalike(match: re.Match[str]) -> str:
    return LOOKALIKE[match.group(0)]


def slack_literal(text: str) -> str:
    """`text` (already &-escaped) with Slack's formatting characters made inert."""
    return _SLACK.sub(_lookalike, text)


def teams_literal(text: str) -> str:
    """`text` with Adaptive Card markdown (emphasis and links) made inert."""
    return _LINK.sub("]" + ZERO_WIDTH_SPACE, _TEAMS.sub(_lookalike, text))


def with_bold(text: str, literal: Callable[[str], str], bold: str) -> str:
    """`text` with every part outside and inside the core's `**bold**` made literal, the bold
    parts wrapped in the platform's `bold` marker (`*` on Slack, `**` in Teams)."""
    parts: list[str] = []
    start = 0
    for match in BOLD.finditer(text):
        parts.append(literal(text[start:match.start()]))
        parts.append(f"{bold}{literal(match.group(1))}{bold}")
        start = match.end()
    parts.append(literal(text[start:]))
    return "".join(parts)
