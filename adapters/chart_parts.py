"""What every careerbot chart shares (adapters/charts.py, adapters/charts_trend.py): a Figure on
matplotlib's Agg canvas (no pyplot global state) with a wrapped bold title and a grey subtitle,
a notice in place of empty axes, a legend under whatever the x axis holds, text colours that
stay readable on the colour beneath, and PNG output (one figure, or several stacked)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.image import imread, imsave
from matplotlib.legend import Legend
from matplotlib.transforms import ScaledTranslation

LABEL_WIDTH = 40
LABEL_LINES = 3
TITLE_WIDTH = 70
SUBTITLE_CHARS = 9  # per inch of figure at 9 points, with room for a centred title
DPI = 100
LEGEND_GAP = 0.08  # inches between the x axis' labels and a legend under them


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A long statement over a few lines, cut with "..." past the last one."""
    wrapped = textwrap.wrap(text, width, max_lines=lines, placeholder=" ...")
    return "\n".join(wrapped) or " "


def _luminance(colour: object) -> float:
    """WCAG relative luminance of a matplotlib colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                for c in to_rgb(colour)]  # type: ignore[arg-type]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(one: object, other: object) -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 is enough for small text)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(background: object) -> str:
    """Black or white, whichever reads better on `background` (at least 4.58:1 on any
    colour): a value written on a bar or a heatmap cell."""
    return "black" if contrast("black", background) >= contrast("white", background) else "white"


def legend_below(axes: Axes, handles: Sequence[Artist], labels: Sequence[str],
                 **options: object) -> Legend:
    """A legend centred under everything the x axis holds (tick labels, upright or turned,
    and its label): placed that many inches under the axes, measured, so it never sits on
    them however few rows the axes have; tight_layout then makes room for it."""
    figure = axes.get_figure()
    assert isinstance(figure, Figure)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    under = axes.xaxis.get_tightbbox(renderer)
    depth = 0.0 if under is None else axes.get_window_extent(renderer).y0 - under.y0  # pixels
    place = axes.transAxes + ScaledTranslation(0, -(LEGEND_GAP + depth / figure.dpi),
                                               figure.dpi_scale_trans)
    return axes.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0),
                       bbox_transform=place, frameon=False, **options)


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
