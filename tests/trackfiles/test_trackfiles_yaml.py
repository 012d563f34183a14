"""YAML track files: the documented shape, branches, several tracks, every error with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.model import Level
from bot.tracks.rules import next_levels, validate
from storage.records import ImportFailed
from storage.trackfiles import load_tracks
from tests.trackfiles.checks import assert_import_fails

SPEC_EXAMPLE = """\
track: Software Engineering           # display name; id = slug unless `id:` given
description: Builds and runs our product.   # optional
levels:                               # lowest first
  - {id: se1, title: Software Engineer I}
  - {id: se2, title: Software Engineer II}
  - {id: senior, title: Senior Software Engineer}
  - {id: staff, title: Staff Engineer, after: senior}          # branch point
  - {id: em, title: Engineering Manager, after: senior}
competencies:
  - id: ownership                     # optional; slug of name otherwise
    name: Ownership
    description: Takes responsibility for outcomes.   # optional
    expectations:                     # level id -> text or list of bullets
      se1: You deliver well-scoped tasks with care and on time.
      se2: [You own features end to end., You break vague work into milestones.]
      senior: You own a system.
  - name: Problem Solving & Judgement
    expectations:
      se1: You fix bugs step by step.
      staff:
"""


def write(tmp_path: Path, text: str, name: str = "track.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_example_loads(tmp_path: Path) -> None:
    [track] = load_tracks(write(tmp_path, SPEC_EXAMPLE))
    assert (track.id, track.name) == ("software-engineering", "Software Engineering")
    assert track.description == "Builds and runs our product."
    assert track.levels == (
        Level("se1", "Software Engineer I", None),
        Level("se2", "Software Engineer II", "se1"),
        Level("senior", "Senior Software Engineer", "se2"),
        Level("staff", "Staff Engineer", "senior"),
        Level("em", "Engineering Manager", "senior"),
    )
    ownership, judgement = track.competencies
    assert ownership.expectations == {
        "se1": ("You deliver well-scoped tasks with care and on time.",),
        "se2": ("You own features end to end.", "You break vague work into milestones."),
        "senior": ("You own a system.",),
    }
    assert ownership.description == "Takes responsibility for outcomes."
    # id defaults to the slug of the name; an empty cell is simply absent
    assert judgement.id == "problem-solving-judgement"
    assert judgement.description == ""
    assert judgement.expectations == {"se1": ("You fix bugs step by step.",)}
    assert validate(track) == []


def test_branch_gives_two_next_levels(tmp_path: Path) -> None:
    [track] = load_tracks(write(tmp_path, SPEC_EXAMPLE))
    assert [lv.id for lv in next_levels(track, "senior")] == ["staff", "em"]
    assert next_levels(track, "em") == []


def test_level_after_a_later_branch_and_a_second_entry_level(tmp_path: Path) -> None:
    text = """\
track: Flat
id: flat-co
levels:
  - {id: a, title: A}
  - {id: b, title: B, after: c}
  - {id: c, title: C, after: a}
  - {id: d, title: D, after: }
"""
    [track] = load_tracks(write(tmp_path, text))
    assert track.id == "flat-co"
    assert [lv.after for lv in track.levels] == [None, "c", "a", None]
    assert track.competencies == ()


def test_several_tracks_under_tracks(tmp_path: Path) -> None:
    text = """\
tracks:
  - track: Design
    levels: [{id: d1, title: Designer}]
  - track: Sales
    id: sales-team
    levels: [{id: 1, title: Rep}, {id: 2, title: Senior Rep}]
    competencies:
      - name: Closing
        expectations: {1: Closes small deals., 2: Closes big deals.}
"""
    design, sales = load_tracks(write(tmp_path, text))
    assert (design.id, sales.id) == ("design", "sales-team")
    # numeric ids are read as text, so `id: 1` and `1:` agree
    assert [lv.id for lv in sales.levels] == ["1", "2"]
    assert sales.competencies[0].expectations == {"1": ("Closes small deals.",),
                                                  "2": ("Closes big deals.",)}


def test_bullets_from_a_text_block_and_titles_as_keys(tmp_path: Path) -> None:
    text = """\
track: Support
levels: [{id: s1, title: Support Agent}, {id: s2, title: Senior Agent}]
competencies:
  - name: Empathy
    expectations:
      support agent: |
        - Listens before answering.
        - Follows up
          when promised.
      s2: ["  Coaches others.  ", ""]
