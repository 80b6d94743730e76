"""The database an endpoints file points its tracker store at, for our own tables.

Check-ins live beside the conversations (the same SQLite file or PostgreSQL
database), so one setting configures both and a deployment has one database.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict

import sqlalchemy
from rasa.shared.utils.io import read_yaml_file

SQL_STORE_TYPES = ("sql", "stores.private_sql_tracker_store.privatesqltrackerstore")


def endpoints_path() -> str:
    return os.environ.get("RASA_ENDPOINTS") or "endpoints.yml"


def tracker_store_config(path: str) -> Dict[str, Any]:
    return (read_yaml_file(path) or {}).get("tracker_store") or {}


def is_sql_store(store: Dict[str, Any]) -> bool:
    return str(store.get("type", "")).lower() in SQL_STORE_TYPES


def sqlite_path(store: Dict[str, Any]) -> Path:
    return Path(str(store.get("db") or "rasa.db")).expanduser()


def database_url(store: Dict[str, Any]) -> sqlalchemy.engine.URL:
    dialect = store.get("dialect", "sqlite")
    if dialect == "sqlite":
        return sqlalchemy.engine.URL.create("sqlite", database=str(sqlite_path(store)))
    return sqlalchemy.engine.URL.create(
        dialect, username=store.get("username") or None, password=store.get("password") or None,
        host=store.get("url") or None, port=int(store["port"]) if store.get("port") else None,
        database=store.get("db") or "rasa",
    )


def sqlite_engine(url: sqlalchemy.engine.URL) -> sqlalchemy.engine.Engine:
    """An engine on a SQLite file that keeps its connections and forgets deleted text.

    - write-ahead log with synchronous=NORMAL: a commit appends to the log instead of
      syncing the file several times (a third of the Rasa server's time per message);
      a power cut can lose the last turns, never corrupt the file;
    - secure_delete: deleted conversations are overwritten, not left in free pages;
    - a pool of open connections instead of opening the file for every query;
    - the busy timeout: Rasa and the check-ins write to the same file, so one waits
      for the other's lock instead of failing.
    """
    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.QueuePool,
                                      connect_args={"timeout": 15, "check_same_thread": False})

    @sqlalchemy.event.listens_for(engine, "connect")
    def configure(connection, _record) -> None:
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "secure_delete=ON"):
            connection.execute(f"PRAGMA {pragma}")

    return engine


def create_engine(path: str = "") -> sqlalchemy.engine.Engine:
    """An engine on the configured tracker store's database."""
    store = tracker_store_config(path or endpoints_path())
    if not is_sql_store(store):
        raise ValueError(f"{path or endpoints_path()}: the tracker store is not an SQL store")
    url = database_url(store)
    if url.get_backend_name() == "sqlite":
        return sqlite_engine(url)
    return sqlalchemy.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
