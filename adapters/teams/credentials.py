"""The bot's outbound Bot Framework token (MSAL), fetched off the event loop and kept.

botframework-connector 4.17.1 signs every outbound call synchronously
(MicrosoftAppCredentials.get_access_token, called from msrest's signed_session): MSAL's cache
when it holds a token, else a blocking HTTPS request to Azure AD, on the event loop. And its
credentials factory makes new credentials, with a new MSAL application and an empty cache, for
every turn: each Teams turn waited for Azure AD on the loop, and every endpoint with it.

Here the factory keeps one credentials object per (app, scope, login endpoint), and before it
hands them out, or before the messenger sends with them, `ready()` has the token fetched on a
thread (at most TOKEN_TIMEOUT_SECONDS), so the SDK's own synchronous call finds it in MSAL's
cache. MSAL hands out a cached token only while it has more than five minutes to live; the
token is checked again every REFRESH_SECONDS, well inside that."""

from __future__ import annotations

import asyncio
import time
import weakref
from typing import Any

from botframework.connector.auth import PasswordServiceClientCredentialFactory

TOKEN_TIMEOUT_SECONDS = 10.0
REFRESH_SECONDS = 120.0

# Credentials object -> when its token was last known to be in MSAL's cache, and the fetch
# under way (shared by every caller that needs it meanwhile).
_checked: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
_fetching: weakref.WeakKeyDictionary[Any, asyncio.Future[str]] = weakref.WeakKeyDictionary()


class TokenUnavailable(Exception):
    """Azure AD did not give the bot a token in time (or refused): nothing can be sent."""


async def ready(credentials: Any, timeout: float = TOKEN_TIMEOUT_SECONDS) -> None:
    """Make sure `credentials` hold a token the SDK can use without a network call. Anonymous
    credentials (no app id) need none."""
    if not getattr(credentials, "microsoft_app_id", None):
        return
    if time.monotonic() - _checked.get(credentials, float("-inf")) < REFRESH_SECONDS:
        return
    fetch = _fetching.get(credentials)
    if fetch is None:
        fetch = asyncio.ensure_future(asyncio.to_thread(credentials.get_access_token))
        _fetching[credentials] = fetch
        fetch.add_done_callback(lambda _: _fetching.pop(credentials, None))
    try:
        async with asyncio.timeout(timeout):
            await asyncio.shield(fetch)
    except TimeoutError:
        raise TokenUnavailable(f"no Bot Framework token after {timeout:g} s") from None
    except Exception as error:
        raise TokenUnavailable(f"no Bot Framework token: {type(error).__name__}") from error
    _checked[credentials] = time.monotonic()


class OffLoopCredentialFactory(PasswordServiceClientCredentialFactory):  # type: ignore[misc]
    """The SDK's factory for app id + password credentials, keeping one credentials object
    per (app, scope, login endpoint) with its token fetched off the event loop."""

    def __init__(self, app_id: str | None, password: str | None, tenant_id: str | None,
                 *, timeout: float = TOKEN_TIMEOUT_SECONDS) -> None:
        super().__init__(app_id=app_id, password=password, tenant_id=tenant_id)
        self.timeout = timeout
        self._kept: dict[tuple[str, str, str, bool], Any] = {}

    async def create_credentials(self, app_id: str, oauth_scope: str, login_endpoint: str,
                                 validate_authority: bool) -> Any:
        key = (app_id, oauth_scope or "", login_endpoint or "", validate_authority)
        credentials = self._kept.get(key)
        if credentials is None:
            credentials = await super().create_credentials(app_id, oauth_scope, login_endpoint,
                                                           validate_authority)
            self._kept[key] = credentials
        await ready(credentials, self.timeout)
        return credentials
