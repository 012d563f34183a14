"""Pulse results' pictures on Teams (issue 14): through the real CloudAdapter and the fake Bot
Connector, `pulse results` ends with a card holding the 1-5 distributions as an Adaptive Card
Image (a base64 PNG data URI, with the Picture's alt text), `--by team` with the heatmap; every
card validates against the Adaptive Card 1.5 schema and stays under Teams' size limit, which
leaves base64 images out; each PNG is small (a palette, at most 1024 pixels a side)."""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import threading
from typing import Any

import pytest
from matplotlib.figure import Figure
from PIL import Image

from adapters import charts, pictures
from adapters.pictures import MIN_DPI
from adapters.teams.outbound import render_off_loop
from adapters.teams.render import MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, card_bytes, render
from bot.pulses.rules import Question
from bot.pulses.rules_insight import Segment, Spread
from bot.reply import Picture, Reply, Text
from tests.hr.people import add_people
from tests.slack.test_chart_upload import closed_pulse
from tests.teams.activities import message
from tests.teams.conftest import TEAMS_MESSAGE_LIMIT, Rig, assert_valid_card, card_text, nodes
from tests.teams.fake_connector import Call

DATA_URI = "data:image/png;base64,"


def images(call: Call) -> list[dict[str, Any]]:
    return [n for card in call.cards for n in nodes(card) if n.get("type") == "Image"]


def png_of(image: dict[str, Any]) -> bytes:
    url = str(image["url"])
    assert url.startswith(DATA_URI)
    data = base64.b64decode(url.removeprefix(DATA_URI), validate=True)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) <= MAX_IMAGE_BYTES
    with Image.open(io.BytesIO(data)) as picture:
        picture.verify()
    return data


async def ask(rig: Rig, text: str) -> list[Call]:
    return await rig.exchange(message(rig.users["sam"], rig.service_url, text))


@pytest.fixture
async def closed(rig: Rig) -> Rig:
    """Pulse #1 for team "core" (7 people, Sam in HR), closed with 6 answers."""
    await add_people(rig.db, "core", 4)
    await closed_pulse(rig.db, answered=6)
    return rig


async def test_results_end_with_the_distributions_as_an_image(closed: Rig) -> None:
    sent = await ask(closed, "pulse results 1")  # every card schema-valid and under the limit
    *text, picture = sent
    assert not any(images(c) for c in text)
    assert "6 of 7 answered" in "\n".join(card_text(card) for c in text for card in c.cards)
    [image] = images(picture)
    assert image["altText"].startswith("Diverging bars of the 1-5 answers to 7 statements, "
                                       "6 responses: ")
    assert picture.body["summary"] == "Pulse #1: Spring pulse, answers 1-5"
    with Image.open(io.BytesIO(png_of(image))) as drawn:
        assert drawn.format == "PNG" and max(drawn.size) <= MAX_IMAGE_SIDE
        assert drawn.size[0] > 900  # readable: not shrunk far below Teams' 1024
    raw = len(str(picture.body))
    assert picture.size < 2048 < raw  # Teams counts the card without its base64 image


async def test_results_by_team_end_with_the_heatmap(closed: Rig) -> None:
    *text, picture = await ask(closed, "pulse results 1 --by team")
    assert "core (n=6)" in "\n".join(card_text(card) for c in text for card in c.cards)
    [image] = images(picture)
    assert picture.body["summary"] == "Pulse #1: Spring pulse, favourable (4-5) % by team"
    assert image["altText"].startswith("Heatmap of favourable (4-5) % for 7 statements")
    png_of(image)


async def test_below_the_threshold_no_image(rig: Rig) -> None:
    await add_people(rig.db, "core", 4)
    await closed_pulse(rig.db, answered=4)
    sent = await ask(rig, "pulse results 1")
    assert not any(images(c) for c in sent)
    assert "Not enough responses yet" in card_text(sent[0].cards[0])


class Unknown:
    """Numbers no drawing knows."""


