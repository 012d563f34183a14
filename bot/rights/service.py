"""Recording HR's and admins' actions in the audit log, inside the unit of work of the action
itself (so an action rolled back leaves no entry, and an entry never goes missing)."""

from __future__ import annotations

from bot.context import Context
from bot.rights.rules import AuditEntry


async def audit(ctx: Context, action: str, detail: str = "",
                person_id: int | None = None) -> None:
    """Records that the person behind `ctx` did `action`: by email and person id, with the
    event's platform (`cli` with the OS user when the terminal acted). `detail` must hold no
    answer, comment or note."""
    who = ctx.person
    platform = ctx.event.actor.platform.value
    cli = who.id == 0  # the terminal's HR stand-in (careerbot/cli_hr.cli_person)
    actor = ctx.event.actor.user_id if cli else who.email
    await ctx.uow.audit.record(AuditEntry(
        at=ctx.services.clock.now(), platform="cli" if cli else platform, actor=actor,
        action=action, detail=detail, actor_id=None if cli else who.id, person_id=person_id))
