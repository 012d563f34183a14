"""The HTTP edge of /slack/events: whatever a sender gets wrong is answered 400, 401 or 413, never
500; nothing of an unverified body reaches the log, at any level."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Callable

import pytest

from tests.slack import payloads
from tests.slack.conftest import SECRET, USERS, Rig
from tests.storage.seed import dump

MARKER = "MARKER-of-an-unverified-body-4f1c"
MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Everything at DEBUG, set before the server is built: Bolt copies the root logger's
    level into its own loggers when it creates them."""
    caplog.set_level(logging.DEBUG)


def _unsigned(body: bytes, content_type: str) -> tuple[bytes, dict[str, str]]:
    return body, {"Content-Type": content_type}


def _signed(body: bytes, content_type: str) -> tuple[bytes, dict[str, str]]:
    """Slack's v0 signature over the raw bytes (which need not be UTF-8)."""
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    return body, {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
                  "X-Slack-Signature": f"v0={digest.hexdigest()}"}


def _headers(timestamp: str) -> dict[str, str]:
    return {"Content-Type": payloads.FORM, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": "v0=00"}


FORM_WITH_MARKER = f"text={MARKER}"

# Built when a test runs (a signature is good for five minutes; the suite takes longer).
BAD_BODIES: dict[str, Callable[[], tuple[bytes, dict[str, str]]]] = {
    # unsigned
    "unsigned json garbage": lambda: _unsigned(b"{not json " + MARKER.encode(), payloads.JSON),
    "unsigned json list": lambda: _unsigned(json.dumps([1, MARKER]).encode(), payloads.JSON),
    "unsigned payload not json": lambda: _unsigned(f"payload=not-json-{MARKER}".encode(),
                                                   payloads.FORM),
    "unsigned binary": lambda: _unsigned(bytes(range(256)) + MARKER.encode(),
                                         "application/octet-stream"),
    "unsigned form": lambda: _unsigned(f"token=x&{FORM_WITH_MARKER}".encode(), payloads.FORM),
    "unsigned empty": lambda: _unsigned(b"", payloads.JSON),
    "non-numeric timestamp": lambda: (FORM_WITH_MARKER.encode(), _headers("abc")),
    "huge timestamp": lambda: (FORM_WITH_MARKER.encode(), _headers("9" * 400)),
    "wrong secret": lambda: (FORM_WITH_MARKER.encode(), payloads.signed_headers(
        "not-the-secret", FORM_WITH_MARKER, content_type=payloads.FORM)),
    # signed with the app's secret, still not something Slack sends
    "signed json garbage": lambda: _signed(b"{not json", payloads.JSON),
    "signed json list": lambda: _signed(b"[1, 2]", payloads.JSON),
    "signed payload not json": lambda: _signed(b"payload=not-json", payloads.FORM),
    "signed payload a list": lambda: _signed(b"payload=%5B1%2C2%5D", payloads.FORM),
    "signed not utf-8": lambda: _signed(b"text=\xff\xfe", payloads.FORM),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
async def test_bad_bodies_get_4xx_never_500_and_change_nothing(rig: Rig, case: str) -> None:
    body, headers = BAD_BODIES[case]()
    before = await dump(rig.db)
    async with rig.session.post(f"{rig.base}/slack/events", data=body,
                                headers=headers) as response:
        status = response.status
        await response.read()
    expected = {400} if case.startswith("signed") else {401}
    assert status in expected, (case, status)
    await rig.settle()
    assert rig.slack.calls == []
    assert await dump(rig.db) == before


@pytest.mark.parametrize("case", sorted(c for c in BAD_BODIES if not c.startswith("signed")))
async def test_unverified_bodies_are_never_logged(rig: Rig, case: str,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    body, headers = BAD_BODIES[case]()
    async with rig.session.post(f"{rig.base}/slack/events", data=body,
                                headers=headers) as response:
        await response.read()
    await rig.settle()
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    assert MARKER not in logged
    assert MARKER not in caplog.text


async def test_a_stale_signed_body_is_not_logged_either(rig: Rig,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    body = payloads.slash_command(USERS["pat"], MARKER, "http://127.0.0.1:9/hooks/never")
    headers = payloads.signed_headers(SECRET, body, content_type=payloads.FORM,
                                      timestamp=int(time.time()) - 3600)
    assert await rig.post(body, payloads.FORM, headers=headers) == 401
    assert MARKER not in caplog.text


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_body_over_the_limit_gets_413(rig: Rig, chunked: bool) -> None:
    """Slack's payloads are a few KB; the default limit is 1 MiB (CAREERBOT_MAX_BODY_BYTES)."""
    body = b"text=" + b"x" * (MIB + 1)
    headers = payloads.signed_headers(SECRET, body.decode(), content_type=payloads.FORM)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start:start + 64 * 1024]

    async with rig.session.post(f"{rig.base}/slack/events",
                                data=chunks() if chunked else body,
                                headers=headers) as response:
        assert response.status == 413
        await response.read()
    await rig.settle()
    assert rig.slack.calls == []


async def test_a_signed_command_just_under_the_limit_is_answered(rig: Rig) -> None:
    calls = await rig.command("pat", "next " + "x" * 2000)
    assert calls, "the command was answered"
