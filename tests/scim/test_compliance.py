"""The SCIM compliance checker (scim2-tester) against a running `careerbot serve`: discovery,
then create, read, list, replace, patch and delete of Users."""

from __future__ import annotations

import asyncio

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from tests.scim.conftest import TOKEN, Scim


def _check(base: str) -> list[str]:
    http = httpx2.Client(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"},
                        timeout=30)
    with http:
        results = check_server(SyncSCIMClient(http))
    return [f"{r.title}: {r.status.name}: {r.reason}" for r in results
            if r.status not in (Status.SUCCESS, Status.SKIPPED)] + [
        f"ran {len(results)} checks"]


async def test_the_scim_compliance_checker_passes(scim: Scim) -> None:
    problems = await asyncio.to_thread(_check, scim.base)
    assert problems[:-1] == [], "\n".join(problems)
    assert int(problems[-1].split()[1]) > 20  # the checks ran, not just discovery
