"""Every card the HR features produce (pulse invitation, reminder, results, rollout status,
self-check, stats, the unreachable list) is a valid Adaptive Card 1.5 under Teams' 28 KB limit,
also with the largest content they can hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.teams.render import card_bytes, render
from bot.model import Person
from bot.pulses.messages import invitation, results_reply
from bot.pulses.rules import (
    PulsePoll,
    PulseStatus,
    Question,
    Submission,
    aggregate,
    default_questions,
    tally_of,
)
from bot.pulses.service import unreachable_message
from bot.reply import Reply
from tests.teams.activities import message, submit
from tests.teams.conftest import TEAMS_MESSAGE_LIMIT, Rig, assert_valid_card, card_text, submits

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
LONG = "A statement HR wrote at length, to see that long text still fits. " * 4


def poll(questions: tuple[Question, ...] = default_questions(), **kw: Any) -> PulsePoll:
    return PulsePoll(12, "Career tracks pulse: Platform and Design", questions,
                     ("Platform", "Design"), OPENS, OPENS + timedelta(days=5), **kw)


def cards_of(reply: Reply) -> list[dict[str, Any]]:
    """The reply's cards, each checked against the schema and the size limit."""
    rendered = render(reply)
    for r in rendered:
        assert_valid_card(r.card)
        assert card_bytes(r.card) < TEAMS_MESSAGE_LIMIT - 2048  # room for the activity
        assert r.summary
    return [r.card for r in rendered]


def many_teams_results(teams: int, per_team: int, comments: int) -> Reply:
    questions = default_questions()
    subs = [Submission(f"Team {t:03d}", {q.id: 1 + (t + n) % 5 for q in questions})
            for t in range(teams) for n in range(per_team + t % 3)]
    results = aggregate(questions, tally_of(subs, [f"{LONG} ({n})" for n in range(comments)]),
                        {f"Team {t:03d}": per_team + 4 for t in range(teams)}, 5)
    trend = tuple((f"#{n} {OPENS:%d %b %Y}", 50.0 + n) for n in range(20))
    return results_reply(poll(status=PulseStatus.CLOSED), results, trend)


def test_the_pulse_invitation_is_one_valid_card_with_every_answer_button() -> None:
    (card,) = cards_of(invitation(poll(), {"know": 4, "plan": 2}, note="Saved (2 of 7)."))
    answers = [s for s in submits(card) if s["data"]["action_id"] == "pulse.answer"]
    assert len(answers) == 35 and {a["data"]["p"] for a in answers} == {"12"}
    assert [a["title"] for a in answers if a.get("style") == "positive"] == [
        "✓ 4 Agree", "✓ 2 Disagree"]
    assert any(s["data"]["action_id"] == "pulse.comment" for s in submits(card))
    assert "HR included" in card_text(card)


def test_an_invitation_with_twelve_long_statements_still_fits() -> None:
    questions = tuple(Question(f"q{n}", LONG[:300]) for n in range(12))
    cards = cards_of(invitation(poll(questions), {}, reminder=True))
    everything = [s for c in cards for s in submits(c)]
    assert len([s for s in everything if s["data"]["action_id"] == "pulse.answer"]) == 60


@pytest.mark.parametrize(("teams", "per_team", "comments"), [(1, 3, 0), (3, 6, 4), (60, 6, 150)])
def test_results_cards(teams: int, per_team: int, comments: int) -> None:
    cards = cards_of(many_teams_results(teams, per_team, comments))
    text = "\n".join(card_text(c) for c in cards)
    if teams * per_team < 5:
        assert "Not enough responses yet" in text
    else:
        assert "Favourable (4-5) by statement" in text


def test_the_unreachable_list_of_a_large_audience_is_split_not_cut() -> None:
    people = [Person(id=n, email=f"person.{n}@example.com", name=f"Person Number {n}")
              for n in range(2000)]
    cards = cards_of(unreachable_message(poll(), people))
    assert len(cards) > 1


async def test_hr_conversation_cards_over_teams(rig: Rig) -> None:
    """Self-check by card presses, a rollout's status and stats, as HR (Sam) sees them."""
    sam = rig.users["sam"]

    async def say(text: str) -> dict[str, Any]:
        sent = await rig.exchange(message(sam, rig.service_url, text))  # validates every card
        return sent[0].cards[0]

    card = await say("assess")
    card_id = "msg-assess"
    for _ in range(16):
        data = submits(card)[0]["data"]  # "Yes", then 1 on every scale
        (call,) = await rig.exchange(submit(sam, rig.service_url, data, card_id))
        card = call.cards[0]
    assert "Suggested stage: Development" in card_text(card)
    await say("rollout core 2026-03-02")
    await say("rollout stage core 1 done 1")
    await say("rollout stage core awareness note " + LONG)
    status = card_text(await say("rollout status core"))
    assert "1/4 done" in status and "[x] 1." in status
    assert "Adoption of career tracks" in card_text(await say("stats"))
    assert "Career tracks pulse" in card_text(await say("pulse list"))
