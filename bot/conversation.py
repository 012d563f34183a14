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
from bot.ports import UnitOfWork
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


class _NeedsEmail(Exception):
    """The actor is unknown and no email came with the event: look it up outside the unit."""


async def identify(uow: UnitOfWork, actor: Actor, email: str | None) -> Person | None:
    """The person behind a platform user, linking the identity by email the first time.

    Raises _NeedsEmail when the user is unknown and `email` is None (the caller asks the
    platform's directory, a network call, outside any transaction)."""
    person = await uow.people.person_by_identity(actor.platform, actor.user_id)
    if person is not None:
        return person
    if email is None:
        raise _NeedsEmail
    person = await uow.people.person_by_email(email.strip().lower()) if email else None
    if person is not None:
        await uow.people.link_identity(person.id, actor.platform, actor.user_id, actor.tenant_id)
    return person


async def _route(ctx: Context) -> Reply:
    event = ctx.event
    if isinstance(event, TextMessage):
        intent = match(event.text)
        return await INTENTS[intent.name](ctx, intent.argument)
    handler = ACTIONS.get(event.action_id)
    if handler is None:
        return await help_flow.expired_action(ctx, event)
    return await handler(ctx, event)


async def _answer(services: Services, event: Event, email: str | None) -> Reply | None:
    """Everything about one event in one transaction: de-duplication, the address, identity
    and the flow's reads and writes, committed once. Planner notices go out after the commit."""
    actor = event.actor
    async with services.units() as uow:
        if event.key is not None and not await uow.events.claim_event(
                event.key, services.clock.now()):
            return None  # a platform retry of an event already answered
        if event.address is not None:
            await uow.addresses.save_address(actor.platform, actor.user_id, actor.tenant_id,
                                             dict(event.address))
        person = await identify(uow, actor, email)
        if person is None:
            await uow.commit()
            return help_flow.not_known_reply()
        ctx = Context(services, uow, person, event)
        reply = await _route(ctx)
        await uow.commit()
    for pulse_id in sorted(ctx.changed_pulses):
        try:
            await services.planner.pulse_changed(pulse_id)
        except Exception:  # the change is saved; the scheduler's reconcile catches up
            log.exception("could not tell the scheduler about pulse %s", pulse_id)
    return reply


async def handle(services: Services, event: Event) -> Reply | None:
    """Answer one event, in one unit of work. None when the event is a platform's redelivery
    of one already answered (nothing to say). Otherwise guarantees a Reply: failures are
    rolled back, logged, and answered politely."""
    try:
        try:
            return await _answer(services, event, event.actor.email)
        except _NeedsEmail:
            email = await services.directory.email_of(event.actor)
            return await _answer(services, event, email or "")
    except Exception:
        log.exception("failed to handle %s", type(event).__name__)
        return help_flow.sorry_reply()


def known_intents() -> set[str]:
    """Intent names a manifest's command list may use."""
    return set(INTENTS) - {"unknown"} - RATING_WORDS


# Words that only mean something while a rating is in progress: not commands to advertise.
RATING_WORDS = frozenset({"score", "skip", "pause"})
