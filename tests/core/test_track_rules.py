"""Domain rules of career tracks: next levels with branches, inherited cells, top of track."""

from dataclasses import replace

from bot.model import Competency, Level, Track
from bot.tracks import rules
from tests.sample_data import ENGINEERING


def test_next_level_on_a_straight_line() -> None:
    assert [lv.id for lv in rules.next_levels(ENGINEERING, "se1")] == ["se2"]


def test_branch_gives_two_next_levels_in_file_order() -> None:
    assert [lv.id for lv in rules.next_levels(ENGINEERING, "senior")] == ["staff", "em"]


def test_no_level_points_at_entry_levels() -> None:
    assert [lv.id for lv in rules.next_levels(ENGINEERING, None)] == ["se1"]


def test_top_of_track_has_no_next_level_and_sees_the_other_branch() -> None:
    assert rules.next_levels(ENGINEERING, "staff") == []
    assert [lv.id for lv in rules.alternative_paths(ENGINEERING, "staff")] == ["em"]
    assert [lv.id for lv in rules.alternative_paths(ENGINEERING, "em")] == ["staff"]


def test_ancestry_follows_after_links_not_file_order() -> None:
    assert rules.ancestry(ENGINEERING, "em") == ["se1", "se2", "senior", "em"]


def test_empty_cell_inherits_the_lower_level_and_is_not_new() -> None:
    comm = ENGINEERING.competency("communication")
    assert comm is not None
    assert rules.expectation(ENGINEERING, comm, "se2") == (("Asks for help early.",), False)
    assert rules.expectation(ENGINEERING, comm, "senior") == (
        ("Writes design docs others build on.",), True)


def test_changes_mark_only_new_expectations() -> None:
    by_id = {c.competency.id: c for c in rules.changes(ENGINEERING, "senior", "em")}
    assert by_id["ownership"].changed
    assert not by_id["communication"].changed
    assert by_id["communication"].target == ("Writes design docs others build on.",)


def test_a_competency_with_no_cell_anywhere_reads_as_empty() -> None:
    track = replace(ENGINEERING, competencies=(Competency("x", "X"),))
    assert rules.changes(track, "se1", "se2")[0].target == ()


def test_flat_company_with_one_level_is_at_the_top() -> None:
    flat = Track("flat", "Flat", levels=(Level("all", "Team member"),))
    assert rules.next_levels(flat, "all") == []
    assert rules.validate(flat) == []


def test_validate_reports_every_kind_of_problem() -> None:
    dup = replace(ENGINEERING, levels=ENGINEERING.levels + (Level("se1", "Again", "staff"),))
    assert "level id 'se1' is used twice" in rules.validate(dup)
    unknown = Track("u", "U", levels=(Level("a", "A"), Level("b", "B", after="zzz")))
    assert rules.validate(unknown) == ["level 'b' comes after unknown level 'zzz'"]
    cycle = Track("c", "C", levels=(Level("a", "A", after="b"), Level("b", "B", after="a")))
    assert rules.validate(cycle) == ["levels form a cycle: a -> b -> a"]
    cell = replace(ENGINEERING, competencies=(Competency("o", "O", "", {"nope": ("x",)}),))
    assert rules.validate(cell) == ["competency 'o' has an expectation for unknown level 'nope'"]


def test_find_level_by_id_or_title_case_insensitively() -> None:
    found = rules.find_level(ENGINEERING, "staff engineer")
    assert found is not None and found.id == "staff"
    assert rules.find_level(ENGINEERING, "SE2") == ENGINEERING.level("se2")
    assert rules.find_level(ENGINEERING, "astronaut") is None


def test_slugify() -> None:
    assert rules.slugify("Software Engineer II") == "software-engineer-ii"
    assert rules.slugify("  Café & Co. ") == "cafe-co"
