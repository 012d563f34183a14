"""Who sees an answer where (bot/visibility.py): the whole policy table, the "share" word, and
the decision conversation.handle puts on every reply. The adapters' tests show it carried out."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Event, Place, Platform, TextMessage
from bot.reply import Reply, Text, Visibility
from bot.visibility import PERSONAL_ONLY, decide, decided, read_share, split_share
from tests.fakes import FakeClock, FakeDirectory, FakeRepository, FakeUnits, answered, units_of
from tests.sample_data import ENGINEERING, person

DIRECT, CHANNEL = Place.DIRECT, Place.CHANNEL
SLACK, TEAMS, CONSOLE = Platform.SLACK, Platform.TEAMS, Platform.CONSOLE
PRIVATE_HERE, SHARED, REFUSE = Visibility.PRIVATE_HERE, Visibility.SHARED, Visibility.REFUSE

# (place, share, private, platform) -> decision: every combination, written out.
TABLE = [
    # A direct place: nobody else reads it, so the answer is simply posted there.
    (DIRECT, False, True, SLACK, SHARED),
    (DIRECT, False, True, TEAMS, SHARED),
    (DIRECT, False, True, CONSOLE, SHARED),
    (DIRECT, False, False, SLACK, SHARED),
    (DIRECT, False, False, TEAMS, SHARED),
    (DIRECT, False, False, CONSOLE, SHARED),
    (DIRECT, True, True, SLACK, SHARED),
    (DIRECT, True, True, TEAMS, SHARED),
    (DIRECT, True, True, CONSOLE, SHARED),
    (DIRECT, True, False, SLACK, SHARED),
    (DIRECT, True, False, TEAMS, SHARED),
    (DIRECT, True, False, CONSOLE, SHARED),
    # A channel on Slack: a private answer is whispered unless the asker says "share".
    (CHANNEL, False, True, SLACK, PRIVATE_HERE),
    (CHANNEL, False, False, SLACK, SHARED),
    (CHANNEL, True, True, SLACK, SHARED),
    (CHANNEL, True, False, SLACK, SHARED),
    # A channel or group chat where nothing can be whispered: no career talk at all.
    (CHANNEL, False, True, TEAMS, REFUSE),
    (CHANNEL, False, False, TEAMS, REFUSE),
    (CHANNEL, True, True, TEAMS, REFUSE),
    (CHANNEL, True, False, TEAMS, REFUSE),
    (CHANNEL, False, True, CONSOLE, REFUSE),
    (CHANNEL, False, False, CONSOLE, REFUSE),
    (CHANNEL, True, True, CONSOLE, REFUSE),
    (CHANNEL, True, False, CONSOLE, REFUSE),
]


def test_the_table_covers_every_combination() -> None:
    cells = {(place, share, private, platform) for place, share, private, platform, _ in TABLE}
    assert len(cells) == len(TABLE) == len(Place) * 2 * 2 * len(Platform)


@pytest.mark.parametrize(("place", "share", "private", "platform", "expected"), TABLE)
def test_policy_table(place: Place, share: bool, private: bool, platform: Platform,
                      expected: Visibility) -> None:
    assert decide(private=private, place=place, share=share, platform=platform) is expected


@pytest.mark.parametrize(("text", "expected", "share"), [
    ("next share", "next", True),
    ("track Product Design SHARE", "track Product Design", True),
    ("  pulse results 1   share ", "pulse results 1", True),
    ("share", "", True),
    ("shared", "shared", False),
    ("share my plan", "share my plan", False),  # only a trailing "share" counts
    ("", "", False),
])
def test_split_share(text: str, expected: str, share: bool) -> None:
    assert split_share(text) == (expected, share)


def slack() -> Actor:
    return Actor(SLACK, "U1", "T1")


def test_read_share_takes_the_word_off_a_typed_message_only() -> None:
    message = read_share(TextMessage(slack(), "next share", place=CHANNEL))
    assert isinstance(message, TextMessage)
    assert (message.text, message.share, message.place) == ("next", True, CHANNEL)
    press = Action(slack(), "tracks.list", place=CHANNEL)
    assert read_share(press) is press


@pytest.mark.parametrize(("event", "ephemeral", "expected"), [
    (TextMessage(slack(), "next", place=CHANNEL), True, PRIVATE_HERE),
    (TextMessage(slack(), "next", place=CHANNEL, share=True), True, SHARED),
    (TextMessage(slack(), "pulse", place=CHANNEL), False, SHARED),
    # A press is the presser's own: private in a channel even when the reply could be shown.
    (Action(slack(), "pulse.answer", place=CHANNEL), False, PRIVATE_HERE),
    (Action(slack(), "pulse.answer", place=CHANNEL), True, PRIVATE_HERE),
    (Action(slack(), "pulse.answer", place=DIRECT), True, SHARED),
])
def test_decided_reads_the_event(event: Event, ephemeral: bool, expected: Visibility) -> None:
    reply = decided(Reply((Text("x"),), ephemeral=ephemeral), event)
    assert reply.visibility is expected
    assert reply.blocks == (Text("x"),) and reply.ephemeral is ephemeral


@pytest.fixture
def repo() -> FakeRepository:
    r = FakeRepository()
    r.add_track(ENGINEERING)
    r.add_person(person(1, "se1"))
    return r


async def test_every_answer_from_handle_carries_its_decision(repo: FakeRepository) -> None:
    services = Services(units=units_of(repo), clock=FakeClock())
    who = Actor(CONSOLE, "p1@example.com", email="p1@example.com")
    reply = answered(await handle(services, TextMessage(who, "next share")))
    assert "Software Engineer II" in reply.text  # "share" was not part of the question
    assert reply.visibility is SHARED
    said = answered(await handle(services, TextMessage(slack(), "next", place=CHANNEL)))
    assert said.visibility is PRIVATE_HERE  # an unknown person's "ask HR" answer is whispered


async def test_a_refused_place_reads_and_claims_nothing(repo: FakeRepository) -> None:
    directory = FakeDirectory({"29:1": "p1@example.com"})
    units = FakeUnits(repo)
    services = Services(units=units, clock=FakeClock(), directory=directory)
    group = TextMessage(Actor(TEAMS, "29:1"), "next", key="teams:g:1", place=CHANNEL,
                        address={"conversation": "g"})
    reply = answered(await handle(services, group))
    assert reply.text == PERSONAL_ONLY and reply.visibility is REFUSE
    assert directory.lookups == [] and repo.events == set()
    assert units.opened == 0
