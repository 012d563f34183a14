"""`careerbot tracks list|archive|restore`: which tracks exist, and taking one out of chat
(a track imported by mistake, or one no longer used) without losing its history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from careerbot.cli_support import echo, load_settings, opened, run
from careerbot.settings import Settings
from storage.track_changes import plural
from storage.tracks.archive import set_archived, track_entries

tracks_app = typer.Typer(help="List career tracks; archive one so chat no longer shows it.",
                         no_args_is_help=True, rich_markup_mode="markdown")

NAME = typer.Argument(metavar="NAME", help="The track's name or id.", show_default=False)


async def listing(settings: Settings) -> list[str]:
    async with opened(settings) as app:
        entries = await track_entries(app.db)
    if not entries:
        return ["No tracks yet; import some with careerbot import tracks FILE..."]
    lines = []
    for entry in entries:
        track = entry.track
        people = "1 person" if entry.people == 1 else f"{entry.people} people"
        counts = f"{plural(len(track.levels), 'level')}, " \
            f"{plural(len(track.competencies), 'competency')}"
        archived = (f"  [archived {entry.archived_at:%Y-%m-%d}]"
                    if entry.archived_at is not None else "")
        lines.append(f"{track.name} ({track.id}): {counts}, {people}{archived}")
    return lines


async def archive(settings: Settings, name: str, at: datetime | None) -> str:
    async with opened(settings) as app:
        track = await set_archived(app.db, name, at)
    if at is None:
        return f"Track '{track.name}' is back in chat."
    return (f"Archived track '{track.name}': chat no longer shows it; its ratings and history "
            f"stay, and exports still include it. Undo with: careerbot tracks restore {track.id}")


@tracks_app.command("list")
def list_command() -> None:
    """Every track with its levels, competencies and people; archived ones are marked."""
    for line in run(listing(load_settings())):
        echo(line)


@tracks_app.command("archive")
def archive_command(name: Annotated[str, NAME]) -> None:
    """Take a track out of chat (tracks list, next, rate); its history stays.

    Refused while people are on the track: they are listed, to be moved first."""
    echo(run(archive(load_settings(), name, datetime.now(UTC))))


@tracks_app.command("restore")
def restore_command(name: Annotated[str, NAME]) -> None:
    """Bring an archived track back into chat."""
    echo(run(archive(load_settings(), name, None)))
