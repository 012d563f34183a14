"""Alembic wiring without an alembic.ini: upgrade, schema comparison and new revisions.

The migration scripts live in storage/migrations/ and ship as package data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from storage import schema  # noqa: F401  (registers every table on SQLModel.metadata)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(*, connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config pointing at our scripts, bound to a connection or a sync URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(connection: Connection) -> None:
    """Apply every migration not yet applied, inside the caller's transaction."""
    command.upgrade(alembic_config(connection=connection), "head")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Leave out tables other libraries own in the same database (APScheduler's job store)."""
    return not (type_ == "table" and name is not None and name.startswith("apscheduler"))


def schema_differences(connection: Connection) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty = in sync)."""
    context = MigrationContext.configure(connection, opts={
        "compare_type": True, "include_name": include_name})
    return list(compare_metadata(context, SQLModel.metadata))


def new_revision(url: str, message: str) -> None:
    """Developers: autogenerate a migration script from the models against a database at head."""
    command.revision(alembic_config(url=url), message=message, autogenerate=True)
