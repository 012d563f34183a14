"""Forged button presses: anyone can send any action id with any value (ids of other people's
ratings, prompts, pulses). Each is refused and leaves the real SQLite database as it was.

Cast (tests/managers/org.py): Ada manages Morgan, Morgan manages Pat and Sam, Lee manages Cole,
Hana is HR."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.authz import REFUSAL
from bot.pulses.rules import PulsePoll, default_questions
from bot.reply import Reply
from storage.database import Database
from tests.managers.chat import Chat, services
from tests.managers.org import T0, seed
from tests.sql_repo import SqlHr, SqlManagers, SqlRepo

# Everything a forged press could change (identities and track views are bookkeeping).
TABLES = ("people", "assessments", "scores", "shared_ratings", "dev_plans", "plan_goals",
          "checkin_prompts", "checkin_notes", "checkin_cadences", "checkin_schedules",
          "pulses", "pulse_recipients", "pulse_answers", "pulse_comments", "rollouts")


@dataclass
class Org:
    chat: Chat
    db: Database
    ids: dict[str, int]
    pat_self: int  # Pat's own rating, in progress
    morgan_of_pat: int  # Morgan's finished rating of Pat, not shared yet
    prompt_pat: int  # Morgan's check-in prompt about Pat (sent)
    prompt_sam: int  # Morgan's check-in prompt about Sam (sent)
    prompt_cole: int  # Lee's check-in prompt about Cole (sent)
    pulse: int  # open, sent to Pat and Sam only

    async def snapshot(self) -> dict[str, list[tuple[object, ...]]]:
        async with self.db.session() as s:
            conn = await s.connection()
            return {t: [tuple(r) for r in (await conn.exec_driver_sql(
                f"SELECT * FROM {t} ORDER BY 1")).all()] for t in TABLES}

    async def press(self, who: str, action_id: str, value: dict[str, str],
                    form: dict[str, str] | None = None) -> Reply:
        return await self.chat.press(who, action_id, value, form)


@pytest.fixture
async def org(sqlite_db: Database) -> AsyncIterator[Org]:
    ids = await seed(sqlite_db)
    chat = Chat(services(sqlite_db))
    repo, managers = SqlRepo(sqlite_db), SqlManagers(sqlite_db)
    assert managers is not None
    pat, sam, cole, morgan, lee = (ids[n] for n in ("pat", "sam", "cole", "morgan", "lee"))
    own = await repo.start_assessment(pat, pat, "engineering", "se2", T0)
    await repo.set_score(own.id, "ownership", 3, T0)
    boss = await repo.start_assessment(pat, morgan, "engineering", "se2", T0)
    for cid in ("ownership", "communication"):
        await repo.set_score(boss.id, cid, 4, T0)
    await repo.complete_assessment(boss.id, T0)
    await managers.save_plan(pat, "engineering", "se2", ["ownership"], T0)
    await managers.add_goal(pat, "Present at the guild", None, T0)
    await managers.add_note(pat, morgan, "Secret chat", "note", T0)
    await managers.add_prompts(morgan, [pat, sam], T0, T0)
    await managers.add_prompts(lee, [cole], T0, T0)
    prompts = {p.report_id: p.id for p in await managers.prompts_due(T0)}
    for pid in prompts.values():
        assert await managers.move_prompt(pid, ["pending"], "sent", T0)
    hr = SqlHr(sqlite_db)
    poll = await hr.create_pulse(PulsePoll(0, "Pulse", default_questions(), ("core",), T0,
                                           T0 + timedelta(days=5)))
    people = [p for p in await repo.in_teams() if p.id in (pat, sam)]
    assert await hr.open_pulse(poll.id, people)
    yield Org(chat, sqlite_db, ids, own.id, boss.id, prompts[pat], prompts[sam], prompts[cole],
              poll.id)


def refused(reply: Reply) -> bool:
    return REFUSAL in reply.text


async def test_nobody_scores_someone_elses_rating(org: Org) -> None:
    before = await org.snapshot()
    for who, rating in (("cole", org.pat_self), ("morgan", org.pat_self), ("hana", org.pat_self),
                        ("ada", org.pat_self), ("pat", org.morgan_of_pat),
                        ("cole", org.morgan_of_pat)):
        for action in ("readiness.score", "readiness.skip"):
            reply = await org.press(who, action, {"a": str(rating), "c": "ownership",
                                                  "score": "5"})
            assert "isn't yours" in reply.text, (who, action)
            assert "Secret" not in reply.text and "%" not in reply.text
    assert await org.snapshot() == before


async def test_only_the_rater_shares_a_manager_rating(org: Org) -> None:
    before = await org.snapshot()
    for who in ("pat", "ada", "hana", "cole", "lee", "sam"):
        reply = await org.press(who, "checkins.share", {"a": str(org.morgan_of_pat)})
        assert "isn't yours to share" in reply.text, who
    # Morgan cannot "share" Pat's own self-rating on her behalf either.
    reply = await org.press("morgan", "checkins.share", {"a": str(org.pat_self)})
    assert "isn't yours to share" in reply.text
    assert await org.snapshot() == before


@pytest.mark.parametrize("who", ["pat", "sam", "ada", "hana", "cole", "lee"])
async def test_only_the_direct_manager_rates_or_writes_notes(org: Org, who: str) -> None:
    before = await org.snapshot()
    pat = str(org.ids["pat"])
    assert refused(await org.press(who, "checkins.rate", {"p": pat}))
    assert refused(await org.press(who, "checkins.rate", {"p": pat, "level": "se2"}))
    form = await org.press(who, "checkins.notes", {"p": pat, "c": str(org.prompt_pat)})
    assert refused(form)
    saved = await org.press(who, "checkins.save_note", {"p": pat, "c": str(org.prompt_pat)},
                            {"note": "forged", "actions": "forged action"})
    assert refused(saved)
    assert await org.snapshot() == before


async def test_a_note_cannot_claim_another_managers_prompt(org: Org) -> None:
    """Lee may write about Cole, but naming Morgan's prompt about Pat must not touch it."""
    before = await org.snapshot()
    reply = await org.press("lee", "checkins.save_note",
                            {"p": str(org.ids["cole"]), "c": str(org.prompt_pat)},
                            {"note": "about Cole"})
    assert "isn't yours" in reply.text
    assert await org.snapshot() == before


