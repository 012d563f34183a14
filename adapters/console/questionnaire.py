"""A reply with several 1-5 scales (a pulse) as a terminal shows it: one statement at a time.

A chat platform shows every statement with its buttons and updates the message in place; a
terminal can only print again, so printing them all after every answer buried the one being
asked. Here the open statement is shown alone with its progress ("3/7"), an update prints only
what changed, and the reply's form (the comment) waits until the last statement is answered
instead of sitting as a numbered choice beside the 1-5 scale."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.reply import Block, Caption, Form, Reply, Scale, Text

_NUMBERED = re.compile(r"^(\*\*)?\d+[.)]\s+")


@dataclass(frozen=True)
class Arranged:
    blocks: tuple[Block, ...]
    # The form is the step right after the last answer: asked straight away. A pulse shown again
    # with every statement answered offers it as a numbered choice instead (`form_choice`), so
    # the next line typed is not taken as a comment unasked.
    form_last: bool = False
    form_choice: bool = False


def _statement_of(blocks: tuple[Block, ...], index: int) -> Text | None:
    """The statement a scale answers: the Text right before it."""
    previous = blocks[index - 1] if index else None
    return previous if isinstance(previous, Text) else None


def _numbered(statement: Text, number: int, count: int) -> str:
    """`**3. I know my track.**` -> `**3/7  I know my track.**`."""
    found = _NUMBERED.match(statement.text)
    bold = (found.group(1) or "") if found else ""
    rest = statement.text[found.end():] if found else statement.text
    return f"{bold}{number}/{count}  {rest}"


def _answered(statement: Text | None, scale: Scale, number: int, count: int) -> Text:
    """One line for an answered statement: `1/7  I know my track.  4 Agree`."""
    text = (_numbered(statement, number, count).replace("**", "") if statement
            else f"{number}/{count}")
    score = scale.selected if scale.selected is not None else 0
    return Text(f"{text}  **{scale.caption(score)}**")


def arrange(reply: Reply, before: Reply | None = None) -> Arranged:
    """The blocks to print for `reply`; `before` is the reply printed last (an update, marked
    replace, leaves out what it already showed)."""
    blocks = reply.blocks
    positions = [i for i, block in enumerate(blocks) if isinstance(block, Scale)]
    if len(positions) < 2:
        return Arranged(blocks)
    count = len(positions)
    statements = {i - 1 for i in positions if _statement_of(blocks, i) is not None}
    open_at = next((i for i in positions if isinstance(b := blocks[i], Scale)
                    and b.selected is None), None)
    seen = before.blocks if reply.replace and before is not None else ()
    shown: list[Block] = []
    for index, block in enumerate(blocks):
        if index in statements:
            continue  # shown with its scale below
        if isinstance(block, Scale):
            number = positions.index(index) + 1
            statement = _statement_of(blocks, index)
            if open_at is None:
                shown.append(_answered(statement, block, number, count))
            elif index == open_at:
                if statement is not None:
                    shown.append(Text(_numbered(statement, number, count)))
                shown.append(block)
                if not reply.replace and any(isinstance(b, Form) for b in blocks):
                    shown.append(Caption("After the last statement you can add a comment."))
            continue
        if isinstance(block, Form) and open_at is not None:
            continue
        if block in seen and not isinstance(block, Form):
            continue  # an update: already on the screen
        shown.append(block)
    answered = open_at is None
    return Arranged(tuple(shown), form_last=answered and reply.replace,
                    form_choice=answered and not reply.replace)
