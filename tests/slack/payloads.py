"""Slack requests shaped like the recorded ones in shared/validators/fixtures/slack/ (our user ids,
actions and response_urls substituted), and Slack's request signing. Ids are fake."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "validators" / "fixtures" / "slack"
if not FIXTURES.is_dir():  # the repository checked out somewhere else
    FIXTURES = Path("/work/shared/validators/fixtures/slack")

TEAM = "T111"
_ids = itertools.count(1)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text()


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_text(name))
    return data


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return f"v0={digest.hexdigest()}"


def signed_headers(secret: str, body: str, *, content_type: str,
                   timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature(secret, ts, body)}


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def slash_command(user_id: str, text: str, response_url: str, *,
                  channel_id: str = "C111") -> str:
    """The recorded /hello-world body, as /career from our user."""
    fields = dict(parse_qsl(fixture_text("slash_command.form.txt"), keep_blank_values=True))
    fields.update(command="/career", text=text, user_id=user_id, user_name=user_id.lower(),
                  response_url=response_url, channel_id=channel_id, team_id=TEAM,
                  trigger_id=f"{next(_ids)}.111.trigger")
    return urlencode(fields)


def event_callback(event: dict[str, Any], *, event_id: str | None = None) -> str:
    """The recorded Events API envelope with our event inside."""
    envelope = fixture("app_home_opened_event_callback.json")
    envelope.update(team_id=TEAM, event=event, event_id=event_id or f"Ev{next(_ids):06d}",
                    event_time=int(time.time()))
    envelope["authorizations"][0].update(team_id=TEAM, user_id="UBOT",
                                         is_enterprise_install=False)
    return json.dumps(envelope)


def dm_event(user_id: str, text: str, *, channel: str = "D111", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user_id,
            "text": text, "ts": f"{int(time.time())}.{next(_ids):06d}", **extra}


def mention_event(user_id: str, text: str, *, channel: str = "C222",
                  thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "channel": channel, "user": user_id,
             "text": f"<@UBOT> {text}", "ts": f"{int(time.time())}.{next(_ids):06d}"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def home_opened_event(user_id: str, tab: str = "home") -> dict[str, Any]:
    event = copy.deepcopy(fixture("app_home_opened_event_callback.json")["event"])
    event.update(user=user_id, tab=tab, channel="D111")
    return dict(event)


def block_action(user_id: str, element: dict[str, Any], response_url: str | None, *,
                 container: dict[str, Any] | None = None,
                 state: dict[str, Any] | None = None) -> str:
    """The recorded block_actions payload with our user pressing `element` (a rendered button),
    form-encoded as Slack sends it."""
    body = fixture("block_actions.json")
    body["user"].update(id=user_id, username=user_id.lower(), name=user_id.lower(),
                        team_id=TEAM)
    body["team"]["id"] = TEAM
    body["response_url"] = response_url
    if response_url is None:
        del body["response_url"]
    body["container"] = container or {"type": "message", "message_ts": "111.222",
                                      "channel_id": "C111", "is_ephemeral": True}
    body["trigger_id"] = f"{next(_ids)}.222.trigger"
    if state is not None:
        body["state"] = state
    action = body["actions"][0]
    action.update(action_id=element["action_id"], block_id="b1", text=element["text"],
                  action_ts=f"{time.time():.6f}")
    action["value"] = element.get("value", "")
    if "value" not in element:
        del action["value"]
    return f"payload={quote(json.dumps(body))}"


def view_submission(user_id: str, callback_id: str, private_metadata: str,
                    values: dict[str, Any]) -> str:
    body = fixture("view_submission.json")
    body["user"].update(id=user_id, team_id=TEAM)
    body["view"].update(callback_id=callback_id, private_metadata=private_metadata,
                        state={"values": values})
    return f"payload={quote(json.dumps(body))}"
