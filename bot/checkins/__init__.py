"""Manager check-ins: cadence, prompts, notes, and the team overview."""
