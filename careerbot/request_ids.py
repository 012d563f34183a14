"""The request id: set at the HTTP edge for each request, carried by the worker pool into the
work done after the acknowledgement, and written in JSON log lines, so one request's lines can be
found together (README, "Operating careerbot")."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-Id"
_GIVEN = re.compile(r"[A-Za-z0-9._:-]{1,64}")  # a load balancer's id is kept when it looks sane

_current: ContextVar[str | None] = ContextVar("careerbot_request_id", default=None)


def current() -> str | None:
    return _current.get()


def adopt(request_id: str | None) -> None:
    """Make `request_id` the current one in this task (and the tasks it starts)."""
    _current.set(request_id)


def for_request(given: str | None) -> str:
    """The id a request is known by: the one it came with when sane, else a new one."""
    if given is not None and _GIVEN.fullmatch(given):
        return given
    return uuid.uuid4().hex[:16]
