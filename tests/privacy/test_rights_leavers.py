"""`careerbot import people FILE --leavers keep|deactivate|forget` on SQLite and PostgreSQL:
leavers are listed whatever the choice; a deactivated person cannot chat, is nobody's report
or audience, and is forgotten by the retention job after its period; back in the file, they
are active again. A bad choice or a dry run changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.checkin_jobs import nudge_goal
from scheduler.retention import enforce_retention
from scheduler.runtime import Runtime
from storage.database import Database
from storage.stores import Stores
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, RecordingMessenger
from tests.hr.helpers import Speaker, services_on
from tests.privacy.rights_world import build_world
from tests.privacy.test_rights_export_forget import careerbot, everything, on, rows
from tests.storage.seed import dump

HEADER = "email,name,manager_email,track,level,team,role\n"
MORGAN = "morgan@example.com,Morgan Lead,,engineering,senior,core,employee\n"
PAT = "pat@example.com,Pat Person,morgan@example.com,engineering,se1,core,employee\n"
SAM = "sam@example.com,Sam Other,morgan@example.com,engineering,se2,core,hr\n"


def people_file(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "".join(lines))
    return str(path)


def sam_deactivated(db_url: str) -> bool:
    found = rows(db_url, "SELECT deactivated_at FROM people WHERE email = 'sam@example.com'")
    return found[0]["deactivated_at"] is not None


def test_keep_is_the_default_and_lists_the_leavers(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    done = careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT))
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[-2:] == [
        "1 person already loaded is not in this file and stayed as they were.",
        "Not in this file (kept; --leavers deactivate or forget to change that): "
        "sam@example.com."]
    assert not sam_deactivated(db_url)


async def _chat_and_lists(db: Database) -> tuple[str, list[str], list[str], list[str]]:
    reply = await Speaker(services_on(db, FakeClock()), "sam@example.com").say("what's next")
    st = Stores(db)
    everyone = [p.email for p in await st.people.in_teams(())]
    core = [p.email for p in await st.people.in_teams(["core"])]
    morgan = await st.people.person_by_email("morgan@example.com")
    assert morgan is not None
    reports = [p.email for p in await st.people.reports_of(morgan.id)]
    return reply.text, everyone, core, reports


async def _retention_at(db: Database, at: datetime) -> None:
    await enforce_retention(Runtime(SqlUnits(db), FakeClock(at), RecordingMessenger()))


def test_deactivated_people_cannot_chat_and_get_nothing(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    before = datetime.now(UTC)
    done = careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT),
                     "--leavers", "deactivate")
    assert done.exit_code == 0, done.output
    assert "Deactivated 1 person not in this file" in done.output
    assert "sam@example.com" in done.output
    said, everyone, core, reports = on(db_url, _chat_and_lists)
    assert "no longer have access" in said
    assert everyone == core == ["morgan@example.com", "pat@example.com"]  # pulse audiences
    assert reports == ["pat@example.com"]  # check-in prompts and team views
    assert rows(db_url, "SELECT user_id FROM identities WHERE user_id = 'sam@example.com'"
                ) == []  # the refused account is not linked
    # Forgotten by the retention job once the 90 days have passed, not before.
    on(db_url, lambda db: _retention_at(db, before + timedelta(days=89)))
    assert "sam@example.com" in everything(db_url)
    on(db_url, lambda db: _retention_at(db, before + timedelta(days=91)))
    assert "sam@example.com" not in everything(db_url)


async def _nudge_sam(db: Database) -> list[str]:
    st = Stores(db)
    sam = await st.people.person_by_email("sam@example.com")
    assert sam is not None
    due = datetime(2026, 3, 4, 10, tzinfo=UTC)  # a Wednesday, working hours in Paris
    goal = await st.plans.add_goal(sam.id, "Run the offsite", due.date(), due)
    messenger = RecordingMessenger()
    await nudge_goal(Runtime(SqlUnits(db), FakeClock(due), messenger), sam.id, goal.id)
    return [p.email for p, _ in messenger.sent]


def test_a_deactivated_person_gets_no_goal_nudge(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT),
              "--leavers", "deactivate")
    assert on(db_url, _nudge_sam) == []
    careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT, SAM))
    assert on(db_url, _nudge_sam) == ["sam@example.com"]  # active again: nudged


def test_back_in_the_file_is_active_again(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT),
              "--leavers", "deactivate")
    assert sam_deactivated(db_url)
    done = careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT, SAM),
                     "--leavers", "deactivate")
    assert done.exit_code == 0, done.output
    assert "Reactivated (in the file again): sam@example.com." in done.output
    assert not sam_deactivated(db_url)
    said, *_ = on(db_url, _chat_and_lists)
    assert "no longer have access" not in said


def test_forget_erases_the_leavers_now(db_url: str, tmp_path: Path) -> None:
    on(db_url, build_world)
    done = careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT),
                     "--leavers", "forget")
    assert done.exit_code == 0, done.output
    assert "Forgot 1 person not in this file (--leavers forget): sam@example.com." in done.output
    assert "sam@example.com" not in everything(db_url)
    assert "Sam Other" not in everything(db_url)


@pytest.mark.parametrize("args", [("--leavers", "deactivate", "--dry-run"),
                                  ("--leavers", "sometimes")])
def test_a_dry_run_or_a_bad_choice_changes_nothing(db_url: str, tmp_path: Path,
                                                   args: tuple[str, ...]) -> None:
    on(db_url, build_world)
    before = on(db_url, dump)
    done = careerbot(db_url, "import", "people", people_file(tmp_path, MORGAN, PAT), *args)
    if "--dry-run" in args:
        assert done.exit_code == 0, done.output
        assert "  deactivate sam@example.com (not in the file)" in done.output
    else:
        assert done.exit_code == 2
        lines = [line for line in done.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "'sometimes'" in lines[0] and "deactivate" in lines[0]
    assert on(db_url, dump) == before
