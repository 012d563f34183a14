"""Reply -> Adaptive Cards 1.5 (the version Teams renders). Pure: neutral blocks in, dicts out.

Every card stays under Teams' 28 KB message limit: a long reply becomes several cards. Each
Picture comes after the text, as a card of its own holding the PNG as a data URI."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from adapters.markup import teams_literal, with_bold
from adapters.pictures import picture_png, pictures
from bot.reply import (
    Bar,
    BarChart,
    Block,
    Bullets,
    Button,
    Buttons,
    Caption,
    Divider,
    Fields,
    Form,
    FormField,
    Header,
    Picture,
    Reply,
    Scale,
    Table,
    Text,
    block_text,
)

Element = dict[str, Any]

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ACTION_KEY = "action_id"
# Form inputs are submitted merged with the button's data; the prefix tells them apart.
FORM_PREFIX = "form."
# Teams refuses a message over ~28 KB; keep each card well below to leave room for the envelope.
MAX_CARD_BYTES = 24 * 1024
MAX_CARDS = 10
SUMMARY_CHARS = 200
BAR_WIDTH = 10
# Teams shows at most six buttons side by side; more go into further rows.
ACTIONS_PER_ROW = 6
TOO_LONG = "(cut short: too long for one Teams message)"
# Teams leaves base64 images out of its message size limit, but they still travel in the
# request: one picture per message, a palette PNG of at most this size, at most 1024 pixels a
# side (Teams' guidance for pictures in messages).
MAX_IMAGE_BYTES = 96 * 1024
MAX_IMAGE_SIDE = 1024
DATA_IMAGE = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]*")
NOT_SHOWN = ("The rest did not fit in Teams. Ask for something narrower, for example one "
             "competency (\"competency ownership\").")


@dataclass(frozen=True)
class RenderedCard:
    """One Adaptive Card and the plain-text summary its message carries."""

    card: dict[str, Any]
    summary: str
    picture: Picture | None = None  # the Picture this card shows, if that is all it shows


def submit_data(action_id: str, value: Mapping[str, str]) -> dict[str, str]:
    return {ACTION_KEY: action_id, **{k: str(v) for k, v in value.items()}}


def md(text: str) -> str:
    """Core text for a card's markdown: the core's `**bold**` formats, people's emphasis and
    links (`[x](http://evil.example)`) show as typed (adapters/markup.py)."""
    return with_bold(text, teams_literal, "**")


def _text_block(text: str, **props: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **props}


def _submit(button: Button) -> Element:
    action: Element = {"type": "Action.Submit", "title": button.label,
                       "data": submit_data(button.action_id, button.value)}
    if button.style:
        action["style"] = "positive" if button.style == "primary" else "destructive"
    return action


def _action_sets(actions: list[Element]) -> list[Element]:
    return [{"type": "ActionSet", "actions": actions[i:i + ACTIONS_PER_ROW]}
            for i in range(0, len(actions), ACTIONS_PER_ROW)]


def _scale(scale: Scale) -> list[Element]:
    actions: list[Element] = []
    for n, _ in scale.options():
        chosen = scale.selected == n
        action: Element = {"type": "Action.Submit",
                           "title": f"{'✓ ' if chosen else ''}{scale.caption(n)}",
                           "data": submit_data(scale.action_id, {**scale.value, "score": str(n)})}
        if chosen:
            action["style"] = "positive"
        actions.append(action)
    if len(actions) <= ACTIONS_PER_ROW:
        return [{"type": "ActionSet", "actions": actions}]
    return _action_sets(actions)  # Teams shows a handful of actions per set (0-10 is eleven)


def _input(f: FormField) -> Element:
    element: Element = {"id": FORM_PREFIX + f.id, "label": f.label, "isRequired": not f.optional}
    if not f.optional:
        element["errorMessage"] = f"{f.label} is required."
    if f.kind == "select":
        element.update(type="Input.ChoiceSet", style="compact",
                       choices=[{"title": label, "value": value} for value, label in f.options])
    elif f.kind == "date":
        element["type"] = "Input.Date"
    else:
        element.update(type="Input.Text", isMultiline=f.kind == "multiline")
    if f.initial:
        element["value"] = f.initial
    return element


def _form(form: Form) -> list[Element]:
    submit: Element = {"type": "Action.Submit", "title": form.submit_label, "style": "positive",
                       "data": submit_data(form.action_id, form.value)}
    return [*(_input(f) for f in form.fields), {"type": "ActionSet", "actions": [submit]}]


def _cell(text: str, *, header: bool = False, highlight: bool = False) -> Element:
    cell: Element = {"type": "TableCell", "items": [
        _text_block(md(text), **({"weight": "Bolder"} if header else {}))]}
    if highlight:
        cell["style"] = "accent"
    return cell


def _table(table: Table) -> list[Element]:
    def row(cells: tuple[str, ...], header: bool = False) -> Element:
        return {"type": "TableRow", "cells": [
            _cell(c, header=header, highlight=i in table.highlight) for i, c in enumerate(cells)]}

    return [{
        "type": "Table",
        "firstRowAsHeader": True,
        "showGridLines": True,
        "columns": [{"type": "TableColumnDefinition", "width": 1} for _ in table.columns],
        "rows": [row(table.columns, header=True), *(row(r) for r in table.rows)],
    }]


def text_bar(bar: Bar, maximum: float) -> str:
    share = 0.0 if maximum <= 0 else min(max(bar.value / maximum, 0.0), 1.0)
    filled = round(share * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _bar_chart(chart: BarChart) -> list[Element]:
    rows: list[Element] = [_text_block(md(chart.title), weight="Bolder")]
    for bar in chart.bars:
        rows.append({"type": "ColumnSet", "spacing": "Small", "columns": [
            {"type": "Column", "width": 2, "items": [_text_block(md(bar.label))]},
            {"type": "Column", "width": 2, "items": [
                _text_block(text_bar(bar, chart.maximum), fontType="Monospace", color="Accent")]},
            {"type": "Column", "width": 2, "items": [
                _text_block(md(bar.display), isSubtle=True)]},
        ]})
    return rows


def elements(block: Block) -> list[Element]:
    """The card body elements for one neutral block (Divider yields none; see render_body)."""
    match block:
        case Header(text=t):
            return [_text_block(md(t), style="heading", size="Large", weight="Bolder")]
        case Text(text=t):
            return [_text_block(md(t))]
        case Caption(text=t):
            return [_text_block(md(t), isSubtle=True, size="Small")]
        case Bullets(items=items):
            return [_text_block("\n".join(f"- {md(i)}" for i in items))] if items else []
        case Fields(pairs=pairs):
            return [{"type": "FactSet",
                     "facts": [{"title": md(k), "value": md(v)} for k, v in pairs]}]
        case Buttons(buttons=buttons):
            return _action_sets([_submit(b) for b in buttons])
        case Scale():
            return _scale(block)
        case Form():
            return _form(block)
        case Table():
            return _table(block) if block.rows else []
        case BarChart():
            return _bar_chart(block)
    return []


def render_body(blocks: list[Block]) -> list[Element]:
    body: list[Element] = []
    separate = False
    for block in blocks:
        if isinstance(block, Divider):
            separate = bool(body)
            continue
        new = elements(block)
        if isinstance(block, Header) and body:
            # Only the card's first heading is large; later ones title sections.
            new = [{**new[0], "size": "Medium"}]
        if new and separate:
            new[0] = {**new[0], "separator": True, "spacing": "Medium"}
            separate = False
        body.extend(new)
    return body


def card(body: list[Element]) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION,
            "body": body, "msteams": {"width": "Full"}}


def card_bytes(content: object) -> int:
    """The size Teams' limit counts: the JSON without its base64 images."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return len(DATA_IMAGE.sub("", text).encode("utf-8"))