"""
    [track] = load_tracks(write(tmp_path, text, "support.yml"))
    assert track.competencies[0].expectations == {
        "s1": ("Listens before answering.", "Follows up when promised."),
        "s2": ("Coaches others.",),
    }


def test_utf8_text_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes("\ufefftrack: Équipe Données\nlevels: [{id: a, title: Analyste}]\n"
                     .encode())
    [track] = load_tracks(path)
    assert (track.id, track.name) == ("equipe-donnees", "Équipe Données")


BAD = [
    ("", None, "the file is empty"),
    ("# only a comment\n", None, "the file is empty"),
    ("track: A\nlevels: [{id: a, title: A}\n", 3, "not valid YAML"),
    ("track: A\n  levels: x\n", 2, "not valid YAML"),
    ("- a\n- b\n", 1, "should start with `track:`"),
    ("levels: [{id: a, title: A}]\n", 1, "missing `track:`"),
    ("track: A\ndescription: x\n", 1, "has no `levels:`"),
    ("track: A\nlevels: []\n", 2, "`levels` is empty"),
    ("track: A\nlevels: a, b\n", 2, "`levels` should be a list"),
    ("track: A\nlevels:\n  - {title: A}\n", 3, "this level has no `id`"),
    ("track: A\nlevels:\n  - {id: a}\n", 3, "level 'a' has no `title`"),
    ("track: A\nlevels:\n  - {id: a, title: ''}\n", 3, "the title of level 'a' is empty"),
    ("track: A\nlevels:\n  - {id: a, title: A}\n  - {id: b, title: B, after: x}\n", 4,
     "level 'b' comes after 'x', which is not a level of this track (levels: a, b)"),
    ("track: A\nlevels:\n  - {id: a, title: A}\n  - {id: b, title: B, after: b}\n", 4,
     "level 'b' comes after itself"),
    ("track: A\nlevels:\n  - {id: a, title: A, after: c}\n  - {id: b, title: B}\n"
     "  - {id: c, title: C}\n", 3, "levels form a cycle: a -> c -> b -> a"),
    ("track: A\nlevels:\n  - {id: a, title: A}\n  - {id: a, title: B}\n", 4,
     "level id 'a' is used twice (first on line 3)"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - name: Craft\n"
     "  - name: craft!\n", 5, "competency id 'craft' ('craft!') is used twice (first on line 4)"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - name: Craft\n"
     "    expectations: {a: x, b: y}\n", 5,
     "'Craft' has an expectation for unknown level 'b' (levels: a)"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - name: Craft\n"
     "    expectations:\n      a: 5\n", 6,
     "the expectation of 'Craft' at 'a' should be text, not a number"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - name: Craft\n"
     "    expectations:\n      a: [x, [y]]\n", 6, "a bullet of the expectation of 'Craft' at "
     "'a' should be text, not a list"),
    ("track: 42\nlevels: [{id: a, title: A}]\n", 1, "`track` should be text, not a number"),
    ("track: A\ndescription: yes\nlevels: [{id: a, title: A}]\n", 2,
     "`description` should be text, not true/false"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - name: 2024-01-01\n", 4,
     "a competency `name` should be text, not a date"),
    ("track: A\nlevels: [{id: [a], title: A}]\n", 2, "a level `id` should be a short word"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - Craft\n", 4,
     "a competency should be a set of `key: value` lines, not text"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - {id: c}\n", 4,
     "this competency has no `name`"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetences: []\n", 3,
     "unknown key `competences` in a track (expected: track, id, description, levels, "
     "competencies)"),
    ("track: A\ntrack: B\nlevels: [{id: a, title: A}]\n", 2, "`track` appears twice"),
    ("track: '!!!'\nlevels: [{id: a, title: A}]\n", 1,
     "the track name '!!!' gives an empty id; add an `id:`"),
    ("tracks:\n  - track: A\n    levels: [{id: a, title: A}]\n  - track: a\n"
     "    levels: [{id: a, title: A}]\n", 4, "track id 'a' is used twice (first on line 2)"),
    ("tracks: []\n", 1, "`tracks` should be a list of tracks"),
    ("tracks:\n  - track: A\n    levels: [{id: a, title: A}]\ntrack: B\n", 4,
     "unknown key `track` in the file"),
    ("track: A\nlevels: [{id: a, title: A}]\ncompetencies:\n  - name: C\n"
     "    expectations:\n      a: x\n      A: y\n", 7, "'C' has two expectations for level 'a'"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD,
                         ids=[f"{i}-{m[:30]}" for i, (_, _, m) in enumerate(BAD)])
def test_bad_yaml_names_file_line_and_problem(tmp_path: Path, text: str, line: int | None,
                                              message: str) -> None:
    assert_import_fails(load_tracks, write(tmp_path, text, "bad.yaml"), line, message)


def test_absurdly_nested_yaml_is_refused_without_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "track: " + "[" * 5000 + "]" * 5000 + "\n")
    assert_import_fails(load_tracks, path, None, "nested far too deeply")


def test_track_option_is_refused_for_yaml(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="--track only applies to CSV and XLSX"):
        load_tracks(write(tmp_path, SPEC_EXAMPLE), track_name="Other")


@pytest.mark.parametrize(("name", "message"), [
    ("missing.yaml", "file not found"),
    ("tracks.txt", "unknown kind of track file '.txt'"),
    ("old.xls", "save it as .xlsx"),
])
def test_missing_file_and_unknown_extension(tmp_path: Path, name: str, message: str) -> None:
    if name != "missing.yaml":
        (tmp_path / name).write_text("x")
    with pytest.raises(ImportFailed, match=message):
        load_tracks(tmp_path / name)


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(ImportFailed, match="folder, not a file"):
        load_tracks(tmp_path / "dir.yaml")
