"""Provisioning as Okta and Microsoft Entra ID do it (create with a manager, change the title
with PATCH, deactivate), on SQLite and PostgreSQL: the right people, managers, levels, teams
and leavers; unknown titles kept as no level and listed to HR; SCIM links forgotten with the
person."""

from __future__ import annotations

from typing import Any

from bot.model import Person
from storage.audit.repository import SqlAudit
from storage.people.repository import SqlPeople
from storage.people.tables import PersonRow
from storage.rights.export import person_record
from storage.rights.forget import forget_person
from storage.tracks.mapping import track_row
from tests.sample_data import ENGINEERING
from tests.scim.conftest import Scim

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


async def _with_tracks(scim: Scim) -> None:
    async with scim.db.transaction() as s:
        s.add(track_row(ENGINEERING, scim.clock.now()))


async def _person(scim: Scim, email: str) -> Person:
    found = await SqlPeople(scim.db).person_by_email(email)
    assert found is not None, email
    return found


def okta_user(email: str, first: str, last: str, title: str, department: str,
              manager: str | None = None) -> dict[str, Any]:
    """The shape Okta's SCIM 2.0 app sends on create (enterprise attributes mapped)."""
    enterprise: dict[str, Any] = {"department": department}
    if manager:
        enterprise["manager"] = {"value": manager}
    return {"schemas": [CORE, ENTERPRISE], "userName": email,
            "name": {"givenName": first, "familyName": last},
            "emails": [{"primary": True, "value": email, "type": "work"}],
            "displayName": f"{first} {last}", "locale": "en-US", "title": title,
            "active": True, "password": "never-stored-1!", ENTERPRISE: enterprise}


async def test_an_okta_sequence_gives_people_managers_levels_and_leavers(scim: Scim) -> None:
    await _with_tracks(scim)
    status, found = await scim.call(
        "GET", '/Users?filter=userName%20eq%20%22amara%40example.com%22&startIndex=1&count=100')
    assert (status, found["totalResults"]) == (200, 0)
    status, amara = await scim.call("POST", "/Users", okta_user(
        "amara@example.com", "Amara", "Okafor", "Engineering Manager", "Platform"))
    assert status == 201, amara
    status, ben = await scim.call("POST", "/Users", okta_user(
        "Ben@Example.com", "Ben", "Lee", "Software Engineer I", "Platform", amara["id"]))
    assert status == 201, ben
    assert "password" not in ben

    manager, report = await _person(scim, "amara@example.com"), await _person(scim,
                                                                              "ben@example.com")
    assert (report.name, report.team, report.manager_id) == ("Ben Lee", "Platform", manager.id)
    assert (report.track_id, report.level_id) == ("engineering", "se1")
    assert (manager.level_id, manager.manager_id) == ("em", None)

    status, patched = await scim.call("PATCH", f"/Users/{ben['id']}", {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "value": {"title": "Senior Software Engineer"}}]})
    assert (status, patched["title"]) == (200, "Senior Software Engineer")
    assert (await _person(scim, "ben@example.com")).level_id == "senior"

    status, _ = await scim.call("PATCH", f"/Users/{ben['id']}", {
        "schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]})
    assert status == 200
    assert not (await _person(scim, "ben@example.com")).active
    assert await SqlPeople(scim.db).reports_of(manager.id) == []
    status, read = await scim.call("GET", f"/Users/{ben['id']}")
    assert (status, read["active"]) == (200, False)


async def test_an_entra_sequence_gives_people_managers_levels_and_leavers(scim: Scim) -> None:
    """Entra creates without the manager, then adds it with PATCH (a bare id), changes
    attributes by path with capitalised ops, and sends active as the string "False"."""
    await _with_tracks(scim)

    def entra_user(upn: str, name: str, title: str, object_id: str) -> dict[str, Any]:
        given, family = name.split()
        return {"schemas": [CORE, ENTERPRISE], "externalId": object_id, "userName": upn,
                "active": True, "displayName": name,
                "emails": [{"primary": True, "type": "work", "value": upn}],
                "name": {"formatted": name, "familyName": family, "givenName": given},
                "title": title, ENTERPRISE: {"department": "Payments"}}

    status, chen = await scim.call("POST", "/Users", entra_user(
        "chen@example.com", "Chen Wu", "Engineering Manager", "oid-1"))
    assert status == 201, chen
    status, dana = await scim.call("POST", "/Users", entra_user(
        "dana@example.com", "Dana Ruiz", "Software Engineer II", "oid-2"))
    assert status == 201, dana
    status, _ = await scim.call("GET", "/Users?filter=userName+eq+%22DANA%40example.com%22")
    assert status == 200

    operations = [{"op": "Add", "path": f"{ENTERPRISE}:manager", "value": chen["id"]},
                  {"op": "Replace", "path": "title", "value": "Staff Engineer"}]
    status, patched = await scim.call("PATCH", f"/Users/{dana['id']}",
                                      {"schemas": [PATCH], "Operations": operations})
    assert status == 200, patched
    assert patched[ENTERPRISE]["manager"]["value"] == chen["id"]
    manager, report = await _person(scim, "chen@example.com"), await _person(scim,
                                                                             "dana@example.com")
    assert (report.manager_id, report.level_id, report.team) == (manager.id, "staff",
                                                                 "Payments")

    status, _ = await scim.call("PATCH", f"/Users/{dana['id']}", {
        "schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active",
                                            "value": "False"}]})
    assert status == 200
    assert not (await _person(scim, "dana@example.com")).active
    assert [p.email for p in await SqlPeople(scim.db).managers()] == []


