"""A local fake Bot Connector: a real HTTP server the Bot Framework SDK posts replies to.

Records every call (the SDK sends from a thread with `requests`, so it must be real HTTP),
answers member lookups from a dict, and can be told to fail the next calls (e.g. 429 with
Retry-After) or to enforce a rate (N requests a second per tenant, 429 + Retry-After beyond
it, as Teams' per-app-per-tenant limit). Run it alone for manual tries: `python -m
tests.teams.fake_connector --port 3979 --member 29:user=ada@example.com`."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.token_bucket import TokenBucket

# Teams' message size limit leaves out base64-encoded images (learn.microsoft.com, "Format
# your bot messages"): `Call.size` counts what the limit counts.
DATA_IMAGE = re.compile(rb"data:image/[a-z]+;base64,[A-Za-z0-9+/=]*")


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    conversation_id: str
    activity_id: str | None
    body: dict[str, Any]
    size: int
    status: int
    new_id: str | None = None  # the id this call gave the message (posts and updates)

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for a in self.body.get("attachments") or []
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]


@dataclass
class Failure:
    status: int
    retry_after: str | None = None


@dataclass
class FakeConnector:
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    url: str = ""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    _runner: web.AppRunner | None = None
    rate: TokenBucket | None = None  # enforce_rate(); None: no limit
    refuse_images: int | None = None  # HTTP status for any message holding a base64 image

    def enforce_rate(self, per_second: float, burst_seconds: float = 0.2) -> None:
        """At most `per_second` requests a second (bursts of `burst_seconds` worth); the rest
        are answered 429 with Retry-After in whole seconds, at least 1."""
        self.rate = TokenBucket(per_second, max(1.0, per_second * burst_seconds))

    def add_member(self, user_id: str, email: str, aad_object_id: str = "", name: str = "",
                   upn: str = "") -> None:
        self.members[user_id] = {"id": user_id, "name": name or email, "email": email,
                                 "userPrincipalName": upn or email,
                                 "aadObjectId": aad_object_id, "tenantId": "tenant-1"}

    def fail_next(self, status: int, retry_after: str | None = None, times: int = 1) -> None:
        self.failures.extend(Failure(status, retry_after) for _ in range(times))

    @property
    def sent(self) -> list[Call]:
        """Successful message posts and updates, in order."""
        return [c for c in self.calls if c.method in ("POST", "PUT") and c.status < 300]

    @property
    def lookups(self) -> list[Call]:
        return [c for c in self.calls if c.method == "GET"]

    def app(self) -> web.Application:
        app = web.Application()
        base = "/v3/conversations/{conversation}"
        app.router.add_post(base + "/activities", self._activity)
        app.router.add_post(base + "/activities/{activity}", self._activity)
        app.router.add_put(base + "/activities/{activity}", self._activity)
        app.router.add_get(base + "/members/{member}", self._member)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app())
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.url = f"http://{host}:{self._runner.addresses[0][1]}/"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _failure(self) -> web.Response | None:
        if not self.failures:
            return self._throttled()
        failure = self.failures.pop(0)
        headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
        return web.json_response({"error": {"code": "Throttled", "message": "try later"}},
                                 status=failure.status, headers=headers)

    def _throttled(self) -> web.Response | None:
        wait = self.rate.take(time.monotonic()) if self.rate is not None else 0.0
        if not wait:
            return None
        return web.json_response({"error": {"code": "Throttled", "message": "try later"}},
                                 status=429, headers={"Retry-After": str(max(1, math.ceil(wait)))})

    def _record(self, request: web.Request, body: dict[str, Any], raw: bytes, status: int,
                new_id: str | None = None) -> None:
        self.calls.append(Call(request.method, request.path,
                               request.match_info["conversation"],
                               request.match_info.get("activity"), body,
                               len(DATA_IMAGE.sub(b"", raw)), status,
                               new_id))

    async def _activity(self, request: web.Request) -> web.Response:
        raw = await request.read()
        body = json.loads(raw or b"{}")
        failure = self._failure()
        if failure is None and self.refuse_images and DATA_IMAGE.search(raw):
            failure = web.json_response({"error": {"code": "BadArgument", "message":
                                                   "Unknown attachment type"}},
                                        status=self.refuse_images)
        if failure:
            self._record(request, body, raw, failure.status)
            return failure
        new_id = (request.match_info["activity"] if request.method == "PUT"
                  else f"msg-{next(self._ids)}")
        self._record(request, body, raw, 200, new_id)
        return web.json_response({"id": new_id})

    async def _member(self, request: web.Request) -> web.Response:
        failure = self._failure()
        member = self.members.get(request.match_info["member"])
        if failure is None and member is None:
            failure = web.json_response({"error": {"code": "MemberNotFoundInConversation",
                                                   "message": "no such member"}}, status=404)
        self._record(request, {}, b"", failure.status if failure else 200)
        return failure or web.json_response(member)


async def _serve(port: int, members: list[str]) -> None:
    connector = FakeConnector()
    for spec in members:
        user_id, _, email = spec.partition("=")
        connector.add_member(user_id, email)
    await connector.start(port=port)
    print(f"fake Bot Connector on {connector.url}", flush=True)
    seen = 0
    while True:
        await asyncio.sleep(0.2)
        for call in connector.calls[seen:]:
            print(json.dumps({"method": call.method, "path": call.path, "status": call.status,
                              "id": call.new_id, "body": call.body}), flush=True)
        seen = len(connector.calls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=3979)
    parser.add_argument("--member", action="append", default=[],
                        help="USER_ID=EMAIL answered by the member lookup")
    args = parser.parse_args()
    asyncio.run(_serve(args.port, args.member))


if __name__ == "__main__":
    main()
