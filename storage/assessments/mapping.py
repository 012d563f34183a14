"""Assessment rows (with their scores) to the core's Assessment."""

from __future__ import annotations

from collections.abc import Iterable

from bot.model import Assessment
from storage.assessments.tables import AssessmentRow, ScoreRow


def to_assessment(row: AssessmentRow, scores: Iterable[ScoreRow]) -> Assessment:
    assert row.id is not None  # rows come from the database
    return Assessment(
        id=row.id, subject_id=row.subject_id, rater_id=row.rater_id, track_id=row.track_id,
        target_level_id=row.target_level_id, started_at=row.started_at,
        completed_at=row.completed_at,
        scores={s.competency_id: s.score for s in sorted(scores, key=lambda s: s.rated_at)},
    )
