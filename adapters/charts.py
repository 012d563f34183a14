"""A neutral BarChart as a PNG (matplotlib's Agg canvas, no pyplot global state): Slack uploads
it next to the text rendering, the CLI writes it to a file. It draws only what the chart holds."""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.reply import BarChart

LABEL_WIDTH = 40
LABEL_LINES = 3
TITLE_WIDTH = 70
BAR_COLOUR = "#3b7dd8"
DPI = 100


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A long statement over a few lines, cut with "..." past the last one."""
    wrapped = textwrap.wrap(text, width, max_lines=lines, placeholder=" ...")
    return "\n".join(wrapped) or " "


def render_png(chart: BarChart, *, subtitle: str = "", xlabel: str = "",
               empty: str = "No data") -> bytes:
    """Horizontal bars, top to bottom in the chart's order, each labelled with its display;
    `empty` is the notice drawn when there are no bars."""
    bars = chart.bars
    figure = Figure(figsize=(10, 1.6 + 0.6 * max(len(bars), 1)), dpi=DPI)
    FigureCanvasAgg(figure)  # attaches itself: savefig renders without pyplot
    axes = figure.add_subplot()
    figure.suptitle(wrap(chart.title, TITLE_WIDTH, 2), fontweight="bold")
    if subtitle:
        axes.set_title(subtitle, fontsize=9, color="#555555")
    if not bars:
        axes.text(0.5, 0.5, empty, ha="center", va="center")
        axes.set_axis_off()
    else:
        maximum = chart.maximum if chart.maximum > 0 else max(b.value for b in bars) or 1.0
        drawn = axes.barh([wrap(b.label) for b in bars],
                          [max(0.0, min(b.value, maximum)) for b in bars], color=BAR_COLOUR)
        axes.bar_label(drawn, labels=[b.display for b in bars], padding=4, fontsize=9)
        axes.set_xlim(0, maximum * 1.3)  # room for the value labels past a full bar
        axes.set_xticks([maximum * i / 5 for i in range(6)])
        if xlabel:
            axes.set_xlabel(xlabel)
        axes.invert_yaxis()
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="y", labelsize=9)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
