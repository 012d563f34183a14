"""End-to-end terminal conversations: `careerbot chat` as a subprocess, stdin piped, on a real
SQLite file seeded with the sample files through `careerbot import`."""

from __future__ import annotations

from pathlib import Path

from bot.model import Track
from bot.tracks import rules
from bot.tracks.rules import rated_competencies
from careerbot.samples import sample_tracks
from tests.console.cli_helpers import careerbot

SAM = "sam.taylor@example.com"  # Software Engineer II; next: Senior Software Engineer
DIEGO = "diego.alvarez@example.com"  # Senior; next: Staff Engineer or Engineering Manager


def engineering() -> Track:
    return next(t for t in sample_tracks() if t.name == "Software Engineering")


def chat(db: Path, email: str, *lines: str) -> tuple[int, str, str]:
    done = careerbot("chat", "--as", email, db=db, cwd=db.parent,
                     stdin="".join(f"{line}\n" for line in lines))
    return done.code, done.out, done.err


def test_whats_next_shows_the_next_levels_expectations(seeded: Path) -> None:
    code, out, err = chat(seeded, SAM, "What's next for me?")
    assert (code, err) == (0, "")
    track = engineering()
    assert "Your level:  Software Engineer II" in out
    assert "Towards Senior Software Engineer" in out
    for change in rules.changes(track, "se2", "senior"):
        assert change.competency.name in out
        assert all(bullet[:60] in " ".join(out.split()) for bullet in change.target)
    assert "[1] Rate my readiness for Senior Software Engineer" in out


def test_a_full_rating_by_typed_scores_ends_in_a_summary_that_next_shows(seeded: Path) -> None:
    count = len(rated_competencies(engineering(), "senior"))
    scores = ["4"] * (count - 1) + ["2"]
    expected = round(100 * sum(int(s) - 1 for s in scores) / (4 * count))
    code, out, _ = chat(seeded, SAM, "rate", *scores, "next")
    assert code == 0
    assert f"Your readiness for Senior Software Engineer: {expected}%" in out
    assert f"Rated:  {count} of {count} competencies" in out
    assert "Ready:  not yet" in out
    after_next = out.split("> next")[-1]
    assert after_next.count("Your self-rating: 4/5 (Usually)") == count - 1
    assert "Your self-rating: 2/5 (Starting)" in after_next
    # Kept in the database: a later session shows the same ratings.
    _, later, _ = chat(seeded, SAM, "next")
    assert f"Your readiness for Senior Software Engineer: {expected}% (complete" in later


def test_a_branching_person_picks_the_level_to_rate_against(seeded: Path) -> None:
    code, out, _ = chat(seeded, DIEGO, "next", "rate", "2")
    assert code == 0
    assert "Next levels:  Staff Engineer or Engineering Manager" in out
    assert "Towards Staff Engineer" in out and "Towards Engineering Manager" in out
    assert "Which next level do you want to rate yourself against?" in out
    assert "[1] Staff Engineer   [2] Engineering Manager" in out
    assert "How ready are you for Engineering Manager?" in out


def test_an_unknown_email_is_told_to_ask_hr_and_exits_cleanly(seeded: Path) -> None:
    code, out, err = chat(seeded, "stranger@example.com", "next")
    assert (code, err) == (0, "")
    assert "I don't know you yet" in out and "ask your HR team to add you" in out
    assert "Towards" not in out


def test_garbage_gets_help_and_a_wrong_number_gets_a_hint(seeded: Path) -> None:
    code, out, err = chat(seeded, SAM, "zzkx florp!!", "42", "")
    assert (code, err) == (0, "")
    assert 'Sorry, I didn\'t catch "zzkx florp!!"' in out
    assert "There is no choice 42 here." in out
    assert "Traceback" not in out + err


def test_the_documented_pipe_works(seeded: Path) -> None:
    done = careerbot("chat", "--as", SAM, db=seeded, cwd=seeded.parent,
                     stdin="next\nrate\n4\n")
    assert done.code == 0
    assert "> next" in done.out and "> rate" in done.out and "> 4" in done.out
    assert "(2 of " in done.out  # the 4 answered the first competency
    assert done.out.rstrip().endswith("Bye!")
    assert "\x1b[" not in done.out  # piped output is plain text


def test_quit_stops_reading(seeded: Path) -> None:
    code, out, _ = chat(seeded, SAM, "exit", "next")
    assert code == 0 and "Towards" not in out


def test_chat_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    done = careerbot("chat", "--as", SAM, db=tmp_path / "missing.db", cwd=tmp_path)
    assert done.code == 1
    assert done.err.startswith("Error: there is no database at")
    assert "careerbot import" in done.err and len(done.err.strip().splitlines()) == 1
    assert not (tmp_path / "missing.db").exists()
