"""Forms: inline inputs in messages, a modal when the form comes from the App Home tab, and the
submitted fields reaching the core as one Action. The core has no form flow yet, so a recording
handler stands in for `bot.conversation.handle` (the adapter's one seam)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web

from adapters.slack.app import SlackBot, SlackConfig
from bot import reply as r
from bot.context import Services
from bot.events import Action, Event
from careerbot.server import SLACK
from storage.database import Database
from tests.fakes import FakeClock, units_of
from tests.slack import payloads
from tests.slack.conftest import SECRET, TOKEN, Rig, all_text, button, start_app
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlRepo

PLAN_FORM = r.Form("plan.save", (r.FormField("goal", "Goal"),
                                 r.FormField("due", "Due date", kind="date")),
                   submit_label="Save plan", value={"plan": "7"})


@dataclass
class PlanHandler:
    seen: list[Event] = field(default_factory=list)

    async def __call__(self, services: Services, event: Event) -> r.Reply:
        self.seen.append(event)
        if isinstance(event, Action) and event.action_id == "plan.save":
            return r.Reply((r.Text(f"Saved: {event.form.get('goal')} by {event.form.get('due')}"),))
        return r.Reply((r.Header("Your plan"), PLAN_FORM))


@pytest.fixture
async def form_rig(sqlite_db: Database, sqlite_repo: SqlRepo,
                   fake_slack: FakeSlackApi) -> AsyncIterator[tuple[Rig, PlanHandler]]:
    handler = PlanHandler()
    bot = SlackBot(Services(units=units_of(sqlite_repo), clock=FakeClock()),
                   SlackConfig(TOKEN, SECRET, api_url=fake_slack.api_url), handle=handler)
    web_app = web.Application()
    web_app[SLACK] = bot
    web_app.router.add_post("/slack/events", bot.handle_http)
    runner, base = await start_app(web_app)
    async with aiohttp.ClientSession() as session:
        yield Rig(base, fake_slack, web_app, sqlite_db, sqlite_repo, {}, session), handler
    await runner.cleanup()
    assert not fake_slack.rejected


async def test_form_in_a_message_submits_its_inputs(form_rig: tuple[Rig, PlanHandler]) -> None:
    rig, handler = form_rig
    [shown] = await rig.command("pat", "plan")
    blocks = shown.args["blocks"]
    assert [b["type"] for b in blocks] == ["header", "input", "input", "actions"]
    state = {"values": {"field:goal": {"value": {"type": "plain_text_input",
                                                 "value": "Run a design review"}},
                        "field:due": {"value": {"type": "datepicker",
                                                "selected_date": "2026-06-30"}}}}
    [saved] = await rig.press("pat", button(blocks, "Save plan"), state=state)
    assert "Saved: Run a design review by 2026-06-30" in all_text(saved.args["blocks"])
    submitted = handler.seen[-1]
    assert isinstance(submitted, Action) and dict(submitted.value) == {"plan": "7"}


async def test_form_from_app_home_opens_a_modal(form_rig: tuple[Rig, PlanHandler]) -> None:
    rig, handler = form_rig
    edit = {"action_id": "plan.edit", "text": {"type": "plain_text", "text": "Edit plan"}}
    body = payloads.block_action("UPAT", edit, None, container={"type": "view",
                                                                "view_id": "VHOME"})
    assert await rig.post(body, payloads.FORM) == 200
    await rig.settle()
    [opened] = rig.slack.of("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"].endswith(".trigger")
    assert view["type"] == "modal" and view["callback_id"] == "plan.save"
    assert view["submit"]["text"] == "Save plan"
    assert [b["type"] for b in view["blocks"]] == ["header", "input", "input"]

    values = {"field:goal": {"value": {"type": "plain_text_input", "value": "Mentor"}},
              "field:due": {"value": {"type": "datepicker", "selected_date": "2026-07-01"}}}
    submit = payloads.view_submission("UPAT", view["callback_id"], view["private_metadata"],
                                      values)
    assert await rig.post(submit, payloads.FORM) == 200
    await rig.settle()
    [post] = rig.slack.of("chat.postMessage")
    assert post.args["channel"] == "UPAT"
    assert "Saved: Mentor by 2026-07-01" in all_text(post.args["blocks"])
    assert json.loads(view["private_metadata"]) == {"plan": "7"}
    assert handler.seen[-1] == Action(handler.seen[-1].actor, "plan.save", {"plan": "7"},
                                      {"goal": "Mentor", "due": "2026-07-01"})
