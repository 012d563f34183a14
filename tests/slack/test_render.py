"""The Block Kit renderer: golden files for every neutral block and for real core replies, plus
the limits (split, cut, clip) checked against what Slack accepts. UPDATE_GOLDEN=1 rewrites the
golden files (then review the diff)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.blocks import split_text
from adapters.slack.render import (
    MAX_MESSAGES,
    MESSAGE_BLOCKS,
    VIEW_BLOCKS,
    Message,
    render_home,
    render_message,
    render_modal,
)
from bot import reply as r
from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Platform, TextMessage
from tests.fakes import FakeClock, FakeRepository, answered, units_of
from tests.sample_data import ENGINEERING, person
from tests.slack.fake_slack_api import block_problems

GOLDEN = Path(__file__).parent / "golden"

FORM = r.Form("plan.save", (
    r.FormField("goal", "Goal", initial="Lead the Q3 design review"),
    r.FormField("notes", "Notes", kind="multiline", optional=True),
    r.FormField("due", "Due date", kind="date", initial="2026-06-30"),
    r.FormField("focus", "Focus", kind="select",
                options=(("ownership", "Ownership"), ("communication", "Communication")),
                initial="communication"),
), submit_label="Save plan", value={"plan": "7"})

EVERY_BLOCK = r.Reply((
    r.Header("Every **block** kind"),
    r.Text("A paragraph with **bold**, & < > escaped."),
    r.Bullets(("one", "**two**")),
    r.Fields((("Track", "Software Engineering"), ("Level", "**Senior**"))),
    r.Divider(),
    r.Caption("A muted line."),
    r.Buttons((r.Button("Open", "tracks.show", {"track": "engineering"}, style="primary"),
               r.Button("Design", "tracks.show", {"track": "design"}),
               r.Button("Danger", "plan.delete", style="danger"))),
    r.Scale("readiness.score", {"a": "1", "c": "ownership"}, selected=4),
    FORM,
    r.Table(("Competency", "Level 1", "Level 2"), (("Ownership", "Owns tasks", ""),
                                                  ("Craft", "Learns", "Teaches")), (2,)),
    r.BarChart("Readiness", (r.Bar("Ownership", 4.0, "4/5"), r.Bar("Craft", 0.0, "1/5")), 5.0),
))


def golden(name: str, data: Any) -> Any:
    """The stored expectation; UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1"
    return json.loads(path.read_text())


def as_json(messages: list[Message]) -> list[dict[str, Any]]:
    return [{"blocks": m.blocks, "text": m.text} for m in messages]


def assert_slack_accepts(messages: list[Message]) -> None:
    for m in messages:
        assert block_problems(m.blocks, MESSAGE_BLOCKS) == []
        assert 0 < len(m.text) <= 3000


def test_every_block_golden() -> None:
    messages = render_message(EVERY_BLOCK)
    assert_slack_accepts(messages)
    assert as_json(messages) == golden("every_block", as_json(messages))


async def _core_reply(text_or_action: str | Action, level: str = "se2") -> r.Reply:
    repo = FakeRepository()
    repo.add_track(ENGINEERING)
    repo.add_person(person(1, level=level))
    repo.identities[(Platform.SLACK, "U1")] = 1
    services = Services(units=units_of(repo), clock=FakeClock())
    event = text_or_action if isinstance(text_or_action, Action) else TextMessage(
        Actor(Platform.SLACK, "U1"), text_or_action, command=True)
    return answered(await handle(services, event))


@pytest.mark.parametrize(("name", "text", "level"), [
    ("next_branching", "next", "senior"),
    ("track_matrix", "track", "se2"),
    ("rate_first_question", "rate", "se1"),
    ("help", "help", "se1"),
])
async def test_core_replies_golden(name: str, text: str, level: str) -> None:
    messages = render_message(await _core_reply(text, level))
    assert_slack_accepts(messages)
    assert as_json(messages) == golden(name, as_json(messages))


async def test_home_and_modal_golden() -> None:
    home = render_home(await _core_reply("next", "se1"))
    assert block_problems(home["blocks"], VIEW_BLOCKS) == []
    assert home == golden("home_next", home)
    modal = render_modal(r.Reply((r.Header("Your plan"), FORM)), FORM)
    assert modal["callback_id"] == "plan.save" and modal["private_metadata"] == '{"plan":"7"}'
    assert all(b["type"] != "actions" for b in modal["blocks"])  # the modal's own submit
    assert modal == golden("modal_form", modal)


def test_scale_ids_are_unique_and_values_carry_the_score() -> None:
    [message] = render_message(r.Reply((r.Scale("readiness.score", {"a": "9", "c": "x"}),)))
    elements = message.blocks[0]["elements"]
    assert [e["action_id"] for e in elements] == [f"readiness.score#{n}" for n in range(1, 6)]
    assert [json.loads(e["value"])["score"] for e in elements] == ["1", "2", "3", "4", "5"]


def test_long_text_splits_into_sections_at_word_boundaries() -> None:
    words = " ".join(f"word{n}" for n in range(2000))  # 16,889 characters
    [message] = render_message(r.Reply((r.Text(words),)))
    sections = [b["text"]["text"] for b in message.blocks]
    assert len(sections) == 6 and all(len(s) <= 3000 for s in sections)
    assert " ".join(sections).split() == words.split()
    assert split_text("a\n\nb", 3000) == ["a\n\nb"]
    assert split_text("   ", 3000) == []


def test_labels_and_fields_are_clipped_with_ellipsis() -> None:
    reply = r.Reply((r.Header("H" * 200), r.Fields((("K", "v" * 2500),)),
                     r.Buttons((r.Button("B" * 100, "tracks.next"),))))
    [message] = render_message(reply)
    header, fields, actions = message.blocks
    assert len(header["text"]["text"]) == 150 and header["text"]["text"].endswith("...")
    assert len(fields["fields"][0]["text"]) == 2000
    assert actions["elements"][0]["text"]["text"].endswith("...")
    assert_slack_accepts([message])


def test_too_many_blocks_split_then_cut_keeping_the_buttons() -> None:
    blocks: list[r.Block] = [r.Text(f"Paragraph {n}") for n in range(400)]
    blocks.append(r.Buttons((r.Button("What's next for me?", "tracks.next"),)))
    messages = render_message(r.Reply(tuple(blocks)))
    assert len(messages) == MAX_MESSAGES
    assert_slack_accepts(messages)
    last = messages[-1].blocks
    assert last[-1]["type"] == "actions"
    assert last[-2]["type"] == "context"
    assert last[-2]["elements"][0]["text"].startswith("... This answer is too long")
    assert sum(len(m.blocks) for m in messages) == MAX_MESSAGES * MESSAGE_BLOCKS


def test_oversized_button_value_drops_only_that_button() -> None:
    reply = r.Reply((r.Buttons((r.Button("Big", "x.y", {"k": "v" * 2100}),
                                r.Button("Small", "x.z", {"k": "v"}))),))
    [message] = render_message(reply)
    assert [e["text"]["text"] for e in message.blocks[0]["elements"]] == ["Small"]


def test_empty_reply_still_has_fallback_text() -> None:
    [message] = render_message(r.Reply(()))
    assert message.blocks == [] and message.text == "careerbot"
    home = render_home(r.Reply(()))
    assert len(home["blocks"]) == 1
