"""Outbox: durable fan-out of proactive messages, one row per (subject, kind, person)."""
