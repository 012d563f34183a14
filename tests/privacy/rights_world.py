"""A small organisation with something of every kind held about people, written through the
real repositories: Morgan manages Pat and Sam (HR); Pat has ratings (self and Morgan's, shared),
a plan and a goal, a note Morgan wrote, a Slack identity and address, messages, a closed pulse
(answered, with a comment) and an open one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.events import Platform
from bot.model import Person
from bot.pulses.rules import PulsePoll, default_questions
from storage.database import Database
from storage.stores import Stores
from tests.storage.seed import seed_people

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
NOTE = "Agreed: Pat pairs with Lee on the billing design"
COMMENT = "More time for learning, please"


async def rate(st: Stores, subject: int, rater: int, score: int, at: datetime) -> int:
    a = await st.assessments.start_assessment(subject, rater, "engineering", "se2", at)
    await st.assessments.set_score(a.id, "ownership", score, at)
    await st.assessments.complete_assessment(a.id, at)
    return a.id


async def build_world(db: Database) -> dict[str, int]:
    """Person ids by name, plus `closed` and `open` pulse ids."""
    ids = await seed_people(db)
    morgan, pat, sam = ids["morgan"], ids["pat"], ids["sam"]
    st = Stores(db)
    await rate(st, pat, pat, 3, T0)
    await st.assessments.share_rating(await rate(st, pat, morgan, 4, T0), T0)
    await rate(st, morgan, morgan, 5, T0)
    await st.plans.save_plan(pat, "engineering", "se2", ["ownership"], T0)
    await st.plans.add_goal(pat, "Lead a design review", None, T0)
    await st.checkins.add_note(pat, morgan, NOTE, "note", T0)
    await st.checkins.add_note(sam, morgan, "Sam leads the offsite", "note", T0)
    await st.people.link_identity(pat, Platform.SLACK, "UPAT", "T1")
    await st.addresses.save_address(Platform.SLACK, "UPAT", "T1", {"channel": "DPAT"})
    await st.outbox.enqueue("goal:1", "nudge", [pat, sam])
    people = [p for pid in (morgan, pat, sam) if (p := await st.people.person(pid))]
    questions = default_questions()
    qids = [q.id for q in questions]
    closed = await st.pulses.create_pulse(PulsePoll(0, "Pulse", questions, (), T0,
                                                    T0 + timedelta(days=5)))
    await st.pulses.open_pulse(closed.id, people)
    for person in people:
        for qid in qids:
            await st.pulses.record_answer(closed.id, person.id, qid, 4, qids)
    await st.pulses.record_comment(closed.id, pat, COMMENT)
    await st.pulses.close_pulse(closed.id)
    opened = await st.pulses.create_pulse(PulsePoll(0, "Pulse 2", questions, (), T0,
                                                    T0 + timedelta(days=40)))
    await st.pulses.open_pulse(opened.id, people)
    return {**ids, "closed": closed.id, "open": opened.id}


def person_of(people: list[Person], email: str) -> Person:
    return next(p for p in people if p.email == email)