async def test_a_manager_provisioned_after_their_report_is_linked(scim: Scim) -> None:
    status, _ = await scim.call("POST", "/Users", okta_user(
        "eve@example.com", "Eve", "Ito", "Software Engineer I", "Data", "fay@example.com"))
    assert status == 201
    assert (await _person(scim, "eve@example.com")).manager_id is None
    status, _ = await scim.call("POST", "/Users", okta_user(
        "fay@example.com", "Fay", "Obi", "Engineering Manager", "Data"))
    assert status == 201
    fay = await _person(scim, "fay@example.com")
    assert (await _person(scim, "eve@example.com")).manager_id == fay.id


async def test_an_unknown_title_is_kept_as_no_level_and_listed_to_hr(scim: Scim) -> None:
    await _with_tracks(scim)
    status, user = await scim.call("POST", "/Users", okta_user(
        "gus@example.com", "Gus", "Ng", "Chief Wizard", "Magic"))
    assert status == 201, user
    gus = await _person(scim, "gus@example.com")
    assert (gus.level_id, gus.team, gus.active) == (None, "Magic", True)
    status, _ = await scim.call("PUT", f"/Users/{user['id']}", okta_user(
        "gus@example.com", "Gus", "Ng", "Chief Wizard", "Magic"))
    assert status == 200
    listed = [e for e in await SqlAudit(scim.db).entries() if e.action == "scim.title_unmatched"]
    assert [(e.person_id, "'Chief Wizard'" in e.detail) for e in listed] == [(gus.id, True)]
    status, _ = await scim.call("PATCH", f"/Users/{user['id']}", {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "title", "value": "Staff Engineer"}]})
    assert (status, (await _person(scim, "gus@example.com")).level_id) == (200, "staff")


async def test_a_person_loaded_by_import_is_taken_over_not_duplicated(scim: Scim) -> None:
    await _with_tracks(scim)
    async with scim.db.transaction() as s:
        s.add(PersonRow(email="hana@example.com", name="Hana", track_id="engineering",
                        level_id="se1", team="Old"))
    status, _ = await scim.call("POST", "/Users", okta_user(
        "hana@example.com", "Hana", "Sato", "Software Engineer II", "New"))
    assert status == 201
    people = [p for p in await SqlPeople(scim.db).all_people() if "hana" in p.email]
    assert [(p.name, p.level_id, p.team) for p in people] == [("Hana Sato", "se2", "New")]


