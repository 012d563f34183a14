"""Exports round-trip: importing what we wrote gives back the same tracks, in every format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import Competency, Level, Track
from bot.tracks.rules import slugify
from careerbot.samples import track_files
from storage.trackfiles import export_tracks, load_tracks, matrix_problems, tracks_yaml
from storage.trackfiles.export import Format
from storage.trackfiles.yaml_tracks import parse_tracks

SAMPLES = [t for path in track_files() for t in load_tracks(path)]

STRAIGHT = Track(
    id="customer-care", name="Customer care",
    levels=(Level("agent", "Agent"), Level("senior-agent", "Senior Agent", "agent"),
            Level("lead", "Lead", "senior-agent")),
    competencies=(
        Competency("empathy", "Empathy", "Listens, \"really\" listens; then acts.", {
            "agent": ("=SUM(A1) is not a formula",),
            "lead": ("Coaches others, kindly.", "Runs reviews: weekly."),
        }),
        Competency("tools", "Tools", "", {"senior-agent": ("-5% handling time",)}),
        Competency("empty-row", "Empty row"),
    ),
)
BRANCHING = Track(
    id="eng", name="Engineering", description="Builds things.",
    levels=(Level("e1", "Engineer"), Level("staff", "Staff", "e1"),
            Level("em", "Manager", "e1"), Level("side", "Side entry", None),
            Level("late", "Late", "side")),
    competencies=(
        Competency("c1", "Craft", "", {"e1": ("- starts with a dash",),
                                        "staff": ("two\nlines",), "em": ("a", "b")}),
        Competency("judgement", "Judgement: calls", "Yes", {"side": ("no",), "late": ("3",)}),
    ),
)


def by_id(tracks: list[Track]) -> list[Track]:
    return sorted(tracks, key=lambda t: t.id)


def reimport(files: list[Path]) -> list[Track]:
    return by_id([t for path in files for t in load_tracks(path)])


def test_yaml_round_trip_is_exact(tmp_path: Path) -> None:
    tracks = [*SAMPLES, STRAIGHT, BRANCHING]
    result = export_tracks(tracks, "yaml", tmp_path / "all.yaml")
    assert (result.files, result.notes) == ([tmp_path / "all.yaml"], [])
    assert load_tracks(tmp_path / "all.yaml") == tracks


def test_yaml_of_one_track_reads_like_the_documented_format() -> None:
    text = tracks_yaml([SAMPLES[2]])  # software engineering
    assert "\ntrack: Software Engineering\n" in text
    assert "  - {id: se1, title: Software Engineer I}\n" in text
    assert "  - {id: staff, title: Staff Engineer, after: senior}\n" in text
    assert "tracks:" not in text and "id: software-engineering" not in text
    assert parse_tracks(text, "x") == [SAMPLES[2]]


def test_csv_round_trip_for_a_straight_track(tmp_path: Path) -> None:
    result = export_tracks([STRAIGHT], "csv", tmp_path / "out")
    assert result.files == [tmp_path / "out" / "Customer care.csv"]
    assert result.notes == []
    assert reimport(result.files) == [STRAIGHT]


def test_csv_export_sends_branching_tracks_to_yaml(tmp_path: Path) -> None:
    customer_success = next(t for t in SAMPLES if t.id == "customer-success")
    result = export_tracks([*SAMPLES, STRAIGHT, BRANCHING], "csv", tmp_path)
    names = sorted(p.name for p in result.files)
    assert names == ["Customer care.csv", "customer-success.csv", "eng.yaml",
                     "product-design.yaml", "software-engineering.yaml"]
    assert any("'Software Engineering' is written as YAML: its levels branch" in note
               for note in result.notes)
    assert any("level ids (pd1, pd2, senior, lead) are not made from level titles" in note
               for note in result.notes)
    assert reimport(result.files) == by_id([*SAMPLES, STRAIGHT, BRANCHING])
    assert load_tracks(tmp_path / "customer-success.csv") == [customer_success]


def test_xlsx_round_trip_with_branching_tracks_beside_it(tmp_path: Path) -> None:
    dest = tmp_path / "tracks.xlsx"
    result = export_tracks([STRAIGHT, BRANCHING], "xlsx", dest)
    assert result.files == [dest, tmp_path / "tracks-not-in-workbook.yaml"]
    assert load_tracks(dest) == [STRAIGHT]
    assert reimport(result.files) == by_id([STRAIGHT, BRANCHING])


def test_matrix_leaves_out_the_track_description_and_says_so(tmp_path: Path) -> None:
    described = Track(STRAIGHT.id, STRAIGHT.name, "Helps customers.", STRAIGHT.levels,
                      STRAIGHT.competencies)
    result = export_tracks([described], "xlsx", tmp_path / "t.xlsx")
    assert result.notes == ["'Customer care': the track description is not part of a matrix "
                            "and is left out"]
    assert load_tracks(tmp_path / "t.xlsx") == [STRAIGHT]


@pytest.mark.parametrize(("track", "fmt", "problem"), [
    (Track("x", "X team", levels=(Level("a", "A"),), competencies=(Competency("c", "C"),)),
     "csv", "its id 'x' is not made from its name"),
    (Track("a-b", "A/B", levels=(Level("a", "A"),), competencies=(Competency("c", "C"),)),
     "csv", "its name cannot be written as a file name"),
    (Track("a-b", "A/B", levels=(Level("a", "A"),), competencies=(Competency("c", "C"),)),
     "xlsx", "its name cannot be a sheet name"),
    (Track("sales", "sales", levels=(Level("a", "A"),), competencies=(Competency("c", "C"),)),
     "csv", "its name cannot be written as a file name"),
    (Track("t", "T", levels=(Level("description", "Description"),),
           competencies=(Competency("c", "C"),)), "csv", "first level is titled 'Description'"),
    (Track("t", "T", levels=(Level("a", "A"),)), "xlsx", "it has no competencies"),
    (Track("t", "T", levels=(Level("id", "ID"),), competencies=(Competency("c", "C"),)),
     "csv", "first level is titled 'ID'"),
])
def test_matrix_problems(track: Track, fmt: Format, problem: str) -> None:
    assert any(problem in p for p in matrix_problems(track, fmt))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_renamed_competency_keeps_its_id_in_an_id_column(tmp_path: Path, fmt: Format) -> None:
    renamed = Track("t", "T", levels=(Level("a", "A"),), competencies=(
        Competency("sql-tooling", "SQL and tooling", expectations={"a": ("Writes SQL.",)}),
        Competency("craft", "Craft")))
    assert matrix_problems(renamed, fmt) == []
    result = export_tracks([renamed], fmt, tmp_path / ("out" if fmt == "csv" else "t.xlsx"))
    assert reimport(result.files) == by_id([renamed])


def test_straight_samples_have_no_matrix_problems() -> None:
    customer_success = next(t for t in SAMPLES if t.id == "customer-success")
    assert matrix_problems(customer_success, "csv") == []
    assert matrix_problems(customer_success, "xlsx") == []


def test_nothing_to_export(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no tracks"):
        export_tracks([], "yaml", tmp_path / "x.yaml")
    assert list(tmp_path.iterdir()) == []


# Any text a person could type, including YAML's troublemakers (yes, 1.0, "- ", ": ", #).
_words = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                 max_size=12).map(str.strip).filter(bool)
_tricky = st.sampled_from(["yes", "no", "null", "~", "1.0", "0x1F", "- a", "a: b", "#x",
                           "'q'", '"q"', "[x]", "{x}", "&a", "*a", "!t", "%", "@", "`"])
_text = st.one_of(_words, _tricky)


@st.composite
def tracks(draw: st.DrawFn) -> Track:
    names = draw(st.lists(_text, min_size=1, max_size=4, unique_by=slugify)
                 .filter(lambda ns: all(slugify(n) for n in ns)))
    level_ids = draw(st.lists(_text, min_size=1, max_size=4, unique=True))
    levels: list[Level] = []
    for index, level_id in enumerate(level_ids):
        after = draw(st.sampled_from([None, *level_ids[:index]])) if index else None
        levels.append(Level(level_id, draw(_text), after))
    comps = []
    for name in names[1:]:
        cells = draw(st.dictionaries(st.sampled_from(level_ids),
                                     st.lists(_text, min_size=1, max_size=3).map(tuple)))
        comps.append(Competency(slugify(name) if draw(st.booleans()) else draw(_text), name,
                                draw(st.one_of(st.just(""), _text)), cells))
    unique_comps = list({c.id: c for c in comps}.values())
    return Track(draw(_text), names[0], draw(st.one_of(st.just(""), _text)), tuple(levels),
                 tuple(unique_comps))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracks())
def test_yaml_round_trip_of_any_track(track: Track) -> None:
    assert parse_tracks(tracks_yaml([track]), "x") == [track]


@st.composite
def straight_tracks(draw: st.DrawFn) -> Track:
    titles = draw(st.lists(_text, min_size=1, max_size=4, unique_by=slugify)
                  .filter(lambda ts: all(slugify(t) for t in ts)))
    levels: list[Level] = []
    for title in titles:
        levels.append(Level(slugify(title), title, levels[-1].id if levels else None))
    shape = draw(tracks())
    comps = {slugify(c.name): Competency(slugify(c.name), c.name, c.description, draw(
        st.dictionaries(st.sampled_from([lv.id for lv in levels]),
                        st.lists(_text, min_size=1, max_size=3).map(tuple))))
        for c in shape.competencies}
    return Track(slugify(shape.name), shape.name, "", tuple(levels), tuple(comps.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(straight_tracks(), st.sampled_from(["csv", "xlsx"]))
def test_matrix_round_trip_of_any_track_it_can_hold(track: Track, fmt: Format) -> None:
    if matrix_problems(track, fmt):
        return
    with tempfile.TemporaryDirectory() as folder:
        dest = Path(folder) / ("out" if fmt == "csv" else "t.xlsx")
        [written] = export_tracks([track], fmt, dest).files
        assert written.suffix == f".{fmt}"
        assert load_tracks(written) == [track]