def test_a_picture_that_cannot_be_drawn_leaves_the_text_alone(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    cards = render(Reply((Text("the numbers"), Picture("t", "", Unknown(), "alt"))))
    assert [card_text(c.card) for c in cards] == ["the numbers"]
    alone = render(Reply((Picture("t", "", Unknown(), "alt"),)))
    assert [card_text(c.card) for c in alone] == ["(nothing to show)"]

    def broken(picture: Picture) -> Figure:
        raise ValueError("a drawing bug\nwith a second line")

    monkeypatch.setattr(pictures, "picture_figure", broken)
    with caplog.at_level(logging.WARNING):
        cards = render(Reply((Text("still answered"), Picture("t", "", Unknown(), "alt"))))
    assert [card_text(c.card) for c in cards] == ["still answered"]
    assert "could not draw a picture (ValueError): a drawing bug" in caplog.text
    assert "second line" not in caplog.text and "Traceback" not in caplog.text


def test_image_cards_are_valid_and_counted_without_their_image() -> None:
    from bot.pulses.pictures import heatmap_picture
    from bot.pulses.rules import PulseStatus, Submission, aggregate, default_questions, tally_of
    from bot.pulses.rules_insight import heatmap
    from tests.teams.test_hr_cards import poll

    questions = default_questions()
    teams = [f"A team with a rather long name {n:02d}" for n in range(12)]
    subs = [Submission(t, {q.id: 1 + (i + n) % 5 for q in questions})
            for i, t in enumerate(teams) for n in range(6)]
    results = aggregate(questions, tally_of(subs), dict.fromkeys(teams, 9), 5)
    picture = heatmap_picture(poll(status=PulseStatus.CLOSED), results, heatmap(results))
    [shown] = render(Reply((picture,)))
    assert_valid_card(shown.card)
    assert card_bytes(shown.card) < TEAMS_MESSAGE_LIMIT
    [image] = [n for n in nodes(shown.card) if n.get("type") == "Image"]
    with Image.open(io.BytesIO(png_of(image))) as drawn:
        # 13 columns, 21.4 inches wide: 1024 pixels would be under 48 dpi, too small to read
        assert drawn.size[0] == round(21.4 * MIN_DPI)


def texts_sent(calls: list[Call]) -> list[str]:
    return [card_text(card) for c in calls if c.status < 300 for card in c.cards]


@pytest.mark.parametrize("status", [400, 413])
async def test_a_refused_picture_is_one_line_saying_how_to_get_it(closed: Rig,
                                                                   status: int) -> None:
    """Teams refuses the image card: the text is not sent again, nor an apology for a failure;
    one short line says the picture could not be shown and how to get it as a file."""
    closed.connector.refuse_images = status
    for asked, command in (("pulse results 1", "careerbot pulse results 1 --png FILE"),
                           ("pulse results 1 --by team",
                            "careerbot pulse results 1 --by team --png FILE")):
        sent = await ask(closed, asked)
        refused = [c for c in sent if c.status >= 300]
        assert len(refused) == 1 and images(refused[0])
        shown = texts_sent(sent)
        assert sum("6 of 7 answered" in t or "core (n=6)" in t for t in shown) == 1, shown
        assert not any("Sorry" in t for t in shown)
        *_, line = shown
        assert "could not show the picture" in line and command in line, line
        assert len(line) < 300


async def test_a_refused_trend_picture_names_the_trend_command(closed: Rig) -> None:
    closed.connector.refuse_images = 400
    *_, line = texts_sent(await ask(closed, "pulse trend core"))
    assert "careerbot pulse trend --team core --png FILE" in line, line


async def test_pictures_are_drawn_off_the_event_loop(closed: Rig,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A distribution PNG is ~0.3 s of CPU: drawn on a thread, other people's answers do not
    wait for it."""
    loop_thread = threading.get_ident()
    drawn_on: list[int] = []
    draw = charts.picture_figure

    def spy(picture: Picture) -> Figure:
        drawn_on.append(threading.get_ident())
        return draw(picture)

    monkeypatch.setattr(pictures, "picture_figure", spy)
    *_, picture = await ask(closed, "pulse results 1")
    assert images(picture) and drawn_on and loop_thread not in drawn_on


async def test_pictures_drawn_at_once_in_threads_come_out_whole() -> None:
    def picture(n: int) -> Picture:
        rows = tuple(Spread(Question(f"q{i}", f"Statement {i}"), 10, tuple(
            Segment(s, 2, 20.0, 20, -50.0 + 20 * (s - 1), 20.0) for s in range(1, 6)),
            40.0, 20.0, 40.0) for i in range(n))
        return Picture(f"Picture of {n}", "", rows, f"{n} rows")

    alone = {n: render(Reply((picture(n),))) for n in (2, 9)}
    together = await asyncio.gather(*(render_off_loop(Reply((picture(n),))) for n in (2, 9)))
    for n, cards in zip((2, 9), together, strict=True):
        [image] = [i for c in cards for i in nodes(c.card) if i.get("type") == "Image"]
        [expected] = [i for c in alone[n] for i in nodes(c.card) if i.get("type") == "Image"]
        with Image.open(io.BytesIO(png_of(image))) as drawn, \
                Image.open(io.BytesIO(png_of(expected))) as single:
            assert drawn.size == single.size and drawn.tobytes() == single.tobytes()
