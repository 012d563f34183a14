"""Alembic environment: runs on the connection storage.migrate hands over (or on
`sqlalchemy.url` when a developer autogenerates a revision)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from storage import schema  # noqa: F401  (every table module: the target metadata)
from storage.columns import UtcDateTime
from storage.migrate import include_name


def render_item(kind: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    """Write plain SQLAlchemy types into new scripts: migrations must not import the models."""
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, AutoString):
        return "sa.String()"
    return False


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        compare_type=True,
        include_name=include_name,
        render_item=render_item,
        render_as_batch=True,  # SQLite can only ALTER tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("careerbot migrations run online only (against a database).")
    given = context.config.attributes.get("connection")
    if given is not None:
        run_on(given)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("No database: set sqlalchemy.url (see storage.migrate.new_revision).")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            run_on(connection)
    finally:
        engine.dispose()


main()
