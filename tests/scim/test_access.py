"""Who may provision: no SCIM endpoint without SCIM_TOKEN (404), 401 without the right bearer
token (and nothing changed); bad requests get one clear SCIM error and change nothing."""

from __future__ import annotations

import aiohttp
import pytest

from storage.database import Database
from storage.people.repository import SqlPeople
from tests.scim.conftest import TOKEN, Scim, serve
from tests.scim.test_provisioning import PATCH, okta_user


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_there_is_no_scim_endpoint_without_a_token(db: Database) -> None:
    runner, base = await serve(db)
    try:
        async with aiohttp.ClientSession() as session, session.get(
                f"{base}/scim/v2/Users", headers={"Authorization": f"Bearer {TOKEN}"}) as got:
            assert got.status == 404
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("token", [None, "", "wrong-token", TOKEN + "x", TOKEN[:-1]])
async def test_a_wrong_or_missing_token_is_401_and_changes_nothing(scim: Scim,
                                                                   token: str | None) -> None:
    status, body = await scim.call("POST", "/Users", okta_user(
        "kim@example.com", "Kim", "Oh", "Software Engineer I", "Data"), token=token)
    assert status == 401
    assert body["detail"] == "A valid bearer token is required."
    for path in ("/Users", "/ServiceProviderConfig", "/Schemas", "/ResourceTypes"):
        assert (await scim.call("GET", path, token=token))[0] == 401
    assert await SqlPeople(scim.db).all_people() == []


async def test_bad_requests_get_a_scim_error_and_change_nothing(scim: Scim) -> None:
    status, lee = await scim.call("POST", "/Users", okta_user(
        "lee@example.com", "Lee", "Ho", "Software Engineer I", "Data"))
    assert status == 201
    before = await SqlPeople(scim.db).all_people()
    cases = [
        ("POST", "/Users", okta_user("LEE@example.com", "Other", "Lee", "x", "y"), 409,
         "uniqueness"),
        ("POST", "/Users", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}, 400,
         None),
        ("PATCH", f"/Users/{lee['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "frobnicate", "path": "title", "value": "x"}]}, 400, None),
        ("GET", "/Users?filter=userName%20zz%20%22x%22", None, 400, None),
        ("GET", "/Users?count=many", None, 400, "invalidValue"),
        ("GET", "/Users/no-such-id", None, 404, None),
        ("PUT", "/Users/no-such-id", okta_user("m@example.com", "M", "N", "x", "y"), 404, None),
    ]
    for method, path, body, expected, scim_type in cases:
        status, error = await scim.call(method, path, body)
        assert status == expected, (method, path, error)
        assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert error["status"] in (expected, str(expected))
        assert "Traceback" not in str(error) and error.get("detail")
        if scim_type:
            assert error["scimType"] == scim_type
    async with aiohttp.ClientSession() as session, session.post(
            f"{scim.base}/Users", data=b"{not json",
            headers={"Authorization": f"Bearer {TOKEN}"}) as response:
        error = await response.json(content_type=None)
        assert (response.status, error["scimType"]) == (400, "invalidSyntax")
    assert await SqlPeople(scim.db).all_people() == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_body_over_the_limit_is_413_and_changes_nothing(db: Database) -> None:
    runner, base = await serve(db, SCIM_TOKEN=TOKEN, CAREERBOT_MAX_BODY_BYTES=2048)
    big = okta_user("big@example.com", "Big", "Body", "x" * 4096, "Data")
    try:
        async with aiohttp.ClientSession() as session, session.post(
                f"{base}/scim/v2/Users", json=big,
                headers={"Authorization": f"Bearer {TOKEN}"}) as response:
            assert response.status == 413
    finally:
        await runner.cleanup()
    assert await SqlPeople(db).all_people() == []
