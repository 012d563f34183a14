"""A message's plain-text fallback (`text`) is parsed by Slack for notifications too: the
characters Slack treats as markup are escaped there, as in the blocks, so a typed
`<!channel>` or a track called `R&D <Core>` never pings anyone or turns into a link."""

from __future__ import annotations

from adapters.slack.render import render_message
from bot.reply import Bullets, Header, Reply, Text


def test_the_fallback_text_escapes_slack_markup() -> None:
    reply = Reply((Header("R&D <Core> track"),
                   Text('Sorry, I didn\'t catch "<!channel> hi <@U123>".'),
                   Bullets(("Ships & measures",))))
    (message,) = render_message(reply)
    assert "<" not in message.text and ">" not in message.text
    assert "R&amp;D &lt;Core&gt; track" in message.text
    assert "&lt;!channel&gt; hi &lt;@U123&gt;" in message.text
    assert "- Ships &amp; measures" in message.text


def test_an_empty_reply_falls_back_to_its_escaped_text() -> None:
    (message,) = render_message(Reply(()))
    assert message.text and "<" not in message.text


def test_a_long_fallback_is_cut_between_entities() -> None:
    (message,) = render_message(Reply((Text("a&" * 2000),)))
    assert len(message.text) <= 3000 and message.text.endswith("...")
    assert message.text.removesuffix("...").endswith(("a", "&amp;"))
