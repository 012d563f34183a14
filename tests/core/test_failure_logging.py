"""A failure in the core is logged so that whoever reads the log at INFO knows why: one ERROR line
with the event's kind and the exception's type and message (never the person's text, name or
email), the traceback only at DEBUG."""

from __future__ import annotations

import logging

import pytest

from bot.context import Services
from bot.conversation import describe, handle
from bot.events import Action, Actor, Platform, TextMessage
from bot.reply import plain_text
from tests.fakes import FakeClock, FakeRepository, answered, units_of
from tests.sample_data import ENGINEERING, person

TEXT = "next please MARKER-typed-text"
EMAIL = "p1@example.com"


class Broken(FakeRepository):
    async def track(self, track_id: str):  # type: ignore[no-untyped-def]
        raise RuntimeError("database is locked\n[SQL: SELECT ...]\n[parameters: ('secret',)]")


@pytest.fixture
def services() -> Services:
    repo = FakeRepository()
    repo.add_track(ENGINEERING)
    repo.add_person(person(1, "se1"))
    broken = Broken(people=repo.people, track_map=repo.track_map)
    return Services(units=units_of(broken), clock=FakeClock())


def actor() -> Actor:
    return Actor(Platform.SLACK, "U1", tenant_id="T1", email=EMAIL, display_name="Pat Doe")


async def test_one_error_line_says_why_without_people_data(
        services: Services, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    reply = answered(await handle(services, TextMessage(actor(), TEXT)))
    assert "something went wrong on my side" in plain_text(reply)
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    line = record.getMessage()
    assert "TextMessage" in line and "slack" in line
    assert "RuntimeError: database is locked" in line
    assert "\n" not in line and "parameters" not in line
    for private in ("MARKER", EMAIL, "Pat Doe", "U1"):
        assert private not in caplog.text
    assert record.exc_info is None  # no traceback at INFO
    assert "Traceback" not in caplog.text


async def test_the_traceback_is_at_debug(services: Services,
                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await handle(services, Action(actor(), "readiness.start", {"track": "x"}))
    [debug] = [r for r in caplog.records if r.levelno == logging.DEBUG and r.exc_info]
    assert "Action readiness.start" in debug.getMessage()
    assert "Traceback" in caplog.text


def test_describe_is_one_short_line() -> None:
    assert describe(ValueError("bad\nsecond line")) == "ValueError: bad"
    assert describe(KeyError()) == "KeyError"
    assert len(describe(RuntimeError("x" * 5000))) <= 240
