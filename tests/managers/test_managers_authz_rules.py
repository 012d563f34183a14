"""The authorization matrix: every relation against every permission, and the manager chain."""

from __future__ import annotations

import pytest

from bot.authz import Permission, Relation, allowed, can, manager_chain, relation
from bot.model import Person, Role
from tests.sample_data import person

# 1 = skip-level manager, 2 = manager, 3 = employee, 4 = peer of 3 (colleague), 5 = HR.
PEOPLE = {
    1: person(1, "senior", role=Role.MANAGER),
    2: person(2, "senior", role=Role.MANAGER, manager_id=1),
    3: person(3, manager_id=2),
    4: person(4, manager_id=2),
    5: person(5, role=Role.HR),
}


async def lookup(pid: int) -> Person | None:
    return PEOPLE.get(pid)


P = Permission
EXPECTED: dict[Relation, set[Permission]] = {
    Relation.SELF: {P.VIEW_TRACK, P.VIEW_RATINGS, P.VIEW_PLAN, P.EDIT_PLAN, P.VIEW_NOTES,
                    P.VIEW_CHECKIN_DATES},
    Relation.MANAGER: {P.VIEW_TRACK, P.VIEW_RATINGS, P.VIEW_PLAN, P.RATE, P.VIEW_NOTES,
                       P.WRITE_NOTES, P.VIEW_CHECKIN_DATES, P.VIEW_IN_TEAM},
    Relation.SKIP_MANAGER: {P.VIEW_TRACK, P.VIEW_RATINGS, P.VIEW_CHECKIN_DATES, P.VIEW_IN_TEAM},
    Relation.HR: {P.VIEW_TRACK, P.VIEW_CHECKIN_DATES},
    Relation.NONE: set(),
}
VIEWERS = {1: Relation.SKIP_MANAGER, 2: Relation.MANAGER, 3: Relation.SELF, 4: Relation.NONE,
           5: Relation.HR}


@pytest.mark.parametrize("viewer_id", sorted(VIEWERS))
@pytest.mark.parametrize("permission", list(Permission))
async def test_matrix_for_every_permission(viewer_id: int, permission: Permission) -> None:
    viewer, subject = PEOPLE[viewer_id], PEOPLE[3]
    expected = permission in EXPECTED[VIEWERS[viewer_id]]
    assert await can(lookup, viewer, subject, permission) is expected


async def test_chain_is_nearest_first_and_survives_a_cycle() -> None:
    assert await manager_chain(lookup, PEOPLE[3]) == [2, 1]
    loop = {7: person(7, manager_id=8), 8: person(8, manager_id=7)}

    async def loop_lookup(pid: int) -> Person | None:
        return loop.get(pid)

    assert await manager_chain(loop_lookup, loop[7]) == [8]


def test_a_manager_who_is_also_hr_is_treated_as_the_manager() -> None:
    boss = person(2, role=Role.HR)
    assert relation(boss, PEOPLE[3], [2, 1]) is Relation.MANAGER


def test_a_report_cannot_see_their_manager_ratings() -> None:
    assert relation(PEOPLE[3], PEOPLE[2], [1]) is Relation.NONE
    assert not allowed(Relation.NONE, Permission.VIEW_RATINGS)
