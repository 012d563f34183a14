"""manifest/slack.yaml: valid against Slack's official schema (resolved offline), declaring
exactly the scopes, events and subcommands the code uses; `careerbot manifest slack`."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from typer.testing import CliRunner

from adapters.slack import manifest
from adapters.slack.scopes import BOT_EVENTS, COMMAND, METHOD_SCOPES, bot_scopes
from bot.conversation import known_intents
from bot.reply import Bar, BarChart, Reply, Text
from careerbot.cli_manifest import manifest_app
from careerbot.server import SLACK
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, button

SCHEMAS = payloads.FIXTURES.parents[1] / "schemas"
REMOTE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"
ADAPTER = Path(__file__).resolve().parents[2] / "adapters" / "slack"
# slack_sdk helpers that call several Web API methods.
COMPOSITE = {"client.files_upload_v2(": {"files.getUploadURLExternal",
                                         "files.completeUploadExternal"}}


@cache
def validator() -> jsonschema.Draft7Validator:
    """Slack's schema with its two remote $refs served from the local copies (no network)."""
    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
        return data

    registry: Registry[Any] = Registry().with_resources([
        (REMOTE + f"manifest.schema.{v}.json",
         Resource.from_contents(load(f"slack-manifest.schema.{v}.json"),
                                default_specification=DRAFT7))
        for v in ("1.0.0", "2.0.0")])
    return jsonschema.Draft7Validator(load("slack-manifest.schema.json"), registry=registry)


def errors(document: dict[str, Any]) -> list[str]:
    return [e.message[:200] for e in validator().iter_errors(document)]


def test_the_validator_really_validates() -> None:
    valid = json.loads((payloads.FIXTURES.parent / "slack-manifest" /
                        "manifest.v1.valid.json").read_text())
    invalid = json.loads((payloads.FIXTURES.parent / "slack-manifest" /
                          "manifest.v1.invalid.json").read_text())
    assert errors(valid) == [] and errors(invalid) != []
    broken = manifest.load()
    broken["features"]["slash_commands"][0]["command"] = "career"  # must start with "/"
    assert errors(broken) != []


@pytest.mark.parametrize("variant", ["template", "url", "socket"])
def test_manifest_passes_the_official_schema(variant: str) -> None:
    document = manifest.load()
    if variant == "url":
        document = manifest.for_deployment(document, url="https://careerbot.acme.test")
    elif variant == "socket":
        document = manifest.for_deployment(document, socket_mode=True)
    assert errors(document) == []


def test_scopes_events_and_subcommands_match_the_code() -> None:
    document = manifest.load()
    assert set(document["oauth_config"]["scopes"]["bot"]) == bot_scopes()
    assert set(document["settings"]["event_subscriptions"]["bot_events"]) == set(BOT_EVENTS)
    [command] = document["features"]["slash_commands"]
    assert command["command"] == COMMAND
    missing = known_intents() - manifest.declared_subcommands(document, COMMAND)
    assert not missing, f"add {sorted(missing)} to the /career usage_hint in manifest/slack.yaml"
    assert document["features"]["app_home"]["home_tab_enabled"] is True
    assert document["features"]["app_home"]["messages_tab_enabled"] is True
    assert document["settings"]["interactivity"]["is_enabled"] is True


def test_every_web_api_method_in_the_code_is_in_the_scope_table() -> None:
    sources = [path.read_text() for path in ADAPTER.glob("*.py")]
    called = {f"{family}.{name}" for source in sources
              for family, name in re.findall(r"client\.([a-z]+)_([A-Za-z]+)\(", source)}
    for call, methods in COMPOSITE.items():
        if any(call in source for source in sources):
            called |= methods
    assert called, "the pattern no longer finds Web API calls"
    assert called <= set(METHOD_SCOPES), called - set(METHOD_SCOPES)
    # Socket Mode's connection call lives in slack_sdk; everything else must really be used.
    assert set(METHOD_SCOPES) - called == {"apps.connections.open"}


async def test_methods_slack_saw_need_only_declared_scopes(rig: Rig) -> None:
    declared = set(manifest.load()["oauth_config"]["scopes"]["bot"])
    [shown] = await rig.command("pat", "help")
    await rig.event(payloads.dm_event(USERS["pat"], "next"))
    await rig.event(payloads.mention_event(USERS["pat"], "rate"))
    await rig.event(payloads.home_opened_event(USERS["pat"]))
    await rig.press("pat", button(shown.args["blocks"], "My track"),
                    container={"type": "view", "view_id": "VHOME"})
    morgan = await rig.repo.person(rig.people["morgan"])
    chart = BarChart("Favourable %", (Bar("I know my track", 80.0, "80%"),), image=True)
    assert morgan is not None and await rig.web_app[SLACK].messenger.send(
        morgan, Reply((Text("A proactive hello."), chart))) is True
    assert [u.channel for u in rig.slack.uploads] == ["DMORGAN"]
    seen = rig.slack.methods()
    assert seen <= set(METHOD_SCOPES), seen - set(METHOD_SCOPES)
    for method in seen:
        assert set(METHOD_SCOPES[method]) <= declared, method
    # Every method in the table was exercised here, or by the modal and Socket Mode tests, or
    # by an outbox delivery sent again (tests/slack/test_outbox_messenger.py).
    assert set(METHOD_SCOPES) - seen == {"views.open", "apps.connections.open",
                                         "conversations.history"}


runner = CliRunner()


def test_cli_prints_the_manifest_with_urls() -> None:
    result = runner.invoke(manifest_app, ["slack", "--url", "https://careerbot.acme.test/"])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.output)
    assert errors(document) == []
    endpoint = "https://careerbot.acme.test/slack/events"
    assert document["features"]["slash_commands"][0]["url"] == endpoint
    assert document["settings"]["event_subscriptions"]["request_url"] == endpoint
    assert document["settings"]["interactivity"]["request_url"] == endpoint
    assert document["settings"]["socket_mode_enabled"] is False


def test_cli_socket_mode_has_no_urls() -> None:
    result = runner.invoke(manifest_app, ["slack", "--socket-mode", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert errors(document) == []
    assert document["settings"]["socket_mode_enabled"] is True
    assert "example.com" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["slack"], "give either --url"),
    (["slack", "--url", "http://careerbot.acme.test"], "Slack only sends to HTTPS"),
    (["slack", "--url", "careerbot.acme.test"], "public HTTPS address"),
    (["slack", "--url", "https://a.test", "--socket-mode"], "give either --url"),
])
def test_cli_refuses_bad_options(args: list[str], message: str) -> None:
    result = runner.invoke(manifest_app, args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
