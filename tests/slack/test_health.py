"""A truthful /healthz: 200 only when the database takes writes (a real write, rolled back), 503
with the reason otherwise; the worker queue's depth and capacity either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import psycopg
from sqlalchemy import make_url

from bot.context import Services
from careerbot.bootstrap import App
from careerbot.server import create_app
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.slack.conftest import Rig, settings, start_app
from tests.sql_repo import SqlRepo
from tests.storage.seed import dump
from tests.unwritable import unwritable


async def _health(base: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as response:
        return response.status, await response.json()


def _path(db: Database) -> Path:
    return Path(make_url(db.sync_url).database or "")


async def test_healthz_reports_the_queue_and_a_writable_database(rig: Rig) -> None:
    status, body = await _health(rig.base)
    assert status == 200
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["queue"] == {"depth": 0, "running": 0, "capacity": 200, "workers": 8}


async def test_healthz_is_503_on_a_sqlite_file_that_cannot_be_written(rig: Rig) -> None:
    """The server's connection opened on a file it cannot write (as when it starts so)."""
    before = await dump(rig.db)
    await rig.db.close()  # the next use connects anew
    with unwritable(_path(rig.db)):
        status, body = await _health(rig.base)
        assert (await rig.command("pat", "next")) != [], "requests are still answered"
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["database"] == "not writable"
    assert "readonly" in body["reason"]
    assert "queue" in body
    assert await dump(rig.db) == before
    assert (await _health(rig.base))[0] == 200  # and back once it can be written again


async def test_healthz_is_503_on_a_read_only_postgresql(pg_db: Database) -> None:
    url = make_url(pg_db.sync_url)
    with psycopg.connect(url.set(drivername="postgresql", database="postgres")
                         .render_as_string(hide_password=False), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {url.database} "
                      "SET default_transaction_read_only = on")
    app = App(settings=settings("http://127.0.0.1:9/api/", pg_db.sync_url), db=pg_db,
              stores=Stores(pg_db), services=Services(units=units_of(SqlRepo(pg_db)),
                                                     clock=FakeClock()))
    runner, base = await start_app(create_app(app))
    try:
        status, body = await _health(base)
    finally:
        await runner.cleanup()
    assert status == 503
    assert body["database"] == "not writable"
    assert "read-only transaction" in body["reason"]
