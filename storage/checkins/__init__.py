"""Check-ins: cadences, next slots, prompts to managers (an outbox) and the notes they log."""
