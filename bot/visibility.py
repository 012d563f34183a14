"""Who sees an answer where: one rule for every platform, applied by the core once per event.

Adapters say where an event happened (`Place`) and carry out the decision on the Reply."""

from __future__ import annotations

from dataclasses import replace

from bot.events import Action, Event, Place, Platform, TextMessage
from bot.reply import Reply, Text, Visibility

SHARE_WORD = "share"

# Platforms that can show a message to one person inside a conversation others read (Slack's
# ephemeral messages). Teams cannot; the terminal has no shared conversations.
WHISPERING = frozenset({Platform.SLACK})

PERSONAL_ONLY = ("I only talk about careers in a personal chat, so nobody else sees your track or "
                 "ratings. Open a chat with careerbot (Apps, then careerbot) and say \"help\".")


def split_share(text: str) -> tuple[str, bool]:
    """"next share" -> ("next", True): a trailing "share" asks for a reply everyone sees."""
    words = text.split()
    share = bool(words) and words[-1].casefold() == SHARE_WORD
    return " ".join(words[:-1] if share else words), share


def read_share(event: Event) -> Event:
    """A typed message with its trailing "share" taken off the text and kept as `share`."""
    if not isinstance(event, TextMessage):
        return event
    text, share = split_share(event.text)
    return replace(event, text=text, share=share)


def refused(place: Place, platform: Platform) -> bool:
    """No career talk in a shared place on a platform that cannot whisper: nothing said there
    could be kept to the asker, so the core does not even look the person up."""
    return place is Place.CHANNEL and platform not in WHISPERING


def decide(*, private: bool, place: Place, share: bool, platform: Platform) -> Visibility:
    """The policy table. `private`: the answer is the asker's own; `share`: they asked for
    everyone there to see it. A direct place has nobody else to hide the answer from."""
    if refused(place, platform):
        return Visibility.REFUSE
    if place is Place.DIRECT or share or not private:
        return Visibility.SHARED
    return Visibility.PRIVATE_HERE


def refusal() -> Reply:
    """What someone asking in a place the bot does not talk careers in sees."""
    return Reply((Text(PERSONAL_ONLY),), visibility=Visibility.REFUSE)


def decided(reply: Reply, event: Event) -> Reply:
    """`reply` with the visibility for the place `event` happened in.

    A press is always private: anyone reading a channel can press a button on an answer shown
    there, what comes back is for the one who pressed, and a press cannot ask to share."""
    share = isinstance(event, TextMessage) and event.share
    private = reply.ephemeral or isinstance(event, Action)
    return replace(reply, visibility=decide(private=private, place=event.place, share=share,
                                            platform=event.actor.platform))
