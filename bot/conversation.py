"""The core's single entry point: identify who is speaking, route their text or button press to a
flow, and always answer with a Reply (never an exception) that says who may see it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from bot.commands import TextHandler
from bot.context import Context, Services
from bot.events import Action, Actor, Event, TextMessage
from bot.help import chat as help_chat
from bot.intents import match
from bot.model import Person
from bot.ports import UnitOfWork
from bot.readiness import chat as readiness_chat
from bot.registry import ACTIONS, COMMANDS
from bot.reply import Reply
from bot.rights.messages import no_access_reply
from bot.rollouts import chat as selfcheck
from bot.text import clean
from bot.visibility import decided, read_share, refusal, refused

log = logging.getLogger(__name__)

# Intent name -> command handler, and namespaced action ids (identical on every platform) ->
# handler: both from the features' registered commands (bot/registry.py).
INTENTS: dict[str, TextHandler] = {c.name: c.handler for c in COMMANDS}


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
    if person is not None and person.active:  # a leaver's new account is not linked
        await uow.people.link_identity(person.id, actor.platform, actor.user_id, actor.tenant_id)
    return person


async def _route(ctx: Context) -> Reply:
    event = ctx.event
    if isinstance(event, TextMessage):
        intent = match(event.text)
        # HR's self-check in progress takes a typed answer ("yes", "mostly") before help does.
        answered = await selfcheck.typed_answer(ctx, intent.name, event.text)
        return answered or await INTENTS[intent.name](ctx, intent.argument)
    handler = ACTIONS.get(event.action_id)
    if handler is None:
        return await help_chat.expired_action(ctx, event)
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
            return help_chat.not_known_reply()
        if not person.active:  # a leaver: nothing is read or written for them
            await uow.commit()
            return no_access_reply()
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
    of one already answered (nothing to say). Otherwise guarantees a Reply with its
    `visibility` decided (bot/visibility.py): failures are rolled back, logged, and answered
    politely; a place the bot does not talk careers in is refused before anything is read."""
    event = read_share(cleaned(event))
    if refused(event.place, event.actor.platform):
        return refusal()
    try:
        try:
            reply = await _answer(services, event, event.actor.email)
        except _NeedsEmail:
            email = await services.directory.email_of(event.actor)
            reply = await _answer(services, event, email or "")
    except Exception as error:
        # One line at ERROR says why; the traceback only at DEBUG. Never the text or who.
        kind = _kind(event)
        log.error("failed to handle %s: %s", kind, describe(error))
        log.debug("failed to handle %s", kind, exc_info=error)
        reply = help_chat.sorry_reply()
    return None if reply is None else decided(reply, event)


def cleaned(event: Event) -> Event:
    """The event with control characters taken out of what the person typed or sent (text,
    form fields, button values): nothing stored or shown later carries a terminal escape."""
    if isinstance(event, TextMessage):
        return replace(event, text=clean(event.text))
    return replace(event, value=_clean_values(event.value), form=_clean_values(event.form))


def _clean_values(values: Mapping[str, str]) -> dict[str, str]:
    return {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}


def describe(error: BaseException, limit: int = 200) -> str:
    """`Type: first line of the message`, at most `limit` characters: for a one-line log.

    Only the first line: database errors put the statement and its parameters (people's data)
    on the lines after it."""
    lines = str(error).strip().splitlines()
    first = lines[0] if lines else ""
    name = type(error).__name__
    return f"{name}: {first[:limit]}" if first else name


def _kind(event: Event) -> str:
    """What an event is, for logs: its type, action id and platform (no text, no person)."""
    action = f" {event.action_id}" if isinstance(event, Action) else ""
    return f"{type(event).__name__}{action} from {event.actor.platform.value}"


def known_intents() -> set[str]:
    """Intent names a manifest's command list may use."""
    return {c.name for c in COMMANDS if c.advertised}


# Words that only mean something while a rating is in progress: not commands to advertise.
RATING_WORDS = frozenset(c.name for c in readiness_chat.COMMANDS if not c.advertised)
