"""careerbot's log handler on its own: which records it writes and how a line is made safe,
whatever level the root is given after start-up (as `serve` does from its settings)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from careerbot.logs import MESSAGE_CHARS, configure
from tests.privacy.logging_state import logging_kept


@pytest.fixture
def log_to() -> Iterator[io.StringIO]:
    with logging_kept():
        stream = io.StringIO()
        configure("ERROR", stream)
        # What `serve` does with LOG_LEVEL=DEBUG in its settings (not in the environment).
        logging.getLogger().setLevel(logging.DEBUG)
        yield stream


def test_library_payloads_below_warning_are_never_written(log_to: io.StringIO) -> None:
    body = '{"user": {"email": "ann@example.com", "real_name": "Ann Example"}}'
    for name in ("slack_sdk.web.async_base_client", "slack_bolt.AsyncApp", "aiosqlite",
                 "msrest.http_logger", "botbuilder.core", "app.py:AsyncApp", "urllib3"):
        logging.getLogger(name).debug("Received the following response: %s", body)
        logging.getLogger(name).info("body: %s", body)
    logging.getLogger("adapters.slack.messenger").debug("delivery %s sent", 40)
    assert log_to.getvalue() == "careerbot: delivery 40 sent\n"


def test_a_written_line_masks_emails_strips_escapes_and_is_capped(log_to: io.StringIO) -> None:
    logging.getLogger("slack_bolt.AsyncApp").warning(
        "Unhandled request ({'user': 'ann.o-k+x@mail.example.co.uk'})\x1b]8;;http://e\x07\x1b[2J")
    logging.getLogger("bot.conversation").error("x" * (MESSAGE_CHARS + 500))
    first, second = log_to.getvalue().splitlines()
    assert first == "careerbot: Unhandled request ({'user': '<email>'})]8;;http://e[2J"
    assert len(second) < MESSAGE_CHARS + 30 and second.endswith("... (cut)")


def test_tracebacks_only_when_debugging(log_to: io.StringIO) -> None:
    try:
        raise ValueError("boom for ann@example.com")
    except ValueError:
        logging.getLogger("scheduler.fanout").exception("sending failed")
    assert log_to.getvalue() == "careerbot: sending failed\n"
    debug = io.StringIO()
    configure("DEBUG", debug)
    try:
        raise ValueError("boom for ann@example.com")
    except ValueError:
        logging.getLogger("scheduler.fanout").exception("sending failed")
    assert "Traceback" in debug.getvalue() and "boom for <email>" in debug.getvalue()
    assert "ann@example.com" not in debug.getvalue()
