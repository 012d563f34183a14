"""Slack Web API and response_url clients, all backing off on HTTP 429 per `Retry-After`.

slack_sdk's AsyncRateLimitErrorRetryHandler sleeps for the `Retry-After` seconds (plus jitter)
and retries; connection resets and 500/503 get one quick retry too."""

from __future__ import annotations

from aiohttp import ClientSession
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

DEFAULT_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 3
TIMEOUT_SECONDS = 15


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AsyncConnectionErrorRetryHandler(max_retry_count=1),
        AsyncServerErrorRetryHandler(max_retry_count=1),
    ]


def web_client(token: str | None, api_url: str = DEFAULT_API_URL) -> AsyncWebClient:
    """A Web API client for the bot token; `api_url` is SLACK_API_URL (tests, proxies)."""
    base = api_url if api_url.endswith("/") else api_url + "/"
    return AsyncWebClient(token=token, base_url=base, timeout=TIMEOUT_SECONDS,
                          retry_handlers=retry_handlers())


def webhook(url: str, session: ClientSession | None = None) -> AsyncWebhookClient:
    """A client for one interaction's response_url (through `session` when given: see
    adapters/slack/delivery.py HttpSession)."""
    return AsyncWebhookClient(url=url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers(),
                              session=session)
