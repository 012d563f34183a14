"""`careerbot manifest ...`: print the app manifests to paste into each platform's admin page,
with this deployment's addresses filled in."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml

from adapters.slack import manifest as slack_manifest
from adapters.teams import package as teams_package
from careerbot.cli_support import fail
from careerbot.settings import Settings

manifest_app = typer.Typer(help="Print the app manifests for Slack (and Teams), ready to paste.",
                           no_args_is_help=True)


@manifest_app.callback()
def manifests() -> None:
    """Print an app manifest with this deployment's addresses filled in."""


class Format(StrEnum):
    YAML = "yaml"
    JSON = "json"


@manifest_app.command("slack")
def slack(
    url: Annotated[str | None, typer.Option(
        help="Public HTTPS address of careerbot serve, e.g. https://careerbot.example.com; "
             "requests go to URL/slack/events.")] = None,
    socket_mode: Annotated[bool, typer.Option(
        "--socket-mode", help="Use Socket Mode instead (no public URL; set SLACK_APP_TOKEN).",
    )] = False,
    output: Annotated[Format, typer.Option("--format", help="yaml or json.")] = Format.YAML,
) -> None:
    """Print the Slack app manifest: paste it at api.slack.com/apps -> Create New App -> From an
    app manifest."""
    # Installed in many workspaces (SLACK_CLIENT_ID set): the OAuth redirect URL goes in too.
    try:
        oauth = bool((Settings().slack_client_id or "").strip())
    except ValueError:  # settings that `serve` would refuse: said there, not here
        oauth = False
    try:
        manifest = slack_manifest.for_deployment(slack_manifest.load(), url=url,
                                                 socket_mode=socket_mode, oauth=oauth)
    except slack_manifest.ManifestError as error:
        fail(str(error))
    for redirect in manifest.get("oauth_config", {}).get("redirect_urls", []):
        typer.echo(f"OAuth redirect URL: {redirect}", err=True)  # stdout stays pasteable
    if output == Format.JSON:
        typer.echo(json.dumps(manifest, indent=2))
    else:
        text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)
        typer.echo(text, nl=False)


@manifest_app.command("teams")
def teams(
    app_id: Annotated[str, typer.Option(
        "--app-id", help="The bot's Microsoft App ID (MICROSOFT_APP_ID), a GUID.")],
    out: Annotated[Path, typer.Option(
        help="Where to write the app package.")] = Path("careerbot-teams.zip"),
) -> None:
    """Build the Teams app package (manifest.json and icons, zipped): upload it in Teams ->
    Apps -> Manage your apps -> Upload an app, or in the Teams admin center."""
    try:
        written = teams_package.build_package(app_id, out)
    except teams_package.PackageError as error:
        fail(str(error))
    typer.echo(f"Wrote {written} (app id {teams_package.checked_app_id(app_id)}).")
