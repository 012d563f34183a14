"""Typed settings from environment variables (and an optional .env), validated once at start-up."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.rights.rules import RetentionPolicy

MIN_SECRET_LENGTH = 32


class SettingsError(ValueError):
    """Settings that contradict each other, explained in one sentence naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="sqlite:///careerbot.db", alias="DATABASE_URL")
    host: str = Field(default="0.0.0.0", alias="HOST")
    port: int = Field(default=3000, alias="PORT")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    # "text" lines, or one JSON object a line with a request id (README, "Operating careerbot").
    log_format: Literal["text", "json"] = Field(default="text", alias="LOG_FORMAT")
    # When set, GET /metrics wants `Authorization: Bearer <token>` (401 otherwise).
    metrics_token: str | None = Field(default=None, alias="METRICS_TOKEN")
    # The server secret pulse answer keys derive from (storage/pulses/keys.py). Never stored in
    # the database: without it a copy of the database cannot link answers to people. No pulse
    # opens or takes answers without it. Keep it out of backups of the database.
    secret_key: str | None = Field(default=None, alias="CAREERBOT_SECRET_KEY")

    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    # Slack installed in many workspaces through OAuth v2 (README, "Slack in many workspaces"):
    # all three together; each workspace's token then comes from its installation.
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    slack_state_secret: str | None = Field(default=None, alias="SLACK_STATE_SECRET")

    microsoft_app_id: str | None = Field(default=None, alias="MICROSOFT_APP_ID")
    microsoft_app_password: str | None = Field(default=None, alias="MICROSOFT_APP_PASSWORD")
    microsoft_app_tenant_id: str | None = Field(default=None, alias="MICROSOFT_APP_TENANT_ID")
    microsoft_app_type: str = Field(default="MultiTenant", alias="MICROSOFT_APP_TYPE")
    teams_dev_anonymous: bool = Field(default=False, alias="TEAMS_DEV_ANONYMOUS")

    # The bearer token an identity provider sends to /scim/v2 (README, "People from your
    # identity provider: SCIM"); without it there is no SCIM endpoint.
    scim_token: str | None = Field(default=None, alias="SCIM_TOKEN")

    # Proactive messages (pulses, check-in prompts) per second, shared by every process on the
    # database; a 429 pauses and slows them further (README, "Delivery at the platforms' limits").
    # Slack: chat.postMessage allows about 1 message a second per conversation and "several
    # hundred a minute" per workspace: 5 a second (300 a minute) stays under that.
    slack_rate_per_second: float = Field(default=5.0, gt=0, alias="SLACK_RATE_PER_SECOND")
    # Teams: 50 requests a second per app per tenant (the bot rate limits page).
    teams_rate_per_second: float = Field(default=50.0, gt=0, alias="TEAMS_RATE_PER_SECOND")
    # How long a claimed outbox message stays claimed without a heartbeat from its process: a
    # process that dies holding one delays it by this much.
    outbox_lease_seconds: float = Field(default=15.0, ge=1, alias="OUTBOX_LEASE_SECONDS")
    # Seconds to wait for the Bot Framework's token signing keys (fetched off the event loop,
    # then cached for a day); a Teams request waiting longer is answered 503.
    teams_keys_timeout: float = Field(default=5.0, gt=0, alias="TEAMS_KEYS_TIMEOUT_SECONDS")

    # The server's capacity: requests bigger than max_body_bytes are refused with 413 (Slack's
    # and Teams' payloads are a few KB); `workers` answer acknowledged Slack events at once,
    # `queue` more wait for them; when it is full a request waits up to queue_wait seconds for
    # room (slowing a burst down to what the server can answer; Slack's 3 s to the ack leave
    # room for the notice), then the person is told the bot is busy. The database pool is sized
    # to the workers.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, alias="CAREERBOT_MAX_BODY_BYTES")
    workers: int = Field(default=8, ge=1, le=256, alias="CAREERBOT_WORKERS")
    queue: int = Field(default=200, ge=0, alias="CAREERBOT_QUEUE")
    queue_wait: float = Field(default=1.0, ge=0, le=1.5, alias="CAREERBOT_QUEUE_WAIT_SECONDS")
    # A slash command's reply ready within this many seconds of its arrival goes in the ack
    # (one round trip, no response_url post); a slower one follows the ack as before. Under 1 s
    # so the ack stays fast even when answers are slow; 0 never waits.
    ack_reply: float = Field(default=0.8, ge=0, le=1.5, alias="CAREERBOT_ACK_REPLY_SECONDS")

    # How long people's data is kept, in days; the daily retention job erases what is older
    # (README, "Privacy": data rights). Readiness: each person's latest finished rating by each
    # rater stays; pulse comments: counted from the pulse's close; deactivated people (leavers)
    # are then forgotten.
    retention_checkin_notes_days: int = Field(default=730, ge=1,
                                              alias="RETENTION_CHECKIN_NOTES_DAYS")
    retention_readiness_days: int = Field(default=1095, ge=1, alias="RETENTION_READINESS_DAYS")
    retention_pulse_comments_days: int = Field(default=365, ge=1,
                                               alias="RETENTION_PULSE_COMMENTS_DAYS")
    retention_deactivated_days: int = Field(default=90, ge=0, alias="RETENTION_DEACTIVATED_DAYS")
    retention_event_keys_days: int = Field(default=1, ge=1, alias="RETENTION_EVENT_KEYS_DAYS")
    retention_sent_deliveries_days: int = Field(default=30, ge=1,
                                                alias="RETENTION_SENT_DELIVERIES_DAYS")

    @property
    def retention(self) -> RetentionPolicy:
        return RetentionPolicy(self.retention_checkin_notes_days, self.retention_readiness_days,
                               self.retention_pulse_comments_days,
                               self.retention_deactivated_days, self.retention_event_keys_days,
                               self.retention_sent_deliveries_days)

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if value and len(value) < MIN_SECRET_LENGTH:
            raise ValueError(f"CAREERBOT_SECRET_KEY must be at least {MIN_SECRET_LENGTH} random "
                             "characters; make one with python -c \"import secrets; "
                             "print(secrets.token_hex(32))\"")
        return value or None

    @property
    def teams_enabled(self) -> bool:
        # A user-assigned managed identity authenticates without a password.
        msi = self.microsoft_app_type.strip().lower() == "userassignedmsi"
        return bool(self.microsoft_app_id and (self.microsoft_app_password or msi)) or (
            self.teams_dev_anonymous and not self.microsoft_app_id
        )
