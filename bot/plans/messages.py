"""Development plan Reply builders: the plan itself and the nudge when a goal falls due."""

from __future__ import annotations

from datetime import date

from bot.people import Standing
from bot.plans import rules as plans
from bot.plans.rules_dates import spoken
from bot.plans.service import aim
from bot.reply import Block, Bullets, Button, Buttons, Caption, Fields, Header, Reply, Text

PRIVACY = "Your plan is visible to you and your manager, nobody else."


def _goal_line(goal: plans.Goal, number: int) -> str:
    due = f" (due {goal.due.isoformat()})" if goal.due else ""
    return f"{number}. {'[done] ' if goal.done else ''}{goal.text}{due}"


def plan_blocks(now: Standing, plan: plans.Plan | None, today: date,
                *, own: bool) -> list[Block]:
    track, found = now.track, aim(now)
    who = "Your" if own else f"{now.person.first_name}'s"
    blocks: list[Block] = [Header(f"{who} development plan")]
    if track is None or found is None:
        return blocks + [Text("A plan needs a level to grow from; there isn't one on the "
                              "track yet.")]
    target = found.level
    names = {c.id: c.name for c in track.competencies}
    focus = plan.focus if plan else ()
    blocks.append(Fields((("Deepening" if found.deepen else "Towards", target.title),
                          ("Focus", ", ".join(names.get(c, c) for c in focus) or "not chosen yet"),
                          ("Status", plans.status(plan, today)))))
    if found.deepen:
        blocks.append(Text(f"{'You are' if own else 'They are'} at the top of {track.name}: "
                           f"this plan is about deepening what {target.title} asks for, and "
                           "widening its scope and impact."))
    goals = plan.goals if plan else ()
    if goals:
        blocks.append(Bullets(tuple(_goal_line(g, i) for i, g in enumerate(goals, start=1))))
    if not own:
        return blocks
    if not focus:
        scores = now.self_rating.scores if now.self_rating else {}
        suggested = plans.suggest_focus(track, target.id, scores)
        blocks.append(Text("Pick one to three competencies to focus on. Suggested"
                           f"{' (your lowest self-ratings)' if scores else ''}: "
                           f"{', '.join(names[c] for c in suggested)}."))
        blocks.append(Buttons((Button("Use the suggestion", "plan.focus",
                                      {"focus": ",".join(suggested)}, style="primary"),)))
    blocks.append(Caption("Add a goal with \"goal Write a design doc by 20 Dec\" (or by next "
                          "friday, in 2 weeks...); change one with \"goal 1 done\", \"goal 1 "
                          "edit ...\", \"goal 1 remove\" or \"goal 1 reopen\"; choose focus "
                          "with \"plan focus ownership\"."))
    blocks.append(Caption(PRIVACY))
    return blocks


def goal_nudge(goal: plans.Goal) -> Reply:
    due = f"on {spoken(goal.due)}" if goal.due else "soon"
    return Reply((
        Text(f"A nudge from your development plan: **{goal.text}** is due {due}."),
        Buttons((Button("See my plan", "plan.show"),)),
        Caption("Say \"goal N done\" when it's done, or \"goal N edit ...\" to adjust it. Only "
                "you and your manager see your plan."),
    ), ephemeral=False)
