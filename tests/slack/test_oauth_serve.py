"""`careerbot serve` with the Slack OAuth settings, as an operator runs it: a real process
serving the "Add to Slack" page; incomplete settings are one line and no server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import aiohttp
import pytest

from storage.database import Database
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.test_oauth_install import STATE_SECRET
from tests.slack.test_serve_cli import _env, _free_port, _wait_healthy
from tests.storage.seed import seed_people


def _oauth_env(db: Database, api_url: str, port: int, **given: str) -> dict[str, str]:
    env = _env(db.sync_url, api_url, port)
    del env["SLACK_BOT_TOKEN"]
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"):
        env.pop(name, None)
    return {**env, **given}


async def test_serve_shows_the_add_to_slack_page(sqlite_db: Database, fake_slack: FakeSlackApi,
                                                 tmp_path: Path) -> None:
    await seed_people(sqlite_db)
    port = _free_port()
    env = _oauth_env(sqlite_db, fake_slack.api_url, port, SLACK_CLIENT_ID="1111.2222",
                     SLACK_CLIENT_SECRET="fake-client-secret", SLACK_STATE_SECRET=STATE_SECRET)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "careerbot", "serve", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        health = await _wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
        assert health["slack"] == "http"
        async with aiohttp.ClientSession() as session, session.get(
                f"http://127.0.0.1:{port}/slack/install") as response:
            page = await response.text()
        assert response.status == 200
        assert "Add to Slack" in page and "client_id=1111.2222" in page
    finally:
        process.terminate()
        await process.wait()


@pytest.mark.parametrize(("given", "said"), [
    ({"SLACK_CLIENT_ID": "1111.2222", "SLACK_STATE_SECRET": STATE_SECRET},
     "SLACK_CLIENT_SECRET is not set"),
    ({"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "s",
      "SLACK_STATE_SECRET": "short"}, "SLACK_STATE_SECRET must be at least 32"),
])
async def test_serve_refuses_incomplete_oauth_settings_in_one_line(
        sqlite_db: Database, tmp_path: Path, given: dict[str, str], said: str) -> None:
    await seed_people(sqlite_db)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "careerbot", "serve", cwd=tmp_path,
        env=_oauth_env(sqlite_db, "http://127.0.0.1:9/api/", _free_port(), **given),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert "careerbot serving" not in out.decode()
    [line] = err.decode().strip().splitlines()
    assert line.startswith("Error: ") and said in line
