"""Action.Execute (invoke adaptiveCard/action): answered in the HTTP response, serialised once.

botbuilder 4.17.1 serialises an invoke body twice and answers HTTP 500 (microsoft/teams-sdk#2510);
the first test pins that upstream behaviour, the others show our endpoint does not have it."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue

from adapters.teams.http import invoke_body
from tests.teams.activities import execute, fixture, message
from tests.teams.conftest import Rig, assert_valid_card, card_text, start_app, submits


class _EchoCardBot(ActivityHandler):  # type: ignore[misc]
    async def on_adaptive_card_invoke(
            self, turn_context: TurnContext,
            invoke_value: AdaptiveCardInvokeValue) -> AdaptiveCardInvokeResponse:
        return AdaptiveCardInvokeResponse(
            status_code=200, type="application/vnd.microsoft.card.adaptive",
            value={"type": "AdaptiveCard", "version": "1.5", "body": []})


class _NoSettings:
    APP_ID = None
    APP_PASSWORD = None


async def test_upstream_cloud_adapter_answers_500_for_an_invoke_response(rig: Rig) -> None:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_NoSettings()))
    bot = _EchoCardBot()

    async def endpoint(request: web.Request) -> web.Response:
        response: web.Response | None = await adapter.process(request, bot)
        assert response is not None
        return response

    app = web.Application()
    app.router.add_post("/api/messages", endpoint)
    runner, base = await start_app(app)
    try:
        activity = fixture("invoke_adaptiveCard_action.json")
        activity["serviceUrl"] = rig.service_url
        async with rig.session.post(f"{base}/api/messages", json=activity) as response:
            assert response.status == 500, "upstream fixed #2510? drop invoke_body's workaround"
    finally:
        await runner.cleanup()


def test_invoke_body_serialises_sdk_models_once_and_leaves_dicts_alone() -> None:
    model = AdaptiveCardInvokeResponse(status_code=200, type="t", value={"a": 1})
    assert invoke_body(model) == {"statusCode": 200, "type": "t", "value": {"a": 1}}
    already = {"statusCode": 200, "type": "t", "value": {"a": 1}}
    assert invoke_body(already) is already


async def rating_card(rig: Rig) -> tuple[str, list[dict[str, Any]]]:
    sent = await rig.exchange(message(rig.users["pat"], rig.service_url, "rate"))
    assert sent[0].new_id
    return sent[0].new_id, [s["data"] for s in submits(sent[0].cards[0]) if "score" in s["data"]]


async def test_execute_press_returns_the_updated_card_in_the_response(rig: Rig) -> None:
    card_id, scores = await rating_card(rig)
    before = len(rig.connector.calls)
    async with rig.session.post(rig.url, json=execute(
            rig.users["pat"], rig.service_url, scores[3], card_id)) as response:
        assert response.status == 200
        body = await response.json()
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(body["value"])
    assert "**Communication** (2 of 2)" in card_text(body["value"])
    assert rig.connector.calls[before:] == [], "the card is replaced by the response itself"


async def test_the_recorded_execute_press_is_answered_not_crashed(rig: Rig) -> None:
    # Exactly the recorded invoke: its data is not one of our actions.
    activity = fixture("invoke_adaptiveCard_action.json")
    activity.update(serviceUrl=rig.service_url, conversation={
        **activity["conversation"], "id": rig.users["pat"].conversation_id})
    activity["from"]["id"] = rig.users["pat"].user_id
    activity["from"]["aadObjectId"] = rig.users["pat"].aad_object_id
    async with rig.session.post(rig.url, json=activity) as response:
        assert response.status == 200
        body = await response.json()
    assert body["type"] == "application/vnd.microsoft.activity.message"
    posted = [c for c in rig.connector.calls if c.method == "POST"]
    assert len(posted) == 1
    assert "no longer does anything" in card_text(posted[0].cards[0])
