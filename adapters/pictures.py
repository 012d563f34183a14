"""A chat reply's Picture as PNG bytes, for every platform that shows pictures (Slack uploads
them, Teams puts them in the card): drawn by adapters/charts.picture_figure whatever the kind of
numbers, at the resolution that fits the platform's limits. A picture that cannot be drawn is
logged and left out: the text blocks beside it carry the same numbers."""

from __future__ import annotations

import io
import logging
import re
import shlex

from PIL import Image

from adapters.charts import DPI, picture_figure, to_png
from bot.pulses.rules_insight import Heatmap
from bot.pulses.trend import EVERYONE, Trend
from bot.reply import Header, Picture, Reply, block_text

log = logging.getLogger(__name__)

MIN_DPI = 50  # below this the labels are no longer readable: better no picture
COLOURS = 128  # a chart's flat colours and anti-aliased text survive a 128-colour palette
PULSE_NUMBER = re.compile(r"\bPulse #(\d+)")
TITLE_CHARS = 80


def pictures(reply: Reply) -> list[Picture]:
    return [b for b in reply.blocks if isinstance(b, Picture)]


def _palette(png: bytes) -> bytes:
    """The PNG with a palette instead of full colour: about a third of the bytes for a chart."""
    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def picture_png(picture: Picture, *, max_bytes: int | None = None,
                max_side: int | None = None) -> bytes | None:
    """The picture as a PNG at the charts' resolution, or (for `max_side`) lower until it is at
    most that many pixels wide and high, never below MIN_DPI (a very wide heatmap stays
    readable, a little wider); with `max_bytes`, palette colours and, if need be, a lower
    resolution until it is at most that long. None when it cannot be drawn, or fit in
    `max_bytes` at MIN_DPI (logged, without a traceback unless debugging)."""
    try:
        return _fitted(picture, max_bytes, max_side)
    except Exception as error:  # noqa: BLE001 - a picture is an extra: never worth the answer
        log.warning("could not draw a picture (%s): %s", type(error).__name__,
                    str(error).splitlines()[0] if str(error) else "")
        log.debug("drawing %r failed", picture.title, exc_info=True)
        return None


def _fitted(picture: Picture, max_bytes: int | None, max_side: int | None) -> bytes | None:
    figure = picture_figure(picture)  # TypeError: a kind of numbers with no drawing (yet)
    width, height = figure.get_size_inches()
    dpi = DPI if max_side is None else max(MIN_DPI, min(DPI, int(max_side / max(width,
                                                                          height))))
    while dpi >= MIN_DPI:
        png = to_png(figure, dpi)
        if max_bytes is None:
            return png
        png = _palette(png)
        if len(png) <= max_bytes:
            return png
        dpi = int(dpi * 0.85)
    log.warning("a picture did not fit in %s bytes even at %s dpi; left out", max_bytes, MIN_DPI)
    return None


def file_command(picture: Picture, reply: Reply) -> str:
    """The CLI command that writes the picture to a file: the trend's, or the results' of the
    pulse its title (or else the reply's header) names (its eNPS and choice pictures are in the
    same PNG)."""
    data = picture.data
    if isinstance(data, Trend):
        team = "" if data.group == EVERYONE else f" --team {shlex.quote(data.group)}"
        return f"careerbot pulse trend{team} --png FILE"
    titles = [picture.title, *(block_text(b) for b in reply.blocks if isinstance(b, Header))]
    found = next((m for t in titles if (m := PULSE_NUMBER.search(t))), None)
    by_team = " --by team" if isinstance(data, Heatmap) else ""
    return f"careerbot pulse results {found.group(1) if found else 'ID'}{by_team} --png FILE"


def not_shown(platform: str, picture: Picture, reply: Reply) -> str:
    """One line in place of a picture the platform refused (its numbers are in the text)."""
    title = picture.title if len(picture.title) <= TITLE_CHARS else (
        picture.title[:TITLE_CHARS - 1].rstrip() + "…")
    return (f"{platform} could not show the picture \"{title}\"; its numbers are above. "
            f"To get it as a file: `{file_command(picture, reply)}`")
