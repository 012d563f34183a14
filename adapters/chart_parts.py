"""What every careerbot chart shares (adapters/charts.py, adapters/charts_trend.py): a Figure on
matplotlib's Agg canvas (no pyplot global state) with a wrapped bold title and a grey subtitle,
a notice in place of empty axes, and PNG output (one figure, or several stacked)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread, imsave

LABEL_WIDTH = 40
LABEL_LINES = 3
TITLE_WIDTH = 70
SUBTITLE_CHARS = 9  # per inch of figure at 9 points, with room for a centred title
DPI = 100


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A long statement over a few lines, cut with "..." past the last one."""
    wrapped = textwrap.wrap(text, width, max_lines=lines, placeholder=" ...")
    return "\n".join(wrapped) or " "


def titled_figure(title: str, height: float, width: float = 10) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)  # attaches itself: savefig renders without pyplot
    figure.suptitle(wrap(title, TITLE_WIDTH, 2), fontweight="bold")
    return figure


def subtitle_above(figure: Figure, axes: Axes, text: str) -> None:
    """Grey lines above the axes, wrapped to what the figure's width holds."""
    if text:
        width = int(figure.get_figwidth() * SUBTITLE_CHARS)
        axes.set_title(wrap(text, width, 3), fontsize=9, color="#555555")


def notice(figure: Figure, subtitle: str, text: str) -> Figure:
    axes = figure.add_subplot()
    subtitle_above(figure, axes, subtitle)
    axes.text(0.5, 0.5, text, ha="center", va="center")
    axes.set_axis_off()
    return figure


def to_png(figure: Figure, dpi: int = DPI) -> bytes:
    """`dpi`: lower for a smaller file (Teams' cards); sizes are in points, so only the pixels
    change, never the layout."""
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def stacked_png(figures: Sequence[Figure]) -> bytes:
    """Several figures as one PNG, one under the other (narrower ones padded with white)."""
    if len(figures) == 1:
        return to_png(figures[0])
    # read back as RGBA floats 0-1: the padding is 1.0, opaque white
    images = [imread(io.BytesIO(to_png(figure)), format="png") for figure in figures]
    width = max(image.shape[1] for image in images)
    stacked = np.vstack([np.pad(image, ((0, 0), (0, width - image.shape[1]), (0, 0)),
                                constant_values=1.0) for image in images])
    out = io.BytesIO()
    imsave(out, stacked, format="png")
    return out.getvalue()
