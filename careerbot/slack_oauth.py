"""Slack OAuth v2 (many workspaces) from the settings: slack_sdk's SQLAlchemy stores on the
app's database, and which workspace token reaches a person for proactive messages."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import select
from sqlmodel import col

from adapters.slack.oauth import STATE_SECONDS, SlackOAuth
from bot.events import Platform
from careerbot.settings import MIN_SECRET_LENGTH, Settings, SettingsError
from storage.database import Database
from storage.people.tables import IdentityRow
from storage.slack_oauth.tables import bots


def slack_oauth(settings: Settings, db: Database) -> SlackOAuth | None:
    """None without SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET; SettingsError
    when only some are given, or the state secret is short."""
    named = {"SLACK_CLIENT_ID": settings.slack_client_id,
             "SLACK_CLIENT_SECRET": settings.slack_client_secret,
             "SLACK_STATE_SECRET": settings.slack_state_secret}
    missing = [name for name, value in named.items() if not (value or "").strip()]
    if len(missing) == len(named):
        return None
    if missing:
        raise SettingsError(f"Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and "
                            f"SLACK_STATE_SECRET together; {', '.join(missing)} is not set.")
    if not settings.slack_signing_secret and not settings.slack_app_token:
        raise SettingsError("Slack OAuth needs SLACK_SIGNING_SECRET too (the app's Signing "
                            "Secret, under Basic Information).")
    client_id = (settings.slack_client_id or "").strip()
    state_secret = (settings.slack_state_secret or "").strip()
    if len(state_secret) < MIN_SECRET_LENGTH:
        raise SettingsError(f"SLACK_STATE_SECRET must be at least {MIN_SECRET_LENGTH} random "
                            "characters; make one with python -c \"import secrets; "
                            "print(secrets.token_hex(32))\"")
    return SlackOAuth(client_id, (settings.slack_client_secret or "").strip(), state_secret,
                      AsyncSQLAlchemyInstallationStore(client_id, db.engine),
                      AsyncSQLAlchemyOAuthStateStore(STATE_SECONDS, db.engine))


class Workspaces:
    """The bot tokens that may reach a person: their Slack workspace's (the team id kept with
    the Slack identity they were last linked by), else their Enterprise Grid org's, else, for
    someone never seen on Slack, every installation's (found by email in one of them)."""

    def __init__(self, db: Database, client_id: str) -> None:
        self._db = db
        self._client_id = client_id

    async def tokens_for(self, person_id: int) -> list[str]:
        team = (select(col(IdentityRow.tenant_id))
                .where(col(IdentityRow.person_id) == person_id,
                       col(IdentityRow.platform) == Platform.SLACK.value)
                .order_by(col(IdentityRow.linked_at).desc()).limit(1))
        c = bots.c
        newest = (select(c.team_id, c.enterprise_id, c.is_enterprise_install, c.bot_token)
                  .where(c.client_id == self._client_id, c.bot_token.is_not(None))
                  .order_by(c.installed_at.desc()))
        async with self._db.engine.connect() as conn:
            team_id = (await conn.execute(team)).scalar()
            rows = (await conn.execute(newest)).all()
        seen: set[tuple[str | None, str | None]] = set()
        latest = []  # one token per workspace or org: its newest
        for row in rows:
            if (row.team_id, row.enterprise_id) not in seen:
                seen.add((row.team_id, row.enterprise_id))
                latest.append(row)
        if team_id is None:
            return [row.bot_token for row in latest]
        if team_id:
            workspace = [row.bot_token for row in latest if row.team_id == team_id]
            if workspace:
                return workspace
        return [row.bot_token for row in latest if row.is_enterprise_install]
