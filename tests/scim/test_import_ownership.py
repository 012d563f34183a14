"""SCIM and `import people` together: a people file that changes a field the identity
provider sets (name, team, level, manager) is refused line by line; one that leaves them as
they are, or sets only the file's own fields, passes."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.model import Role
from storage.people_import import import_people
from storage.people_plan import Placement
from storage.records import ImportFailed, PersonRecord
from storage.scim.ownership import refuse_contradictions
from tests.hr.people import sql
from tests.scim.conftest import Scim
from tests.scim.test_provisioning import _with_tracks, okta_user


def _row(line: int, email: str, name: str, manager: str | None, level: str,
         team: str) -> PersonRecord:
    return PersonRecord(line=line, email=email, name=name, manager_email=manager,
                        track="engineering", level=level, team=team, role=Role.EMPLOYEE,
                        timezone="Europe/London")


async def _check(scim: Scim, rows: Sequence[tuple[PersonRecord, str | None]]) -> None:
    async with scim.db.transaction() as s:
        await refuse_contradictions(s, [r for r, _ in rows],
                                    [Placement("engineering", level) for _, level in rows],
                                    "people.csv")


async def test_a_file_contradicting_scim_is_refused_and_one_agreeing_passes(scim: Scim) -> None:
    await _with_tracks(scim)
    _, amara = await scim.call("POST", "/Users", okta_user(
        "amara@example.com", "Amara", "Okafor", "Engineering Manager", "Platform"))
    await scim.call("POST", "/Users", okta_user(
        "ben@example.com", "Ben", "Lee", "Software Engineer I", "Platform", amara["id"]))
    agreeing = [(_row(2, "amara@example.com", "Amara Okafor", None, "em", "Platform"), "em"),
                (_row(3, "BEN@example.com", "Ben Lee", "amara@example.com", "se1", "Platform"),
                 "se1"),
                (_row(4, "new@example.com", "New Person", None, "se2", "Other"), "se2")]
    await _check(scim, agreeing)  # timezone and role are the file's: no refusal

    contradicting = [
        agreeing[0],
        (_row(3, "ben@example.com", "Ben Lee", None, "se2", "Payments"), "se2"),
    ]
    with pytest.raises(ImportFailed) as refused:
        await _check(scim, contradicting)
    message = str(refused.value)
    assert message.startswith("people.csv, line 3: ben@example.com is provisioned by your "
                              "identity provider (SCIM)"), message
    for part in ("team ('Payments', now 'Platform')", "level (se2, now se1)",
                 "manager (none, now amara@example.com)", "change it there"):
        assert part in message
    assert "line 2" not in message


async def test_import_people_refuses_a_file_contradicting_scim(scim: Scim) -> None:
    """The check is wired into `import_people` itself: the whole file is refused, nothing
    written, and a file agreeing with SCIM imports."""
    await _with_tracks(scim)
    await scim.call("POST", "/Users", okta_user(
        "amara@example.com", "Amara", "Okafor", "Engineering Manager", "Platform"))
    before = await sql(scim.db, "SELECT email, name, team, level_id FROM people ORDER BY email")
    moved = _row(2, "amara@example.com", "Amara Okafor", None, "em", "Payments")
    with pytest.raises(ImportFailed) as refused:
        await import_people(scim.db, [moved], "people.csv")
    assert "team ('Payments', now 'Platform')" in str(refused.value)
    assert await sql(scim.db, "SELECT email, name, team, level_id FROM people "
                              "ORDER BY email") == before
    report = await import_people(
        scim.db, [_row(2, "amara@example.com", "Amara Okafor", None, "em", "Platform")],
        "people.csv")
    assert report.unchanged == ["amara@example.com"] or report.updated == ["amara@example.com"]
