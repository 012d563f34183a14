"""The bot's outbound token (MSAL) is fetched off the event loop and kept (adapters/teams/
credentials.py): the SDK made new credentials per turn and fetched the token with a blocking
request on the loop, freezing every endpoint while Azure AD answered."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from botframework.connector.auth import AuthenticationConstants, MicrosoftAppCredentials

from adapters.teams import credentials
from adapters.teams.credentials import OffLoopCredentialFactory, TokenUnavailable
from tests.loop_ticks import ticks_while


class SlowAad:
    """MicrosoftAppCredentials.get_access_token as a slow Azure AD makes it: blocking."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.threads: list[str] = []

    def __call__(self, *args: Any) -> str:  # set on the class: not bound, any arguments
        self.threads.append(threading.current_thread().name)
        time.sleep(self.seconds)
        return "token"


async def create(factory: OffLoopCredentialFactory) -> Any:
    return await factory.create_credentials(
        "app-id", AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
        AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL, True)


async def test_the_token_is_fetched_on_a_thread_once_and_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    aad = SlowAad(0.4)
    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", aad)
    factory = OffLoopCredentialFactory("app-id", "secret", None)
    (first, second), ticks = await ticks_while(asyncio.gather(create(factory), create(factory)))
    assert first is second  # one credentials object (one MSAL cache), not one per turn
    assert aad.threads and threading.main_thread().name not in aad.threads
    assert len(aad.threads) == 1  # concurrent turns share the fetch
    assert ticks >= 15, f"the event loop stood still during the fetch ({ticks} ticks)"
    await create(factory)
    assert len(aad.threads) == 1  # fresh: no second fetch


async def test_a_hanging_token_service_is_given_up_on_in_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", SlowAad(1.0))
    factory = OffLoopCredentialFactory("app-id", "secret", None, timeout=0.1)
    start = time.monotonic()
    with pytest.raises(TokenUnavailable, match="no Bot Framework token"):
        await create(factory)
    assert time.monotonic() - start < 0.8


async def test_a_refused_token_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(creds: Any, force_refresh: bool = False) -> str:
        raise PermissionError("Failed to get access token with error: invalid_client")

    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", refused)
    with pytest.raises(TokenUnavailable, match="PermissionError"):
        await create(OffLoopCredentialFactory("app-id", "wrong", None))


async def test_anonymous_credentials_need_no_token() -> None:
    await credentials.ready(MicrosoftAppCredentials.empty())
    await credentials.ready(None)
