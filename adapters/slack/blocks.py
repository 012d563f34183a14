"""One neutral reply block -> Block Kit blocks (slack_sdk models), within Slack's element limits.

Long text is split over several sections, labels are clipped with "...", and every button's
action_id is unique within its actions block (`id#n`; inbound strips the suffix)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from adapters.markup import slack_literal, with_bold
from bot import reply as r

log = logging.getLogger(__name__)

SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BUTTONS_PER_ACTIONS = 25
CONTEXT_TEXT = 3000
LABEL_TEXT = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
SELECT_OPTIONS = 100
ELLIPSIS = "..."

# Input blocks of a form carry this block_id prefix; their element's action_id is FORM_INPUT.
FORM_BLOCK_PREFIX = "field:"
FORM_INPUT = "value"
SUFFIX = "#"

BAR_WIDTH = 10
BAR_FULL = "\u2588"
BAR_EMPTY = "\u2591"
HIGHLIGHT = "\u27a4 "
BULLET = "\u2022"


@dataclass(frozen=True)
class Piece:
    """One Block Kit block and the plain text it stands for (for the message's fallback)."""

    block: Block
    text: str = ""


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in "..." when anything was cut."""
    if len(text) <= limit:
        return text
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def escape(text: str) -> str:
    """&, < and > as entities: Slack reads them as markup (links, `<!channel>`) otherwise."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """Core text to Slack mrkdwn: escape &, <, > and turn `**bold**` into `*bold*`; any other
    formatting character in it (people's `*x*`, `_x_`, `~x~`, `` `x` ``) shows as typed."""
    return with_bold(escape(text), slack_literal, "*")


def plain(text: str) -> str:
    return text.replace("**", "")


def split_text(text: str, limit: int) -> list[str]:
    """`text` in non-blank chunks of at most `limit` characters, cut at line breaks, then
    spaces, then anywhere."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        parts = []
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        parts.append(line)
        for part in parts:
            candidate = f"{current}\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = part
    chunks.append(current)
    return [c for c in chunks if c.strip()]


def encode_value(value: Mapping[str, str]) -> str:
    return json.dumps(dict(value), separators=(",", ":"), sort_keys=True)


def _sections(text: str, fallback: str) -> list[Piece]:
    chunks = split_text(text, SECTION_TEXT)
    return [Piece(SectionBlock(text=MarkdownTextObject(text=c)), fallback if i == 0 else "")
            for i, c in enumerate(chunks)]


def _field_sections(fields: Sequence[str], text: str | None = None) -> list[Block]:
    clipped = [clip(f, FIELD_TEXT) for f in fields if f.strip()]
    groups = [clipped[i:i + FIELDS_PER_SECTION]
              for i in range(0, len(clipped), FIELDS_PER_SECTION)] or [[]]
    sections: list[Block] = []
    for i, group in enumerate(groups):
        heading = MarkdownTextObject(text=clip(text, SECTION_TEXT)) if text and i == 0 else None
        sections.append(SectionBlock(
            text=heading, fields=[MarkdownTextObject(text=f) for f in group] or None))
    return sections


def _button(button: r.Button, action_id: str) -> ButtonElement | None:
    value = encode_value(button.value) if button.value else None
    if value is not None and len(value) > BUTTON_VALUE:
        # Values carry ids only; one this long is a bug upstream. Drop the button, keep the reply.
        log.warning("dropping button %r: value longer than %d", button.action_id, BUTTON_VALUE)
        return None
    return ButtonElement(text=PlainTextObject(text=clip(button.label, BUTTON_TEXT), emoji=True),
                         action_id=action_id, value=value, style=button.style)


def _actions(buttons: Sequence[r.Button]) -> list[Piece]:
    pieces: list[Piece] = []
    for start in range(0, len(buttons), BUTTONS_PER_ACTIONS):
        group = buttons[start:start + BUTTONS_PER_ACTIONS]
        ids = [b.action_id for b in group]
        elements = [_button(b, f"{b.action_id}{SUFFIX}{i}" if ids.count(b.action_id) > 1
                            else b.action_id) for i, b in enumerate(group)]
        kept = [e for e in elements if e is not None]
        if kept:
            pieces.append(Piece(ActionsBlock(elements=kept)))
    return pieces


def _scale(scale: r.Scale) -> list[Piece]:
    elements = []
    for score, _ in scale.options():
        value = encode_value({**scale.value, "score": str(score)})
        elements.append(ButtonElement(
            text=PlainTextObject(text=clip(scale.caption(score), BUTTON_TEXT), emoji=True),
            action_id=f"{scale.action_id}{SUFFIX}{score}", value=value,
            style="primary" if scale.selected == score else None))
    # an actions block holds at most 25 elements (a long list of choices)
    return [Piece(ActionsBlock(elements=elements[i:i + BUTTONS_PER_ACTIONS]))
            for i in range(0, len(elements), BUTTONS_PER_ACTIONS)]


def _input(field: r.FormField) -> InputBlock:
    initial = field.initial or None
    element: PlainTextInputElement | DatePickerElement | StaticSelectElement
    if field.kind == "date":
        element = DatePickerElement(action_id=FORM_INPUT, initial_date=initial)
    elif field.kind == "select":
        options = [Option(value=v[:OPTION_VALUE], text=clip(label, OPTION_TEXT))
                   for v, label in field.options[:SELECT_OPTIONS]]
        chosen = next((o for o in options if o.value == initial), None)
        element = StaticSelectElement(action_id=FORM_INPUT, options=options,
                                      initial_option=chosen)
    else:
        element = PlainTextInputElement(action_id=FORM_INPUT, initial_value=initial,
                                        multiline=field.kind == "multiline")
    return InputBlock(block_id=f"{FORM_BLOCK_PREFIX}{field.id}",
                      label=PlainTextObject(text=clip(field.label, LABEL_TEXT)),
                      element=element, optional=field.optional)


def form_inputs(form: r.Form) -> list[Piece]:
    """The form's fields as input blocks (shared by messages and modals)."""
    return [Piece(_input(f)) for f in form.fields]


def _form(form: r.Form) -> list[Piece]:
    submit = r.Button(form.submit_label, form.action_id, form.value, style="primary")
    return form_inputs(form) + _actions([submit])


def _table(table: r.Table) -> list[Piece]:
    # Block Kit's `table` block allows one per message, renders after every other block and is
    # not available on the Home tab, so a matrix becomes one section per row instead.
    pieces: list[Piece] = []
    for row in table.rows:
        fields = []
        for index, cell in enumerate(row[1:], start=1):
            title = table.columns[index] if index < len(table.columns) else ""
            marker = HIGHLIGHT if index in table.highlight else ""
            fields.append(f"{marker}*{mrkdwn(title)}*\n{mrkdwn(cell) or '-'}")
        heading = f"*{mrkdwn(row[0])}*" if row else None
        pieces.extend(Piece(b) for b in _field_sections(fields, heading))
    if pieces:
        pieces[0] = Piece(pieces[0].block, r.block_text(table))
    return pieces


def _bar(bar: r.Bar, maximum: float) -> str:
    share = 0.0 if maximum <= 0 else max(0.0, min(1.0, bar.value / maximum))
    filled = round(share * BAR_WIDTH)
    bar_text = BAR_FULL * filled + BAR_EMPTY * (BAR_WIDTH - filled)
    return f"`{bar_text}` {mrkdwn(bar.label)}: {mrkdwn(bar.display)}"


def _chart(chart: r.BarChart) -> list[Piece]:
    lines = [f"*{mrkdwn(chart.title)}*"] + [_bar(b, chart.maximum) for b in chart.bars]
    return _sections("\n".join(lines), r.block_text(chart))


def pieces_for(block: r.Block) -> list[Piece]:
    """The Block Kit blocks for one neutral block (never over an element limit)."""
    text = r.block_text(block)
    match block:
        case r.Header(text=t):
            return [Piece(HeaderBlock(text=PlainTextObject(text=clip(plain(t), HEADER_TEXT),
                                                           emoji=True)), text)]
        case r.Text(text=t):
            return _sections(mrkdwn(t), text)
        case r.Bullets():
            return _sections(_bullet_lines(block), text)
        case r.Fields(pairs=pairs):
            blocks = _field_sections([f"*{mrkdwn(k)}*\n{mrkdwn(v)}" for k, v in pairs])
            return [Piece(b, text if i == 0 else "") for i, b in enumerate(blocks)]
        case r.Divider():
            return [Piece(DividerBlock())]
        case r.Caption(text=t):
            return [Piece(ContextBlock(elements=[
                MarkdownTextObject(text=clip(mrkdwn(t), CONTEXT_TEXT))]), text)]
        case r.Buttons(buttons=buttons):
            return _actions(buttons)
        case r.Scale():
            return _scale(block)
        case r.Form():
            return _form(block)
        case r.Table():
            return _table(block)
        case r.BarChart():
            return _chart(block)
    return []


def _bullet_lines(bullets: r.Bullets) -> str:
    return "\n".join(f"{BULLET} {mrkdwn(i)}" for i in bullets.items)


def pieces_of(blocks: Iterable[r.Block]) -> list[Piece]:
    """Every block's pieces. A paragraph followed by its bullets shares one section (a
    competency and its expectations read as one unit, and use half the 50-block budget)."""
    pieces: list[Piece] = []
    pending: r.Text | None = None
    for block in blocks:
        if pending is not None and isinstance(block, r.Bullets):
            text = f"{mrkdwn(pending.text)}\n{_bullet_lines(block)}"
            pieces.extend(_sections(text, f"{r.block_text(pending)}\n{r.block_text(block)}"))
            pending = None
            continue
        if pending is not None:
            pieces.extend(pieces_for(pending))
            pending = None
        if isinstance(block, r.Text):
            pending = block
        else:
            pieces.extend(pieces_for(block))
    if pending is not None:
        pieces.extend(pieces_for(pending))
    return pieces
