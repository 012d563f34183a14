"""`careerbot import people` feeds its progress bar row by row (issue 12: it sat at 0/1 and
then jumped). The bar is replaced by a recording one, so nothing depends on terminal
rendering."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careerbot import cli_data
from careerbot.samples import people_file, track_files
from storage.importer import RowsDone
from storage.trackfiles import load_people
from tests.console.cli_helpers import invoke


class RecordingBar:
    def __init__(self) -> None:
        self.opened: list[tuple[str, int]] = []
        self.fed: list[tuple[int, int]] = []

    @contextmanager
    def __call__(self, description: str, total: int) -> Iterator[RowsDone]:
        self.opened.append((description, total))
        yield lambda done, total: self.fed.append((done, total))


def test_the_people_bar_moves_with_every_batch_of_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "careerbot.db"
    assert invoke("import", "tracks", *map(str, track_files()), db=db).code == 0
    bar = RecordingBar()  # the people import's bar only (the tracks' has its own test)
    monkeypatch.setattr(cli_data, "rows_progress", bar)
    done = invoke("import", "people", str(people_file()), db=db)
    assert done.code == 0, done.err
    people = len(load_people(people_file()))
    assert bar.opened == [("Writing to the database", people)]
    counts = [count for count, _ in bar.fed]
    assert counts == sorted(set(counts)) and len(counts) > 2
    assert bar.fed[-1] == (people, people)

