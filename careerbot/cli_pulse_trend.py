"""`careerbot pulse trend [--team TEAM] [--png FILE] [--csv FILE]`: the chat command's trend in
the terminal (registered on cli_hr's `pulse_app`), its chart as a PNG and its figures as CSV,
under the same anonymity rule (a pulse where the team was under the threshold has no number)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from bot.pulses.rules import PulseError
from bot.pulses.trend import Trend, group_trend, trend_team
from bot.pulses.trend_messages import CSV_HEADER, csv_rows, trend_picture, trend_reply
from bot.text import clean, csv_row
from careerbot.cli_audit import cli_entry
from careerbot.cli_hr import pulse_app
from careerbot.cli_support import CliError, echo, load_settings, opened, run


def write_trend_csv(trend: Trend, path: Path) -> None:
    """Every pulse of the trend (not only the latest shown in chat); team names and statements
    are HR's text, so every cell goes through csv_row (never a formula in a spreadsheet)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_row(row) for row in csv_rows(trend))


def write_trend_png(trend: Trend, path: Path) -> None:
    from adapters import charts  # matplotlib loads only when a PNG is asked for

    picture = trend_picture(trend)
    path.write_bytes(charts.to_png(charts.trend_figure(picture.title, picture.subtitle, trend)))


async def _trend(team: str | None, csv_path: Path | None, png_path: Path | None) -> str:
    async with opened(load_settings()) as app, app.services.units() as uow:
        try:
            name = await trend_team(uow, clean(team or ""))
        except PulseError as error:  # nothing is written for a team nobody is in
            raise CliError(str(error)) from None
        trend = await group_trend(uow, name)
        written = []
        if trend.points:
            for kind, path, write in (("csv", csv_path, write_trend_csv),
                                      ("png", png_path, write_trend_png)):
                if path is not None:
                    write(trend, path)
                    written.append(f"{kind} {path.name}")
        detail = " ".join([f"--team {name}" if name else "everyone", *written])
        await uow.audit.record(cli_entry("pulse.trend", detail))
        await uow.commit()
        shown = trend_reply(trend).text
        if not trend.points and (csv_path or png_path):
            shown += " No file was written."
        return shown


@pulse_app.command("trend")
def trend(
    team: Annotated[str | None, typer.Option(
        "--team", help="A team (any case); without it, everyone.")] = None,
    png_path: Annotated[Path | None, typer.Option(
        "--png", help="Also write the chart: favourable % per statement and participation "
        "across pulses, eNPS in its own panel.")] = None,
    csv_path: Annotated[Path | None, typer.Option(
        "--csv", help="Also write every pulse's figures as CSV.")] = None,
) -> None:
    """Favourable % of each statement, participation and eNPS across closed pulses, for
    everyone or one team (a pulse where the team was under the threshold shows no number)."""
    echo(run(_trend(team, csv_path, png_path)))
