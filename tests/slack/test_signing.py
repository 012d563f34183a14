"""Request signing: our signer matches Slack's published test vector, and the server answers 401
and changes nothing for a bad signature, missing headers or a stale timestamp."""

from __future__ import annotations

import time

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.slack import payloads
from tests.slack.conftest import SECRET, USERS, Rig
from tests.storage.seed import dump


class FixedClock:
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_signer_matches_slack_test_vector() -> None:
    vector = payloads.fixture("signature_test_vector.json")
    assert payloads.signature(vector["signing_secret"], vector["timestamp"],
                              vector["body"]) == vector["expected_signature"]
    # ... and the SDK's verifier (what Bolt uses) accepts it at that moment.
    verifier = SignatureVerifier(vector["signing_secret"],
                                 clock=FixedClock(float(vector["timestamp"])))  # type: ignore[arg-type]
    assert verifier.is_valid(vector["body"], vector["timestamp"], vector["expected_signature"])


def _next_command() -> str:
    return payloads.slash_command(USERS["pat"], "rate", "http://127.0.0.1:9/hooks/never")


@pytest.mark.parametrize("case", ["wrong secret", "tampered body", "no signature",
                                  "no timestamp", "stale timestamp", "future timestamp"])
async def test_bad_requests_get_401_and_change_nothing(rig: Rig, case: str) -> None:
    before = await dump(rig.db)
    body = _next_command()
    headers = payloads.signed_headers(SECRET, body, content_type=payloads.FORM)
    if case == "wrong secret":
        headers = payloads.signed_headers("not-the-secret", body, content_type=payloads.FORM)
    elif case == "tampered body":
        body = body.replace("text=rate", "text=next")
    elif case == "no signature":
        del headers["X-Slack-Signature"]
    elif case == "no timestamp":
        del headers["X-Slack-Request-Timestamp"]
    elif case in ("stale timestamp", "future timestamp"):
        shift = -6 * 60 if case == "stale timestamp" else 6 * 60
        headers = payloads.signed_headers(SECRET, body, content_type=payloads.FORM,
                                          timestamp=int(time.time()) + shift)
    async with rig.session.post(f"{rig.base}/slack/events", data=body.encode(),
                                headers=headers) as response:
        assert response.status == 401
        await response.read()
    await rig.settle()
    assert rig.slack.calls == []
    assert await dump(rig.db) == before


async def test_unsigned_event_is_refused(rig: Rig) -> None:
    before = await dump(rig.db)
    body = payloads.event_callback(payloads.dm_event(USERS["pat"], "next"))
    async with rig.session.post(f"{rig.base}/slack/events", data=body.encode(),
                                headers={"Content-Type": payloads.JSON}) as response:
        assert response.status == 401
    await rig.settle()
    assert rig.slack.calls == []
    assert await dump(rig.db) == before


async def test_url_verification_challenge_is_answered(rig: Rig) -> None:
    body = '{"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ' \
           '"type": "url_verification"}'
    headers = payloads.signed_headers(SECRET, body, content_type=payloads.JSON)
    async with rig.session.post(f"{rig.base}/slack/events", data=body.encode(),
                                headers=headers) as response:
        assert response.status == 200
        assert (await response.json())["challenge"].startswith("3eZbrw1a")
