"""Check-in Reply builders: a report at a glance for their manager, and the prompt buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.checkins import rules as checkins
from bot.hours import zone
from bot.model import Person, Track
from bot.people import Standing
from bot.plans import rules as plans
from bot.reply import Block, Bullets, Button, Buttons, Caption, Fields, Table, Text


def day_label(moment: datetime | None, tz_name: str) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(zone(tz_name)).strftime("%a %d %b %Y")


def overview_blocks(now: Standing, plan: plans.Plan | None, last: datetime | None,
                    viewer: Person, today: date, *, ratings: bool = True,
                    focus: bool = True) -> list[Block]:
    """A report at a glance for their manager: level, plan, ratings side by side with gaps
    flagged, and questions for the weakest competencies. `ratings=False` for HR (track only);
    `focus=False` for a manager's manager (the plan's status, not its content)."""
    p, track, target = now.person, now.track, now.target
    chosen = ", ".join(_names(track, plan.focus if plan else ())) or "none yet"
    blocks: list[Block] = [Fields((
        ("Level", now.level.title if now.level else "not set"),
        ("Next level", " or ".join(lv.title for lv in now.upcoming) or "top of the track"),
        *((("Focus", chosen),) if ratings and focus else ()),
        *((("Plan", plans.status(plan, today)),) if ratings else ()),
        ("Last check-in", day_label(last, viewer.timezone)),
    ))]
    if not ratings or track is None or target is None:
        return blocks
    ids = plans.plan_competencies(track, target.id)
    mine = now.self_rating.scores if now.self_rating else {}
    boss = now.manager_rating.scores if now.manager_rating else {}
    rows = checkins.side_by_side(track, ids, mine, boss)
    blocks.append(Table(("Competency", "Self", "Manager", "Gap"), tuple(
        (r.name, _score(r.self_score), _score(r.manager_score), "gap >= 2" if r.gap else "")
        for r in rows)))
    flagged = [r.name for r in rows if r.gap]
    if flagged:
        blocks.append(Text(f"**Biggest gaps:** {', '.join(flagged)}. Worth talking through."))
    if not now.self_rating:
        blocks.append(Caption(f"{p.first_name} has not rated their readiness yet."))
    questions = checkins.suggested_questions(track, target.id, checkins.weakest(rows))
    if questions:
        blocks.append(Text(f"**Questions for {p.first_name}** (towards {target.title}):"))
        blocks.append(Bullets(tuple(questions)))
    return blocks


def _score(score: int | None) -> str:
    return "-" if score is None else str(score)


def _names(track: Track | None, ids: Sequence[str]) -> list[str]:
    comps = track.competencies if track else ()
    return [next((c.name for c in comps if c.id == cid), cid) for cid in ids]


def prompt_buttons(report: Person, prompt_id: int | None) -> Buttons:
    ids = {"p": str(report.id), **({"c": str(prompt_id)} if prompt_id else {})}
    buttons = [Button(f"Rate {report.first_name}'s readiness", "checkins.rate",
                      {"p": str(report.id)}, style="primary"),
               Button("Log notes", "checkins.notes", ids)]
    if prompt_id:
        buttons += [Button("Snooze a week", "checkins.snooze", ids),
                    Button("Skip", "checkins.skip", ids)]
    return Buttons(tuple(buttons))
