"""The one way to build the messenger that scheduled work sends through (the scheduler in
`careerbot serve`, `careerbot jobs`): every configured platform, paced to its rate limit on a
budget in the database that every process shares, or the terminal."""

from __future__ import annotations

import sys

from adapters.slack.messenger import SlackMessenger, outbox_client
from adapters.slack.workspace_messenger import WorkspaceMessenger
from adapters.teams.http import TeamsConfig, TeamsConfigError, create_messenger
from bot.context import Services
from bot.outside import Clock, Messenger
from bot.ports import UnitsOfWork
from careerbot.settings import Settings, SettingsError
from careerbot.slack_oauth import Workspaces, slack_oauth
from scheduler.messengers import CompositeMessenger, TextMessenger
from scheduler.pacing import Limit, Pacer
from storage.rates import SqlRateBudget
from storage.unit_of_work import SqlUnits


def teams_config(settings: Settings) -> TeamsConfig:
    return TeamsConfig(app_id=settings.microsoft_app_id,
                       app_password=settings.microsoft_app_password,
                       tenant_id=settings.microsoft_app_tenant_id,
                       app_type=settings.microsoft_app_type,
                       dev_anonymous=settings.teams_dev_anonymous)


def limits(settings: Settings) -> dict[str, Limit]:
    """Each platform's budget: a bot token belongs to one Slack workspace; a Teams app's limit
    is per tenant, and one budget for a multi-tenant app's tenants together errs on the safe
    side."""
    tenant = settings.microsoft_app_tenant_id or "all-tenants"
    return {"slack": Limit("slack", settings.slack_rate_per_second),
            "teams": Limit(f"teams:{tenant}", settings.teams_rate_per_second)}


def platform_messenger(settings: Settings, units: UnitsOfWork, clock: Clock) -> Messenger:
    """Slack (email lookup, then a DM; a bot token is enough) and Teams (stored conversation
    references) when configured, tried in that order; with neither, a TextMessenger printing
    to stdout. Raises SettingsError for contradictory Teams settings. Paced on the database's
    budget when `units` are the database's (always, outside tests of other messengers)."""
    routes: list[tuple[str, Messenger]] = []
    db = units.db if isinstance(units, SqlUnits) else None
    oauth = slack_oauth(settings, db) if db is not None else None
    if db is not None and oauth is not None:  # many workspaces: each person's workspace token
        workspaces = Workspaces(db, oauth.client_id)
        routes.append(("slack", WorkspaceMessenger(workspaces.tokens_for, units,
                                                   settings.slack_api_url)))
    elif settings.slack_bot_token:
        client = outbox_client(settings.slack_bot_token, settings.slack_api_url)
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
    if not routes:
        return TextMessenger(sys.stdout)
    budget = SqlRateBudget(units.db) if isinstance(units, SqlUnits) else None
    return CompositeMessenger(routes, Pacer(budget, limits(settings)) if budget else None)
