"""Issue 4's "Done when" through `careerbot serve` as a new user runs it: a real process with
TEAMS_DEV_ANONYMOUS=1, replying to the local fake Bot Connector. "What's next for me" from a
person in the people file gets a valid card with the next level; a rating by card press shows
in the next reply."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp

from storage.database import Database
from tests.slack.test_serve_cli import _free_port, _wait_healthy
from tests.storage.seed import seed_people
from tests.teams.activities import TeamsUser, message, submit
from tests.teams.conftest import TEAMS_MESSAGE_LIMIT, assert_valid_card, card_text, submits
from tests.teams.fake_connector import Call, FakeConnector

ROOT = Path(__file__).resolve().parents[2]


async def test_done_when_through_careerbot_serve(sqlite_db: Database, connector: FakeConnector,
                                                 tmp_path: Path) -> None:
    await seed_people(sqlite_db)
    pat = TeamsUser.make(1, "Pat")
    connector.add_member(pat.user_id, "pat@example.com", pat.aad_object_id)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": sqlite_db.sync_url, "TEAMS_DEV_ANONYMOUS": "1",
           "HOST": "127.0.0.1", "PORT": str(port), "PYTHONPATH": str(ROOT)}
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID", "LOG_LEVEL"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "careerbot", "serve", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"

    async def post(activity: dict[str, Any]) -> Call:
        before = len(connector.sent)
        async with aiohttp.ClientSession() as session, session.post(
                f"{base}/api/messages", json=activity) as response:
            assert response.status == 200
        (call,) = connector.sent[before:]
        assert call.size < TEAMS_MESSAGE_LIMIT and call.body.get("summary")
        for card in call.cards:
            assert_valid_card(card)
        return call

    try:
        await _wait_healthy(f"{base}/healthz", process)
        first = await post(message(pat, connector.url, "what's next for me"))
        text = card_text(first.cards[0])
        assert "What's next for you, Pat" in text and "Software Engineer II" in text
        assert "Owns features end to end." in text  # the next level's expectations
        question = await post(message(pat, connector.url, "rate"))
        four = next(s["data"] for s in submits(question.cards[0])
                    if s["data"].get("score") == "4")
        pressed = await post(submit(pat, connector.url, four, question.new_id or ""))
        assert (pressed.method, pressed.activity_id) == ("PUT", question.new_id)
        after = await post(message(pat, connector.url, "what's next"))
        assert "Your self-rating: 4/5 (Usually)" in card_text(after.cards[0])
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert "Teams: POST /api/messages in ANONYMOUS development mode" in out.decode()
    assert "UNAUTHENTICATED" in err.decode() and "Traceback" not in err.decode()
