"""The neutral reply model: blocks every adapter can render, each with a plain-text fallback.

Adapters turn a Reply into Block Kit, an Adaptive Card or terminal text; the core never builds
platform JSON. Values on buttons are small dicts of ids (never personal data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

SCALE_LABELS: tuple[str, ...] = ("Not yet", "Starting", "Sometimes", "Usually", "Consistently")
AGREEMENT_LABELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Neutral",
    "Agree",
    "Strongly agree",
)


@dataclass(frozen=True)
class Header:
    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph. `**bold**` is the only markup; adapters translate it."""

    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Key/value pairs (a fact set)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Caption:
    """A small, muted line (hints, privacy notes, dates)."""

    text: str


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: Mapping[str, str] = field(default_factory=dict)
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Buttons:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Scale:
    """A choice of scores `first`, `first` + 1, ... (one per label; 1-5 by default, 0-10 for
    eNPS). Pressing n sends `action_id` with `value | {"score": str(n)}`. A label may be ""
    (the number says it all)."""

    action_id: str
    value: Mapping[str, str]
    labels: tuple[str, ...] = SCALE_LABELS
    selected: int | None = None
    first: int = 1

    def options(self) -> tuple[tuple[int, str], ...]:
        """(score, label) of each option, in order."""
        return tuple(enumerate(self.labels, start=self.first))

    def caption(self, score: int) -> str:
        """`4 Agree`, or `7` for an unlabelled score."""
        label = dict(self.options()).get(score, "")
        return f"{score} {label}".strip()


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: Literal["text", "multiline", "date", "select"] = "text"
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for selects
    optional: bool = False
    initial: str = ""


@dataclass(frozen=True)
class Form:
    """Fields submitted together as one Action(action_id, value, form=...)."""

    action_id: str
    fields: tuple[FormField, ...]
    submit_label: str = "Save"
    value: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A small matrix. `highlight` marks column indexes to emphasise (current/next level)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    highlight: tuple[int, ...] = ()


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str


@dataclass(frozen=True)
class BarChart:
    """Bars with a text rendering everywhere. `image`: worth also sending as a picture where
    the platform can (Slack uploads a PNG of pulse results); the text stays the fallback."""

    title: str
    bars: tuple[Bar, ...]
    maximum: float = 100.0
    image: bool = False


@dataclass(frozen=True)
class Picture:
    """A chart the adapters draw from the numbers in `data` (a value of bot/pulses/rules_insight;
    see adapters/charts.picture_figure): Slack uploads it as a PNG, Teams shows it in the card,
    the terminal leaves it out. It carries no text of its own: the blocks beside it say the same
    numbers, and `alt` describes the picture for screen readers."""

    title: str
    subtitle: str
    data: object
    alt: str


Block = (
    Header | Text | Bullets | Fields | Divider | Caption | Buttons | Scale | Form | Table | BarChart
    | Picture
)


class Visibility(StrEnum):
    """Who sees an answer, decided by the core (bot/visibility.py); adapters carry it out."""

    PRIVATE_HERE = "private_here"  # only the asker, where they asked (an ephemeral message)
    SHARED = "shared"  # a normal message where they asked: whoever is there sees it
    REFUSE = "refuse"  # not answered here: the reply is the text saying so, posted where asked


@dataclass(frozen=True)
class Reply:
    """What the bot answers.

    `ephemeral`: the content is the asker's own (a feature says so); it is kept to them unless
    they asked to share. `visibility`: who sees it where, decided once per event by the core
    (None until then, e.g. for proactive messages, which go to a direct chat anyway).
    `replace`: update the message the action came from instead of posting a new one."""

    blocks: tuple[Block, ...]
    ephemeral: bool = True
    replace: bool = False
    visibility: Visibility | None = None

    @property
    def text(self) -> str:
        """The plain-text fallback every platform message carries."""
        return plain_text(self)


def _strip_bold(text: str) -> str:
    return text.replace("**", "")


def block_text(block: Block) -> str:
    """One block as plain text (used for fallbacks, notifications and the terminal's base)."""
    match block:
        case Header(text=t):
            return _strip_bold(t)
        case Text(text=t) | Caption(text=t):
            return _strip_bold(t)
        case Bullets(items=items):
            return "\n".join(f"- {_strip_bold(i)}" for i in items)
        case Fields(pairs=pairs):
            return "\n".join(f"{k}: {_strip_bold(v)}" for k, v in pairs)
        case Divider():
            return ""
        case Buttons() | Scale() | Form() | Picture():
            return ""
        case Table(columns=cols, rows=rows):
            # A cell's bullets sit on separate lines; one line per row reads better as text.
            lines = [" | ".join(cols)] + [" | ".join(c.replace("\n", "; ") for c in r)
                                          for r in rows]
            return "\n".join(_strip_bold(line) for line in lines)
        case BarChart(title=title, bars=bars):
            return "\n".join([title] + [f"{b.label}: {b.display}" for b in bars])
    return ""


def plain_text(reply: Reply) -> str:
    parts = [block_text(b) for b in reply.blocks]
    return "\n".join(p for p in parts if p).strip() or "careerbot"


def actions_of(reply: Reply) -> list[Button]:
    """Every button in the reply, in order (Scale and Form excluded)."""
    return [b for block in reply.blocks if isinstance(block, Buttons) for b in block.buttons]
