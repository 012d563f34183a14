"""What the SCIM endpoint says about itself (RFC 7644 §4): ServiceProviderConfig,
ResourceTypes and Schemas, built by scim2-models from the User and enterprise models."""

from __future__ import annotations

from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    EnterpriseUser,
    ETag,
    Filter,
    ListResponse,
    Meta,
    Patch,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

from careerbot.scim.mapping import UserResource

MAX_RESULTS = 200  # a page of Users at most; count above it is lowered to it


def service_provider_config(base: str) -> dict[str, Any]:
    config = ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[AuthenticationScheme(
            type=AuthenticationScheme.Type.oauthbearertoken, name="Bearer token",
            description="The SCIM_TOKEN setting, sent as Authorization: Bearer", primary=True)],
        meta=Meta(resource_type="ServiceProviderConfig",
                  location=f"{base}/ServiceProviderConfig"))
    return config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)


def _resource_type(base: str) -> ResourceType:
    found = ResourceType.from_resource(UserResource)
    found.meta = Meta(resource_type="ResourceType", location=f"{base}/ResourceTypes/User")
    return found


def _schemas(base: str) -> list[Schema]:
    found = [User.to_schema(), EnterpriseUser.to_schema()]
    for schema in found:
        schema.meta = Meta(resource_type="Schema", location=f"{base}/Schemas/{schema.id}")
    return found


def resource_types(base: str) -> dict[str, Any]:
    return _listed([_resource_type(base)])


def resource_type(base: str, name: str) -> dict[str, Any] | None:
    found = _resource_type(base)
    return found.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) if found.id == name \
        else None


def schemas(base: str) -> dict[str, Any]:
    return _listed(_schemas(base))


def schema(base: str, urn: str) -> dict[str, Any] | None:
    found = next((s for s in _schemas(base) if s.id == urn), None)
    return found.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) if found else None


def _listed(resources: list[Schema] | list[ResourceType]) -> dict[str, Any]:
    kind: Any = type(resources[0])
    listed = ListResponse[kind](total_results=len(resources), start_index=1,
                                items_per_page=len(resources), resources=resources)
    dumped: dict[str, Any] = listed.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return dumped
