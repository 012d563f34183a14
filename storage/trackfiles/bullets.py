"""The text of one track cell <-> its bullets (shared by the YAML and matrix formats)."""

from __future__ import annotations

import re

# A bullet marker is "-", "*" or "•" followed by a space ("•" may touch the text), so
# "-5% churn" or "*nix" stay as written.
_MARKER = re.compile(r"^(?:[-*•]\s+|•)")


def split_bullets(text: str) -> tuple[str, ...]:
    """A cell's bullets: one per line, markers stripped, blank lines dropped.

    When some lines carry a marker, unmarked lines continue the bullet above them (a long
    bullet wrapped by hand in a spreadsheet cell stays one bullet)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not any(_MARKER.match(line) for line in lines):
        return tuple(lines)
    bullets: list[str] = []
    for line in lines:
        if _MARKER.match(line) or not bullets:
            bullets.append(_MARKER.sub("", line, count=1).strip())
        else:
            bullets[-1] = f"{bullets[-1]} {line}"
    return tuple(b for b in bullets if b)


def join_bullets(bullets: tuple[str, ...]) -> str:
    """Cell text that `split_bullets` reads back as the same bullets (when it can).

    One bullet is written as is; several are written as "- " lines."""
    if len(bullets) == 1:
        return bullets[0]
    return "\n".join(f"- {b}" for b in bullets)


def survives_cell(bullets: tuple[str, ...]) -> bool:
    """Whether `bullets` come back unchanged from a cell (no line breaks, no stray markers)."""
    return split_bullets(join_bullets(bullets)) == bullets
