"""Statements every chat message runs, compiled once and, on SQLite, run straight on the unit's
sqlite3 connection on the event loop.

SQLAlchemy's async execution path costs about 0.1 ms a statement (a greenlet, the ORM session's
and the engine's bookkeeping, the result's) where sqlite3 runs the same point lookup in about
0.01 ms; "what's next" runs six, which made them half the server's CPU per answer. A Prepared
statement is compiled by SQLAlchemy once per dialect (the same SQL text and the same type
conversions of parameters and results), and run on the connection of the unit's transaction, so
it sees and makes exactly the changes SQLAlchemy would have. Whatever the direct way cannot do
as SQLAlchemy would goes through SQLAlchemy instead:

- other backends (PostgreSQL), a session whose transaction is not active, and the BEGIN that
  has to wait for another process's write lock (storage/sqlite_driver.py waits for it on a
  thread);
- a value it cannot bind, and a statement that fails: it is run through SQLAlchemy, which
  raises its own error and runs the engine's error handling (a failed SQLite statement changes
  nothing; when the failure ended the transaction, the error is raised as it is instead)."""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Executable
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from storage.sqlite_driver import QUICK_OPTION, OneTripConnection

Processor = Callable[[Any], Any] | None
# Session.info key: (the session's transaction, its sqlite3 connection or None) for that unit.
_CONNECTION = "careerbot_prepared_connection"


@dataclass(frozen=True)
class _Form:
    """A statement compiled for one dialect: SQL, positional parameters, row conversion."""

    sql: str
    names: tuple[str, ...]
    defaults: Mapping[str, Any]
    binds: tuple[Processor, ...]
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column index, conversion)
    row: Callable[[Iterable[Any]], Any] | None
    scalar: bool  # sqlmodel's select of one column: its values, not rows (as session.exec)

    def arguments(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        values = [params[n] if n in params else self.defaults[n] for n in self.names]
        return tuple(v if p is None or v is None else p(v)
                     for v, p in zip(values, self.binds, strict=True))

    def rows(self, fetched: Sequence[Sequence[Any]]) -> list[Any]:
        if self.row is None:
            return []
        if self.scalar:
            return [self._converted(r)[0] for r in fetched]
        return [self.row(self._converted(r)) for r in fetched]

    def _converted(self, fetched: Sequence[Any]) -> Sequence[Any]:
        if not self.results:
            return fetched
        values = list(fetched)
        for index, convert in self.results:
            if values[index] is not None:
                values[index] = convert(values[index])
        return values


def _compiled(stmt: Any, dialect: Dialect, as_stored: Collection[str] = ()) -> _Form:
    compiled = stmt.compile(dialect=dialect)
    if compiled.post_compile_params or not compiled.positional:
        raise ValueError("a Prepared statement takes plain parameters (no expanding IN)")
    binds = compiled.binds
    names = tuple(compiled.positiontup)
    processors = tuple(binds[n].type.dialect_impl(dialect).bind_processor(dialect)
                       for n in names)
    defaults = {n: b.effective_value for n, b in binds.items() if not b.required}
    columns = list(stmt.exported_columns)  # a SELECT's columns, or what RETURNING gives
    results = tuple((i, p) for i, p in enumerate(
        c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
        if p is not None and columns[i].key not in as_stored)
    # Rows read like SQLAlchemy's: by column key, as attributes (mapping.py reads them so).
    row = (namedtuple("Row", [c.key for c in columns], rename=True)._make  # type: ignore[attr-defined]
           if columns else None)
    return _Form(str(compiled), names, defaults, processors, results, row,
                 isinstance(stmt, SelectOfScalar))


class Prepared:
    """`await Prepared(stmt).all(session, **params)`: what `session.exec(stmt).all()` gives
    (rows with attributes by column key; values for sqlmodel's select of one column); `first`
    and `run` likewise."""

    def __init__(self, stmt: Executable, *, as_stored: Collection[str] = ()) -> None:
        """`as_stored`: column keys whose values the direct way leaves as SQLite gives them
        (the JSON text, not the object: the caller may keep what it made of it; through
        SQLAlchemy they come converted as usual)."""
        self.stmt = stmt
        self.as_stored = frozenset(as_stored)
        self._forms: dict[str, _Form] = {}
        _compiled(stmt, sqlite.dialect())  # one it cannot run fails here, at import
        if not stmt.get_execution_options().get(QUICK_OPTION):
            # It runs on the event loop: only what is QUICK (a point lookup, a write by key).
            raise ValueError("a Prepared statement is QUICK (storage/sqlite_driver.py)")

    def _form(self, dialect: Dialect) -> _Form:
        form = self._forms.get(dialect.name)
        if form is None:
            form = self._forms[dialect.name] = _compiled(self.stmt, dialect, self.as_stored)
        return form

    async def all(self, session: AsyncSession, **params: Any) -> list[Any]:
        dialect = session.get_bind().dialect
        conn = await _on_loop(session) if dialect.name == "sqlite" else None
        arguments = None
        if conn is not None:
            form = self._form(dialect)
            # A value it cannot bind (a naive datetime, a missing parameter): SQLAlchemy says so.
            with suppress(Exception):
                arguments = form.arguments(params)
        if conn is not None and arguments is not None:
            try:
                fetched = conn.execute(form.sql, arguments).fetchall()
            except sqlite3.Error:
                if not conn.in_transaction:
                    raise  # the failure ended the transaction: running it again would not do
            else:
                return form.rows(fetched)
        result: Any = await session.exec(self.stmt, params=params)  # type: ignore[call-overload]
        return list(result.all()) if getattr(result, "returns_rows", True) else []

    async def first(self, session: AsyncSession, **params: Any) -> Any | None:
        rows = await self.all(session, **params)
        return rows[0] if rows else None

    async def run(self, session: AsyncSession, **params: Any) -> None:
        await self.all(session, **params)


async def _on_loop(session: AsyncSession) -> sqlite3.Connection | None:
    """The sqlite3 connection of the session's transaction, its BEGIN sent, when statements
    can run on it here and now; None when they go through SQLAlchemy (see the module)."""
    sync = session.sync_session
    transaction = sync.get_transaction()
    known = session.info.get(_CONNECTION)
    if transaction is None or known is None or known[0] is not transaction:
        connection = await session.connection()  # begins the transaction if none is open
        driver = connection.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        transaction = sync.get_transaction()
        known = session.info[_CONNECTION] = (
            transaction, driver if isinstance(driver, OneTripConnection) else None)
    driver = known[1]
    if driver is None or transaction is None or not transaction.is_active:
        return None
    if not driver.begin_on_loop(quiet=True):
        return None
    return driver.sqlite
