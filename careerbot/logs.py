"""What careerbot writes to its log: never people's data, at any level.

Our own lines name ids, never emails, names, answers or comments. Other libraries' debug output
carries request bodies and SQL parameters (aiosqlite logs every statement with its values;
Bolt, slack_sdk, botbuilder and msrest log payloads), so below WARNING only our own packages
and a few libraries known to log no payloads get through. Every line that is written has emails
masked, control characters removed and its message capped, as a last line of defence."""

from __future__ import annotations

import logging
import re
from typing import Any, TextIO

from bot.text import clean

# Loggers whose DEBUG/INFO lines are written: ours, and libraries that log ids, job names,
# migration steps or request lines (method, path, status), never a body or a statement's values.
TALKATIVE = ("bot", "adapters", "storage", "scheduler", "careerbot", "alembic", "apscheduler",
             "aiohttp.access", "asyncio")
# Libraries that log people's data below WARNING, silenced at the source too (aiosqlite alone
# formats every statement and its parameters at DEBUG: slow as well as leaky). Bolt gives its
# loggers the root's level when it creates them, so the handler's filter is what holds.
SILENCED = ("aiosqlite", "sqlalchemy.engine", "sqlalchemy.pool", "slack_bolt", "slack_sdk",
            "botbuilder", "botframework", "msrest", "msal", "urllib3", "requests",
            "aiohttp.client", "psycopg", "matplotlib", "PIL")
MESSAGE_CHARS = 1000
EMAIL = re.compile(r"[\w.+-][\w.+'-]*@[\w-]+(?:\.[\w-]+)+")
MASKED_EMAIL = "<email>"


def _ours(name: str) -> bool:
    return any(name == root or name.startswith(root + ".") for root in TALKATIVE)


class PeopleDataFilter(logging.Filter):
    """Lets a record through when it is WARNING or above, or comes from a TALKATIVE logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or _ours(record.name)


def scrub(text: str) -> str:
    """`text` with emails masked and control characters (terminal escapes) removed."""
    return EMAIL.sub(MASKED_EMAIL, clean(text))


class SafeFormatter(logging.Formatter):
    """`careerbot: message` lines: emails masked, control characters removed, the message
    capped at MESSAGE_CHARS; tracebacks only when debugging (users never see a stack trace)."""

    def __init__(self, debug: bool) -> None:
        super().__init__("careerbot: %(message)s")
        self.debug = debug

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802  (logging's name)
        if len(record.message) > MESSAGE_CHARS:
            record.message = record.message[:MESSAGE_CHARS] + "... (cut)"
        return super().formatMessage(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802  (logging's name)
        return super().formatException(ei) if self.debug else ""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure(level_name: str, stream: TextIO) -> None:
    """Root logging at `level_name` (ERROR when unknown) to `stream`, with the filter and
    formatter above; below WARNING the SILENCED libraries are held at WARNING. The handler's
    filter holds whatever level the root is given later (`serve` sets it from settings)."""
    level = getattr(logging, level_name.upper(), None)
    level = level if isinstance(level, int) else logging.ERROR
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter(debug=level == logging.DEBUG))
    handler.addFilter(PeopleDataFilter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    if level < logging.WARNING:  # else they follow the root, as `serve` later sets it
        for name in SILENCED:
            logging.getLogger(name).setLevel(logging.WARNING)