def _size(blocks: list[Block]) -> int:
    return card_bytes(card(render_body(blocks)))


def _halve_text(text: str) -> tuple[str, str]:
    cut = text.rfind(" ", 0, len(text) // 2)
    cut = cut if cut > 0 else len(text) // 2
    return text[:cut], text[cut:].lstrip()


# Blocks that hold a list, by the name of that list: they split between two items.
_LISTS: dict[type, str] = {Table: "rows", Bullets: "items", Fields: "pairs", Buttons: "buttons",
                           BarChart: "bars"}


def _halves(block: Block) -> tuple[Block, Block] | None:
    """Split one block into two smaller ones of the same kind, or None when it cannot be."""
    name = _LISTS.get(type(block))
    if name is not None:
        items = getattr(block, name)
        if len(items) < 2:
            return None
        mid = len(items) // 2
        return replace(block, **{name: items[:mid]}), replace(block, **{name: items[mid:]})
    if isinstance(block, (Text, Caption)) and len(block.text) > 1:
        first, second = _halve_text(block.text)
        return replace(block, text=first), replace(block, text=second)
    return None


def _fit(block: Block, budget: int) -> list[Block]:
    """Pieces of `block` that each render within `budget` bytes (truncated as a last resort)."""
    if _size([block]) <= budget:
        return [block]
    halves = _halves(block)
    if halves is not None:
        return _fit(halves[0], budget) + _fit(halves[1], budget)
    text = block_text(block)
    return [Text(text[: max(budget // 4, 100)] + " " + TOO_LONG)] if text else []


def paginate(blocks: tuple[Block, ...], budget: int = MAX_CARD_BYTES) -> list[list[Block]]:
    """Blocks grouped into pages that each render as a card within `budget` bytes."""
    pages: list[list[Block]] = [[]]
    for block in blocks:
        for piece in _fit(block, budget):
            if pages[-1] and _size([*pages[-1], piece]) > budget:
                pages.append([])
            pages[-1].append(piece)
    return [p for p in pages if render_body(p)] or [[Text("(nothing to show)")]]


def summary(blocks: list[Block]) -> str:
    """A short plain-text summary (notifications, clients that cannot show cards)."""
    parts = [block_text(b) for b in blocks]
    text = " ".join(" ".join(p.split()) for p in parts if p).strip() or "careerbot"
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def picture_card(picture: Picture) -> RenderedCard | None:
    """A card showing the picture (an Image with its alt text); None when it cannot be drawn
    within MAX_IMAGE_BYTES (the text cards already carry its numbers)."""
    png = picture_png(picture, max_bytes=MAX_IMAGE_BYTES, max_side=MAX_IMAGE_SIDE)
    if png is None:
        return None
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    image = {"type": "Image", "url": url, "altText": picture.alt, "size": "Stretch"}
    return RenderedCard(card([image]), summary([Text(picture.title)]), picture)


def render(reply: Reply, budget: int = MAX_CARD_BYTES) -> list[RenderedCard]:
    """The reply as one or more Adaptive Cards, each under `budget` bytes (images aside), in
    reading order: the text, then one card per Picture while there is room.

    Never raises for long content: it splits tables, lists and text across cards, and past
    MAX_CARDS it stops with a note saying how to ask for less."""
    drawn = pictures(reply)
    text = tuple(b for b in reply.blocks if not isinstance(b, Picture))
    pages = paginate(text, budget) if text or not drawn else []
    if len(pages) > MAX_CARDS:
        pages = pages[: MAX_CARDS - 1] + [[Caption(NOT_SHOWN)]]
    cards = [RenderedCard(card(render_body(page)), summary(page)) for page in pages]
    for picture in drawn:
        shown = picture_card(picture) if len(cards) < MAX_CARDS else None
        if shown is not None:
            cards.append(shown)
    return cards or render(Reply(()), budget)  # pictures alone, none drawn: "nothing to show"
