"""The Bot Framework's signing keys (adapters/teams/keys.py) against a local OpenID endpoint: one
fetch shared by concurrent requests, cached afterwards, a real RS256 token accepted through the
SDK's own token check, and a failing endpoint answered at once after the first failure."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
from aiohttp import web
from botframework.connector.auth import JwtTokenExtractor, VerifyOptions
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from adapters.teams import keys
from tests.teams.conftest import start_app

ISSUER = "https://api.botframework.com"


@dataclass
class OpenId:
    """A local OpenID metadata document and key set; counts the requests it serves."""

    private_key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    hits: list[str] = field(default_factory=list)
    failing: bool = False
    base: str = ""

    @property
    def url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    def app(self) -> web.Application:
        async def metadata(request: web.Request) -> web.Response:
            self.hits.append("metadata")
            if self.failing:
                return web.Response(status=500)
            await asyncio.sleep(0.05)  # slow enough for concurrent requests to overlap
            return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.base}/keys"})

        async def key_set(request: web.Request) -> web.Response:
            self.hits.append("keys")
            jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.private_key.public_key(),
                                                      as_dict=True)
            jwk.update(kid="key-1", use="sig", endorsements=["msteams"])
            return web.json_response({"keys": [jwk, {"kty": "EC", "kid": "not-rsa"}]})

        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", metadata)
        app.router.add_get("/keys", key_set)
        return app

    def token(self, **claims: Any) -> str:
        body = {"iss": ISSUER, "aud": "app", "exp": int(time.time()) + 600, **claims}
        return jwt.encode(body, self.private_key, algorithm="RS256", headers={"kid": "key-1"})


@pytest.fixture
def cache() -> Iterator[keys.KeyCache]:
    keys.forget()
    yield keys.install(timeout=2.0)
    keys.forget()


@pytest.fixture
async def openid() -> AsyncIterator[OpenId]:
    server = OpenId()
    runner, server.base = await start_app(server.app())
    yield server
    await runner.cleanup()


async def test_concurrent_requests_share_one_fetch_and_the_keys_are_cached(
        cache: keys.KeyCache, openid: OpenId) -> None:
    found = await asyncio.gather(*(cache.get(openid.url).get("key-1") for _ in range(20)))
    assert openid.hits == ["metadata", "keys"]
    assert all(k.endorsements == ["msteams"] for k in found)
    await cache.get(openid.url).get("key-1")
    assert openid.hits == ["metadata", "keys"]  # cached


async def test_an_unknown_key_is_refused_without_refetching_within_the_hour(
        cache: keys.KeyCache, openid: OpenId) -> None:
    await cache.get(openid.url).get("key-1")
    with pytest.raises(PermissionError):
        await cache.get(openid.url).get("someone-elses")
    with pytest.raises(PermissionError):
        await cache.get(openid.url).get("not-rsa")
    assert openid.hits == ["metadata", "keys"]


async def test_the_sdks_token_check_accepts_a_token_signed_with_a_listed_key(
        cache: keys.KeyCache, openid: OpenId) -> None:
    extractor = JwtTokenExtractor(
        VerifyOptions(issuer=[ISSUER], audience=None, clock_tolerance=300,
                      ignore_expiration=False),
        openid.url, ["RS256"])
    identity = await extractor.get_identity_from_auth_header(
        f"Bearer {openid.token(serviceurl='https://smba.example/')}", "msteams")
    assert identity.is_authenticated
    assert identity.claims["iss"] == ISSUER
    forged = jwt.encode({"iss": ISSUER, "exp": int(time.time()) + 600},
                        rsa.generate_private_key(public_exponent=65537, key_size=2048),
                        algorithm="RS256", headers={"kid": "key-1"})
    with pytest.raises(jwt.InvalidSignatureError):
        await extractor.get_identity_from_auth_header(f"Bearer {forged}", "msteams")


async def test_after_a_failed_fetch_requests_are_refused_at_once(
        cache: keys.KeyCache, openid: OpenId) -> None:
    openid.failing = True
    with pytest.raises(keys.KeysUnavailable):
        await cache.get(openid.url).get("key-1")
    start = time.monotonic()
    with pytest.raises(keys.KeysUnavailable):
        await cache.get(openid.url).get("key-1")
    assert time.monotonic() - start < 0.1
    assert openid.hits == ["metadata"]  # nobody asked the failing endpoint again
