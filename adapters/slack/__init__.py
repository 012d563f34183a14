"""Slack: the Bolt app (HTTP and Socket Mode), Block Kit rendering, identity and proactive
messages. Only this package knows Slack."""
