"""A lean fake of Slack's Web API and response_urls for the load: an aiohttp server on loopback
that notes when each answer arrives (a response_url post, chat.postMessage/postEphemeral to a
channel, or a slash command's ack body, passed on by the client) and wakes the client waiting
for it. Keys are unique per request: the response_url's
last path segment, or the DM channel the event named. Much lighter than tests/slack's fake,
which checks every block against Slack's limits; the load shares its 2 cores with the server."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Listener = Callable[["Answer"], None]


@dataclass
class Answer:
    """What arrived for one key: the first arrival's time (time.monotonic()) and every post."""

    first_at: float
    texts: list[str] = field(default_factory=list)
    blocks: list[list[dict[str, Any]]] = field(default_factory=list)


@dataclass
class FakeSlack:
    token: str
    emails: dict[str, str] = field(default_factory=dict)  # user id -> email (users.info)
    url: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    methods: Counter[str] = field(default_factory=Counter)
    _waiters: dict[str, asyncio.Future[Answer]] = field(default_factory=dict)
    _listeners: dict[str, Listener] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, key: str) -> str:
        return f"{self.url}/hooks/{key}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/hooks/{key}", self._hook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def expect(self, key: str, listener: Listener | None = None) -> None:
        """Note that an answer is due on `key`; `listener` is called when it first arrives."""
        if listener is not None:
            self._listeners[key] = listener

    async def wait(self, key: str, timeout: float) -> Answer | None:
        """The answer on `key`, waiting up to `timeout` seconds; None if none came by then."""
        answer = self.answers.get(key)
        if answer is not None:
            return answer
        future = self._waiters.get(key)
        if future is None:
            future = self._waiters[key] = asyncio.get_running_loop().create_future()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            return None

    def in_ack(self, key: str, body: bytes, at: float) -> None:
        """A slash command's ack body, which Slack shows as its answer when it is not empty
        (JSON with text and blocks, or plain text), as an answer on `key` visible `at`."""
        if not body.strip():
            return
        try:
            message = json.loads(body)
        except ValueError:
            message = {"text": body.decode(errors="replace")}
        if not isinstance(message, dict):
            return
        self.methods["ack"] += 1
        self._arrived(key, str(message.get("text") or ""), message.get("blocks"), at)

    def _arrived(self, key: str, text: str, blocks: Any, at: float | None = None) -> None:
        answer = self.answers.get(key)
        first = answer is None
        if answer is None:
            answer = self.answers[key] = Answer(time.monotonic() if at is None else at)
        answer.texts.append(text)
        answer.blocks.append(blocks if isinstance(blocks, list) else [])
        if first:
            listener = self._listeners.pop(key, None)
            if listener is not None:
                listener(answer)
            future = self._waiters.pop(key, None)
            if future is not None and not future.done():
                future.set_result(answer)

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.methods["response_url"] += 1
        self._arrived(request.match_info["key"], str(body.get("text") or ""), body.get("blocks"))
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.methods[method] += 1
        if request.headers.get("Authorization", "") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        else:
            args.update(dict(await request.post()))
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method in ("chat.postMessage", "chat.postEphemeral"):
            blocks = args.get("blocks")
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            channel = str(args.get("channel") or "")
            self._arrived(channel, str(args.get("text") or ""), blocks)
            ts = f"{next(self._ts)}.000100"
            return {"ok": True, "channel": channel, "ts": ts, "message_ts": ts}
        if method in ("users.info", "users.lookupByEmail"):
            user = str(args.get("user") or "")
            if method == "users.lookupByEmail":
                user = next((u for u, e in self.emails.items() if e == args.get("email")), "")
            if user not in self.emails:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": user, "team_id": "T111", "deleted": False,
                                         "is_bot": False, "name": user.lower(),
                                         "profile": {"email": self.emails[user]}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))[1:]}}
        if method in ("chat.update", "views.publish", "views.open"):
            return {"ok": True, "ts": "1.000100", "view": {"id": "V1"}}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T111"}
        return {"ok": False, "error": "unknown_method"}
