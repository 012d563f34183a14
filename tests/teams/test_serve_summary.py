"""`careerbot serve` says at start whether and how Teams is on."""

from __future__ import annotations

import pytest

from careerbot.cli_server import describe
from careerbot.settings import Settings

APP_ID = "1a2b3c4d-0000-4000-8000-000000000001"


def teams_line(**env: object) -> str:
    settings = Settings.model_validate({"SLACK_BOT_TOKEN": None, **env})
    (line,) = [x for x in describe(settings, "0.0.0.0", 3000) if x.startswith("  Teams: ")]
    return line


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD"),
    ({"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "secret",
      "MICROSOFT_APP_TYPE": "SingleTenant", "MICROSOFT_APP_TENANT_ID": "t"},
     f"POST /api/messages (app {APP_ID}, SingleTenant)"),
    ({"TEAMS_DEV_ANONYMOUS": True}, "ANONYMOUS development mode: no authentication"),
    ({"TEAMS_DEV_ANONYMOUS": True, "MICROSOFT_APP_ID": APP_ID},
     "off: TEAMS_DEV_ANONYMOUS is ignored because MICROSOFT_APP_ID is set"),
])
def test_the_start_up_summary_has_a_teams_line(env: dict[str, object], expected: str) -> None:
    line = teams_line(**env)
    assert expected in line
    assert "secret" not in line
