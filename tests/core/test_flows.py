"""Conversation flows end to end through bot.conversation.handle, with in-memory fakes."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.conversation import handle, known_intents
from bot.events import Action, Actor, Platform, TextMessage
from bot.model import Person
from bot.reply import Buttons, Reply, Scale, plain_text
from tests.fakes import FakeClock, FakeDirectory, FakeRepository, answered, units_of
from tests.sample_data import ENGINEERING, person


@pytest.fixture
def repo() -> FakeRepository:
    r = FakeRepository()
    r.add_track(ENGINEERING)
    r.add_person(person(1, "se1"))
    r.add_person(person(2, "senior"))
    r.add_person(person(3, "staff"))
    r.add_person(person(4, None, track_id=None))
    return r


@pytest.fixture
def services(repo: FakeRepository) -> Services:
    return Services(units=units_of(repo), clock=FakeClock())


def actor(p: Person | int) -> Actor:
    email = p.email if isinstance(p, Person) else f"p{p}@example.com"
    return Actor(Platform.CONSOLE, email, email=email)


async def say(services: Services, who: int, text: str) -> Reply:
    return answered(await handle(services, TextMessage(actor(who), text)))


async def press(services: Services, who: int, action_id: str, **value: str) -> Reply:
    return answered(await handle(services, Action(actor(who), action_id, value)))


def scale(reply: Reply) -> Scale:
    return next(b for b in reply.blocks if isinstance(b, Scale))


async def test_whats_next_shows_next_level_and_its_expectations(services: Services) -> None:
    text = plain_text(await say(services, 1, "what's next for me?"))
    assert "Software Engineer II" in text
    assert "Owns features end to end." in text
    assert "Ownership (changes)" in text
    assert "Communication (same as now)" in text


async def test_whats_next_records_a_track_view(services: Services, repo: FakeRepository) -> None:
    await say(services, 1, "next")
    assert 1 in repo.views


async def test_branch_shows_both_next_levels(services: Services) -> None:
    text = plain_text(await say(services, 2, "next"))
    assert "Towards Staff Engineer" in text and "Towards Engineering Manager" in text
    assert "branches" in text


async def test_top_of_track_says_so_and_points_at_other_paths(services: Services) -> None:
    text = plain_text(await say(services, 3, "next"))
    assert "top of Software Engineering" in text
    assert "Engineering Manager" in text


async def test_person_without_a_track_is_told_what_to_do(services: Services) -> None:
    assert "not on a career track yet" in plain_text(await say(services, 4, "next"))


async def test_unknown_person_is_asked_to_contact_hr(services: Services) -> None:
    reply = answered(await handle(services, TextMessage(Actor(Platform.SLACK, "U999"), "next")))
    assert "ask your HR team to add you" in plain_text(reply)


async def test_directory_resolves_email_once_and_links_identity(repo: FakeRepository) -> None:
    directory = FakeDirectory({"U1": "P1@Example.com"})
    services = Services(units=units_of(repo), clock=FakeClock(), directory=directory)
    slack = Actor(Platform.SLACK, "U1")
    await handle(services, TextMessage(slack, "next"))
    await handle(services, TextMessage(slack, "next"))
    assert directory.lookups == ["U1"]
    assert repo.identities[(Platform.SLACK, "U1")] == 1


async def test_full_rating_then_next_shows_ratings(services: Services) -> None:
    reply = await say(services, 1, "rate")
    assert "visible to you, your manager" in plain_text(reply)
    for score in ("4", "2"):
        s = scale(reply)
        reply = await press(services, 1, s.action_id, **s.value, score=score)
    summary = plain_text(reply)
    assert "Your readiness for Software Engineer II: 50%" in summary
    assert "Focus: Communication" in summary
    after = plain_text(await say(services, 1, "next"))
    assert "Your self-rating: 4/5 (Usually)" in after
    assert "Your readiness for Software Engineer II: 50% (complete" in after


async def test_double_click_stores_one_score(services: Services, repo: FakeRepository) -> None:
    reply = await say(services, 1, "rate")
    s = scale(reply)
    await press(services, 1, s.action_id, **s.value, score="3")
    second = await press(services, 1, s.action_id, **s.value, score="3")
    assert repo.assessments[1].scores == {"ownership": 3}
    assert "Communication" in plain_text(second)


async def test_skip_pause_and_resume(services: Services, repo: FakeRepository) -> None:
    reply = await say(services, 1, "rate")
    skip = next(b for blk in reply.blocks if isinstance(blk, Buttons) for b in blk.buttons
                if b.label == "Skip")
    await press(services, 1, skip.action_id, **skip.value)
    assert "Saved" in plain_text(await press(services, 1, "readiness.pause", a="1"))
    resumed = plain_text(await say(services, 1, "how ready am i"))
    assert "Picking up where you left off: 1 of 2 done" in resumed
    assert "Communication (2 of 2)" in resumed
    assert len(repo.assessments) == 1


async def test_rating_again_keeps_history(services: Services, repo: FakeRepository) -> None:
    for _ in range(2):
        reply = await say(services, 1, "rate")
        for score in ("5", "5"):
            s = scale(reply)
            reply = await press(services, 1, s.action_id, **s.value, score=score)
    assert len(repo.assessments) == 2
    assert all(a.completed_at for a in repo.assessments.values())
    assert "ready" in plain_text(reply).lower()


async def test_branching_person_picks_the_target(services: Services, repo: FakeRepository) -> None:
    reply = await say(services, 2, "rate")
    assert "Which next level" in plain_text(reply)
    reply = await press(services, 2, "readiness.start", level="em")
    assert "How ready are you for Engineering Manager?" in plain_text(reply)
    assert repo.assessments[1].target_level_id == "em"


async def test_someone_elses_assessment_cannot_be_scored(
        services: Services, repo: FakeRepository) -> None:
    reply = await say(services, 1, "rate")
    s = scale(reply)
    answer = await press(services, 2, s.action_id, **s.value, score="5")
    assert "isn't yours" in plain_text(answer)
    assert repo.assessments[1].scores == {}


async def test_bad_score_changes_nothing(services: Services, repo: FakeRepository) -> None:
    s = scale(await say(services, 1, "rate"))
    answer = await press(services, 1, s.action_id, **s.value, score="9")
    assert "from 1 to 5" in plain_text(answer)
    assert repo.assessments[1].scores == {}


async def test_track_matrix_and_fuzzy_names(services: Services) -> None:
    mine = plain_text(await say(services, 1, "my track"))
    assert "Competency | Software Engineer I" in mine
    assert "You are Software Engineer I" in mine
    missing = plain_text(await say(services, 1, "track astronautics"))
    assert "couldn't find a track" in missing and "Software Engineering" in missing
    comp = plain_text(await say(services, 1, "competency comunication"))
    assert "Communication (Software Engineering)" in comp


async def test_unknown_text_and_unknown_button_get_help(services: Services) -> None:
    assert "The closest things I can do" in plain_text(await say(services, 1, "weather?"))
    assert "no longer does anything" in plain_text(await press(services, 1, "nope.nope"))


async def test_a_failing_port_gives_a_polite_reply_not_a_traceback(
        repo: FakeRepository) -> None:
    class Broken(FakeRepository):
        async def track(self, track_id: str):  # type: ignore[no-untyped-def]
            raise RuntimeError("database on fire")

    broken = Broken(people=repo.people, track_map=repo.track_map)
    reply = answered(await handle(Services(units=units_of(broken), clock=FakeClock()),
                                  TextMessage(actor(1), "next")))
    assert "something went wrong on my side" in plain_text(reply)
    assert "fire" not in plain_text(reply)


def test_known_intents_cover_the_basics() -> None:
    assert {"next", "track", "rate", "help"} <= known_intents()


async def test_help_offers_each_role_only_what_it_can_use(repo: FakeRepository) -> None:
    from bot.model import Role
    repo.add_person(person(5, "se1", role=Role.MANAGER))
    repo.add_person(person(6, None, track_id=None, role=Role.HR))
    services = Services(units=units_of(repo), clock=FakeClock())
    employee = plain_text(await say(services, 1, "help"))
    manager = plain_text(await say(services, 5, "help"))
    hr = plain_text(await say(services, 6, "help"))
    assert "pulse" in employee and "team" not in employee and "rollout" not in employee
    assert "team [all]" in manager and "rollout" not in manager
    assert "team [all]" in hr and "rollout TEAM YYYY-MM-DD" in hr and "stats" in hr


async def test_a_former_manager_cannot_finish_a_rating_of_someone_who_moved(
        services: Services, repo: FakeRepository) -> None:
    from dataclasses import replace
    repo.add_person(replace(repo.people[1], manager_id=2))
    started = await repo.start_assessment(1, 2, "engineering", "se2", FakeClock().now())
    repo.add_person(replace(repo.people[1], manager_id=3))  # moved to another manager
    answer = await press(services, 2, "readiness.score", a=str(started.id), c="ownership",
                         score="5")
    assert "isn't yours" in plain_text(answer)
    assert repo.assessments[started.id].scores == {}


async def test_typed_scores_skip_and_stop_drive_a_rating_in_progress(
        services: Services, repo: FakeRepository) -> None:
    await say(services, 1, "rate")
    first = await say(services, 1, "4")
    assert not first.replace  # typed text answers with a new message
    assert "Communication (2 of 2)" in plain_text(first)
    assert "Saved" in plain_text(await say(services, 1, "stop"))
    done = plain_text(await say(services, 1, "skip"))
    assert "Your readiness for Software Engineer II: 75%" in done
    assert repo.assessments[1].scores == {"ownership": 4, "communication": None}


async def test_a_typed_score_with_no_rating_in_progress_says_how_to_start(
        services: Services, repo: FakeRepository) -> None:
    assert "no rating in progress" in plain_text(await say(services, 1, "3"))
    assert repo.assessments == {}


def test_rating_words_are_not_advertised_as_commands() -> None:
    assert not {"score", "skip", "pause"} & known_intents()


@pytest.mark.parametrize("text", ["thanks", "Thanks!", "thank you"])
async def test_thanks_gets_a_short_answer_not_the_help_list(services: Services, text: str) -> None:
    reply = await say(services, 1, text)
    assert plain_text(reply) == "You're welcome!"
