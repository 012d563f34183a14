"""A track matrix in the terminal (issue 12): a 5-level x 8-competency track was 130 lines, its
bullets ran together (a cell's second expectation read as the first one's next line) and the
lowest level said "(as before)" with nothing before it. Rendered from the core's own matrix."""

from __future__ import annotations

import pytest

from adapters.console.render import render
from bot.model import Competency, Level, Track
from bot.reply import Header, Reply
from bot.tracks.messages import matrix

TITLES = ("Associate Analyst", "Analyst", "Senior Analyst", "Staff Analyst", "Principal Analyst")
AREAS = ("SQL and tooling", "Statistics", "Data modelling", "Communication", "Stakeholders",
         "Experimentation", "Visualisation", "Ownership")


def bullets(area: str, level: int, competency: int) -> tuple[str, ...]:
    first = f"Owns {area.lower()} work at scope {level} and checks the result."
    second = f"Explains {area.lower()} choices to the team."
    return (first, second) if (level + competency) % 2 else (first,)


def data_track() -> Track:
    levels = tuple(Level(f"l{n}", title, f"l{n - 1}" if n else None)
                   for n, title in enumerate(TITLES))
    # Every third competency adds nothing at the lowest level and at the middle one.
    competencies = tuple(
        Competency(f"c{c}", area, expectations={
            f"l{n}": bullets(area, n, c) for n in range(len(TITLES))
            if not (c % 3 == 0 and n in (0, 2))})
        for c, area in enumerate(AREAS))
    return Track("data", "Data Analytics", levels=levels, competencies=competencies)


def shown(width: int = 100) -> str:
    track = data_track()
    return render(Reply((Header(track.name), matrix(track, {"l1", "l2"}))), width=width).text


def test_a_five_by_eight_matrix_wastes_no_line() -> None:
    """One line per expectation (none wrap at 100 columns), a heading and a gap per competency,
    one line naming the levels that add nothing: no "(as before)" line per level."""
    lines = shown().splitlines()
    track = data_track()
    expectations = sum(len(cells) for c in track.competencies for cells in c.expectations.values())
    gathered = sum(1 for line in lines if "No new expectations at" in line)
    assert gathered == 3  # SQL and tooling, Communication, Visualisation
    assert len(lines) <= 2 + expectations + 2 * len(track.competencies) - 1 + gathered, len(lines)


@pytest.mark.parametrize("width", [100, 140])  # stacked sections, and a grid when it is wider
def test_every_expectation_starts_its_own_bullet(width: int) -> None:
    text = shown(width)
    track = data_track()
    starts = [cell.split("• ", 1)[1].strip() for line in text.splitlines()
              for cell in line.split("│") if "• " in cell]
    for competency in track.competencies:
        for expectation in (e for cells in competency.expectations.values() for e in cells):
            assert any(expectation.startswith(start) for start in starts), expectation
    assert len(starts) >= sum(len(cells) for c in track.competencies
                              for cells in c.expectations.values())


@pytest.mark.parametrize("width", [100, 140])
def test_nothing_says_as_before_where_nothing_came_before(width: int) -> None:
    text = shown(width)
    for line in text.splitlines():
        cells = line.split("│")
        lowest = cells[2] if len(cells) > 3 else line
        assert "(as before)" not in lowest, line
    assert "SQL and tooling" in text and "Associate Analyst" in text


def test_levels_that_add_nothing_are_named_in_one_line() -> None:
    assert "No new expectations at: Associate Analyst, » Senior Analyst." in shown()


def test_the_highlighted_levels_stay_marked() -> None:
    text = shown()
    assert "» Analyst" in text and "» Senior Analyst" in text
