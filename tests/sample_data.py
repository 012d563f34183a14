"""A small branching track and a few people, as domain objects, for core tests."""

from __future__ import annotations

from bot.model import Competency, Level, Person, Role, Track

ENGINEERING = Track(
    id="engineering",
    name="Software Engineering",
    description="Builds and runs our product.",
    levels=(
        Level("se1", "Software Engineer I"),
        Level("se2", "Software Engineer II", after="se1"),
        Level("senior", "Senior Software Engineer", after="se2"),
        Level("staff", "Staff Engineer", after="senior"),
        Level("em", "Engineering Manager", after="senior"),
    ),
    competencies=(
        Competency("ownership", "Ownership", "Takes responsibility for outcomes.", {
            "se1": ("Delivers well-scoped tasks on time.",),
            "se2": ("Owns features end to end.", "Breaks vague work into milestones."),
            "senior": ("Owns a system and its roadmap.",),
            "staff": ("Owns cross-team technical direction.",),
            "em": ("Owns a team's delivery and health.",),
        }),
        Competency("communication", "Communication", "", {
            "se1": ("Asks for help early.",),
            "senior": ("Writes design docs others build on.",),
            "staff": ("Aligns several teams on a direction.",),
        }),
    ),
)


def person(pid: int = 1, level: str | None = "se1", **kw: object) -> Person:
    defaults: dict[str, object] = dict(email=f"p{pid}@example.com", name=f"Pat Person{pid}",
                                       track_id="engineering", level_id=level, team="core",
                                       role=Role.EMPLOYEE)
    defaults.update(kw)
    return Person(id=pid, **defaults)  # type: ignore[arg-type]
