"""`careerbot import`, `export` and `templates`: HR's track and people files in and out.

Files are read and checked before the database is touched; each import is all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bot.model import Track
from bot.rights.rules import Leavers
from careerbot.cli_audit import record_cli
from careerbot.cli_support import (
    CliError,
    echo,
    fail,
    load_settings,
    opened,
    progress,
    run,
    stderr_console,
)
from careerbot.samples import PEOPLE, TemplateError, copy_template, list_templates
from careerbot.settings import Settings
from storage.import_problems import Problems
from storage.importer import RowsDone, import_tracks
from storage.people_import import import_people
from storage.track_renames import parse_renames
from storage.trackfiles import export_tracks, load_people, load_tracks
from storage.trackfiles.export import Format
from storage.trackfiles.matrix_tracks import name_from_file
from storage.tracks.repository import all_tracks

import_app = typer.Typer(help="Load track and people files (all-or-nothing).",
                         no_args_is_help=True, rich_markup_mode="markdown")
export_app = typer.Typer(help="Write the tracks in the database to files.", no_args_is_help=True,
                         rich_markup_mode="markdown")
templates_app = typer.Typer(help="Sample track and people files to start from.",
                            no_args_is_help=True, rich_markup_mode="markdown")


class ExportFormat(StrEnum):
    YAML = "yaml"
    CSV = "csv"
    XLSX = "xlsx"


def existing(paths: list[Path], kind: str = "tracks") -> list[Path]:
    for path in paths:
        if not path.exists():
            raise CliError(f"no such file: {path}")
        if path.is_dir() and kind == "tracks":
            raise CliError(f"{path} is a folder; name the files in it, e.g. "
                           f"careerbot import tracks {path}/*")
        if not path.is_file():
            raise CliError(f"{path} is not a file")
    return paths


def read_tracks(files: list[Path], track_name: str | None,
                notes: list[str] | None = None) -> list[Track]:
    """Every track in the files, in order, with a progress bar; raises ImportFailed with the
    problems of every file (up to 50). What was skipped (title rows, notes sheets): `notes`."""
    tracks: list[Track] = []
    problems = Problems()
    with progress(f"Reading {files[0].name}", total=len(files)) as step:
        for index, path in enumerate(existing(files)):
            with problems.collecting():
                tracks.extend(load_tracks(path, track_name, notes))
            step(f"Reading {files[index + 1].name}" if index + 1 < len(files) else "Read")
    problems.check()
    return tracks


@dataclass(frozen=True)
class TrackOptions:
    """What HR said about a track import besides the files."""

    track_name: str | None = None
    renames: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()
    dry_run: bool = False


async def load_track_files(settings: Settings, files: list[Path],
                           options: TrackOptions = TrackOptions()) -> list[str]:
    """Import the files' tracks in one transaction; the report's lines (what changed)."""
    if options.track_name and len(files) > 1:
        raise CliError("--track names the track of a single file; import the files one by one.")
    renames = parse_renames(options.renames)
    notes: list[str] = []
    tracks = read_tracks(files, options.track_name, notes)
    source = ", ".join(str(path) for path in files)
    async with opened(settings) as app:
        with rows_progress("Writing to the database", total=len(tracks)) as done:
            report = await import_tracks(app.db, tracks, source, renames=renames,
                                         drops=options.drops, dry_run=options.dry_run,
                                         progress=done)
        if not options.dry_run:
            await record_cli(app.db, "import.tracks", f"{source}: {len(tracks)} track(s)")
    lines = [f"Note: {note}" for note in notes] + report.lines()
    return [DRY_RUN, *lines] if options.dry_run else lines


DRY_RUN = "Dry run: nothing was changed. The import would make these changes:"


async def load_people_file(settings: Settings, file: Path, dry_run: bool = False,
                           leavers: Leavers = Leavers.KEEP) -> list[str]:
    existing([file], kind="people")
    with progress(f"Reading {file.name}", total=1):
        records = load_people(file)
    async with opened(settings) as app:
        with rows_progress("Writing to the database", total=len(records)) as rows_done:
            report = await import_people(app.db, records, str(file), progress=rows_done,
                                         dry_run=dry_run, leavers=leavers)
        if not dry_run:
            await record_cli(app.db, "import.people", f"{file.name}: {report.lines()[0]} "
                             f"--leavers {leavers.value}")
    named = report.leaving.names() if report.leaving else []
    return [DRY_RUN, *report.detail_lines()] if dry_run else [*report.lines(), *named]


@contextmanager
def rows_progress(description: str, total: int) -> Iterator[RowsDone]:
    """A progress bar on stderr (only on a terminal) counting rows: yields the importer's
    `progress(rows done, rows in all)` callback, which moves it."""
    console = stderr_console()
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=console, transient=True, disable=not console.is_terminal)
    with bar:
        task = bar.add_task(description, total=total)

        def rows_done(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield rows_done


def echo_lines(lines: list[str]) -> None:
    for line in lines:
        echo(line)


@import_app.command("tracks")
def import_tracks_command(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE", help="YAML (.yaml/.yml), CSV or XLSX track files.",
        show_default=False)],
    track: Annotated[str | None, typer.Option(
        "--track", metavar="NAME",
        help="Track name for a CSV/XLSX matrix (default: the file name or the sheet name).")
    ] = None,
    rename: Annotated[list[str] | None, typer.Option(
        "--rename", metavar="OLD=NEW",
        help="A competency renamed in the file keeps its ratings (repeatable).")] = None,
    drop: Annotated[list[str] | None, typer.Option(
        "--drop", metavar="NAME",
        help="Remove a competency people have ratings on (repeatable).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change; change nothing.")] = False,
) -> None:
    """Import career tracks from one or more files, all in one all-or-nothing import.

    Re-importing an updated track updates it in place; people keep their level when its id
    still exists, and their ratings when the competency's id stays (an ID column, `id:` in
    YAML, or --rename). Prints what changed. Every problem (up to 50) names the file and
    line, row or column; nothing changes, and the exit status is 1."""
    options = TrackOptions(track, tuple(rename or ()), tuple(drop or ()), dry_run)
    echo_lines(run(load_track_files(load_settings(), files, options)))


@import_app.command("people")
def import_people_command(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="People CSV: email,name,manager_email,track,level,team,role "
        "(optional timezone,slack_id,teams_id).", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show person by person what would change; change nothing.")] = False,
    leavers: Annotated[Leavers, typer.Option(
        "--leavers", help="People already loaded who are not in the file: keep them, "
        "deactivate them (no chat, prompts or pulses; forgotten after the retention period) "
        "or forget them now. Listed either way.")] = Leavers.KEEP,
) -> None:
    """Import people, their track, level, team, role and reporting lines (all-or-nothing).

    Prints what changed. Any problem names the file and row, changes nothing, and exits with
    status 1."""
    echo_lines(run(load_people_file(load_settings(), file, dry_run, leavers)))


DEFAULT_EXPORT = {"yaml": Path("careerbot-tracks.yaml"), "xlsx": Path("careerbot-tracks.xlsx"),
                  "csv": Path("careerbot-tracks")}


def export_target(fmt: Format, out: Path | None) -> Path:
    """Where to write: the default, or --out with the format's extension added when missing."""
    if out is None:
        return DEFAULT_EXPORT[fmt]
    if fmt == "csv":
        if out.suffix.lower() == ".csv":
            raise CliError("a csv export writes one file per track, so --out names a folder "
                           f"(e.g. {out.with_suffix('')}).")
        return out
    suffixes = (".yaml", ".yml") if fmt == "yaml" else (".xlsx",)
    if not out.suffix:
        return out.with_suffix(suffixes[0])
    if out.suffix.lower() not in suffixes:
        article = "an" if fmt == "xlsx" else "a"
        raise CliError(f"--out {out} does not end in {suffixes[0]}, the extension of {article} "
                       f"{fmt} file.")
    return out


