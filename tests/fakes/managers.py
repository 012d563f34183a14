"""In-memory Plans and CheckIns, with the real ones' idempotency (see storage/plans and
storage/checkins)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from bot.checkins.rules import Cadence, Note, Prompt, PromptStatus
from bot.plans.rules import Goal, Plan


@dataclass
class FakePlans:
    saved: dict[int, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    goals: dict[int, Goal] = field(default_factory=dict)
    nudged: set[int] = field(default_factory=set)

    async def plan(self, person_id: int) -> Plan | None:
        goals = tuple(g for _, g in sorted(self.goals.items()) if g.person_id == person_id)
        if person_id not in self.saved and not goals:
            return None
        track_id, target, focus = self.saved.get(person_id, ("", "", ()))
        return Plan(person_id, track_id, target, focus, goals)

    async def save_plan(self, person_id: int, track_id: str, target_level_id: str,
                        focus: Sequence[str], at: datetime) -> None:
        self.saved[person_id] = (track_id, target_level_id, tuple(focus))

    async def add_goal(self, person_id: int, text: str, due: date | None, at: datetime) -> Goal:
        goal = Goal(max(self.goals, default=0) + 1, person_id, text, due)
        self.goals[goal.id] = goal
        return goal

    async def complete_goal(self, goal_id: int, at: datetime) -> Goal | None:
        goal = self.goals.get(goal_id)
        if goal is not None and goal.done_at is None:
            goal = self.goals[goal_id] = replace(goal, done_at=at)
        return goal

    async def update_goal(self, goal_id: int, text: str, due: date | None) -> Goal | None:
        goal = self.goals.get(goal_id)
        if goal is None:
            return None
        if due != goal.due:
            self.nudged.discard(goal_id)
        goal = self.goals[goal_id] = replace(goal, text=text, due=due)
        return goal

    async def reopen_goal(self, goal_id: int) -> Goal | None:
        goal = self.goals.get(goal_id)
        if goal is None:
            return None
        self.nudged.discard(goal_id)
        goal = self.goals[goal_id] = replace(goal, done_at=None)
        return goal

    async def remove_goal(self, goal_id: int) -> bool:
        self.nudged.discard(goal_id)
        return self.goals.pop(goal_id, None) is not None

    async def goals_to_nudge(self, due_by: date) -> Sequence[Goal]:
        return sorted((g for g in self.goals.values() if g.due is not None and g.due <= due_by
                       and g.done_at is None and g.id not in self.nudged),
                      key=lambda g: (g.due, g.id))

    async def claim_goal_nudge(self, goal_id: int, at: datetime) -> bool:
        if goal_id in self.nudged or goal_id not in self.goals:
            return False
        self.nudged.add(goal_id)
        return True


@dataclass
class FakeCheckIns:
    cadences: dict[int, Cadence] = field(default_factory=dict)  # 0 = the organisation default
    slots: dict[int, datetime | None] = field(default_factory=dict)
    prompts: dict[int, Prompt] = field(default_factory=dict)
    note_list: list[Note] = field(default_factory=list)

    async def cadence(self, manager_id: int | None) -> Cadence | None:
        return self.cadences.get(manager_id or 0)

    async def set_cadence(self, manager_id: int | None, cadence: Cadence, at: datetime) -> None:
        self.cadences[manager_id or 0] = cadence

    async def next_slot(self, manager_id: int) -> tuple[bool, datetime | None]:
        return (manager_id in self.slots, self.slots.get(manager_id))

    async def set_next_slot(self, manager_id: int, slot: datetime | None) -> None:
        self.slots[manager_id] = slot

    async def add_prompts(self, manager_id: int, report_ids: Sequence[int], slot: datetime,
                          send_at: datetime) -> int:
        known = {(p.manager_id, p.report_id, p.slot_at) for p in self.prompts.values()}
        added = 0
        for report_id in report_ids:
            if (manager_id, report_id, slot) not in known:
                prompt = Prompt(len(self.prompts) + 1, manager_id, report_id, slot, send_at,
                                PromptStatus.PENDING)
                self.prompts[prompt.id] = prompt
                known.add((manager_id, report_id, slot))
                added += 1
        return added

    async def prompts_due(self, now: datetime) -> Sequence[Prompt]:
        return sorted((p for p in self.prompts.values()
                       if p.status == PromptStatus.PENDING and p.send_at <= now),
                      key=lambda p: (p.send_at, p.id))

    async def prompt(self, prompt_id: int) -> Prompt | None:
        return self.prompts.get(prompt_id)

    async def latest_prompt(self, manager_id: int, report_id: int) -> Prompt | None:
        return max((p for p in self.prompts.values()
                    if (p.manager_id, p.report_id) == (manager_id, report_id)),
                   key=lambda p: (p.slot_at, p.id), default=None)

    async def move_prompt(self, prompt_id: int, expected: Sequence[str], status: str,
                          at: datetime, send_at: datetime | None = None) -> bool:
        prompt = self.prompts.get(prompt_id)
        if prompt is None or prompt.status not in expected:
            return False
        moved = replace(prompt, status=PromptStatus(status), send_at=send_at or prompt.send_at)
        if status == PromptStatus.SENT:
            moved = replace(moved, sent_at=at)
        if status == PromptStatus.HELD:
            moved = replace(moved, held_at=at)
        self.prompts[prompt_id] = moved
        return True

    async def last_checkin(self, report_id: int) -> datetime | None:
        return max((n.created_at for n in self.note_list if n.report_id == report_id),
                   default=None)

    async def add_note(self, report_id: int, author_id: int, text: str, kind: str,
                       at: datetime, prompt_id: int | None = None) -> Note:
        note = Note(len(self.note_list) + 1, report_id, author_id, text, at, kind, prompt_id)
        self.note_list.append(note)
        return note

    async def notes(self, report_id: int, limit: int = 10,
                    author_id: int | None = None) -> Sequence[Note]:
        found = [n for n in self.note_list if n.report_id == report_id
                 and (author_id is None or n.author_id == author_id)]
        return sorted(found, key=lambda n: (n.created_at, n.id), reverse=True)[:limit]
