"""The HTTP edge of /slack/events: the signature and the body's shape, checked before Bolt reads a
byte. What a sender gets wrong is a 4xx, never a 500, and nothing of a body that failed
verification is logged: Bolt's own check logs the whole body of every request it refuses (at
INFO), so it is off and this one runs instead."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest

log = logging.getLogger(__name__)

# Slack refuses requests older than five minutes (replays); so do we, both ways.
MAX_AGE_SECONDS = 5 * 60


def _refuse(status: int, error: str) -> web.Response:
    return web.json_response({"error": error}, status=status)


class SlackEdge:
    """Turns an aiohttp request into a verified, parsed AsyncBoltRequest, or the 4xx answer.

    The body size is capped by the aiohttp application (`client_max_size`, 413)."""

    def __init__(self, signing_secret: str, *, clock: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._clock = clock

    def signed(self, body: bytes, headers: Mapping[str, str]) -> bool:
        """Slack's v0 signature over the raw bytes, within MAX_AGE_SECONDS of now."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return False
        if abs(self._clock() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        digest = hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + body,
                          hashlib.sha256).hexdigest()
        return hmac.compare_digest(f"v0={digest}", signature)

    async def bolt_request(self, request: web.Request) -> AsyncBoltRequest | web.Response:
        """The request for Bolt, or the answer when it is unsigned (401) or signed but not a
        payload Slack sends (400). Never logs the body."""
        body = await request.read()  # 413 past client_max_size
        if not self.signed(body, request.headers):
            log.info("Slack: refused a request without a valid signature (%d bytes)", len(body))
            return _refuse(401, "invalid request")
        try:
            bolt = AsyncBoltRequest(body=body.decode("utf-8"), query=request.query_string,
                                    headers=_headers(request.headers))
            if not isinstance(bolt.body, dict):
                raise TypeError("the payload is not an object")
        except Exception as error:  # not UTF-8, not JSON, a broken form, a list: Bolt parses
            # the body as it builds the request and would fail on it later anyway.
            log.warning("Slack: refused a signed request that is not a Slack payload (%s)",
                        type(error).__name__)
            return _refuse(400, "malformed payload")
        return bolt


def _headers(headers: Mapping[str, str]) -> dict[str, Any]:
    # Bolt wants name -> list of values; aiohttp's multidict may repeat a name.
    merged: dict[str, list[str]] = {}
    for name, value in headers.items():
        merged.setdefault(name.lower(), []).append(value)
    return merged
