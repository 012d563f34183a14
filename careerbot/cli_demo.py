"""`careerbot demo`: a fresh SQLite database seeded from the bundled samples through the real
importers, the sample people to choose from, then the terminal chat as one of them."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.model import Person, Role, Track
from bot.tracks import rules
from careerbot.bootstrap import build
from careerbot.cli_chat import chat_session
from careerbot.cli_support import CliError, fail, load_settings, opened, run
from careerbot.demo_pulses import DemoClock, History, seed_pulses
from careerbot.samples import people_file, track_files
from careerbot.settings import Settings
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.trackfiles import load_people, load_tracks

DEMO_DB = Path("careerbot-demo.db")
DOTENV = Path(".env")


def ensure_secret_key(dotenv: Path = DOTENV) -> bool:
    """Appends a random CAREERBOT_SECRET_KEY to `dotenv` (created readable by its owner only)
    unless the environment or the file has one, so the demo's pulses can open. True if written."""
    if os.environ.get("CAREERBOT_SECRET_KEY"):
        return False
    text = dotenv.read_text(encoding="utf-8") if dotenv.exists() else ""
    if any(line.strip().startswith("CAREERBOT_SECRET_KEY=") for line in text.splitlines()):
        return False
    with os.fdopen(os.open(dotenv, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a",
                   encoding="utf-8") as handle:
        handle.write(("" if not text or text.endswith("\n") else "\n") +
                     f"CAREERBOT_SECRET_KEY={secrets.token_hex(32)}\n")
    return True


def fresh_database(path: Path) -> str:
    """Remove an earlier demo database (and SQLite's side files); its URL."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def has_next_level(person: Person, tracks: dict[str, Track]) -> bool:
    track = tracks.get(person.track_id or "")
    return track is not None and bool(rules.next_levels(track, person.level_id))


def default_person(people: list[Person], tracks: dict[str, Track]) -> Person | None:
    """The first sample employee with a next level to grow into (the demo's star)."""
    return next((p for p in people if p.role == Role.EMPLOYEE and has_next_level(p, tracks)),
                None)


def people_lines(people: list[Person], tracks: dict[str, Track], chosen: Person | None
                 ) -> list[str]:
    """The sample people as an aligned list: email, name, role, track and level."""
    rows = []
    for person in people:
        track = tracks.get(person.track_id or "")
        level = track.level(person.level_id) if track and person.level_id else None
        where = f"{level.title}, {track.name}" if track and level else "no track"
        mark = "*" if chosen is not None and person.id == chosen.id else " "
        rows.append((mark, person.email, person.name, person.role.value, where))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [" ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row))
            for row in rows]


async def seed(settings: Settings) -> tuple[list[Person], dict[str, Track]]:
    """Import the sample tracks and people (as HR would) and read them back."""
    tracks = [track for path in track_files() for track in load_tracks(path)]
    records = load_people(people_file())
    async with opened(settings) as app:
        await import_tracks(app.db, tracks, "the sample tracks")
        await import_people(app.db, records, str(people_file().name))
        people = await app.stores.people.all_people()
        stored = {t.id: t for t in await app.stores.tracks.tracks()}
    # Listed in the sample file's order, which puts the most telling examples first.
    order = {record.email.lower(): index for index, record in enumerate(records)}
    people.sort(key=lambda p: order.get(p.email, len(order)))
    return people, stored


async def seed_history(settings: Settings, people: list[Person], you: str) -> History:
    """The sample pulse history (careerbot/demo_pulses.py), played on a clock of its own."""
    clock = DemoClock(datetime.now(UTC))
    app = build(settings, clock=clock)
    try:
        return await seed_pulses(app.services, clock, people, clock.current, you)
    finally:
        await app.db.close()


def choose(people: list[Person], tracks: dict[str, Track], email: str | None) -> Person:
    if email is None:
        star = default_person(people, tracks)
        if star is None:
            raise CliError("the samples have no employee with a next level")
        return star
    found = find_person(people, email)
    if found is None:
        raise CliError(f"{email} is not one of the sample people; "
                       "see them with careerbot demo --list")
    return found


def find_person(people: list[Person], wanted: str) -> Person | None:
    """The sample person by email, by the part before the @, or by a first name only one of
    them has (`--as priya`): nobody should have to type a whole sample address."""
    key = wanted.strip().casefold()
    keys: list[Callable[[Person], str]] = [
        lambda p: p.email, lambda p: p.email.split("@")[0],
        lambda p: (p.name.casefold().split() or [""])[0]]
    for key_of in keys:
        found = [p for p in people if key_of(p) == key]
        if len(found) == 1:
            return found[0]
    return None


def demo(
    email: Annotated[str | None, typer.Option(
        "--as", metavar="EMAIL", help="Chat as this sample person: email, or just a first name "
        "(default: a sample employee with a next level).")] = None,
    list_only: Annotated[bool, typer.Option(
        "--list", help="Seed the demo database, list the sample people and stop.")] = False,
) -> None:
    """Try careerbot with sample data: seeds careerbot-demo.db, then chats as a sample person.

    The demo database (careerbot-demo.db in the current folder) is created afresh every time;
    DATABASE_URL is not used, so your real database is never touched."""
    if ensure_secret_key():
        typer.echo(f"Wrote a random CAREERBOT_SECRET_KEY to {DOTENV} (pulse answers are keyed "
                   "with it; it never goes into the database).")
    base = load_settings()
    settings = base.model_copy(update={"database_url": fresh_database(DEMO_DB)})
    people, tracks = run(seed(settings))
    try:
        chosen = choose(people, tracks, email) if not list_only else default_person(people, tracks)
    except CliError as error:
        fail(str(error))
    history = run(seed_history(settings, people, chosen.email if chosen else ""))
    marks = "you chat as" if email and not list_only else "the default"
    typer.echo(f"Demo database {DEMO_DB} seeded with {len(tracks)} sample tracks, "
               f"{len(people)} sample people and {history.closed} closed pulses "
               f"(* {marks}):\n")
    for line in people_lines(people, tracks, chosen):
        typer.echo(f"  {line}")
    if list_only or chosen is None:
        typer.echo("\nChat as any of them: careerbot demo --as EMAIL (or just a first name)")
        return
    results = f"pulse results {history.last_closed} --by team, " if history.last_closed else ""
    tries = (f"pulse list, {results}pulse trend, help" if chosen.role == Role.HR
             else "next, rate, track, pulse, help" if history.open_pulse
             else "next, rate, track, help")
    typer.echo(f"\nChatting as {chosen.name} <{chosen.email}>. Try: {tries}. "
               "Type quit to leave.\n")
    run(chat_session(settings, chosen.email))
