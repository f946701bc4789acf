"""The one place that opens the county database and brings its schema up to date.

SQLite (one file) is the embedded default for a small county or a test; PostgreSQL
(``postgresql+psycopg://…``) is the production engine for a county with many stations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
DEFAULT_URL = "sqlite:///county.db"
DB_URL_ENV = "COUNTY_DB_URL"
_BEGIN = "county_begin"


def create_county_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A pool a little larger than uvicorn's thread pool; pre-ping survives a DB restart.
        return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    if parsed.database:
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" below issues BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers (pulls) never block a push
        cur.execute("PRAGMA synchronous=FULL")  # a receipt sent means the batch is on disk
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")  # queue behind another push, do not fail
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # IMMEDIATE for writes: two pushes queue for the lock instead of failing mid-way.
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get(_BEGIN, 'DEFERRED')}")

    return engine


class CountyDatabase:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        writer_engine = engine
        if engine.dialect.name == "sqlite":
            writer_engine = engine.execution_options(**{_BEGIN: "IMMEDIATE"})
        self._writer = sessionmaker(bind=writer_engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> CountyDatabase:
        engine = create_county_engine(url)
        if upgrade:
            upgrade_county_db(engine)
        return cls(engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._writer() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _config(connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_county_db(engine: Engine) -> None:
    """Create or upgrade the schema from the scripts packaged with the server."""
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")