async def test_a_note_cannot_claim_the_prompt_about_another_report(org: Org) -> None:
    """Morgan's note about Pat naming Morgan's prompt about Sam must not mark Sam's as held."""
    before = await org.snapshot()
    reply = await org.press("morgan", "checkins.save_note",
                            {"p": str(org.ids["pat"]), "c": str(org.prompt_sam)},
                            {"note": "about Pat"})
    assert "isn't yours" in reply.text
    assert await org.snapshot() == before
    ok = await org.press("morgan", "checkins.save_note",
                         {"p": str(org.ids["pat"]), "c": str(org.prompt_pat)}, {"note": "fine"})
    assert "Saved" in ok.text
    managers = SqlManagers(org.db)
    assert managers is not None
    held = await managers.prompt(org.prompt_pat)
    assert held is not None and held.status == "held"
    sam = await managers.prompt(org.prompt_sam)
    assert sam is not None and sam.status == "sent"


@pytest.mark.parametrize("who", ["pat", "ada", "hana", "cole", "lee"])
async def test_only_the_prompted_manager_snoozes_or_skips(org: Org, who: str) -> None:
    before = await org.snapshot()
    for action in ("checkins.snooze", "checkins.skip"):
        value = {"p": str(org.ids["pat"]), "c": str(org.prompt_pat)}
        reply = await org.press(who, action, value)
        assert "isn't yours" in reply.text, (who, action)
    assert await org.snapshot() == before


async def test_plan_buttons_only_ever_touch_the_pressers_own_plan(org: Org) -> None:
    before = await org.snapshot()
    pat = str(org.ids["pat"])
    shown = await org.press("cole", "plan.show", {"p": pat, "person": pat})
    assert "Present at the guild" not in shown.text and "Your development plan" in shown.text
    await org.press("cole", "plan.focus", {"focus": "communication", "p": pat, "person": pat})
    after = await org.snapshot()
    plans = [row for row in after["dev_plans"] if row not in before["dev_plans"]]
    assert [row[0] for row in plans] == [org.ids["cole"]]  # Cole's own plan, nobody else's
    assert {k: v for k, v in after.items() if k != "dev_plans"} == \
           {k: v for k, v in before.items() if k != "dev_plans"}


@pytest.mark.parametrize("who", ["cole", "hana", "morgan"])
async def test_a_pulse_is_answered_only_by_its_recipients(org: Org, who: str) -> None:
    before = await org.snapshot()
    question = default_questions()[0].id
    answer = await org.press(who, "pulse.answer", {"p": str(org.pulse), "q": question,
                                                   "score": "1"})
    comment = await org.press(who, "pulse.comment", {"p": str(org.pulse)}, {"comment": "x"})
    assert "not sent to you" in answer.text and "not sent to you" in comment.text
    assert await org.snapshot() == before


@pytest.mark.parametrize("who", ["pat", "cole", "hana", "lee"])
async def test_team_expand_shows_only_the_pressers_own_reports(org: Org, who: str) -> None:
    reply = await org.press(who, "team.expand", {"p": str(org.ids["morgan"])})
    assert "Pat Example" not in reply.text and "Sam Example" not in reply.text


async def test_the_hr_self_check_refuses_everyone_else(org: Org) -> None:
    for who in ("pat", "morgan", "cole"):
        reply = await org.press(who, "selfcheck.answer", {"a": "1,1", "score": "3"})
        assert "for the HR team" in reply.text


async def test_garbage_ids_are_refused_politely(org: Org) -> None:
    before = await org.snapshot()
    for action in ("readiness.score", "checkins.share", "checkins.rate", "checkins.notes",
                   "checkins.save_note", "checkins.snooze", "checkins.skip", "pulse.answer"):
        for junk in ("", "-1", "999999", "1; DROP TABLE people", "1e3"):
            reply = await org.press("morgan", action, {"a": junk, "p": junk, "c": junk},
                                    {"note": "x"})
            assert reply.text and "Sorry, something went wrong" not in reply.text, (action, junk)
    assert await org.snapshot() == before
