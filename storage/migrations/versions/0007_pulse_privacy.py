"""Pulse answers unlinkable at rest (issue 11): the HMAC secret leaves the database (keys now
derive from CAREERBOT_SECRET_KEY, storage/pulses/keys.py); a closed pulse keeps its recipients
as counts per reported group (pulse_groups), with every small team under one merged label.

Open pulses' answers are carried over to the new keys (that needs the server secret: Database
passes it in the connection's info). Closed pulses are reduced as a close now does.

Revision ID: 0007_pulse_privacy
Revises: 0006_outbox_leases_and_rates
Create Date: 2026-11-30
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.pulses.rules import MERGED, reported_groups
from storage.pulses.keys import submission_key

revision: str = "0007_pulse_privacy"
down_revision: str | None = "0006_outbox_leases_and_rates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECRET_INFO = "careerbot_secret_key"  # set by storage.database.Database.upgrade

pulses = sa.table("pulses", sa.column("id", sa.Integer), sa.column("status", sa.String),
                  sa.column("threshold", sa.Integer), sa.column("secret", sa.String))
recipients = sa.table("pulse_recipients", sa.column("pulse_id", sa.Integer),
                      sa.column("person_id", sa.Integer), sa.column("team", sa.String),
                      sa.column("complete", sa.Boolean))
answers = sa.table("pulse_answers", sa.column("pulse_id", sa.Integer),
                   sa.column("submission", sa.String), sa.column("team", sa.String))
comments = sa.table("pulse_comments", sa.column("pulse_id", sa.Integer),
                    sa.column("submission", sa.String))
groups = sa.table("pulse_groups", sa.column("pulse_id", sa.Integer),
                  sa.column("team", sa.String), sa.column("invited", sa.Integer),
                  sa.column("answered", sa.Integer))


def _carry_open_pulses(bind: sa.Connection) -> None:
    """Each open pulse's answers from HMAC(stored secret, person) to the derived key, and
    without a team label."""
    open_pulses = bind.execute(sa.select(pulses.c.id, pulses.c.secret).where(
        pulses.c.status == "open", pulses.c.secret.is_not(None))).all()
    if not open_pulses:
        return
    key = bind.info.get(SECRET_INFO)
    if not key:
        raise RuntimeError(
            f"Pulse #{open_pulses[0][0]} is open and its answers must move to keys derived from "
            "CAREERBOT_SECRET_KEY: set it (python -c \"import secrets; "
            "print(secrets.token_hex(32))\") and upgrade again.")
    for pulse_id, secret in open_pulses:
        people = bind.execute(sa.select(recipients.c.person_id).where(
            recipients.c.pulse_id == pulse_id)).scalars().all()
        for person_id in people:
            old = hmac.new(bytes.fromhex(secret), str(person_id).encode(),
                           hashlib.sha256).hexdigest()
            new = submission_key(key, pulse_id, person_id)
            for table in (answers, comments):
                bind.execute(sa.update(table).where(table.c.pulse_id == pulse_id,
                                                    table.c.submission == old)
                             .values(submission=new))
        # Open answers carry no team label now (the close labels them from their keys).
        bind.execute(sa.update(answers).where(answers.c.pulse_id == pulse_id).values(team=""))


def _reduce_closed_pulses(bind: sa.Connection) -> None:
    """Recipients of closed pulses to counts per reported group; small teams' labels merged."""
    closed = bind.execute(sa.select(pulses.c.id, pulses.c.threshold).where(
        pulses.c.status == "closed")).all()
    for pulse_id, threshold in closed:
        rows = bind.execute(sa.select(recipients.c.team, recipients.c.complete).where(
            recipients.c.pulse_id == pulse_id)).all()
        invited = Counter(team for team, _ in rows)
        done = Counter(team for team, complete in rows if complete)
        labels = reported_groups({team: done[team] for team in invited}, threshold)
        shown = sorted(team for team, label in labels.items() if label == team)
        bind.execute(sa.update(answers).where(answers.c.pulse_id == pulse_id,
                                              answers.c.team.not_in(shown))
                     .values(team=MERGED))
        merged_invited: Counter[str] = Counter()
        merged_done: Counter[str] = Counter()
        for team, label in labels.items():
            merged_invited[label] += invited[team]
            merged_done[label] += done[team]
        if merged_invited:
            bind.execute(sa.insert(groups), [
                {"pulse_id": pulse_id, "team": label, "invited": merged_invited[label],
                 "answered": merged_done[label]} for label in sorted(merged_invited)])
        bind.execute(sa.delete(recipients).where(recipients.c.pulse_id == pulse_id))


def upgrade() -> None:
    op.create_table(
        "pulse_groups",
        sa.Column("pulse_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pulse_id"], ["pulses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pulse_id", "team"),
    )
    bind = op.get_bind()
    _carry_open_pulses(bind)
    _reduce_closed_pulses(bind)
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a batch copy of `pulses`: with foreign
    # keys on, dropping its old copy would cascade to every pulse's answers.
    with op.batch_alter_table("pulses", recreate="never") as batch:
        batch.drop_column("secret")


def downgrade() -> None:
    # Open pulses' answers cannot go back to a stored secret (there is none): after a downgrade
    # they can no longer be changed. Closed pulses' recipients are gone for good.
    op.add_column("pulses", sa.Column("secret", sa.String(), nullable=True))
    op.drop_table("pulse_groups")
