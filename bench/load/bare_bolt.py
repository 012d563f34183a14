"""The baseline for `/career next`: a bare Bolt AsyncApp on the same aiohttp stack as careerbot
(slack_bolt.adapter.aiohttp, signature checked, a static authorize, ack first), answering a
static reply through the response_url, or in the ack itself with BARE_BOLT_REPLY_IN_ACK=1 (how
careerbot answers a reply that is ready in time). Run as `python -m bench.load.bare_bolt` with
SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, HOST and PORT set; stops on SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.authorization import AuthorizeResult

STATIC_REPLY = "What's next for you: Senior Software Engineer."


def bolt_app(signing_secret: str, token: str, *, reply_in_ack: bool = False) -> AsyncApp:
    async def authorize(enterprise_id: str | None, team_id: str | None,
                        user_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                               bot_token=token)

    async def career(ack: AsyncAck, respond: AsyncRespond) -> None:
        if reply_in_ack:
            await ack(text=STATIC_REPLY, response_type="ephemeral")
            return
        await ack()
        await respond(text=STATIC_REPLY, response_type="ephemeral")

    app = AsyncApp(signing_secret=signing_secret, authorize=authorize,
                   process_before_response=False)
    app.command("/career")(career)
    return app


def web_app(bolt: AsyncApp) -> web.Application:
    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    return app


async def serve() -> None:
    bolt = bolt_app(os.environ["SLACK_SIGNING_SECRET"], os.environ["SLACK_BOT_TOKEN"],
                    reply_in_ack=os.environ.get("BARE_BOLT_REPLY_IN_ACK") == "1")
    runner = web.AppRunner(web_app(bolt))
    await runner.setup()
    await web.TCPSite(runner, os.environ.get("HOST", "127.0.0.1"),
                      int(os.environ.get("PORT", "3000"))).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)  # an access log line per request, as careerbot
    asyncio.run(serve())
