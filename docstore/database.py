"""One SQL layer over SQLite and PostgreSQL, so every statement of the store is written once.

Statements use ``?`` placeholders and portable SQL (``INSERT … ON CONFLICT``, ``RETURNING``); the
PostgreSQL connection rewrites the placeholders for psycopg. SQLite runs in WAL mode with a busy
timeout, so server workers read while one writes; PostgreSQL serves several servers sharing one archive.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        seq BIGINT NOT NULL,
        deleted INTEGER NOT NULL,
        origin_kind TEXT NOT NULL,
        origin TEXT NOT NULL,
        file_path TEXT,
        file_hash TEXT,
        data TEXT,
        changed_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS documents_seq ON documents (seq)",
    "CREATE INDEX IF NOT EXISTS documents_file ON documents (file_path)",
    """CREATE TABLE IF NOT EXISTS revisions (
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        action TEXT NOT NULL,
        origin_kind TEXT NOT NULL,
        origin TEXT NOT NULL,
        file_path TEXT,
        file_hash TEXT,
        data TEXT,
        changed_at DOUBLE PRECISION NOT NULL,
        note TEXT,
        PRIMARY KEY (id, revision)
    )""",
    """CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        worker TEXT NOT NULL,
        started DOUBLE PRECISION NOT NULL,
        heartbeat DOUBLE PRECISION NOT NULL,
        finished DOUBLE PRECISION,
        report TEXT,
        error TEXT
    )""",
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class StoreError(Exception):
    """The document store cannot be opened, read or written; the message names what failed."""


class Database:
    """A connection with ``?`` placeholders and one transaction at a time (``transaction()``)."""

    url: str
    errors: tuple[type[BaseException], ...] = ()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        raise NotImplementedError

    _depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outermost one (a batch of puts commits together)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._outermost():
                yield
        finally:
            self._depth = 0

    def _outermost(self):
        """A context manager that begins, then commits or rolls back, one real transaction."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def create_schema(self) -> None:
        with self.transaction():
            for statement in SCHEMA:
                self.execute(statement)
            self.execute("INSERT INTO counters (name, value) VALUES ('seq', 0) ON CONFLICT (name) DO NOTHING")
            self.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
                         (str(SCHEMA_VERSION),))


class SQLiteDatabase(Database):
    """The embedded default: one file, WAL mode, nothing to install or start."""

    errors = (sqlite3.Error,)

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000,
                                              isolation_level=None, check_same_thread=False)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the document store {self.path}: {exc}") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self.connection.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"document store {self.path}: {exc}") from None

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        self.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock upgrading a read later
        try:
            yield
        except BaseException:
            self.connection.rollback()
            raise
        self.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


class PostgreSQLDatabase(Database):
    """The option for several servers sharing one archive (psycopg 3)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from None
        self.url = url
        self.errors = (psycopg.Error,)
        self._psycopg = psycopg
        try:
            self.connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the document store {_redact(url)}: {_first_line(exc)}") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            cursor = self.connection.execute(sql.replace("?", "%s"), tuple(params))
            return cursor.fetchall() if cursor.description else []
        except self._psycopg.Error as exc:
            raise StoreError(f"document store {_redact(self.url)}: {_first_line(exc)}") from None

    def _outermost(self):
        return self.connection.transaction()

    def close(self) -> None:
        self.connection.close()


def connect(url: str | Path) -> Database:
    """A PostgreSQL database for ``postgresql://`` URLs, else an SQLite file at that path."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        database: Database = PostgreSQLDatabase(text)
    else:
        database = SQLiteDatabase(text.removeprefix("sqlite:///").removeprefix("sqlite://"))
    database.create_schema()
    return database


def _redact(url: str) -> str:
    """A URL without its password, for messages."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    scheme, _, credentials = head.partition("://")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{tail}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
