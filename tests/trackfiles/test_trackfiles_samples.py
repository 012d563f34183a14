"""The bundled samples: they load, validate, fit together, and can be copied as templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.model import Role, Track
from bot.tracks.rules import expectation, find_level, next_levels, validate
from careerbot.samples import (
    TemplateError,
    copy_template,
    list_templates,
    people_file,
    sample_people,
    sample_tracks,
    samples_dir,
    track_files,
)
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.trackfiles import load_people, load_tracks
from tests.sql_repo import SqlRepo


@pytest.fixture(scope="module")
def tracks() -> dict[str, Track]:
    loaded = [t for path in track_files() for t in load_tracks(path)]
    return {t.id: t for t in loaded}


def test_every_sample_track_loads_and_validates(tracks: dict[str, Track]) -> None:
    assert sorted(tracks) == ["customer-success", "product-design", "software-engineering"]
    for track in tracks.values():
        assert validate(track) == []
        assert all(c.description for c in track.competencies), track.id
    assert [len(tracks[t].levels) for t in sorted(tracks)] == [4, 4, 6]


def test_software_engineering_branches_after_senior(tracks: dict[str, Track]) -> None:
    track = tracks["software-engineering"]
    assert [lv.title for lv in next_levels(track, "senior")] == [
        "Staff Engineer", "Engineering Manager"]
    assert next_levels(track, "em") == []
    names = [c.name for c in track.competencies]
    assert names[:4] == ["Ownership", "Technical craft", "Problem solving", "Communication"]


def test_deliberately_empty_cells_read_sensibly(tracks: dict[str, Track]) -> None:
    track = tracks["software-engineering"]
    craft = track.competency("technical-craft")
    assert craft is not None and "em" not in craft.expectations
    # The manager keeps the senior engineer's craft: not new, but still said.
    bullets, is_new = expectation(track, craft, "em")
    assert bullets == craft.expectations["senior"] and not is_new
    for track in tracks.values():
        cells = [lv.id in c.expectations for c in track.competencies for lv in track.levels]
        assert not all(cells), f"{track.id} should show an empty cell"
        assert sum(cells) >= len(cells) - 2, f"{track.id} has too many empty cells"


def test_sample_people_fit_the_sample_tracks(tracks: dict[str, Track]) -> None:
    people = load_people(people_file())
    assert 14 <= len(people) <= 18
    by_email = {p.email: p for p in people}
    for person in people:
        assert person.email.endswith("@example.com")
        if person.track:
            track = next(t for t in tracks.values()
                         if person.track.casefold() in (t.id, t.name.casefold()))
            assert find_level(track, person.level) is not None, person.email
        if person.manager_email:
            assert person.manager_email in by_email
    assert [p.role for p in people].count(Role.HR) == 1
    assert len({p.team for p in people if p.team}) == 3
    assert len({p.timezone for p in people}) >= 6
    assert {p.track for p in people if p.track} >= {
        "software-engineering", "product-design", "customer-success"}


def test_sample_reporting_lines_are_two_deep_without_cycles() -> None:
    managers = {p.email: p.manager_email for p in load_people(people_file())}
    depths = []
    for email in managers:
        chain = [email]
        while (boss := managers[chain[-1]]) is not None:
            assert boss not in chain, f"reporting cycle through {email}"
            chain.append(boss)
        depths.append(len(chain) - 1)
    assert max(depths) == 2


def test_list_templates_describes_each_file() -> None:
    templates = dict(list_templates())
    assert list(templates) == ["customer-success", "product-design", "software-engineering",
                               "people"]
    assert templates["software-engineering"] == (
        "Software Engineering track: 6 levels, 6 competencies, branches after Senior "
        "Software Engineer (YAML)")
    assert "CSV matrix" in templates["customer-success"]


def test_copy_template_to_a_folder_and_to_a_file(tmp_path: Path) -> None:
    copied = copy_template("Product-Design", tmp_path)
    assert copied == tmp_path / "product-design.yaml"
    assert copied.read_bytes() == (samples_dir() / "tracks" / "product-design.yaml").read_bytes()
    renamed = copy_template("people.csv", tmp_path / "our-people.csv")
    assert renamed.read_text() == people_file().read_text()


@pytest.mark.parametrize(("name", "dest", "message"), [
    ("finance", ".", "there is no template 'finance'; choose one of: customer-success, "),
    ("people", "exists.csv", "already exists"),
    ("people", "missing/dir/p.csv", "does not exist"),
])
def test_copy_template_refuses_clearly(tmp_path: Path, name: str, dest: str,
                                       message: str) -> None:
    (tmp_path / "exists.csv").write_text("keep me")
    with pytest.raises(TemplateError, match=message):
        copy_template(name, tmp_path / dest)
    assert (tmp_path / "exists.csv").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.csv"]


async def test_samples_import_into_a_real_database_as_the_demo_does(sqlite_db: Database) -> None:
    tracks = sample_tracks()
    await import_tracks(sqlite_db, tracks, "samples")
    await import_people(sqlite_db, sample_people(), "people.csv")
    repo = SqlRepo(sqlite_db)
    stored = {t.id: t for t in await repo.tracks()}
    assert [stored[t.id] for t in tracks] == tracks
    diego = await repo.person_by_email("diego.alvarez@example.com")
    sam = await repo.person_by_email("sam.taylor@example.com")
    assert diego is not None and sam is not None
    assert (diego.track_id, diego.level_id) == ("software-engineering", "senior")
    leo = await repo.person_by_email("leo.martin@example.com")
    assert leo is not None and sam.manager_id == leo.id
