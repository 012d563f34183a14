"""A SCIM User (with the enterprise extension) to what it says about the person, and the
identity providers' shapes scim2-models reads strictly made standard first."""

from __future__ import annotations

from typing import Any

from scim2_models import EnterpriseUser, ScimPolicy, User

from storage.scim.provisioning import Provisioned

UserResource = User[EnterpriseUser]
ENTERPRISE = str(EnterpriseUser.__schema__)
MANAGER_PATH = f"{ENTERPRISE}:manager"

# What Okta and Microsoft Entra ID send besides the strict reading of the RFCs: Entra's PATCH
# "remove" with a value, and "add" to emails[type eq "work"].value before there is one.
# Attributes we do not model are dropped rather than refused (custom IdP mappings).
POLICY = ScimPolicy(unknown=ScimPolicy.Unknown.ignore,
                    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
                    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create)


def with_manager_refs(payload: Any, users_url: str) -> Any:
    """The payload with every enterprise manager in the standard shape: identity providers send
    {"value": id} (Okta) or the bare id (Entra's PATCH), where RFC 7643 asks for a $ref too."""
    if isinstance(payload, list):
        return [with_manager_refs(item, users_url) for item in payload]
    if not isinstance(payload, dict):
        return payload
    out = {key: with_manager_refs(value, users_url) for key, value in payload.items()}
    if isinstance(out.get(ENTERPRISE), dict) and "manager" in out[ENTERPRISE]:
        out[ENTERPRISE] = {**out[ENTERPRISE],
                           "manager": _manager(out[ENTERPRISE]["manager"], users_url)}
    for key in [k for k in out if k.lower() == MANAGER_PATH.lower()]:  # a PATCH value's key
        out[key] = _manager(out[key], users_url)
    if str(out.get("path", "")).lower() == MANAGER_PATH.lower() and "value" in out:
        out["value"] = _manager(out["value"], users_url)
    return out


def _manager(value: Any, users_url: str) -> Any:
    if isinstance(value, str):
        value = {"value": value}
    if isinstance(value, dict) and value.get("value") and not value.get("$ref"):
        return {**value, "$ref": f"{users_url}/{value['value']}"}
    return value


def provisioned(user: UserResource) -> Provisioned:
    """What the User says about the person: email (the primary email, else the first, else a
    userName that is an email address; else none, see storage.scim.provisioning), name, team
    (department, else division), title, manager and whether they are active."""
    user_name = (user.user_name or "").strip()
    emails = [e for e in user.emails or [] if e.value]
    primary = next((e for e in emails if e.primary), emails[0] if emails else None)
    email = str(primary.value) if primary else user_name if "@" in user_name else ""
    name = user.display_name or _full_name(user)
    enterprise = user[EnterpriseUser]
    manager = enterprise.manager.value if enterprise and enterprise.manager else None
    team = (enterprise.department or enterprise.division) if enterprise else None
    return Provisioned(user_name=user_name, email=email.strip().lower(),
                       name=(name or user_name).strip(), active=user.active is not False,
                       external_id=user.external_id, title=user.title or None,
                       team=team or None, manager=manager or None)


def _full_name(user: UserResource) -> str | None:
    if user.name is None:
        return None
    return user.name.formatted or " ".join(
        part for part in (user.name.given_name, user.name.family_name) if part) or None
