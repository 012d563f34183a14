"""Pulse results' pictures on Slack (issue 14): the real Bolt app uploads each Picture of a reply
as a PNG (files_upload_v2 against the local fake Slack) next to the text, drawn from the same
numbers the text gives: the 1-5 distributions for `pulse results`, the heatmap for `--by team`.
The favourable bars stay text (no second picture of the same numbers). Drawing goes through
adapters/charts.picture_figure, so any kind of Picture is uploaded, and one that cannot be
drawn costs nothing but its picture."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image
from slack_sdk.web.async_client import AsyncWebClient

from adapters import charts, pictures
from adapters.slack.delivery import upload_charts
from bot.pulses.rules import Question
from bot.pulses.rules_insight import Segment, Spread
from bot.reply import BarChart, Picture, Reply, Text
from tests.slack import payloads, test_chart_upload
from tests.slack.conftest import USERS, Rig
from tests.slack.test_chart_upload import assert_png, closed_pulse

# The Slack server with the HR services on SQLite: team "core" of 7, Sam in HR.
hr_rig = test_chart_upload.hr_rig


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Figure]]:
    """Every Figure drawn for a Picture, kept for reading what was drawn."""
    kept: list[Figure] = []
    draw = charts.picture_figure

    def spy(picture: Picture) -> Figure:
        kept.append(draw(picture))
        return kept[-1]

    monkeypatch.setattr(pictures, "picture_figure", spy)
    yield kept


async def results_in_dm(rig: Rig, text: str) -> str:
    await rig.event(payloads.dm_event(USERS["sam"], text, channel="D0SAM"))
    return "\n".join(str(c.args.get("text")) for c in rig.slack.of("chat.postMessage"))


def size_of(figure: Figure) -> tuple[int, int]:
    width, height = figure.get_size_inches()
    return round(width * charts.DPI), round(height * charts.DPI)


async def test_results_upload_the_distributions_drawn_from_the_answers(
        hr_rig: Rig, drawn: list[Figure]) -> None:
    await closed_pulse(hr_rig.db, answered=6)
    text = await results_in_dm(hr_rig, "pulse results 1")
    assert "6 of 7 answered" in text and "1-5: 0 / 0 / 0 / 3 / 3" in text
    [upload] = hr_rig.slack.uploads  # the distributions only: no favourable-bars picture
    assert upload.channel == "D0SAM"
    assert upload.title == "Pulse #1: Spring pulse, answers 1-5"
    [figure] = drawn
    assert assert_png(upload.data) == size_of(figure)
    axes = figure.axes[0]
    assert "6 of 7 responded" in axes.get_title() and axes.get_xlim() == (-100, 100)
    bars = [p for p in axes.patches if isinstance(p, Rectangle)]
    assert len(bars) == 5 * 7
    for row in range(7):  # three 4s and three 5s: 50% + 50%, right of the centre
        widths = [p.get_width() for p in bars if abs(p.get_y() + p.get_height() / 2 - row)
                  < 1e-6]
        assert widths == pytest.approx([0, 0, 0, 50, 50])
    [asked] = hr_rig.slack.of("files.getUploadURLExternal")
    assert str(asked.args["alt_txt"]).startswith("Diverging bars of the 1-5 answers to 7 "
                                                 "statements, 6 responses: ")
    assert "0% disagree, 0% neutral, 100% agree" in str(asked.args["alt_txt"])


async def test_results_by_team_upload_the_heatmap(hr_rig: Rig, drawn: list[Figure]) -> None:
    await closed_pulse(hr_rig.db, answered=6)
    text = await results_in_dm(hr_rig, "pulse results 1 --by team")
    assert "core (n=6)" in text
    [upload] = hr_rig.slack.uploads
    assert upload.title == "Pulse #1: Spring pulse, favourable (4-5) % by team"
    [figure] = drawn
    assert assert_png(upload.data) == size_of(figure)
    (image,) = figure.axes[0].images
    cells = image.get_array()
    assert cells is not None and cells.flatten().tolist() == [100.0] * 14  # Everyone, core
    assert image.get_clim() == (0, 100)


async def test_below_the_threshold_nothing_is_drawn(hr_rig: Rig, drawn: list[Figure]) -> None:
    await closed_pulse(hr_rig.db, answered=4)
    for ask in ("pulse results 1", "pulse results 1 --by team"):
        assert "Not enough responses" in await results_in_dm(hr_rig, ask)
    assert hr_rig.slack.uploads == [] and drawn == []


class Unknown:
    """Numbers no drawing knows yet."""


async def test_any_kind_of_picture_is_uploaded_and_an_undrawable_one_is_skipped(
        hr_rig: Rig, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The adapter draws every Picture through picture_figure, whatever its data: a new kind
    another feature adds is uploaded as soon as charts.py can draw it."""
    class Drawable:
        pass

    def figure_of(picture: Picture) -> Figure:
        if not isinstance(picture.data, Drawable):
            raise TypeError(f"no drawing for {type(picture.data).__name__}")
        return charts.bar_figure(BarChart("new kind", ()))  # a notice: still a figure

    monkeypatch.setattr(pictures, "picture_figure", figure_of)
    client = AsyncWebClient(token="xoxb-test-token", base_url=hr_rig.slack.api_url)
    reply = Reply((Text("numbers"), Picture("Unknown kind", "", Unknown(), "unknown"),
                   Picture("New kind", "sub", Drawable(), "a new kind of chart")))
    with caplog.at_level(logging.WARNING):
        await upload_charts(client, "D0SAM", reply)
    [upload] = hr_rig.slack.uploads
    assert upload.title == "New kind" and upload.channel == "D0SAM"
    [asked] = hr_rig.slack.of("files.getUploadURLExternal")
    assert asked.args["filename"] == "chart-2.png"
    assert asked.args["alt_txt"] == "a new kind of chart"
    with Image.open(io.BytesIO(upload.data)) as image:
        assert image.format == "PNG"
    assert "could not draw a picture (TypeError): no drawing for Unknown" in caplog.text


async def test_pictures_drawn_at_once_in_threads_come_out_whole(hr_rig: Rig) -> None:
    """Drawing runs off the event loop: two replies uploading at the same time each get their
    own picture, whole."""
    def picture(n: int) -> Picture:
        rows = tuple(Spread(Question(f"q{i}", f"Statement {i}"), 10, tuple(
            Segment(s, 2, 20.0, 20, -50.0 + 20 * (s - 1), 20.0) for s in range(1, 6)),
            40.0, 20.0, 40.0) for i in range(n))
        return Picture(f"Picture of {n}", "", rows, f"{n} rows")

    client = AsyncWebClient(token="xoxb-test-token", base_url=hr_rig.slack.api_url)
    await asyncio.gather(*(upload_charts(client, "D0SAM", Reply((picture(n),)))
                           for n in (2, 9)))
    sizes = {u.title: assert_png(u.data) for u in hr_rig.slack.uploads}
    assert sizes == {"Picture of 2": (1100, round((2.4 + 0.7 * 2) * 100)),
                     "Picture of 9": (1100, round((2.4 + 0.7 * 9) * 100))}
