"""adapters/slack/block_json.py gives, for every kind of block the renderer makes, exactly the
dict slack_sdk's own `to_dict()` gives (keys, order, empties left out), without its validation
pass; and a rendered message is built with it."""

from __future__ import annotations

import json

from adapters.slack.block_json import as_json
from adapters.slack.blocks import pieces_of
from adapters.slack.render import render_message
from bot import reply as r

EVERY_KIND = r.Reply((
    r.Header("What's **next** for you"),
    r.Text("A paragraph with **bold**, <angle> & *stars* typed by someone"),
    r.Bullets(("one", "two & three")),
    r.Fields((("Track", "Software Engineering"), ("Level", ""))),
    r.Divider(),
    r.Caption("a caption"),
    r.Buttons((r.Button("Rate", "readiness.start", {"a": "1"}, style="primary"),
               r.Button("Track", "track.show"), r.Button("Track", "track.show"))),
    r.Scale("readiness.score", {"a": "1", "c": "2"}, selected=3),
    r.Form("goal.save", (r.FormField("title", "Title"),
                         r.FormField("notes", "Notes", kind="multiline", optional=True),
                         r.FormField("due", "Due", kind="date", initial="2026-12-01"),
                         r.FormField("kind", "Kind", kind="select",
                                     options=(("a", "A"), ("b", "B")), initial="b")),
           value={"g": "1"}),
    r.Table(("Level", "Ownership", "Craft"), (("SE I", "x", ""), ("SE II", "y", "z")),
            highlight=(1,)),
    r.BarChart("Favourable", (r.Bar("Q1", 70.0, "70%"), r.Bar("Q2", 0.0, "0%"))),
))


def test_every_kind_of_block_is_what_to_dict_gives() -> None:
    pieces = pieces_of(EVERY_KIND.blocks)
    kinds = {type(p.block).__name__ for p in pieces}
    assert {"HeaderBlock", "SectionBlock", "DividerBlock", "ContextBlock", "ActionsBlock",
            "InputBlock"} <= kinds
    for piece in pieces:
        fast, stock = as_json(piece.block), piece.block.to_dict()
        assert fast == stock
        assert json.dumps(fast) == json.dumps(stock)  # the same key order on the wire


def test_a_rendered_message_is_the_stock_dicts() -> None:
    [message] = render_message(EVERY_KIND)
    assert message.blocks == [p.block.to_dict() for p in pieces_of(EVERY_KIND.blocks)]
