"""The terminal chat as the CLI runs it: colour and width for this terminal, interactive or
piped input, the console adapter on the composed app."""

from __future__ import annotations

import os
import shutil
import sys

import typer

from adapters.console.chat import ConsoleChat, stream_reader, terminal_reader
from adapters.console.forms import LineReader
from careerbot.cli_support import opened
from careerbot.settings import Settings

MAX_WIDTH = 120
PIPED_WIDTH = 100


def terminal_style() -> tuple[bool, int]:
    """Colour and width: colour only on a terminal (and never with NO_COLOR)."""
    if not sys.stdout.isatty():
        return False, PIPED_WIDTH
    width = min(shutil.get_terminal_size((PIPED_WIDTH, 24)).columns, MAX_WIDTH)
    return "NO_COLOR" not in os.environ, width


def line_reader() -> LineReader:
    """Interactive line editing on a terminal; piped lines are echoed so transcripts read well."""
    if sys.stdin.isatty():
        return terminal_reader()
    return stream_reader(sys.stdin, echo=lambda line: typer.echo(line))


async def chat_session(settings: Settings, email: str, *, must_exist: bool = True,
                       banner: str = "") -> None:
    """Chat with the core as `email` until quit or end of input; `banner` is shown once the
    database is open (so a missing database is the only thing said)."""
    color, width = terminal_style()
    async with opened(settings, must_exist=must_exist) as composed:
        if banner:
            typer.echo(banner)
        chat_ = ConsoleChat(composed.services, email, sys.stdout, color=color, width=width)
        await chat_.run(line_reader())
