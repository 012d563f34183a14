"""The one way to build the messenger that scheduled work sends through (the scheduler in
`careerbot serve`, `careerbot jobs`): every configured platform, or the terminal."""

from __future__ import annotations

import sys

from adapters.slack.messenger import SlackMessenger
from adapters.slack.webapi import web_client
from adapters.teams.http import TeamsConfig, TeamsConfigError, create_messenger
from bot.context import Services
from bot.ports import Clock, Messenger, UnitsOfWork
from careerbot.settings import Settings, SettingsError
from scheduler.messengers import CompositeMessenger, TextMessenger


def teams_config(settings: Settings) -> TeamsConfig:
    return TeamsConfig(app_id=settings.microsoft_app_id,
                       app_password=settings.microsoft_app_password,
                       tenant_id=settings.microsoft_app_tenant_id,
                       app_type=settings.microsoft_app_type,
                       dev_anonymous=settings.teams_dev_anonymous)


def platform_messenger(settings: Settings, units: UnitsOfWork, clock: Clock) -> Messenger:
    """Slack (email lookup, then a DM; a bot token is enough) and Teams (stored conversation
    references) when configured, tried in that order; with neither, a TextMessenger printing
    to stdout. Raises SettingsError for contradictory Teams settings."""
    routes: list[tuple[str, Messenger]] = []
    if settings.slack_bot_token:
        client = web_client(settings.slack_bot_token, settings.slack_api_url)
        routes.append(("slack", SlackMessenger(client, units)))
    try:
        # create_messenger takes Services but reads only their units and clock; these Services
        # are not the app's (those are built after the scheduler that gets this messenger).
        teams = create_messenger(services=Services(units=units, clock=clock),
                                 config=teams_config(settings))
    except TeamsConfigError as error:
        raise SettingsError(f"Teams: {error}") from None
    if teams is not None:
        routes.append(("teams", teams))
    return CompositeMessenger(routes) if routes else TextMessenger(sys.stdout)
