"""The /scim/v2 endpoint (mounted when SCIM_TOKEN is set): Users create, read, list (filter,
startIndex/count), replace, patch and delete, and the discovery resources. Requests and
responses go through scim2-models; every request is one transaction."""

from __future__ import annotations

import hmac
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    InvalidSyntaxException,
    InvalidValueException,
    ListResponse,
    Meta,
    NotFoundException,
    PatchOp,
    ResponseParameters,
    SCIMException,
    ScimFilter,
    UniquenessException,
)
from sqlalchemy.exc import IntegrityError

from bot.outside import Clock
from careerbot.scim import discovery
from careerbot.scim.mapping import POLICY, UserResource, provisioned, with_manager_refs
from storage.database import Database
from storage.scim import provisioning
from storage.scim.provisioning import ScimConflict
from storage.scim.tables import ScimUserRow

log = logging.getLogger(__name__)

PREFIX = "/scim/v2"
SCIM_JSON = "application/scim+json"
DEFAULT_COUNT = 100
# The filter identity providers send before creating a User (Okta, Entra): answered by index.
_USER_NAME_EQ = re.compile(r'^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def scim_app(db: Database, token: str, clock: Clock) -> web.Application:
    """The sub-application to mount at PREFIX."""
    api = _Api(db, clock)
    sub = web.Application(middlewares=[_guarded(token)])
    sub.router.add_get("/ServiceProviderConfig", api.config)
    sub.router.add_get("/ResourceTypes", api.resource_types)
    sub.router.add_get("/ResourceTypes/{name}", api.resource_type)
    sub.router.add_get("/Schemas", api.schemas)
    sub.router.add_get("/Schemas/{urn}", api.schema)
    sub.router.add_get("/Users", api.list_users)
    sub.router.add_post("/Users", api.create)
    sub.router.add_post("/Users/.search", api.search)
    sub.router.add_post("/.search", api.search)
    sub.router.add_get("/Users/{id}", api.read)
    sub.router.add_put("/Users/{id}", api.replace)
    sub.router.add_patch("/Users/{id}", api.patch)
    sub.router.add_delete("/Users/{id}", api.delete)
    return sub


def _guarded(token: str) -> Any:
    expected = token.encode()

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Bearer token (compared in constant time), then SCIM errors as SCIM Error bodies."""
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                                 expected):
            response = _error(Error(status=401, detail="A valid bearer token is required."))
            response.headers["WWW-Authenticate"] = 'Bearer realm="careerbot SCIM"'
            return response
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return _error(NotFoundException(detail=f"No such resource: {request.path}")
                          .to_error())
        except web.HTTPMethodNotAllowed:
            return _error(Error(status=405, detail=f"{request.method} is not supported here"))
        except SCIMException as error:
            return _error(error.to_error())
        except ValidationError as error:
            return _error(Error.from_validation_errors(error)[0])
        except (ScimConflict, IntegrityError) as error:
            detail = str(error) if isinstance(error, ScimConflict) else "already exists"
            return _error(UniquenessException(detail=detail).to_error())
        except web.HTTPException:
            raise  # as aiohttp answers it (413 on a body over CAREERBOT_MAX_BODY_BYTES)
        except Exception:  # answered as SCIM, logged for the operator (no people's data)
            log.exception("SCIM %s %s failed", request.method, request.path)
            return _error(Error(status=500, detail="The request failed on the server; the "
                                "operator's log says why."))

    return guard


def _error(error: Error) -> web.Response:
    return _json(error.model_dump(), status=error.status or 400)


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type=SCIM_JSON)


def _base(request: web.Request) -> str:
    return f"{request.url.origin()}{PREFIX}"


async def _body(request: web.Request) -> Any:
    try:
        return with_manager_refs(json.loads(await request.read() or b"null"),
                                 f"{_base(request)}/Users")
    except (ValueError, UnicodeDecodeError):
        raise InvalidSyntaxException(detail="The body is not JSON.") from None


def _parameters(query: Mapping[str, str]) -> ResponseParameters[Any]:
    return ResponseParameters[UserResource].model_validate(
        {key: query[key] for key in ("attributes", "excludedAttributes") if key in query})


class _Api:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    async def config(self, request: web.Request) -> web.Response:
        return _json(discovery.service_provider_config(_base(request)))

    async def resource_types(self, request: web.Request) -> web.Response:
        return _json(discovery.resource_types(_base(request)))

    async def resource_type(self, request: web.Request) -> web.Response:
        return _json(_found(discovery.resource_type(_base(request), request.match_info["name"])))

    async def schemas(self, request: web.Request) -> web.Response:
        return _json(discovery.schemas(_base(request)))

    async def schema(self, request: web.Request) -> web.Response:
        return _json(_found(discovery.schema(_base(request), request.match_info["urn"])))

    async def list_users(self, request: web.Request) -> web.Response:
        return await self._search(request, dict(request.query))

    async def search(self, request: web.Request) -> web.Response:
        """POST .search: the same query in a SearchRequest body."""
        body = await _body(request)
        if not isinstance(body, dict):
            raise InvalidSyntaxException(detail="A SearchRequest is a JSON object.")
        return await self._search(request, {key: ",".join(value) if isinstance(value, list)
                                            else str(value) for key, value in body.items()
                                            if key != "schemas" and value is not None})

    async def _search(self, request: web.Request, query: dict[str, str]) -> web.Response:
        """Users matching `filter` (userName eq "..." by index; any other filter scim2-models
        evaluates), a page from startIndex (1-based) of `count`."""
        text = query.get("filter")
        start = max(1, _integer(query, "startIndex", 1))
        count = min(discovery.MAX_RESULTS, max(0, _integer(query, "count", DEFAULT_COUNT)))
        fast = _USER_NAME_EQ.match(text) if text else None
        matcher = ScimFilter[UserResource](text) if text and not fast else None
        user_name = json.loads(f'"{fast.group(1)}"') if fast else None
        async with self.db.transaction() as s:
            if matcher is None:  # the page is read by itself
                total, rows = await provisioning.scim_users(s, user_name, offset=start - 1,
                                                            limit=count)
            else:
                total, rows = await provisioning.scim_users(s)
        page = [_user(request, row) for row in rows]
        if matcher is not None:
            found = [user for user in page if matcher.match(user)]
            total, page = len(found), found[start - 1:start - 1 + count]
        listed = ListResponse[UserResource](total_results=total, start_index=start,
                                            items_per_page=len(page), resources=page)
        return _json(listed.model_dump(scim_ctx=Context.SEARCH_RESPONSE,
                                       response_parameters=_parameters(query)))

    async def create(self, request: web.Request) -> web.Response:
        user = UserResource.model_validate(await _body(request), scim_policy=POLICY,
                                           scim_ctx=Context.RESOURCE_CREATION_REQUEST)
        new = provisioned(user)
        async with self.db.transaction() as s:
            row = await provisioning.create(s, uuid.uuid4().hex, new, _stored(user),
                                            self.clock.now())
        created = _user(request, row)
        response = _json(created.model_dump(scim_ctx=Context.RESOURCE_CREATION_RESPONSE,
                                            response_parameters=_parameters(request.query)), 201)
        response.headers["Location"] = str(created.meta.location if created.meta else "")
        return response

    async def read(self, request: web.Request) -> web.Response:
        async with self.db.transaction() as s:
            row = await self._row(s, request)
        return _json(_user(request, row).model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE,
                                                    response_parameters=_parameters(request.query)))

    async def replace(self, request: web.Request) -> web.Response:
        user = UserResource.model_validate(await _body(request), scim_policy=POLICY,
                                           scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        return await self._update(request, lambda _: user, Context.RESOURCE_REPLACEMENT_RESPONSE)

    async def patch(self, request: web.Request) -> web.Response:
        operations = PatchOp[UserResource].model_validate(
            await _body(request), scim_policy=POLICY, scim_ctx=Context.RESOURCE_PATCH_REQUEST)

        def patched(user: UserResource) -> UserResource:
            operations.patch(user, POLICY)
            return user

        return await self._update(request, patched, Context.RESOURCE_PATCH_RESPONSE)

    async def _update(self, request: web.Request, change: Callable[[UserResource], UserResource],
                      context: Context) -> web.Response:
        async with self.db.transaction() as s:
            row = await self._row(s, request)
            before = UserResource.model_validate(row.resource, scim_policy=POLICY)
            old = provisioned(before)
            user = change(before.model_copy(deep=True))
            await provisioning.replace(s, row, old, provisioned(user), _stored(user),
                                       self.clock.now())
        return _json(_user(request, row).model_dump(scim_ctx=context,
                                                    response_parameters=_parameters(request.query)))

    async def delete(self, request: web.Request) -> web.Response:
        async with self.db.transaction() as s:
            await provisioning.remove(s, await self._row(s, request), self.clock.now())
        return web.Response(status=204)

    async def _row(self, s: Any, request: web.Request) -> ScimUserRow:
        row = await provisioning.scim_user(s, request.match_info["id"])
        if row is None:
            raise NotFoundException(detail=f"No User {request.match_info['id']}")
        return row


def _found(body: dict[str, Any] | None) -> dict[str, Any]:
    if body is None:
        raise web.HTTPNotFound()
    return body


def _integer(query: Mapping[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        raise InvalidValueException(detail=f"{name} must be a whole number") from None


def _stored(user: UserResource) -> dict[str, Any]:
    """The User as kept: as sent, less what is never returned (a password) and what the
    server sets (id, meta)."""
    kept = user.model_dump(scim_ctx=Context.RESOURCE_CREATION_RESPONSE)
    kept.pop("id", None)
    kept.pop("meta", None)
    return kept


def _user(request: web.Request, row: ScimUserRow) -> UserResource:
    user = UserResource.model_validate(row.resource, scim_policy=POLICY)
    user.id = row.scim_id
    user.meta = Meta(resource_type="User", created=row.created_at,
                     last_modified=row.updated_at,
                     location=f"{_base(request)}/Users/{row.scim_id}")
    return user