async def export_all(settings: Settings, fmt: Format, out: Path | None) -> list[str]:
    """Write every track in the database; what was written and any notes for HR."""
    out = export_target(fmt, out)
    async with opened(settings, must_exist=True) as app, app.db.session() as s:
        tracks = await all_tracks(s)  # archived ones too: an export is the whole history
    if not tracks:
        raise CliError("there are no tracks to export yet; import some with "
                       "careerbot import tracks FILE...")
    if not out.parent.is_dir():
        raise CliError(f"the folder {out.parent} does not exist")
    before = _track_files(out) if fmt == "csv" else set()
    result = export_tracks(tracks, fmt, out)
    async with opened(settings, must_exist=True) as app:
        await record_cli(app.db, "export.tracks", f"{len(tracks)} track(s) as {fmt} to {out}")
    notes = list(result.notes)
    if stale := sorted(before - set(result.files)):
        # Importing the folder again (folder/*) would bring these back.
        notes.append(f"{out} also holds {', '.join(p.name for p in stale)}, not written by "
                     "this export (remove them before importing the folder again)")
    return [f"Wrote {path}" for path in result.files] + [f"Note: {n}" for n in notes]


def _track_files(folder: Path) -> set[Path]:
    if not folder.is_dir():
        return set()
    return {p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".yaml", ".yml")}


@export_app.command("tracks")
def export_tracks_command(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", help="yaml: one file; xlsx: one sheet per track; csv: one file per track "
        "in a folder.")] = ExportFormat.YAML,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="PATH", help="File (yaml, xlsx) or folder (csv) to write; default "
        "careerbot-tracks.yaml, careerbot-tracks.xlsx or the folder careerbot-tracks/.")] = None,
) -> None:
    """Write every track in the database to files you can edit and import again.

    Existing files at PATH are overwritten. A branching track cannot be a plain matrix, so
    csv and xlsx exports write it as YAML beside the others, with a note."""
    fmt_name: Format = fmt.value
    echo_lines(run(export_all(load_settings(), fmt_name, out)))


@templates_app.command("list")
def templates_list() -> None:
    """List the sample track and people files you can copy and adapt."""
    templates = list_templates()
    width = max(len(name) for name, _ in templates)
    for name, summary in templates:
        typer.echo(f"{name.ljust(width)}  {summary}")
    typer.echo("\nCopy one with: careerbot templates copy NAME [DEST]")


@templates_app.command("copy")
def templates_copy(
    name: Annotated[str, typer.Argument(metavar="NAME",
                                        help="A name from `careerbot templates list`.",
                                        show_default=False)],
    dest: Annotated[str, typer.Argument(
        metavar="DEST",
        help="Folder (ending in /) or file name to write (never overwrites).")] = ".",
) -> None:
    """Copy a sample track or people file to DEST (default: the current folder) to adapt it."""
    try:
        written = copy_template(name, dest)
    except TemplateError as error:
        fail(str(error))
    kind = "people" if Path(name).stem.casefold() == PEOPLE else "tracks"
    typer.echo(f"Copied {name} to {written}. Edit it, then: careerbot import {kind} {written}")
    if kind == "tracks" and written.suffix == ".csv":
        typer.echo(f"The track name comes from the file name (\"{name_from_file(written.stem)}\"); "
                   "import with --track NAME to choose another.")
