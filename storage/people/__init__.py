"""People: persons, their platform identities and reporting lines, proactive addresses, and
the platform event keys already answered."""
