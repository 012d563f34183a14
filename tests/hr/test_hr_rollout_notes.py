"""Rollout notes are shown in `rollout status`, and a misspelt stage gets "Did you mean ...?"
with the closest stage, in chat and as one plain line in the terminal (issue 12)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.secret import TEST_SECRET_KEY


@pytest.fixture
async def hr(db: Database) -> Speaker:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Sales", 3)
    return Speaker(services_on(db, FakeClock()), "p100@example.com")


async def test_notes_of_every_stage_show_in_status(hr: Speaker) -> None:
    await hr.say("rollout Sales 2026-03-02")
    saved = await hr.say("rollout stage Sales planning note Board agreed the budget")
    assert "Saved." in saved.text and "Planning: Board agreed the budget" in saved.text
    await hr.say("rollout stage Sales awareness note Champions: Dana, Lee")
    await hr.say("rollout stage Sales planning note Kick-off on 12 March")
    status = (await hr.say("rollout status Sales")).text
    assert "Now: Awareness" in status  # the notes are not all on the current stage
    assert "Awareness: Champions: Dana, Lee" in status
    assert "Planning: Board agreed the budget\n" in status
    assert "Planning: Kick-off on 12 March" in status


async def test_a_misspelt_stage_suggests_the_closest(hr: Speaker) -> None:
    await hr.say("rollout Sales 2026-03-02")
    reply = (await hr.say("rollout stage Sales plannig owner Dana")).text
    assert "There is no stage \"plannig\". Did you mean \"planning\"?" in reply
    assert "Say: \"rollout stage Sales planning owner Dana\"" in reply
    assert "owner Dana" not in (await hr.say("rollout status Sales")).text  # nothing changed
    assert "Did you mean \"training\"" in (await hr.say("rollout stage Sales trainig done 1")).text


def test_the_terminal_gets_one_plain_line(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.chdir(tmp_path)
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", secret_key=TEST_SECRET_KEY)
    db.upgrade()
    asyncio.run(add_people(db, "Sales", 5))
    runner = CliRunner()
    assert runner.invoke(cli.app, ["rollout", "Sales", "2026-03-02"]).exit_code == 0
    done = runner.invoke(cli.app, ["rollout", "stage", "Sales", "implemantation", "note", "x"])
    assert done.exit_code == 1
    assert "Did you mean \"implementation\"?" in done.output
    assert "**" not in done.output and "Traceback" not in done.output
    usage = runner.invoke(cli.app, ["rollout", "stage", "Sales"])
    assert usage.exit_code == 1 and "**" not in usage.output
    assert "rollout stage TEAM STAGE" in usage.output
