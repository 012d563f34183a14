"""The terminal chat loop against the real core and in-memory fakes: typed numbers, labels and
scores become core actions, forms are asked field by field, and input ends cleanly."""

from __future__ import annotations

from io import StringIO

from adapters.console.chat import ConsoleChat, console_actor, pick, scale_score, stream_reader
from adapters.console.forms import Outcome, check, fill_form
from adapters.console.render import render
from bot.context import Services
from bot.events import Action, Event, Platform
from bot.reply import Button, Buttons, Form, FormField, Reply, Scale, Text
from tests.fakes import FakeClock, FakeRepository, units_of
from tests.sample_data import ENGINEERING, person


def services(*people_levels: str) -> tuple[Services, FakeRepository]:
    repo = FakeRepository()
    repo.add_track(ENGINEERING)
    for pid, level in enumerate(people_levels, start=1):
        repo.add_person(person(pid, level))
    return Services(units=units_of(repo), clock=FakeClock()), repo


async def chat(svc: Services, email: str, *lines: str, **kw: object) -> str:
    out = StringIO()
    reader = stream_reader(StringIO("".join(f"{line}\n" for line in lines)),
                           echo=lambda s: out.write(s + "\n"))
    await ConsoleChat(svc, email, out, **kw).run(reader)  # type: ignore[arg-type]
    return out.getvalue()


async def test_what_is_next_shows_the_next_levels_expectations() -> None:
    svc, _ = services("se2")
    out = await chat(svc, "p1@example.com", "next")
    assert "Hi Pat, here is what I can do" in out
    assert "> next" in out
    assert "Towards Senior Software Engineer" in out
    assert "Owns a system and its roadmap." in out
    assert out.rstrip().endswith("Bye!")


async def test_a_typed_number_and_a_typed_label_press_buttons() -> None:
    svc, repo = services("se2")
    out = await chat(svc, "p1@example.com", "1", "rate my READINESS for senior software engineer")
    assert "What's next for you, Pat" in out  # [1] of the greeting
    assert "How ready are you for Senior Software Engineer?" in out
    assert len(repo.assessments) == 1


async def test_a_full_rating_by_typed_scores_ends_in_a_summary() -> None:
    svc, repo = services("se2")
    out = await chat(svc, "p1@example.com", "rate", "4", "usually", "next")
    assert "Your readiness for Senior Software Engineer: 75%" in out
    assert "Ownership      ████████████████····  4/5 Usually" in out
    (assessment,) = repo.assessments.values()
    assert assessment.scores == {"ownership": 4, "communication": 4}
    assert assessment.completed_at is not None
    assert "Your self-rating: 4/5 (Usually)" in out.split("> next")[-1]


async def test_skip_is_a_numbered_choice_after_the_scale() -> None:
    svc, repo = services("se2")
    await chat(svc, "p1@example.com", "rate", "6", "2")
    (assessment,) = repo.assessments.values()
    assert assessment.scores == {"ownership": None, "communication": 2}


async def test_a_branching_person_picks_the_level_to_rate_against() -> None:
    svc, repo = services("senior")
    out = await chat(svc, "p1@example.com", "rate", "engineering manager", "5", "5")
    assert "Which next level do you want to rate yourself against?" in out
    assert "[1] Staff Engineer   [2] Engineering Manager" in out
    (assessment,) = repo.assessments.values()
    assert assessment.target_level_id == "em"
    assert "Your readiness for Engineering Manager: 100%" in out


async def test_a_number_that_matches_nothing_gets_a_hint_and_changes_nothing() -> None:
    svc, repo = services("se2")
    out = await chat(svc, "p1@example.com", "rate", "9")
    assert "There is no choice 9 here. Type 1-5 to rate, 6, 7, or ask in words." in out
    assert all(not a.scores for a in repo.assessments.values())


async def test_garbage_gets_help_from_the_core() -> None:
    svc, _ = services("se2")
    out = await chat(svc, "p1@example.com", "qwzx blorp")
    assert "Sorry, I didn't catch \"qwzx blorp\"" in out


async def test_an_unknown_email_is_told_to_ask_hr() -> None:
    svc, _ = services("se2")
    out = await chat(svc, "nobody@example.com", "next")
    assert out.count("I don't know you yet") == 2
    assert "ask your HR team to add you" in out


async def test_quit_ends_before_the_rest_of_the_input() -> None:
    svc, _ = services("se2")
    out = await chat(svc, "p1@example.com", "QUIT", "next")
    assert "Towards" not in out and out.rstrip().endswith("Bye!")


async def test_the_actor_is_the_console_user_named_by_email() -> None:
    actor = console_actor(" Ada@Example.com ")
    assert (actor.platform, actor.user_id, actor.email) == (
        Platform.CONSOLE, "ada@example.com", "ada@example.com")


def test_picking_prefers_the_scale_for_digits_and_matches_labels_forgivingly() -> None:
    actor = console_actor("a@example.com")
    shown = render(Reply((Scale("s.score", {"c": "x"}),
                          Buttons((Button("What's next for me?", "tracks.next"),)))))
    assert pick("3", shown, actor) == Action(actor, "s.score", {"c": "x", "score": "3"})
    assert pick("whats next for me", shown, actor) == Action(actor, "tracks.next", {})
    assert pick("6", shown, actor) == Action(actor, "tracks.next", {})
    assert pick("7", shown, actor) is None and pick("next", shown, actor) is None
    assert scale_score("Consistently!", Scale("s", {})) == 5
    assert scale_score("0", Scale("s", {})) is None


SAVE_FORM = Form("plan.save", (
    FormField("goal", "Goal"),
    FormField("focus", "Focus", kind="select", options=(("own", "Ownership"), ("com", "Talking"))),
    FormField("due", "Due", kind="date", optional=True),
), value={"p": "1"})


async def form_core(svc: Services, event: Event) -> Reply:
    """A tiny stand-in core: offers a form on any text, echoes what a submit carried."""
    if isinstance(event, Action):
        return Reply((Text(f"saved {dict(event.value)} {dict(event.form)}"),))
    return Reply((SAVE_FORM,))


async def test_a_form_is_asked_field_by_field_then_submitted_once() -> None:
    svc, _ = services("se2")
    out = await chat(svc, "p1@example.com", "", "Ship the importer", "", "9", "talking",
                     "next tuesday", "2026-06-30", handler=form_core)
    assert "This one is needed." in out
    assert "Please pick one of the numbers." in out
    assert "Please type a date like 2026-06-30." in out
    assert "  1) Ownership\n  2) Talking" in out
    assert "saved {'p': '1'} {'goal': 'Ship the importer', 'focus': 'com', 'due': '2026-06-30'}" \
        in out


async def test_a_form_can_be_cancelled_or_cut_short() -> None:
    svc, _ = services("se2")
    assert "Cancelled; nothing was sent." in await chat(
        svc, "p1@example.com", "x", "cancel", handler=form_core)
    ended = await chat(svc, "p1@example.com", "x", "Goal only", handler=form_core)
    assert "saved" not in ended and ended.rstrip().endswith("Bye!")


def test_optional_and_initial_answers() -> None:
    assert check("", FormField("n", "Note", optional=True)) == ("", "")
    assert check("  ", FormField("n", "Note", initial="keep")) == ("keep", "")
    lines = iter(["a", "1"])
    answers = fill_form(SAVE_FORM, lambda _: next(lines, None), lambda _: None)
    assert answers is Outcome.ENDED
