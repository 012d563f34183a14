"""The core's single entry point: identify who is speaking, route their text or button press to a
flow, and always answer with a Reply (never an exception)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.context import Context, Services
from bot.events import Action, Actor, Event, TextMessage
from bot.flows import (
    checkins,
    manager_rating,
    plan,
    pulse,
    pulse_answer,
    readiness,
    rollout,
    selfcheck,
    stats,
    team,
    tracks,
)
from bot.flows import help as help_flow
from bot.intents import match
from bot.model import Person
from bot.reply import Reply

log = logging.getLogger(__name__)

TextHandler = Callable[[Context, str], Awaitable[Reply]]
ActionHandler = Callable[[Context, Action], Awaitable[Reply]]

# Intent name -> flow. The intent matcher's vocabulary lives in bot/intents.py.
INTENTS: dict[str, TextHandler] = {
    "next": team.whats_next,
    "track": tracks.show_track,
    "tracks": tracks.list_tracks,
    "competency": tracks.show_competency,
    "rate": readiness.start,
    "score": readiness.typed_score,
    "skip": readiness.typed_skip,
    "pause": readiness.typed_pause,
    "help": help_flow.show_help,
    "assess": selfcheck.start,
    "rollout": rollout.command,
    "pulse": pulse.command,
    "stats": stats.show,
    "team": team.team,
    "plan": plan.show,
    "goal": plan.goal_command,
    "done": plan.done_command,
    "checkins": checkins.cadence_command,
    "notes": checkins.show_notes,
    "unknown": help_flow.not_understood,
}

# Namespaced action ids, identical on every platform.
ACTIONS: dict[str, ActionHandler] = {
    "tracks.next": tracks.next_action,
    "tracks.show": tracks.show_track_action,
    "tracks.list": tracks.list_tracks_action,
    "tracks.competency": tracks.competency_action,
    "readiness.start": readiness.start_action,
    "readiness.restart": readiness.restart_action,
    "readiness.score": readiness.score_action,
    "readiness.skip": readiness.skip_action,
    "readiness.pause": readiness.pause_action,
    "pulse.answer": pulse_answer.answer,
    "pulse.comment": pulse_answer.comment,
    "selfcheck.answer": selfcheck.answer,
    "team.expand": team.expand_action,
    "plan.focus": plan.focus_action,
    "plan.show": plan.show_action,
    "checkins.rate": team.rate_action,
    "checkins.share": manager_rating.share,
    "checkins.notes": checkins.notes_action,
    "checkins.save_note": checkins.save_note_action,
    "checkins.snooze": checkins.snooze_action,
    "checkins.skip": checkins.skip_action,
}


async def identify(services: Services, actor: Actor) -> Person | None:
    """The person behind a platform user, linking the identity by email the first time."""
    repo = services.repo
    person = await repo.person_by_identity(actor.platform, actor.user_id)
    if person is not None:
        return person
    email = actor.email
    if not email and services.directory is not None:
        email = await services.directory.email_of(actor)
    if not email:
        return None
    person = await repo.person_by_email(email.strip().lower())
    if person is not None:
        await repo.link_identity(person.id, actor.platform, actor.user_id, actor.tenant_id)
    return person


async def handle(services: Services, event: Event) -> Reply:
    """Answer one event. Guarantees a Reply; failures are logged and answered politely."""
    try:
        person = await identify(services, event.actor)
        if person is None:
            return help_flow.not_known_reply()
        ctx = Context(services, person, event)
        if isinstance(event, TextMessage):
            intent = match(event.text)
            return await INTENTS[intent.name](ctx, intent.argument)
        handler = ACTIONS.get(event.action_id)
        if handler is None:
            return await help_flow.expired_action(ctx, event)
        return await handler(ctx, event)
    except Exception:
        log.exception("failed to handle %s", type(event).__name__)
        return help_flow.sorry_reply()


def known_intents() -> set[str]:
    """Intent names a manifest's command list may use."""
    return set(INTENTS) - {"unknown"} - RATING_WORDS


# Words that only mean something while a rating is in progress: not commands to advertise.
RATING_WORDS = frozenset({"score", "skip", "pause"})
