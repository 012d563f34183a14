"""The HTTP side of operations: the middleware every request passes (request id, counts and
latency by endpoint) and the `GET /metrics` handler (careerbot/metrics.py says what is in it)."""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy import func, select

from adapters.workers import WorkerPool
from careerbot import metrics, request_ids
from careerbot.bootstrap import App
from storage.outbox.tables import DeliveryRow

log = logging.getLogger(__name__)

PATH = "/metrics"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def endpoint(request: web.Request) -> str:
    """The route's template ("/slack/events", "/scim/v2/Users/{id}"): never a value in a path."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def measured(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Gives the request its id (for logs and the work queued for it) and counts its answer.
    The id is left set: aiohttp runs each request in its own task, whose access log line comes
    after this returns and should carry it too; the next request sets its own."""
    request_id = request_ids.for_request(request.headers.get(request_ids.HEADER))
    request_ids.adopt(request_id)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        response.headers[request_ids.HEADER] = request_id
        return response
    except web.HTTPException as refused:
        status = refused.status
        raise
    finally:
        seconds = time.perf_counter() - started
        metrics.request_done(endpoint(request), status, seconds)
        log.debug("%s %s answered %d in %.0f ms", request.method, endpoint(request), status,
                  seconds * 1000)


def metrics_handler(app: App, pools: list[WorkerPool]) -> Handler:
    token = app.settings.metrics_token

    async def serve_metrics(request: web.Request) -> web.Response:
        if token is not None and not _bearer_matches(request, token):
            return web.Response(status=401, text="a valid bearer token is needed\n",
                                headers={"WWW-Authenticate": "Bearer"})
        snapshot = metrics.Snapshot(
            pools=[metrics.Pool(p.name, p.depth, p.running, p.capacity) for p in pools],
            deliveries=await _deliveries(app),
            leader=None if app.scheduler is None else app.scheduler.scheduler is not None)
        return web.Response(body=metrics.exposition(snapshot),
                            headers={"Content-Type": metrics.CONTENT_TYPE})

    return serve_metrics


def _bearer_matches(request: web.Request, token: str) -> bool:
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


async def _deliveries(app: App) -> dict[str, int]:
    """Outbox rows by status: one grouped count on an indexed column. Empty when the database
    does not answer (the scrape still shows the rest; the error is counted)."""
    stmt = select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)  # type: ignore[call-overload]
    try:
        async with app.db.session() as session:
            rows = (await session.exec(stmt)).all()
    except Exception as error:
        log.warning("metrics: could not count deliveries (%s)", type(error).__name__)
        return {}
    return {str(status): int(count) for status, count in rows}
