"""`careerbot people export EMAIL` and `careerbot people forget EMAIL`, through the CLI on SQLite
and PostgreSQL: the export holds everything about the person (and says why pulse answers are
not in it); forget erases it, keeps their reports' data and the pulse aggregates, and is safe
to repeat; a wrong email or a "no" changes nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from typer.testing import CliRunner, Result

from careerbot import cli
from storage.database import Database
from tests.hr.people import sql
from tests.privacy.rights_world import COMMENT, NOTE, build_world
from tests.secret import TEST_SECRET_KEY
from tests.storage.seed import dump

T = TypeVar("T")


def on(db_url: str, work: Callable[[Database], Awaitable[T]]) -> T:
    async def go() -> T:
        db = Database(db_url, secret_key=TEST_SECRET_KEY)
        try:
            return await work(db)
        finally:
            await db.close()
    return asyncio.run(go())


def careerbot(db_url: str, *args: str, stdin: str | None = None) -> Result:
    env = {"DATABASE_URL": db_url, "CAREERBOT_SECRET_KEY": TEST_SECRET_KEY, "NO_COLOR": "1"}
    return CliRunner().invoke(cli.app, list(args), env=env, input=stdin)


def rows(db_url: str, query: str) -> list[dict[str, object]]:
    return on(db_url, lambda db: sql(db, query))


def everything(db_url: str) -> str:
    """Every value in the database, as text: to look for what must be gone."""
    return repr(on(db_url, dump))


def test_export_holds_everything_held_about_the_person(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    out = tmp_path / "pat.json"
    done = careerbot(db_url, "people", "export", " PAT@example.com", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert "Pulse answers are not included" in done.output
    record: dict[str, Any] = json.loads(out.read_text())
    assert record["profile"]["email"] == "pat@example.com"
    assert record["profile"]["name"] == "Pat Person"
    assert [i["user_id"] for i in record["identities"]] == ["UPAT"]
    assert [a["address"] for a in record["addresses"]] == [{"channel": "DPAT"}]
    received = sorted(r["rater_id"] for r in record["ratings_received"])
    assert len(received) == 2 and all(r["scores"] for r in record["ratings_received"])
    assert [r["subject_id"] for r in record["ratings_given"]] == [record["profile"]["id"]]
    assert [p["target_level_id"] for p in record["plan"]] == ["se2"]
    assert [g["text"] for g in record["goals"]] == ["Lead a design review"]
    assert [n["text"] for n in record["notes_about_them"]] == [NOTE]
    assert record["notes_by_them"] == []
    assert [d["subject"] for d in record["deliveries"]] == ["goal:1"]
    assert len(record["pulses_received"]) == 1  # the open pulse; the closed one kept no list
    assert record["pulse_answers"].startswith("Not included")
    assert COMMENT not in out.read_text()
    # Printed when there is no --out, with the first export now in the audit entries.
    again = careerbot(db_url, "people", "export", "pat@example.com")
    assert again.exit_code == 0, again.output
    assert [e["action"] for e in json.loads(again.output)["audit_entries"]] == ["people.export"]


def test_a_manager_export_has_the_notes_they_wrote(db_url: str) -> None:
    on(db_url, build_world)
    done = careerbot(db_url, "people", "export", "morgan@example.com")
    record = json.loads(done.output)
    assert NOTE in [n["text"] for n in record["notes_by_them"]]
    assert sorted(r["email"] for r in record["reports"]) == ["pat@example.com",
                                                             "sam@example.com"]


def test_export_of_an_unknown_email_is_one_line_and_changes_nothing(db_url: str,
                                                                   tmp_path: Path) -> None:
    on(db_url, build_world)
    before = on(db_url, dump)
    done = careerbot(db_url, "people", "export", "nobody@example.com", "--out",
                     str(tmp_path / "x.json"))
    assert done.exit_code == 1
    assert done.output.strip().splitlines() == [
        "Error: nobody with the email nobody@example.com is loaded (see the people file); "
        "nothing was exported."]
    assert not (tmp_path / "x.json").exists()
    assert on(db_url, dump) == before


def test_forget_erases_the_person_and_keeps_reports_and_aggregates(db_url: str) -> None:
    ids = on(db_url, build_world)
    aggregates = "SELECT * FROM {} ORDER BY 1, 2"
    kept_before = {t: rows(db_url, aggregates.format(t))
                   for t in ("pulse_groups", "pulse_answers", "pulse_comments")}
    done = careerbot(db_url, "people", "forget", "pat@example.com", "--yes")
    assert done.exit_code == 0, done.output
    assert "Forgot pat@example.com" in done.output
    held = everything(db_url)
    for trace in ("pat@example.com", "Pat Person", "UPAT", "DPAT", NOTE, "Lead a design review"):
        assert trace not in held, trace
    for table, before in kept_before.items():  # pulse aggregates and anonymous comments stay
        assert rows(db_url, aggregates.format(table)) == before
    recipients = rows(db_url, "SELECT person_id FROM pulse_recipients")
    assert ids["pat"] not in [r["person_id"] for r in recipients] and len(recipients) == 2
    assert rows(db_url, "SELECT person_id FROM deliveries") == [
        {"person_id": ids["sam"]}]
    # The manager goes next: the reports keep their data and have no manager.
    done = careerbot(db_url, "people", "forget", "morgan@example.com", "--yes")
    assert done.exit_code == 0 and "Their 1 report now has no manager" in done.output
    sam = rows(db_url, f"SELECT manager_id FROM people WHERE id = {ids['sam']}")
    assert sam == [{"manager_id": None}]
    notes = rows(db_url, "SELECT text FROM checkin_notes")
    assert notes == [{"text": "Sam leads the offsite"}]  # Sam's, written by Morgan: stays
    assert "morgan@example.com" not in everything(db_url)


def test_forget_is_idempotent(db_url: str) -> None:
    on(db_url, build_world)
    assert careerbot(db_url, "people", "forget", "pat@example.com", "--yes").exit_code == 0
    before = on(db_url, dump)
    again = careerbot(db_url, "people", "forget", "pat@example.com", "--yes")
    assert again.exit_code == 0
    assert "Nothing is held about pat@example.com" in again.output
    assert on(db_url, dump) == before
    assert careerbot(db_url, "people", "export", "pat@example.com").exit_code == 1


def test_forget_asks_first_and_a_no_changes_nothing(db_url: str) -> None:
    on(db_url, build_world)
    before = on(db_url, dump)
    done = careerbot(db_url, "people", "forget", "pat@example.com", stdin="n\n")
    assert done.exit_code == 1
    assert "Forget Pat Person (pat@example.com)?" in done.output
    assert done.output.strip().splitlines()[-1] == ("Error: not confirmed; nothing was "
                                                    "changed.")
    assert on(db_url, dump) == before
    done = careerbot(db_url, "people", "forget", "pat@example.com", stdin="y\n")
    assert done.exit_code == 0 and "Forgot pat@example.com" in done.output
