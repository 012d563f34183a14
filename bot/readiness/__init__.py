"""Readiness ratings: the guided self-assessment and a manager's rating of a report."""
