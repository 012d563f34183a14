"""The people-import benchmark at scale: careerbot's `import people` of a generated file against
the least work the data needs (stdlib csv read, one sqlite3 executemany into a plain table).

Run on its own with `python -m bench.case_import [PEOPLE]` (default 50,000)."""

from __future__ import annotations

import asyncio
import csv
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bench.measure import Prepare, Result, compare
from careerbot.samples import sample_tracks
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.trackfiles import load_people

PEOPLE = 50_000
# Issue 10: "import 50,000 people | baseline csv + executemany | <= 10x time, <= 4x memory".
TIME_TARGET = 10.0
MEMORY_TARGET = 4.0

Run = Callable[[], Coroutine[Any, Any, None]]


def people_file(folder: Path, people: int = PEOPLE) -> Path:
    """A people CSV of `people` rows: teams of ten, each led by its first member (a manager)."""
    path = folder / f"people-{people}.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["email", "name", "manager_email", "track", "level", "team", "role"])
        for i in range(people):
            manager = f"person{(i // 10) * 10}@example.com" if i % 10 else ""
            role = "manager" if i % 10 == 0 else "employee"
            writer.writerow([f"person{i}@example.com", f"Person {i}", manager,
                             "Software Engineering", "se2", f"team{i // 100}", role])
    return path


def import_run(folder: Path, csv_path: Path) -> Prepare:
    """careerbot's import: read and check the file, then write it to a fresh SQLite file that
    holds the sample tracks. Creating and migrating the file and importing the tracks (the
    people's tracks must exist to be checked) are setup, not timed: the baseline imports no
    tracks, and their YAML alone (~40 ms) was a quarter of careerbot's time at 3,000 people."""
    def prepare() -> Run:
        work = Path(tempfile.mkdtemp(dir=folder))
        db = Database(f"sqlite:///{work / 'import.db'}")
        db.upgrade()

        async def tracks() -> None:
            await import_tracks(db, sample_tracks(), "samples")
            await db.close()

        asyncio.run(tracks())

        async def run() -> None:
            await import_people(db, load_people(csv_path), str(csv_path))
            await db.close()
        return run
    return prepare


def import_baseline(folder: Path, csv_path: Path) -> Prepare:
    """Read the CSV and bulk-insert its rows into one plain table: no validation at all."""
    def prepare() -> Run:
        work = Path(tempfile.mkdtemp(dir=folder))

        async def run() -> None:
            conn = sqlite3.connect(work / "plain.db")
            conn.execute("CREATE TABLE p (email TEXT PRIMARY KEY, name TEXT, manager TEXT, "
                         "track TEXT, level TEXT, team TEXT, role TEXT)")
            with csv_path.open(newline="") as f:
                rows = [tuple(r.values()) for r in csv.DictReader(f)]
            conn.executemany("INSERT INTO p VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            conn.commit()
            conn.close()
        return run
    return prepare


def import_case(folder: Path, people: int = PEOPLE, *, repeat: int = 2,
                time_target: float = TIME_TARGET,
                memory_target: float | None = MEMORY_TARGET) -> Result:
    """Import `people` generated people into SQLite, against the csv + executemany baseline:
    best-of-`repeat` wall time and the tracemalloc peak of one run each."""
    csv_path = people_file(folder, people)
    return compare(f"import {people:,} people (SQLite)", import_run(folder, csv_path),
                   import_baseline(folder, csv_path), repeat=repeat, time_target=time_target,
                   memory_target=memory_target)


def main(argv: list[str]) -> int:
    people = int(argv[0]) if argv else PEOPLE
    with tempfile.TemporaryDirectory(prefix="careerbot-bench-") as tmp:
        result = import_case(Path(tmp), people)
    print(result.line())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
