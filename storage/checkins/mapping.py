"""Check-in rows to the core's Cadence, Prompt and Note."""

from __future__ import annotations

from datetime import time

from bot.checkins.rules import Cadence, Note, Prompt, PromptStatus
from storage.checkins.tables import CadenceRow, NoteRow, PromptRow


def to_cadence(row: CadenceRow) -> Cadence:
    return Cadence(row.frequency, row.weekday, time(row.minutes // 60, row.minutes % 60),
                   row.digest)


def to_prompt(row: PromptRow) -> Prompt:
    assert row.id is not None
    return Prompt(row.id, row.manager_id, row.report_id, row.slot_at, row.send_at,
                  PromptStatus(row.status), row.sent_at, row.held_at)


def to_note(row: NoteRow) -> Note:
    assert row.id is not None
    return Note(row.id, row.report_id, row.author_id, row.text, row.created_at, row.kind,
                row.prompt_id)
