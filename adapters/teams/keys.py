"""The Bot Framework's token signing keys, fetched off the event loop with a timeout, and cached.

botframework-connector 4.17.1 fetches the OpenID metadata and its keys with a blocking
`requests.get` and no timeout, inside the event loop (jwt_token_extractor._OpenIdMetadata), for
the first token it sees and again once a day; with the network hanging, one request with any
JWT-shaped bearer froze every endpoint. `install()` fills the SDK's own cache of those objects
(JwtTokenExtractor.metadataCache, one per metadata URL) with OpenIdKeys instead: the same
refresh rules, but the fetch runs on a thread of its own, a request waits for it at most
`timeout` seconds, concurrent requests share one fetch, and after a failure requests are
refused at once for a while instead of each waiting again."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

from bot.conversation import describe

log = logging.getLogger(__name__)

REFRESH_SECONDS = 24 * 3600  # as the SDK: keys older than a day are fetched again
UNKNOWN_KEY_REFRESH_SECONDS = 3600  # as the SDK: an unknown key id refetches at most hourly
RETRY_SECONDS = 30.0  # after a failed fetch, refuse at once this long before trying again


class KeysUnavailable(Exception):
    """The signing keys could not be had in time: the token can be neither accepted nor
    refused (the endpoint answers 503, and the Bot Framework retries)."""


@dataclass(frozen=True)
class SigningKey:
    """What the SDK's token check reads from a key: the public key and its endorsements."""

    public_key: Any
    endorsements: list[str]


class OpenIdKeys:
    """The keys behind one OpenID metadata URL; `get` is what the SDK calls."""

    def __init__(self, url: str, cache: KeyCache) -> None:
        self.url = url
        self._cache = cache
        self._keys: dict[str, SigningKey] | None = None
        self._fetched_at = 0.0
        self._failed_at: float | None = None
        self._fetching: asyncio.Future[list[dict[str, Any]]] | None = None

    async def get(self, key_id: str) -> SigningKey:
        """The key `key_id`, fetching the keys when they are missing or old (waiting at most
        the cache's timeout). Raises KeysUnavailable, or PermissionError for an unknown key."""
        if self._keys is None or self._age() > REFRESH_SECONDS:
            await self._refresh()
        key = (self._keys or {}).get(key_id)
        if key is None and self._age() > UNKNOWN_KEY_REFRESH_SECONDS:
            await self._refresh()
            key = (self._keys or {}).get(key_id)
        if key is None:
            raise PermissionError("the token is signed with a key the Bot Framework does not list")
        return key

    def _age(self) -> float:
        return time.monotonic() - self._fetched_at

    async def _refresh(self) -> None:
        """New keys within the timeout; the old ones, while there are any, when that fails."""
        try:
            await self._load()
        except KeysUnavailable:
            if self._keys is None:
                raise

    async def _load(self) -> None:
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
            raise KeysUnavailable("the signing keys could not be fetched a moment ago")
        if self._fetching is None:
            self._fetching = asyncio.wrap_future(
                self._cache.executor().submit(_fetch, self.url, self._cache.timeout))
            self._fetching.add_done_callback(self._done)
        try:
            async with asyncio.timeout(self._cache.timeout):
                await asyncio.shield(self._fetching)
        except Exception as error:
            # Whoever asks next is refused at once; a fetch still under way may yet succeed.
            self._failed_at = time.monotonic()
            raise KeysUnavailable(f"no signing keys from {self.url}: {describe(error)}") from None

    def _done(self, fetching: asyncio.Future[list[dict[str, Any]]]) -> None:
        self._fetching = None
        error = None if fetching.cancelled() else fetching.exception()
        if fetching.cancelled() or error is not None:
            self._failed_at = time.monotonic()
            log.warning("Teams: could not fetch the signing keys from %s: %s", self.url,
                        describe(error) if error is not None else "cancelled")
            return
        self._keys = _parsed(fetching.result())
        self._fetched_at, self._failed_at = time.monotonic(), None


def _parsed(keys: list[dict[str, Any]]) -> dict[str, SigningKey]:
    """Key id -> key, for the RSA keys of a key set (anything else cannot sign our tokens)."""
    parsed: dict[str, SigningKey] = {}
    for key in keys:
        try:
            public = RSAAlgorithm.from_jwk(json.dumps(key))
        except Exception:  # another key type, or a broken entry
            continue
        parsed[str(key.get("kid"))] = SigningKey(public, list(key.get("endorsements") or []))
    return parsed


def _fetch(url: str, timeout: float) -> list[dict[str, Any]]:
    """The OpenID metadata, then the keys it points at (on the key thread, never the loop)."""
    metadata = requests.get(url, timeout=timeout)
    metadata.raise_for_status()
    keys = requests.get(metadata.json()["jwks_uri"], timeout=timeout)
    keys.raise_for_status()
    found = keys.json()["keys"]
    if not isinstance(found, list):
        raise ValueError("the key set is not a list")
    return found


class KeyCache(dict[str, OpenIdKeys]):
    """JwtTokenExtractor.metadataCache, handing out OpenIdKeys for every metadata URL."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self._executor: ThreadPoolExecutor | None = None

    def get(self, url: str, default: Any = None) -> OpenIdKeys:
        if url not in self:
            self[url] = OpenIdKeys(url, self)
        return self[url]

    def executor(self) -> ThreadPoolExecutor:
        # One thread: concurrent requests share one fetch per URL, so a hanging network holds
        # at most a thread, never the loop or the default executor (which resolves names).
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="teams-keys")
        return self._executor


def install(timeout: float) -> KeyCache:
    """Make the SDK's token check use OpenIdKeys, waiting at most `timeout` seconds for keys.
    Idempotent; a later call only changes the timeout."""
    cache = JwtTokenExtractor.metadataCache
    if not isinstance(cache, KeyCache):
        cache = KeyCache(timeout)
        JwtTokenExtractor.metadataCache = cache
    cache.timeout = timeout
    return cache


def forget() -> None:
    """Drop every cached key and failure (for tests)."""
    cache = JwtTokenExtractor.metadataCache
    if isinstance(cache, KeyCache):
        cache.clear()
