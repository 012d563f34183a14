"""Retention on SQLite and PostgreSQL: the daily job erases check-in notes after 730 days,
superseded readiness ratings after 1,095 (each person's latest finished rating by each rater
stays), pulse comments 365 days after close, event keys after a day and sent deliveries after
30, records each run in the audit log, and runs again a day later at the soonest; through
`careerbot jobs run-due` too, with RETENTION_* settings."""

from __future__ import annotations

from datetime import datetime, timedelta

from typer.testing import CliRunner

from bot.delivery import DeliveryStatus
from bot.rights.rules import RETENTION_RUN, RetentionPolicy
from careerbot import cli
from careerbot.settings import Settings
from scheduler.retention import enforce_retention, planned
from scheduler.runtime import Runtime
from storage.database import Database
from storage.stores import Stores
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, RecordingMessenger
from tests.privacy.rights_world import T0, build_world, rate
from tests.privacy.test_rights_export_forget import on, rows
from tests.secret import TEST_SECRET_KEY

LATER_NOTE = "Pat now leads the billing design"


async def world(db: Database) -> dict[str, int]:
    ids = await build_world(db)
    st = Stores(db)
    await rate(st, ids["pat"], ids["pat"], 2, T0 - timedelta(days=10))  # superseded at T0
    await st.checkins.add_note(ids["pat"], ids["morgan"], LATER_NOTE, "note",
                               T0 + timedelta(days=400))
    await st.events.claim_event("slack:Ev1", T0)
    claimed = await st.outbox.claim("goal:1", T0, 30, "test")
    assert claimed is not None
    await st.outbox.mark(claimed.id, DeliveryStatus.SENT, T0)
    return ids


def runtime(db: Database, at: datetime) -> Runtime:
    return Runtime(SqlUnits(db), FakeClock(at), RecordingMessenger())


def counts(db_url: str) -> dict[str, int]:
    tables = ("checkin_notes", "assessments", "pulse_comments", "processed_events",
              "deliveries", "pulse_answers", "pulse_groups")
    return {t: int(str(rows(db_url, f"SELECT COUNT(*) AS n FROM {t}")[0]["n"])) for t in tables}


def test_each_kind_goes_after_its_period(db_url: str) -> None:
    on(db_url, world)
    start = counts(db_url)
    assert start["checkin_notes"] == 3 and start["assessments"] == 4
    on(db_url, lambda db: enforce_retention(runtime(db, T0 + timedelta(days=2))))
    after_day = counts(db_url)  # only the event key (1 day) has gone
    assert after_day == {**start, "processed_events": 0}
    on(db_url, lambda db: enforce_retention(runtime(db, T0 + timedelta(days=731))))
    two_years = counts(db_url)
    assert two_years["checkin_notes"] == 1  # the two notes of T0; the later one stays
    assert [r["text"] for r in rows(db_url, "SELECT text FROM checkin_notes")] == [LATER_NOTE]
    assert two_years["pulse_comments"] == 0  # closed T0 + 5 days, kept 365 days
    assert two_years["deliveries"] == start["deliveries"] - 1  # the sent one; pending stay
    assert two_years["assessments"] == 4  # 1,095 days not yet
    assert (two_years["pulse_answers"], two_years["pulse_groups"]) == (
        start["pulse_answers"], start["pulse_groups"])  # the results stay
    on(db_url, lambda db: enforce_retention(runtime(db, T0 + timedelta(days=1096))))
    # The superseded self-rating goes; each (person, rater)'s latest finished one stays.
    assert counts(db_url)["assessments"] == 3
    runs = rows(db_url, f"SELECT detail FROM audit_log WHERE action = '{RETENTION_RUN}'")
    assert len(runs) == 3
    assert "2 check-in notes" in str(runs[1]["detail"])
    assert "1 pulse comments" in str(runs[1]["detail"])


async def _planned(db: Database, at: datetime) -> list[datetime]:
    rt = runtime(db, at)
    async with rt.units() as uow:
        return [spec[3] for spec in await planned(rt, uow)]


def test_the_job_is_planned_from_the_data_once_a_day(db_url: str) -> None:
    assert on(db_url, lambda db: _planned(db, T0)) == []  # nothing held: no job
    on(db_url, world)
    # The event key of T0 runs out first, a day later.
    assert on(db_url, lambda db: _planned(db, T0)) == [T0 + timedelta(days=1)]
    late = T0 + timedelta(days=40)
    assert on(db_url, lambda db: _planned(db, late)) == [late]  # overdue: now
    on(db_url, lambda db: enforce_retention(runtime(db, late)))
    # What is left runs out when the closed pulse's comment does.
    assert on(db_url, lambda db: _planned(db, late)) == [T0 + timedelta(days=5 + 365)]
    # An event key already past its day: the job waits a day after its last run all the same.
    on(db_url, lambda db: Stores(db).events.claim_event("slack:Ev2", late - timedelta(days=2)))
    assert on(db_url, lambda db: _planned(db, late)) == [late + timedelta(days=1)]


def test_settings_name_the_periods() -> None:
    assert Settings().retention == RetentionPolicy(730, 1095, 365, 90, 1, 30)
    env = Settings.model_validate({"RETENTION_CHECKIN_NOTES_DAYS": "10",
                                   "RETENTION_DEACTIVATED_DAYS": "0"})
    assert (env.retention.checkin_notes_days, env.retention.deactivated_days) == (10, 0)


def test_jobs_run_due_runs_it_with_the_settings(db_url: str) -> None:
    on(db_url, world)
    at = (T0 + timedelta(days=731)).isoformat()
    env = {"DATABASE_URL": db_url, "CAREERBOT_SECRET_KEY": TEST_SECRET_KEY,
           "RETENTION_CHECKIN_NOTES_DAYS": "1000", "SLACK_BOT_TOKEN": "",
           "MICROSOFT_APP_ID": ""}
    done = CliRunner().invoke(cli.app, ["jobs", "run-due", "--now", at], env=env)
    assert done.exit_code == 0, done.output
    assert "retention" in done.output
    assert counts(db_url)["checkin_notes"] == 3  # kept 1,000 days here
    assert counts(db_url)["pulse_comments"] == 0
    again = CliRunner().invoke(cli.app, ["jobs", "run-due", "--now", at], env=env)
    assert "retention" not in again.output  # once a day
    audit = CliRunner().invoke(cli.app, ["audit"], env=env)
    assert "scheduler" in audit.output and RETENTION_RUN in audit.output
