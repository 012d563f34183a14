"""Teams activities shaped like the recorded ones in shared/validators/fixtures/teams/, pointed at
the local fake Bot Connector. Ids are fake; no real tenant data."""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "validators" / "fixtures" / "teams"
if not FIXTURES.is_dir():  # the repository checked out somewhere else
    FIXTURES = Path("/work/shared/validators/fixtures/teams")

TENANT = "a1b2c3d4-0000-4000-8000-00000000beef"
BOT_ID = "28:careerbot-test"


def new_id() -> str:
    """A fresh activity id (Teams never reuses one; a repeated id is a redelivery)."""
    return f"f:{uuid.uuid4()}"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


@dataclass(frozen=True)
class TeamsUser:
    """One person in a personal chat with the bot."""

    user_id: str  # the bot-specific 29: id
    aad_object_id: str
    name: str
    conversation_id: str

    @classmethod
    def make(cls, n: int, name: str = "Test User") -> TeamsUser:
        return cls(f"29:user-{n}", f"00000000-0000-4000-8000-{n:012d}", name,
                   f"a:personal-chat-{n}")


def _base(user: TeamsUser, service_url: str, kind: str) -> dict[str, Any]:
    """The recorded personal-chat invoke's envelope, re-addressed to `user` and the fake."""
    activity = fixture("invoke_adaptiveCard_action.json")
    for key in ("value", "name", "replyToId", "localTimestamp", "localTimezone"):
        activity.pop(key, None)
    activity.update(
        type=kind,
        id=new_id(),
        serviceUrl=service_url,
        channelData={"tenant": {"id": TENANT}},
        recipient={"id": BOT_ID, "name": "careerbot"},
        conversation={"id": user.conversation_id, "conversationType": "personal",
                      "tenantId": TENANT},
    )
    activity["from"] = {"id": user.user_id, "name": user.name, "aadObjectId": user.aad_object_id}
    return activity


def message(user: TeamsUser, service_url: str, text: str) -> dict[str, Any]:
    """A typed personal-chat message, with the bot @mention markup Teams can add."""
    activity = _base(user, service_url, "message")
    mention = "<at>careerbot</at>"
    activity.update(text=f"{mention} {text}", textFormat="plain", entities=[
        {"type": "mention", "text": mention, "mentioned": {"id": BOT_ID, "name": "careerbot"}},
        *activity["entities"],
    ])
    return activity


def submit(user: TeamsUser, service_url: str, data: dict[str, Any],
           card_id: str) -> dict[str, Any]:
    """An Action.Submit press: a message with no text whose `value` holds the button's data and
    whose `replyToId` is the card's message id."""
    activity = _base(user, service_url, "message")
    activity.update(value=copy.deepcopy(data), replyToId=card_id)
    return activity


def execute(user: TeamsUser, service_url: str, data: dict[str, Any],
            card_id: str) -> dict[str, Any]:
    """An Action.Execute press, exactly as recorded (invoke adaptiveCard/action)."""
    activity = fixture("invoke_adaptiveCard_action.json")
    activity.update(serviceUrl=service_url, id=new_id(), replyToId=card_id)
    activity["from"] = {"id": user.user_id, "name": user.name, "aadObjectId": user.aad_object_id}
    activity["conversation"].update(id=user.conversation_id)
    activity["value"]["action"]["data"] = copy.deepcopy(data)
    return activity


def conversation_update(user: TeamsUser, service_url: str) -> dict[str, Any]:
    """What Teams sends when the app is added to a personal chat: the bot joins."""
    activity = _base(user, service_url, "conversationUpdate")
    activity["membersAdded"] = [{"id": BOT_ID}]
    return activity


def installation_update(user: TeamsUser, service_url: str, action: str = "add") -> dict[str, Any]:
    activity = _base(user, service_url, "installationUpdate")
    activity["action"] = action
    return activity


def channel_message(service_url: str) -> dict[str, Any]:
    """The recorded channel message (with its @mention), only re-addressed to the fake."""
    activity = fixture("message_activity_channel.json")
    activity.update(serviceUrl=service_url, id=new_id())
    return activity
