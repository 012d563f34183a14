"""`careerbot serve` as a new user runs it: a real process with a bot token and signing secret,
the Web API pointed at the fake Slack; a signed `/career next` gets the Block Kit answer."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
from sqlalchemy import make_url

from storage.database import Database
from tests.slack import payloads
from tests.slack.conftest import SECRET, TOKEN, USERS, all_text
from tests.slack.fake_slack_api import FakeSlackApi
from tests.storage.seed import seed_people
from tests.unwritable import unwritable

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_healthy(url: str, process: asyncio.subprocess.Process) -> dict[str, str]:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            if process.returncode is not None:
                raise AssertionError(f"serve exited with {process.returncode}")
            try:
                async with session.get(url) as response:
                    body: dict[str, str] = await response.json()
                    return body
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    raise AssertionError("serve never answered /healthz")


def _env(database_url: str, api_url: str, port: int) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": TOKEN,
           "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
           "HOST": "127.0.0.1", "PORT": str(port), "PYTHONPATH": str(ROOT)}
    for name in ("SLACK_APP_TOKEN", "MICROSOFT_APP_ID", "TEAMS_DEV_ANONYMOUS", "LOG_LEVEL",
                 "CAREERBOT_WORKERS", "CAREERBOT_QUEUE"):
        env.pop(name, None)
    return env


async def test_serve_answers_a_signed_career_next(sqlite_db: Database, fake_slack: FakeSlackApi,
                                                  tmp_path: Path) -> None:
    await seed_people(sqlite_db)
    port = _free_port()
    env = _env(sqlite_db.sync_url, fake_slack.api_url, port)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "careerbot", "serve", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        health = await _wait_healthy(f"{base}/healthz", process)
        assert health == {"status": "ok", "database": "ok", "slack": "http", "teams": "off",
                          "queue": {"depth": 0, "running": 0, "capacity": 200, "workers": 8}}
        body = payloads.slash_command(USERS["pat"], "next", fake_slack.response_url("serve"))
        headers = payloads.signed_headers(SECRET, body, content_type=payloads.FORM)
        async with aiohttp.ClientSession() as session, session.post(
                f"{base}/slack/events", data=body.encode(), headers=headers) as response:
            assert response.status == 200
            answer = await response.json()
        # Ready within CAREERBOT_ACK_REPLY_SECONDS: the answer is the ack itself, which Slack
        # shows as the command's reply; nothing goes to the response_url.
        assert "What's next for you, Pat" in all_text(answer["blocks"])
        assert answer["response_type"] == "ephemeral"
        assert answer["text"].startswith("What's next for you, Pat")
        assert not fake_slack.of("response_url")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert "careerbot serving on http://127.0.0.1:" in out.decode()
    assert "Slack: HTTP at /slack/events" in out.decode()
    assert "Traceback" not in err.decode()


async def test_serve_refuses_to_start_on_a_database_it_cannot_write(
        sqlite_db: Database, tmp_path: Path) -> None:
    await seed_people(sqlite_db)
    await sqlite_db.close()
    path = Path(make_url(sqlite_db.sync_url).database or "")
    with unwritable(path):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "careerbot", "serve", cwd=tmp_path,
            env=_env(sqlite_db.sync_url, "http://127.0.0.1:9/api/", _free_port()),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 1
    assert "careerbot serving" not in out.decode()
    [line] = err.decode().strip().splitlines()
    assert line.startswith("Error: ") and str(path) in line and "cannot be written" in line
