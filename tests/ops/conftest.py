"""Operators' tests run the real serve stack of tests/slack (loopback HTTP, the fake Slack)."""

from tests.slack.conftest import fake_slack  # noqa: F401  (the fixture)
