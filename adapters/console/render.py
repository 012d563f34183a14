"""Render a core Reply as terminal text: headings, bullets, fields, tables, text bars, numbered
choices and a typed 1-5 scale. Pure: no I/O; plain text (no ANSI codes) unless asked for colour."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from enum import Enum
from io import StringIO
from typing import TypeVar, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text as RichText

from adapters.console.questionnaire import arrange
from bot.reply import (
    BarChart,
    Block,
    Bullets,
    Button,
    Buttons,
    Caption,
    Divider,
    Fields,
    Form,
    Header,
    Reply,
    Scale,
    Table,
    Text,
)
from bot.text import clean

T = TypeVar("T")

DEFAULT_WIDTH = 100
BAR_WIDTH = 20
HIGHLIGHT_MARK = "» "
STACKED_TITLE = 34  # a long level title wraps in its own column instead of crowding the text


@dataclass(frozen=True)
class Choice:
    """A numbered button: typing `number` or the label (any case) presses it."""

    number: int
    button: Button
    form: Form | None = None  # choosing it asks this form's fields first


@dataclass(frozen=True)
class Rendered:
    """A reply as text, plus what the next line typed can answer: choices, a scale, a form."""

    text: str
    choices: tuple[Choice, ...] = ()
    scale: Scale | None = None
    form: Form | None = None
    form_last: bool = False  # the form follows answered statements: an empty answer skips it


def rich_text(text: str, style: str = "") -> RichText:
    """`**bold**` markup as a rich Text (any other brackets stay literal)."""
    result = RichText(style=style)
    for index, part in enumerate(text.split("**")):
        result.append(part, style="bold" if index % 2 else "")
    return result


def _header(block: Header) -> list[RenderableType]:
    title = rich_text(block.text, "bold cyan")
    underline = "=" * min(len(title.plain), DEFAULT_WIDTH)
    return [RichText(""), title, RichText(underline, style="cyan")]


def _bullets(block: Bullets) -> RenderableType:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for item in block.items:
        grid.add_row("•", rich_text(item))
    return grid


def _fields(block: Fields) -> RenderableType:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in block.pairs:
        grid.add_row(RichText(f"{key}:", style="bold"), rich_text(value))
    return grid


def _title(block: Table, index: int) -> str:
    # A visible marker, not only a colour, so piped text still shows what is highlighted.
    column = block.columns[index]
    return f"{HIGHLIGHT_MARK}{column}" if index in block.highlight else column


# How the core's track matrix (bot/tracks/messages.matrix) marks a level that adds nothing to a
# competency; at the lowest level there is nothing before, so the terminal never prints it.
AS_BEFORE = "(as before)"
NOTHING_NEW = "No new expectations at"
NONE_YET = "–"


def _bulleted(block: Table) -> bool:
    """A matrix whose cells hold several expectations (one a line): each gets a bullet."""
    return any("\n" in cell for row in block.rows for cell in row[1:])


def _cell(text: str, bullets: bool, style: str = "") -> RenderableType:
    if not bullets or not text or text in (AS_BEFORE, NONE_YET):
        return rich_text(text, style)
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=1, style=style)
    grid.add_column(style=style)
    for line in text.split("\n"):
        grid.add_row("•", rich_text(line, style))
    return grid


def _fits(block: Table, width: int) -> bool:
    """Whether a grid can show every column without cutting a word in two."""
    longest = [max((cell_len(word) for text in (_title(block, i), *(row[i] for row in block.rows
                                                                   if i < len(row)))
                    for word in text.replace("**", "").split()), default=1)
               for i in range(len(block.columns))]
    return sum(longest) + 3 * len(longest) + 1 <= width


def _height(renderables: list[RenderableType], width: int) -> int:
    console = Console(file=StringIO(), width=width, color_system=None)
    return sum(len(console.render_lines(item, pad=False)) for item in renderables)


def _table(block: Table, width: int) -> list[RenderableType]:
    """A grid when it fits and is no taller than one section per row ("column: cell" lines
    under its first cell): many levels in narrow columns wrap every bullet into a ribbon of
    short lines (a 5 x 8 matrix was 130 lines), and a track wider than the terminal would
    break words mid-way."""
    stacked = _stacked(block, width)
    if not _fits(block, width):
        return stacked
    bullets = _bulleted(block)
    table = RichTable(box=box.SQUARE, show_lines=True, expand=False, header_style="bold")
    for index in range(len(block.columns)):
        marked = index in block.highlight
        table.add_column(rich_text(_title(block, index), "bold yellow" if marked else ""),
                         style="yellow" if marked else "", overflow="fold")
    for row in block.rows:
        cells = [NONE_YET if i == 1 and cell == AS_BEFORE else cell for i, cell in enumerate(row)]
        table.add_row(rich_text(cells[0]) if cells else "",
                      *(_cell(cell, bullets) for cell in cells[1:]))
    if bullets and _height([table], width) > _height(stacked, width):
        return stacked
    return [table]


def _stacked(block: Table, width: int) -> list[RenderableType]:
    """Each row's cells under its first cell; cells saying "(as before)" are gathered in one
    line (a matrix with few changes per level was mostly such lines)."""
    out: list[RenderableType] = []
    bullets = _bulleted(block)
    for number, row in enumerate(block.rows):
        if number:
            out.append(RichText(""))
        out.append(rich_text(row[0] if row else "", "bold"))
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(max_width=STACKED_TITLE, style="bold")
        grid.add_column(ratio=1)
        unchanged = []
        for index, cell in enumerate(row[1:], start=1):
            if cell == AS_BEFORE:
                unchanged.append(_title(block, index))
                continue
            style = "yellow" if index in block.highlight else ""
            grid.add_row(rich_text(f"  {_title(block, index)}", style),
                         _cell(cell, bullets, style))
        if grid.row_count:
            out.append(grid)
        if unchanged:
            out.extend(RichText(line, style="dim")
                       for line in _wrapped(f"  {NOTHING_NEW}:", unchanged, width))
    return out


def _wrapped(lead: str, titles: list[str], width: int) -> list[str]:
    """`lead title, title, ...` in lines of `width`, never breaking inside a title (the "»"
    mark must stay with its level)."""
    lines = [lead]
    for number, title in enumerate(titles, start=1):
        part = f" {title}{'.' if number == len(titles) else ','}"
        if cell_len(lines[-1]) + cell_len(part) > width and lines[-1].strip():
            lines.append("   ")
        lines[-1] += part
    return lines


def bar(value: float, maximum: float, width: int = BAR_WIDTH) -> str:
    """A text bar, `█` for the filled share and `·` for the rest (clamped to 0..maximum)."""
    share = 0.0 if maximum <= 0 else min(max(value / maximum, 0.0), 1.0)
    filled = round(share * width)
    return "█" * filled + "·" * (width - filled)


def _bar_chart(block: BarChart) -> list[RenderableType]:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, style="green")
    grid.add_column()
    for item in block.bars:
        grid.add_row(item.label, bar(item.value, block.maximum), item.display)
    return [rich_text(block.title, "bold"), grid]


def scale_line(scale: Scale) -> str:
    """`1 Not yet · 2 Starting · ...`, the chosen score (if any) marked."""
    parts = []
    for number, _ in scale.options():
        chosen = " (chosen)" if scale.selected == number else ""
        parts.append(f"{scale.caption(number)}{chosen}")
    return " · ".join(parts)


def _scale(scale: Scale, active: bool) -> list[RenderableType]:
    line = RichText(scale_line(scale), style="bold")
    if not active:
        return [line]
    last = scale.first + len(scale.labels) - 1
    return [line, RichText(f"Type a score from {scale.first} to {last}.", style="dim")]


CHOICE_GAP = "   "


def _choices(choices: list[Choice], width: int) -> list[RenderableType]:
    """The numbered choices on as few lines as fit `width`, each line broken between choices
    (never inside a label, which would read as two choices)."""
    lines: list[RichText] = []
    line = RichText()
    for choice in choices:
        item = RichText()
        item.append(f"[{choice.number}] ", style="bold magenta")
        item.append(choice.button.label.replace("**", ""))
        if line.plain and line.cell_len + len(CHOICE_GAP) + item.cell_len > width:
            lines.append(line)
            line = RichText()
        if line.plain:
            line.append(CHOICE_GAP)
        line.append_text(item)
    return [*lines, line]


def _form(form: Form, offered: bool) -> RenderableType:
    if offered:  # the form waits behind a numbered choice (see render())
        return RichText(f"{form.submit_label}: pick it below to fill it in.", style="dim")
    count = len(form.fields)
    asks = "one question" if count == 1 else f"{count} questions, one at a time"
    return RichText(f"{form.submit_label}: I'll ask {asks}. Type 'cancel' to stop.", style="dim")


def _renderables(block: Block, scale: Scale | None, form_offered: bool,
                 width: int) -> list[RenderableType]:
    match block:
        case Header():
            return _header(block)
        case Text(text=text):
            return [rich_text(text)]
        case Caption(text=text):
            return [rich_text(text, "dim italic")]
        case Bullets():
            return [_bullets(block)]
        case Fields():
            return [_fields(block)]
        case Divider():
            return [Rule(style="dim", characters="─")]
        case Table():
            return _table(block, width)
        case BarChart():
            return _bar_chart(block)
        case Scale():
            return _scale(block, block is scale)
        case Form():
            return [_form(block, form_offered)]
    return []  # Buttons are gathered into one numbered line at the end.


# After a list, table or chart, a new paragraph reads better with a blank line before it.
_GAP_AFTER = (Bullets, Fields, Table, BarChart, Scale, Form)
_GAP_BEFORE = (Text, Table, BarChart, Scale, Form, Bullets, Fields)


def _needs_gap(previous: Block | None, block: Block) -> bool:
    if previous is None or isinstance(block, Header | Divider | Buttons):
        return False
    if isinstance(block, Table | BarChart):
        return not isinstance(previous, Header)
    if isinstance(block, Text) and isinstance(previous, Caption):
        return True
    if isinstance(block, Text) and isinstance(previous, Text) and block.text.startswith("**"):
        return True  # a bold lead-in starts a new part ("**Senior Engineer** (you are here)")
    return isinstance(previous, _GAP_AFTER) and isinstance(block, _GAP_BEFORE)


def printable(value: T) -> T:
    """`value` (a reply, a block, text) with control characters taken out of every string in
    it, before anything reaches the terminal: a name or comment holding an escape sequence (an
    OSC 8 link, clear screen, colours) prints as inert text. Rich markup needs nothing here:
    the console prints with markup off, so "[bold]" stays literal. What is already clean is
    returned as it is (the same object)."""
    if isinstance(value, Enum):  # a reply's visibility: ours, and must stay an Enum
        return value
    if isinstance(value, str):
        cleaned = clean(value)
        return value if cleaned == value else cast(T, cleaned)
    if isinstance(value, tuple):
        items = tuple(printable(item) for item in value)
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else cast(T, items)
    if is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in fields(value) if f.init]
        changed = {n: printable(getattr(value, n)) for n in names}
        if all(changed[n] is getattr(value, n) for n in names):
            return value
        return replace(value, **changed)
    return value


def render(reply: Reply, *, color: bool = False, width: int = DEFAULT_WIDTH,
           before: Reply | None = None) -> Rendered:
    """The reply as terminal text and the choices the next typed line can answer.

    Buttons from every Buttons block become one numbered list. When the reply has scales,
    typing 1-5 answers the first one not answered yet (a pulse has several), so button numbers
    start after the scale's to never collide. A form that is the reply's only question is
    asked straight away; beside scales or buttons it becomes a numbered choice instead, so
    that the next typed line is never swallowed by a form the person did not ask for. Several
    scales (a pulse) are asked one at a time (see questionnaire.py); `before` is the reply
    printed last, so that an update prints only what changed."""
    arranged = arrange(printable(reply), printable(before) if before is not None else None)
    reply = replace(reply, blocks=arranged.blocks)
    scales = [b for b in reply.blocks if isinstance(b, Scale)]
    scale = next((s for s in scales if s.selected is None), None)
    form = next((b for b in reply.blocks if isinstance(b, Form)), None)
    first = max((s.first + len(s.labels) for s in scales), default=1)
    buttons = [b for block in reply.blocks if isinstance(block, Buttons) for b in block.buttons]
    choices = [Choice(first + i, button) for i, button in enumerate(buttons)]
    form_offered = form is not None and bool(scales or buttons or arranged.form_choice)
    if form is not None and form_offered:
        label = Button(form.submit_label, form.action_id, form.value)
        choices.append(Choice(first + len(choices), label, form))
    renderables: list[RenderableType] = []
    previous: Block | None = None
    for block in reply.blocks:
        if _needs_gap(previous, block):
            renderables.append(RichText(""))
        renderables.extend(_renderables(block, scale, form_offered, width))
        previous = block
    if choices:
        renderables.extend([RichText(""), *_choices(choices, width)])
    buffer = StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, color_system="auto" if color else None,
        highlight=False, markup=False, emoji=False, soft_wrap=False,
    )
    for item in renderables:
        console.print(item)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    text = "\n".join(lines).strip("\n")
    return Rendered(text=text, choices=tuple(choices), scale=scale,
                    form=None if form_offered else form,
                    form_last=arranged.form_last and not form_offered)
