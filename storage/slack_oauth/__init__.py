"""The tables slack_sdk's SQLAlchemy installation and OAuth state stores use (issue 13)."""
