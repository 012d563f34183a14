"""Replies too big for one Teams message: split into several cards, each valid and under 28 KB."""

from __future__ import annotations

import json

from adapters.teams.render import MAX_CARD_BYTES, MAX_CARDS, NOT_SHOWN, render
from bot.model import Competency, Level, Track
from bot.reply import Bullets, Header, Reply, Table, Text
from storage.people.tables import PersonRow
from storage.tracks.mapping import track_row
from tests.storage.seed import T0
from tests.teams.activities import TeamsUser, message
from tests.teams.conftest import TEAMS_MESSAGE_LIMIT, Rig, assert_valid_card, card_text

LONG = ("Leads the design and delivery of work that spans several teams, writes it down so "
        "others can build on it, and makes sure what ships is measured, supported and improved "
        "over time with the people who depend on it. ")


def huge_track() -> Track:
    levels = tuple(Level(f"l{i}", f"Level {i}", after=f"l{i - 1}" if i else None)
                   for i in range(6))
    competencies = tuple(
        Competency(f"c{n}", f"Competency {n}", "", {lv.id: (f"{lv.title}: {LONG}",)
                                                    for lv in levels})
        for n in range(40))
    return Track("huge", "Huge Track", "A track far too big for one card.", levels, competencies)


async def test_a_huge_track_arrives_as_several_valid_cards_under_28kb(rig: Rig) -> None:
    async with rig.db.session() as s:
        s.add(track_row(huge_track(), T0))
        await s.flush()
        s.add(PersonRow(email="big@example.com", name="Big Reader", team="core",
                        track_id="huge", level_id="l1"))
        await s.commit()
    reader = TeamsUser.make(9, "Big Reader")
    rig.connector.add_member(reader.user_id, "big@example.com")
    sent = await rig.exchange(message(reader, rig.service_url, "my track"))  # checks each card
    assert len(sent) >= 3
    assert all(c.size < TEAMS_MESSAGE_LIMIT for c in sent)
    everything = "\n".join(card_text(c.cards[0]) for c in sent)
    for n in range(40):
        assert f"Competency {n}" in everything
    # Every continuation of the matrix repeats the header row, so each card reads on its own.
    assert all("Level 5" in card_text(c.cards[0]) for c in sent)


def test_split_keeps_every_row_and_each_card_within_budget() -> None:
    rows = tuple((f"row {i}", LONG * 2) for i in range(120))
    cards = render(Reply((Header("Big"), Table(("Name", "Text"), rows))))
    assert 1 < len(cards) <= MAX_CARDS
    for rendered in cards:
        assert_valid_card(rendered.card)
        size = len(json.dumps(rendered.card, separators=(",", ":")).encode())
        assert size <= MAX_CARD_BYTES
        assert rendered.summary
    text = "\n".join(card_text(c.card) for c in cards)
    assert all(f"row {i}" in text for i in range(120))


def test_beyond_the_card_cap_the_last_card_says_how_to_ask_for_less() -> None:
    items = tuple(f"item {i}: {LONG}" for i in range(2000))
    cards = render(Reply((Bullets(items),)))
    assert len(cards) == MAX_CARDS
    assert NOT_SHOWN in card_text(cards[-1].card)


def test_one_enormous_paragraph_is_split_at_words() -> None:
    cards = render(Reply((Text(LONG * 400),)))
    assert len(cards) > 1
    for rendered in cards:
        assert_valid_card(rendered.card)
    joined = " ".join(card_text(c.card) for c in cards)
    assert " ".join(joined.split()) == " ".join((LONG * 400).split())


def test_summaries_are_short_plain_text() -> None:
    (rendered,) = render(Reply((Header("**Bold** title"), Text("x " * 500))))
    assert rendered.summary.startswith("Bold title")
    assert len(rendered.summary) <= 200
