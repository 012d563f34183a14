"""SqlRollouts: the core's Rollouts port (one rollout per team, case-insensitive)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import col, delete, select

from bot.rollouts.rules import Rollout, StageState
from storage.database import Sessions
from storage.rollouts.mapping import stage_to_json, to_rollout
from storage.rollouts.tables import RolloutRow, SelfCheckRow
from storage.upsert import upsert


class SqlRollouts:
    """Implements bot.ports.Rollouts."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def rollouts(self) -> Sequence[Rollout]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(RolloutRow).order_by(col(RolloutRow.rollout_date)))
            return [to_rollout(r) for r in rows.all()]

    async def rollout(self, rollout_id: int) -> Rollout | None:
        async with self.db.transaction() as s:
            row = await s.get(RolloutRow, rollout_id)
            return to_rollout(row) if row else None

    async def rollout_by_team(self, team: str) -> Rollout | None:
        async with self.db.transaction() as s:
            row = (await s.exec(select(RolloutRow).where(
                RolloutRow.team_key == team.strip().casefold()))).first()
            return to_rollout(row) if row else None

    async def save_rollout(self, team: str, rollout_date: date, at: datetime) -> Rollout:
        async with self.db.transaction() as s:
            await upsert(s, RolloutRow, {"team": team.strip(), "team_key": team.strip().casefold(),
                                         "rollout_date": rollout_date, "stages": [],
                                         "created_at": at},
                         keys=["team_key"], update=["rollout_date"])
            await s.flush()
        found = await self.rollout_by_team(team)
        assert found is not None
        return found

    async def save_stage(self, rollout_id: int, state: StageState) -> None:
        async with self.db.transaction() as s:
            row = await s.get(RolloutRow, rollout_id, with_for_update=True)
            if row is None:
                return
            others = [st for st in row.stages if st.get("stage") != state.stage.value]
            row.stages = [*others, stage_to_json(state)]
            s.add(row)
            await s.flush()

    async def selfcheck(self, person_id: int,
                        since: datetime | None = None) -> list[int] | None:
        async with self.db.transaction() as s:
            row = await s.get(SelfCheckRow, person_id)
        if row is None or (since is not None and row.updated_at < since):
            return None
        return [int(a) for a in row.answers.split(",") if a.isdigit()]

    async def save_selfcheck(self, person_id: int, answers: Sequence[int] | None,
                             at: datetime) -> None:
        async with self.db.transaction() as s:
            if answers is None:
                await s.exec(delete(SelfCheckRow).where(
                    col(SelfCheckRow.person_id) == person_id))
            else:
                await upsert(s, SelfCheckRow, {"person_id": person_id,
                                               "answers": ",".join(map(str, answers)),
                                               "updated_at": at},
                             keys=["person_id"], update=["answers", "updated_at"])
            await s.flush()
