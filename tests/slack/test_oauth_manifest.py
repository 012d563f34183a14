"""`careerbot manifest slack` with Slack OAuth settings: the redirect URL is in the manifest
(oauth_config.redirect_urls, valid against Slack's schema) and printed apart from it."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from careerbot.cli_manifest import manifest_app
from tests.slack.test_manifest import errors

runner = CliRunner()


def test_the_manifest_has_the_redirect_url_when_oauth_is_configured(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111.2222")
    result = runner.invoke(manifest_app, ["slack", "--url", "https://careerbot.acme.test/x/"])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.stdout)
    assert errors(document) == []
    redirect = "https://careerbot.acme.test/x/slack/oauth_redirect"
    assert document["oauth_config"]["redirect_urls"] == [redirect]
    assert result.stderr.strip() == f"OAuth redirect URL: {redirect}"


def test_single_token_manifest_has_no_redirect_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_CLIENT_ID", raising=False)
    result = runner.invoke(manifest_app, ["slack", "--url", "https://careerbot.acme.test"])
    assert result.exit_code == 0, result.output
    assert "redirect_urls" not in yaml.safe_load(result.stdout)["oauth_config"]
    assert result.stderr == ""
