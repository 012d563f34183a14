"""eNPS and single-choice questions on Teams (issue 14, A): the invitation card holds 0-10 (in
rows Teams can show) and the choices, valid against the Adaptive Card 1.5 schema; pressing 0
stores 0 and the card updates in place with it ticked. Real CloudAdapter, fake connector."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from adapters.teams.render import ACTIONS_PER_ROW
from bot.pulses.rules import PulsePoll
from tests.hr.pulse_types_sample import QUESTIONS
from tests.sql_repo import SqlHr, SqlRepo
from tests.teams.activities import message, submit
from tests.teams.conftest import (
    Rig,
    assert_valid_card,
    card_text,
    nodes,
    submits,
)
from tests.teams.fake_connector import Call


async def open_pulse(rig: Rig) -> None:
    hr = SqlHr(rig.db)
    clock = rig.endpoint.bot.services.clock.now()
    poll = await hr.create_pulse(PulsePoll(0, "Quarter pulse", QUESTIONS, ("core",),
                                           clock - timedelta(hours=1), clock + timedelta(days=5)))
    assert await hr.open_pulse(poll.id, await SqlRepo(rig.db).in_teams(("core",)))


def answers_to(card: dict[str, Any], qid: str) -> list[dict[str, Any]]:
    return [s for s in submits(card) if s["data"].get("q") == qid]


async def invitation(rig: Rig) -> Call:
    (call,) = await rig.exchange(message(rig.users["pat"], rig.service_url, "pulse"))
    assert_valid_card(call.cards[0])
    return call


async def test_the_card_shows_0_to_10_in_rows_and_the_choices(rig: Rig) -> None:
    await open_pulse(rig)
    card = (await invitation(rig)).cards[0]
    enps = answers_to(card, "enps")
    assert [s["data"]["score"] for s in enps] == [str(n) for n in range(11)]
    assert enps[0]["title"] == "0 Not at all likely" and enps[-1]["title"] == "10 Extremely likely"
    assert [s["title"] for s in answers_to(card, "often")] == [
        "1 Every week", "2 Every month", "3 Hardly ever"]
    sets = [n for n in nodes(card) if n.get("type") == "ActionSet"
            and any(a["data"].get("q") == "enps" for a in n["actions"])]
    assert [len(s["actions"]) for s in sets] == [ACTIONS_PER_ROW, 11 - ACTIONS_PER_ROW]
    assert "0 = not at all likely, 10 = extremely likely" in card_text(card)


async def test_pressing_0_stores_it_and_ticks_it_in_place(rig: Rig) -> None:
    await open_pulse(rig)
    invite = await invitation(rig)
    zero = answers_to(invite.cards[0], "enps")[0]["data"]
    (updated,) = await rig.exchange(submit(rig.users["pat"], rig.service_url, zero,
                                           invite.new_id or ""))
    card = updated.cards[0]
    assert_valid_card(card)
    assert (updated.method, updated.activity_id) == ("PUT", invite.new_id)
    titles = [s["title"] for s in answers_to(card, "enps")]
    assert titles[0] == "✓ 0 Not at all likely" and not any("✓" in t for t in titles[1:])
    assert "Saved (1 of 3 answered)" in card_text(card)
    assert dict(await SqlHr(rig.db).answers_of(1, rig.people["pat"])) == {"enps": 0}


async def test_a_forged_score_is_refused_and_nothing_stored(rig: Rig) -> None:
    await open_pulse(rig)
    invite = await invitation(rig)
    forged = {**answers_to(invite.cards[0], "enps")[0]["data"], "score": "11"}
    (refused,) = await rig.exchange(submit(rig.users["pat"], rig.service_url, forged,
                                           invite.new_id or ""))
    assert "from 0 to 10" in card_text(refused.cards[0])
    assert dict(await SqlHr(rig.db).answers_of(1, rig.people["pat"])) == {}
