"""The one assertion every bad-file test makes: the error names the file, line/row, problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storage.records import ImportFailed


def assert_import_fails(load: Callable[[Path], object], path: Path, line: int | None,
                        message: str, unit: str = "line") -> None:
    with pytest.raises(ImportFailed) as caught:
        load(path)
    where = f"{path}, {unit} {line}" if line else str(path)
    assert str(caught.value).startswith(f"{where}: ")
    assert message in caught.value.problem
    assert caught.value.line == line
    assert "Traceback" not in str(caught.value)
