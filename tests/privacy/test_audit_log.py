"""The audit log on SQLite and PostgreSQL: HR's chat commands are recorded with who, what, when
and the platform, in the action's own unit of work (a refused or failed command leaves no
entry); terminal actions as "cli" with the OS user; `careerbot audit` lists them (--since,
--csv) with nothing a terminal or a spreadsheet would run, and the log holds no answer, comment
or note."""

from __future__ import annotations

import csv
import getpass
from datetime import UTC, datetime
from pathlib import Path

from bot.rights.rules import AuditEntry
from storage.audit.repository import SqlAudit
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.privacy.rights_world import COMMENT, NOTE, T0, build_world
from tests.privacy.test_rights_export_forget import careerbot, on, rows

ROLLOUT_NOTE = "CEO worried about the budget"


async def hr_in_chat(db: Database) -> list[str]:
    """Sam (HR) schedules a pulse, records a rollout and a stage note; Pat (an employee) tries
    to schedule one; Sam cancels a pulse that does not exist."""
    await build_world(db)
    services = services_on(db, FakeClock(T0))
    sam, pat = Speaker(services, "sam@example.com"), Speaker(services, "pat@example.com")
    said = [(await sam.say("pulse schedule core 2026-03-10")).text,
            (await sam.say("rollout core 2026-03-02")).text,
            (await sam.say(f"rollout stage core planning note {ROLLOUT_NOTE}")).text,
            (await pat.say("pulse schedule core")).text,
            (await sam.say("pulse cancel 99")).text]
    return said


def test_hr_chat_actions_are_recorded_with_who_what_when_where(db_url: str) -> None:
    said = on(db_url, hr_in_chat)
    assert "Scheduled pulse #3" in said[0] and "#99" in said[4]
    assert "HR" in said[3]  # refused: only HR schedules pulses
    log = rows(db_url, "SELECT platform, actor, actor_id, action, detail, at FROM audit_log "
                       "ORDER BY id")
    sam = rows(db_url, "SELECT id FROM people WHERE email = 'sam@example.com'")[0]["id"]
    assert [(e["platform"], e["actor"], e["actor_id"], e["action"]) for e in log] == [
        ("console", "sam@example.com", sam, "pulse.schedule"),
        ("console", "sam@example.com", sam, "rollout.record"),
        ("console", "sam@example.com", sam, "rollout.stage"),
    ]  # Pat's refused command and the failed cancel left nothing
    assert [e["detail"] for e in log] == ["core 2026-03-10 (pulse #3)",
                                          "core 2026-03-02", "core planning note"]
    assert all(str(e["at"]).startswith("2026-03-02") for e in log)
    # The entry landed with the action: the pulse it names exists.
    assert rows(db_url, "SELECT id FROM pulses WHERE id = 3") == [{"id": 3}]


def test_the_log_holds_no_answers_comments_or_notes(db_url: str) -> None:
    on(db_url, hr_in_chat)
    careerbot(db_url, "people", "export", "pat@example.com")
    careerbot(db_url, "pulse", "results", "1")
    held = repr(rows(db_url, "SELECT * FROM audit_log"))
    for private in (NOTE, COMMENT, ROLLOUT_NOTE):
        assert private not in held


def test_cli_actions_are_recorded_as_cli_with_the_os_user(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    assert careerbot(db_url, "rollout", "core", "2026-03-02").exit_code == 0
    assert careerbot(db_url, "pulse", "results", "1").exit_code == 0
    careerbot(db_url, "people", "export", "pat@example.com")
    done = careerbot(db_url, "audit", "--csv", str(tmp_path / "audit.csv"))
    assert done.exit_code == 0, done.output
    with (tmp_path / "audit.csv").open(newline="") as f:
        entries = list(csv.DictReader(f))
    assert [(e["platform"], e["who"], e["action"]) for e in entries] == [
        ("cli", getpass.getuser(), "rollout.record"), ("cli", getpass.getuser(), "pulse.results"),
        ("cli", getpass.getuser(), "people.export")]
    assert entries[2]["about_person_id"] != ""
    assert "Audit log (3 entries):" in done.output and "people.export" in done.output


async def _planted(db: Database) -> None:
    """Entries whose text came from people's files: a formula and a terminal escape."""
    audit = SqlAudit(db)
    await audit.record(AuditEntry(datetime(2026, 3, 1, tzinfo=UTC), "cli", "=cmd|' /C calc'!A0",
                                  "import.people", "\x1b]8;;http://evil.example\x07x\x1b[2J"))
    await audit.record(AuditEntry(datetime(2026, 3, 5, tzinfo=UTC), "slack", "hr@example.com",
                                  "pulse.cancel", "4"))


def test_audit_output_runs_nothing_and_since_filters(db_url: str, tmp_path: Path) -> None:
    on(db_url, _planted)
    done = careerbot(db_url, "audit", "--csv", str(tmp_path / "a.csv"))
    assert done.exit_code == 0
    assert "\x1b" not in done.output and "\x07" not in done.output
    with (tmp_path / "a.csv").open(newline="") as f:
        first = next(csv.DictReader(f))
    assert first["who"].startswith("'=")
    since = careerbot(db_url, "audit", "--since", "2026-03-02")
    assert "pulse.cancel" in since.output and "import.people" not in since.output
    assert "Audit log (1 entries):" in since.output


def test_a_bad_since_is_one_line_and_writes_nothing(db_url: str, tmp_path: Path) -> None:
    on(db_url, _planted)
    done = careerbot(db_url, "audit", "--since", "last week", "--csv", str(tmp_path / "a.csv"))
    assert done.exit_code == 1
    assert done.output.strip().splitlines() == [
        "Error: --since 'last week' is not a date such as 2026-03-16."]
    assert not (tmp_path / "a.csv").exists()