async def test_delete_and_forget(scim: Scim) -> None:
    """DELETE makes a leaver (deactivated, not forgotten yet) and the User is gone; a person
    forgotten (after the retention period) takes their SCIM link with them."""
    _, ivy = await scim.call("POST", "/Users", okta_user("ivy@example.com", "Ivy", "Ma",
                                                         "Software Engineer I", "Data"))
    status, _ = await scim.call("DELETE", f"/Users/{ivy['id']}")
    assert status == 204
    assert (await scim.call("GET", f"/Users/{ivy['id']}"))[0] == 404
    assert not (await _person(scim, "ivy@example.com")).active

    _, jo = await scim.call("POST", "/Users", okta_user("jo@example.com", "Jo", "Ma",
                                                        "Software Engineer I", "Data"))
    person = await _person(scim, "jo@example.com")
    async with scim.db.transaction() as s:
        row = await s.get(PersonRow, person.id)
        assert row is not None
        exported = (await person_record(s, row))["scim_users (person_id)"]
        assert [r["user_name"] for r in exported] == ["jo@example.com"]  # in their export
        assert await forget_person(s, person.id, scim.clock.now())
    assert (await scim.call("GET", f"/Users/{jo['id']}"))[0] == 404
    _, listed = await scim.call("GET", "/Users")
    assert listed["totalResults"] == 0


async def test_users_are_listed_a_page_at_a_time_and_filtered(scim: Scim) -> None:
    for n in range(5):
        status, _ = await scim.call("POST", "/Users", okta_user(
            f"p{n}@example.com", f"P{n}", "Q", "Software Engineer I", "Data" if n % 2 else "Ops"))
        assert status == 201
    status, page = await scim.call("GET", "/Users?startIndex=2&count=2")
    assert status == 200
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [u["userName"] for u in page["Resources"]] == ["p1@example.com", "p2@example.com"]
    _, found = await scim.call(
        "GET", "/Users?filter=urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Aextension%3Aenterprise"
               "%3A2.0%3AUser%3Adepartment%20eq%20%22Data%22&attributes=userName")
    assert found["totalResults"] == 2
    assert [sorted(u) for u in found["Resources"]] == [["id", "schemas", "userName"]] * 2
    _, by_name = await scim.call("GET", '/Users?filter=userName%20eq%20%22P3%40EXAMPLE.com%22')
    assert [u["userName"] for u in by_name["Resources"]] == ["p3@example.com"]


async def test_replace_and_entra_email_patch_update_the_person(scim: Scim) -> None:
    """Okta pushes profile updates with PUT (what it stopped sending is cleared: here the
    manager); Entra changes the email by a filtered path."""
    _, lin = await scim.call("POST", "/Users", okta_user("lin@example.com", "Lin", "Po",
                                                         "Engineering Manager", "Data"))
    _, max_ = await scim.call("POST", "/Users", okta_user(
        "max@example.com", "Max", "Vo", "Software Engineer I", "Data", lin["id"]))
    assert (await _person(scim, "max@example.com")).manager_id is not None
    status, replaced = await scim.call("PUT", f"/Users/{max_['id']}", okta_user(
        "max@example.com", "Max", "Vo", "Software Engineer I", "Search"))
    assert status == 200, replaced
    person = await _person(scim, "max@example.com")
    assert (person.team, person.manager_id) == ("Search", None)

    status, patched = await scim.call("PATCH", f"/Users/{max_['id']}", {
        "schemas": [PATCH], "Operations": [{"op": "Replace", "path": 'emails[type eq "work"].value',
                                            "value": "max.vo@example.com"}]})
    assert status == 200, patched
    assert (await _person(scim, "max.vo@example.com")).id == person.id
    assert await SqlPeople(scim.db).person_by_email("max@example.com") is None
