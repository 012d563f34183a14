"""A sample database seeded once through the real CLI; each test gets its own copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.cli_helpers import copy_database, seed


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeded")
    db = folder / "careerbot.db"
    seed(db, folder)
    return db


@pytest.fixture
def seeded(seeded_template: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded sample database."""
    return copy_database(seeded_template, tmp_path / "careerbot.db")
