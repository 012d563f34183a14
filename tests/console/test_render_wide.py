"""Layout of longer replies: a track wider than the terminal (seven levels at 100 columns) cuts
no word in two and keeps the current and next level marked; a bold lead-in starts a paragraph."""

from __future__ import annotations

import re

from adapters.console.render import render
from bot.reply import Bullets, Header, Reply, Table, Text

LEVELS = ("Software Engineer I", "Software Engineer II", "Senior Software Engineer",
          "Staff Engineer", "Principal Engineer", "Engineering Manager", "Director")
WIDE = Table(
    ("Competency", *LEVELS),
    (("Communication", *(f"You explain architecture decisions to stakeholders at level {n}."
                         for n in range(1, 8))),
     ("Collaboration and leadership", *("(as before)" for _ in LEVELS))),
    highlight=(3, 4),
)
NARROW = Table(("Competency", "SE I", "SE II"), (("Ownership", "Delivers.", "Owns."),),
               highlight=(2,))


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w'()-]+[.]?", text))


def test_a_table_too_wide_for_the_terminal_never_cuts_a_word() -> None:
    text = render(Reply((WIDE,)), width=100).text
    assert all(len(line) <= 100 for line in text.splitlines())
    # "(as before)" cells are gathered into one "No new expectations at" line (issue 12).
    expected = {w for row in WIDE.rows for cell in row for w in words(cell)} - {"(as", "before)"}
    expected |= {w for column in WIDE.columns[1:] for w in words(column)}
    assert expected <= words(text), sorted(expected - words(text))


def test_the_highlighted_levels_stay_marked_when_the_table_is_too_wide() -> None:
    text = render(Reply((WIDE,)), width=100).text
    assert text.count("» Senior Software Engineer") == 2  # once under each competency
    assert text.count("» Staff Engineer") == 2
    assert "» Software Engineer I " not in text


def test_a_table_that_fits_stays_a_grid() -> None:
    text = render(Reply((NARROW,)), width=100).text
    assert "┌" in text and "» SE II" in text


def test_a_bold_lead_in_after_a_paragraph_starts_a_new_part() -> None:
    text = render(Reply((Header("Ownership (Engineering)"), Text("Owns outcomes."),
                         Text("**Engineer I** (you are here)"), Bullets(("Delivers.",))))).text
    assert "Owns outcomes.\n\nEngineer I (you are here)" in text
