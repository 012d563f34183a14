"""What the file importers hand to storage: validated, not yet written."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Role


class ImportFailed(Exception):
    """An import problem, pointing at the file and line/row. Nothing has been written."""

    def __init__(
        self, source: str, message: str, line: int | None = None, *, unit: str = "line"
    ) -> None:
        # `unit` is "row" for spreadsheets, where one row may span several text lines.
        self.source = source
        self.line = line
        self.problem = message
        where = f"{source}, {unit} {line}" if line is not None else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class PersonRecord:
    """One row of a people CSV, as written (track/level still as HR spelled them)."""

    line: int
    email: str
    name: str
    manager_email: str | None
    track: str
    level: str
    team: str
    role: Role
    timezone: str = "UTC"
    slack_id: str | None = None
    teams_id: str | None = None
