"""A local fake of Slack's Web API, response_urls, file uploads and Socket Mode: a real aiohttp
server on loopback that records every call, answers like Slack (canned users, `invalid_blocks` for
payloads over Slack's limits, `invalid_auth` for a wrong token) and can answer 429 with
Retry-After or a chosen error for any method. It can also enforce a rate per method (N calls per
second, 429 + Retry-After beyond it, as Slack's workspace limits do) and keeps every posted
message per DM with its `metadata`, answering `conversations.history` like Slack."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import math
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.token_bucket import TokenBucket

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


@dataclass
class Call:
    method: str  # Web API method, or "response_url"
    args: dict[str, Any]
    token: str = ""
    path: str = ""
    status: int = 200
    ok: bool = True  # what Slack answered in the JSON body


@dataclass
class SlackUser:
    id: str
    email: str | None
    team_id: str = "T111"
    deleted: bool = False
    is_bot: bool = False

    def as_json(self) -> dict[str, Any]:
        profile = {"email": self.email} if self.email else {}
        return {"id": self.id, "team_id": self.team_id, "deleted": self.deleted,
                "is_bot": self.is_bot, "name": self.id.lower(), "profile": profile}


def _text_len(obj: Any) -> int:
    return len(obj.get("text", "")) if isinstance(obj, Mapping) else 0


def block_problems(blocks: Iterable[Any], limit: int) -> list[str]:
    """What real Slack would reject in a blocks array (the limits of its Block Kit docs)."""
    blocks = list(blocks)
    problems = [f"{len(blocks)} blocks > {limit}"] if len(blocks) > limit else []
    for i, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "section":
            if _text_len(block.get("text")) > 3000:
                problems.append(f"block {i}: section text over 3000")
            fields = block.get("fields") or []
            if len(fields) > 10 or any(_text_len(f) > 2000 for f in fields):
                problems.append(f"block {i}: fields over 10 x 2000")
            if not block.get("text") and not fields:
                problems.append(f"block {i}: empty section")
        elif kind == "header" and _text_len(block.get("text")) > 150:
            problems.append(f"block {i}: header over 150")
        elif kind == "actions":
            elements = block.get("elements") or []
            ids = [e.get("action_id") for e in elements]
            if len(elements) > 25 or len(set(ids)) != len(ids):
                problems.append(f"block {i}: over 25 elements or duplicate action_id {ids}")
            for e in elements:
                if _text_len(e.get("text")) > 75 or len(e.get("value") or "") > 2000:
                    problems.append(f"block {i}: button text over 75 or value over 2000")
        elif kind == "context" and len(block.get("elements") or []) > 10:
            problems.append(f"block {i}: context over 10 elements")
    return problems


@dataclass
class Upload:
    """A file shared by files.completeUploadExternal, with the bytes POSTed for it."""

    file_id: str
    channel: str
    title: str
    data: bytes
    thread_ts: str | None = None


@dataclass
class Workspace:
    """A workspace, or with `org_teams` an Enterprise Grid org installed org-wide (its token
    reaches the users of all those workspaces)."""

    team_id: str
    token: str
    enterprise_id: str | None = None
    org_teams: tuple[str, ...] = ()

    def reaches(self, user: SlackUser) -> bool:
        return user.team_id in (self.org_teams or (self.team_id,))


@dataclass
class FakeSlackApi:
    token: str = "xoxb-test-token"
    users: dict[str, SlackUser] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    rejected: list[tuple[Call, list[str]]] = field(default_factory=list)
    rate_limit: dict[str, int] = field(default_factory=dict)  # method -> Retry-After seconds
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    socket_replies: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # method -> error it answers
    upload_status: int = 200  # what the upload URL answers
    uploads: list[Upload] = field(default_factory=list)
    _bytes: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes POSTed
    url: str = ""
    _runner: web.AppRunner | None = None
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    # Added for the fan-out tests; nothing changes unless they are used.
    rate_limit_times: dict[str, tuple[int, int]] = field(default_factory=dict)  # (times, secs)
    limiters: dict[str, TokenBucket] = field(default_factory=dict)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # DM id -> messages
    # OAuth v2 (issue 13): each installable workspace by the code Slack would hand its
    # installer; their bot tokens are accepted besides `token`.
    client_id: str = "1111.2222"
    client_secret: str = "fake-client-secret"
    installable: dict[str, Workspace] = field(default_factory=dict)  # code -> workspace

    def add_workspace(self, code: str, team_id: str, token: str, *,
                      enterprise_id: str | None = None,
                      org_teams: tuple[str, ...] = ()) -> Workspace:
        """A workspace (or an org, installed org-wide) that installs the app when the OAuth
        redirect brings `code` back."""
        workspace = Workspace(team_id, token, enterprise_id, org_teams)
        self.installable[code] = workspace
        return workspace

    def _team_of(self, token: str) -> str | None:
        if token == self.token:
            return "T111"
        return next((w.team_id for w in self.installable.values() if w.token == token), None)

    def _reaches(self, token: str, user: SlackUser) -> bool:
        if token == self.token:
            return user.team_id == "T111"
        return any(w.reaches(user) for w in self.installable.values() if w.token == token)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"{self.url}/hooks/{name}"

    def add_user(self, user_id: str, email: str | None, **kw: Any) -> SlackUser:
        user = SlackUser(user_id, email, **kw)
        self.users[user_id] = user
        return user

    def answer_429_once(self, method: str, retry_after: int = 1) -> None:
        self.rate_limit[method] = retry_after

    def answer_429(self, method: str, times: int, retry_after: int = 0) -> None:
        """The next `times` calls of `method` are refused with 429 (a sustained limit)."""
        self.rate_limit_times[method] = (times, retry_after)

    def enforce_rate(self, method: str, per_second: float, burst_seconds: float = 0.2) -> None:
        """At most `per_second` calls of `method` a second (bursts of `burst_seconds` worth),
        the rest refused with 429 and Retry-After in whole seconds, at least 1 (as Slack)."""
        self.limiters[method] = TokenBucket(per_second, max(1.0, per_second * burst_seconds))

    def dm_id(self, channel: str) -> str:
        """The DM conversation a post to a user id lands in (as conversations.open answers)."""
        return "D" + channel[1:] if re.fullmatch(r"[UW][A-Z0-9]+", channel) else channel

    def of(self, method: str) -> list[Call]:
        """The calls of `method` Slack accepted (HTTP 200 and `ok`)."""
        return [c for c in self.calls if c.method == method and c.status == 200 and c.ok]

    def methods(self) -> set[str]:
        """The Web API methods called (not response_urls, not upload URLs)."""
        return {c.method for c in self.calls if c.method not in ("response_url", "upload")}

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.of(method)) < count:
            if loop.time() > deadline:
                raise AssertionError(f"expected {count} {method} call(s), saw {self.calls}")
            await asyncio.sleep(0.01)
        return self.of(method)

    # -- server -------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{name}", self._hook)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @staticmethod
    async def _args(request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(dict(await request.post()))
        for key in ("blocks", "view", "metadata"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    def _limited(self, method: str, call: Call) -> web.Response | None:
        if method in self.rate_limit:
            retry_after = self.rate_limit.pop(method)
        elif method in self.rate_limit_times:
            times, retry_after = self.rate_limit_times.pop(method)
            if times > 1:
                self.rate_limit_times[method] = (times - 1, retry_after)
        elif method in self.limiters and (wait := self.limiters[method].take(time.monotonic())):
            retry_after = max(1, math.ceil(wait))
        else:
            return None
        call.status = 429
        return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                 headers={"Retry-After": str(retry_after)})

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        call = Call(method, await self._args(request), token)
        self.calls.append(call)
        limited = self._limited(method, call)
        if limited is not None:
            return limited
        if method == "apps.connections.open":
            return web.json_response({"ok": True, "url": self.url.replace("http", "ws") +
                                      "/socket"})
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(request, call.args))
        if self._team_of(token) is None:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        answer = ({"ok": False, "error": self.errors[method]} if method in self.errors
                  else self._answer(call))
        call.ok = bool(answer["ok"])
        return web.json_response(answer)

    def _answer(self, call: Call) -> dict[str, Any]:
        args = call.args
        if call.method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            problems = block_problems(args.get("blocks") or [], MESSAGE_BLOCKS)
            if not args.get("text"):
                problems.append("no fallback text")
            if problems:
                self.rejected.append((call, problems))
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            if str(args.get("channel", "")).startswith("UGONE"):
                return {"ok": False, "error": "channel_not_found"}
            ts = f"{next(self._ts)}.000100"
            if call.method == "chat.postMessage":
                self._keep(str(args.get("channel", "")), ts, args)
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message_ts": ts}
        if call.method in ("views.publish", "views.open"):
            problems = block_problems((args.get("view") or {}).get("blocks") or [], VIEW_BLOCKS)
            if problems:
                self.rejected.append((call, problems))
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            return {"ok": True, "view": {"id": "V1", **(args.get("view") or {})}}
        if call.method == "users.info":
            user = self.users.get(str(args.get("user")))
            user = user if user and self._reaches(call.token, user) else None
            return {"ok": True, "user": user.as_json()} if user else \
                {"ok": False, "error": "user_not_found"}
        if call.method == "users.lookupByEmail":
            found = next((u for u in self.users.values()  # in the token's workspace only
                          if u.email and u.email.lower() == str(args.get("email")).lower()
                          and self._reaches(call.token, u)), None)
            return {"ok": True, "user": found.as_json()} if found else \
                {"ok": False, "error": "users_not_found"}
        if call.method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))[1:]}}
        if call.method == "conversations.history":
            return self._history(args)
        if call.method.startswith("files."):
            return self._files(call)
        if call.method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT",
                    "team_id": self._team_of(call.token)}
        return {"ok": False, "error": "unknown_method"}

    def _oauth_access(self, request: web.Request, args: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access: the app's credentials (HTTP Basic, as slack_sdk sends them, or in
        the form) and a code one of the installable workspaces hands out."""
        basic = request.headers.get("Authorization", "").removeprefix("Basic ")
        given = (base64.b64decode(basic).decode() if basic else
                 f"{args.get('client_id')}:{args.get('client_secret')}")
        if given != f"{self.client_id}:{self.client_secret}":
            return {"ok": False, "error": "invalid_client_id"}
        workspace = self.installable.get(str(args.get("code")))
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        enterprise = ({"id": workspace.enterprise_id, "name": "Org"}
                      if workspace.enterprise_id else None)
        org_wide = bool(workspace.org_teams)
        team = None if org_wide else {"id": workspace.team_id,
                                      "name": f"Team {workspace.team_id}"}
        return {"ok": True, "app_id": "A0CAREER", "access_token": workspace.token,
                "token_type": "bot", "scope": "chat:write,commands", "bot_user_id": "UBOT",
                "team": team, "enterprise": enterprise, "is_enterprise_install": org_wide,
                "authed_user": {"id": "UINSTALLER"}}

    def _keep(self, channel: str, ts: str, args: dict[str, Any]) -> None:
        message: dict[str, Any] = {"type": "message", "ts": ts, "text": args.get("text"),
                                   "bot_id": "BBOT"}
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        self.history.setdefault(self.dm_id(channel), []).append(message)

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Newest first, `limit` of them; metadata only with include_all_metadata (as Slack)."""
        channel = str(args.get("channel", ""))
        if not channel.startswith(("C", "D", "G")):
            return {"ok": False, "error": "channel_not_found"}
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        newest = list(reversed(self.history.get(channel, [])))[:limit]
        shown = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
                 for m in newest]
        return {"ok": True, "messages": shown, "has_more": len(self.history.get(channel, [])) >
                limit}

    def _files(self, call: Call) -> dict[str, Any]:
        args = call.args
        if call.method == "files.getUploadURLExternal":
            if not args.get("filename") or not str(args.get("length", "")).isdigit():
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F{next(self._ts):08d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if call.method == "files.completeUploadExternal":
            files = json.loads(str(args.get("files") or "[]"))
            channel = str(args.get("channel_id") or "")
            # Real Slack takes conversation ids only: a user id fails its pattern.
            if not re.fullmatch(r"[CGDZ][A-Z0-9]+", channel):
                return {"ok": False, "error": "invalid_arguments"}
            if not files or any(f.get("id") not in self._bytes for f in files):
                return {"ok": False, "error": "file_not_found"}
            for f in files:
                self.uploads.append(Upload(f["id"], channel, str(f.get("title") or ""),
                                           self._bytes[f["id"]], args.get("thread_ts")))
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")}
                                          for f in files]}
        return {"ok": False, "error": "unknown_method"}

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        call = Call("upload", {"length": len(data)}, path=request.path,
                    status=self.upload_status)
        self.calls.append(call)
        if self.upload_status != 200:
            call.ok = False
            return web.Response(status=self.upload_status, text="upload failed")
        self._bytes[request.match_info["file_id"]] = data
        return web.Response(text="OK - " + str(len(data)))

    async def _hook(self, request: web.Request) -> web.Response:
        call = Call("response_url", await request.json(), path=request.path)
        self.calls.append(call)
        limited = self._limited("response_url", call)
        if limited is not None:
            return limited
        problems = block_problems(call.args.get("blocks") or [], MESSAGE_BLOCKS)
        if not call.args.get("text"):
            problems.append("no fallback text")
        if problems:
            self.rejected.append((call, problems))
            call.ok = False
            return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.socket_replies.append(json.loads(msg.data))
        return ws

    async def push(self, envelope: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Send a Socket Mode envelope to the connected client; return its acknowledgement."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.sockets:
            if loop.time() > deadline:
                raise AssertionError("no Socket Mode client connected")
            await asyncio.sleep(0.01)
        await self.sockets[-1].send_json(envelope)
        while True:
            for reply in self.socket_replies:
                if reply.get("envelope_id") == envelope["envelope_id"]:
                    return reply
            if loop.time() > deadline:
                raise AssertionError(f"no ack for {envelope['envelope_id']}")
            await asyncio.sleep(0.01)
