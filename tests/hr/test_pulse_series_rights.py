"""The HR person who scheduled a recurring pulse and saved a question (issue 14) asks for their
data: `careerbot people export EMAIL` lists the series they scheduled and the questions they
saved, by name; `careerbot people forget EMAIL` keeps both (the company's, under the id-only
row forget leaves, with no name or email) and says so. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.privacy.test_rights_export_forget import careerbot, on, rows

EMAIL = "p100@example.com"


def test_export_lists_the_series_and_questions_and_forget_keeps_them(db_url: str) -> None:
    async def world(db: Any) -> None:
        await add_people(db, "People", 1, start=100, role="hr")
        await add_people(db, "Platform", 3)
        hr = Speaker(services_on(db, FakeClock(datetime(2026, 3, 2, 10, tzinfo=UTC))), EMAIL)
        assert "Scheduled series 1" in (await hr.say(
            "pulse schedule Platform 2026-03-16 --every 2 weeks")).text
        assert "Saved" in (await hr.say("pulse questions save mine I know my next step")).text

    on(db_url, world)
    done = careerbot(db_url, "people", "export", EMAIL)
    assert done.exit_code == 0, done.output
    record = json.loads(done.output)
    assert [(s["id"], s["audience"], s["every"], s["unit"], s["first_opens_at"])
            for s in record["recurring_pulses_scheduled"]] == [
        (1, ["Platform"], 2, "weeks", "2026-03-16T09:00:00+00:00")]
    assert [(q["id"], q["text"]) for q in record["pulse_questions_saved"]] == [
        ("mine", "I know my next step")]
    assert "pulse_series (created_by)" not in record  # named, as the other sections

    forgot = careerbot(db_url, "people", "forget", EMAIL, "--yes")
    assert forgot.exit_code == 0, forgot.output
    assert ("Recurring pulses they scheduled and pulse questions they saved stay (the "
            "company's), under the forgotten id with no name or email.") in forgot.output
    kept = rows(db_url, "SELECT s.id, s.stopped_at, p.name, p.email FROM pulse_series s "
                        "JOIN people p ON p.id = s.created_by")
    assert kept == [{"id": 1, "stopped_at": None, "name": "Forgotten person",
                     "email": f"forgotten-{record['profile']['id']}@forgotten.invalid"}]
    assert rows(db_url, "SELECT q.id, p.name FROM pulse_questions q "
                        "JOIN people p ON p.id = q.created_by") == [
        {"id": "mine", "name": "Forgotten person"}]
