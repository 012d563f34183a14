"""Assessments: readiness ratings (self and manager), their scores, and shared ratings."""
