"""One aiohttp session for the process's calls to Slack: slack_sdk opened and closed one per
call (a new connection and its setup for every answer through a response_url, every users.info
and chat.postMessage)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.slack.conftest import Rig


async def test_answers_share_one_session(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[int] = []
    real = aiohttp.ClientSession.__init__

    def counted(self: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> None:
        opened.append(id(self))
        real(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", counted)
    for text in ("next", "track", "next"):
        calls = await rig.command("pat", text)
        assert len(calls) == 1 and calls[0].args["blocks"]
    assert len(rig.slack.of("users.info")) == 1  # a Web API call went out too
    assert len(opened) == 1, f"{len(opened)} sessions for 3 answers"
