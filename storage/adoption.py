"""SqlAdoption: the core's Adoption port, a read across people, track views, assessments and
plans: one query with EXISTS flags per person."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists
from sqlmodel import col, select

from bot.stats.rules import Activity
from storage.assessments.tables import AssessmentRow
from storage.database import Sessions
from storage.people.tables import PersonRow
from storage.plans.tables import PlanRow
from storage.tracks.tables import TrackViewRow


class SqlAdoption:
    """Implements bot.ports.Adoption."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def activity(self) -> Sequence[Activity]:
        viewed = exists().where(col(TrackViewRow.person_id) == PersonRow.id)
        rated = exists().where(col(AssessmentRow.subject_id) == PersonRow.id,
                               col(AssessmentRow.rater_id) == PersonRow.id,
                               col(AssessmentRow.completed_at).is_not(None))
        planned = exists().where(col(PlanRow.person_id) == PersonRow.id)
        stmt = select(PersonRow.team, viewed.label("v"), rated.label("r"), planned.label("p")
                      ).where(col(PersonRow.deactivated_at).is_(None))  # leavers left out
        async with self.db.transaction() as s:
            rows = (await s.exec(stmt)).all()
        return [Activity(team, bool(v), bool(r), bool(p)) for team, v, r, p in rows]
