"""Checks that the tracker store and lock store in an endpoints file answer.

Rasa falls back to an in-memory store when its database is unreachable or
missing, which would lose conversations on restart and split them between
replicas; this check stops the start-up instead, naming the store and the
variables to set.
"""
import re
import sys
from pathlib import Path

import quiet  # noqa: F401 - first: no deprecation notices from the libraries

import redis
import sqlalchemy
from rasa.shared.utils.io import read_yaml_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's packages, from any directory
from stores.database import database_url, is_sql_store, sqlite_path  # noqa: E402


def variables(raw_text: str, section: str) -> str:
    block = re.search(rf"^{section}:\n((?:[ \t]+.*\n?)*)", raw_text, re.MULTILINE)
    names = re.findall(r"\$\{(\w+)\}", block.group(1)) if block else []
    return ", ".join(names) or "the values in the endpoints file"


def check_tracker_store(config: dict, raw: str) -> str:
    store = config.get("tracker_store") or {}
    if not is_sql_store(store):
        return ""
    dialect = store.get("dialect", "sqlite")
    if dialect == "sqlite":
        database = sqlite_path(store)
        if not database.parent.exists():
            return f"the SQLite tracker store's folder {database.parent} does not exist (TRACKER_DB)"
        return ""
    url = database_url(store)
    try:
        with sqlalchemy.create_engine(url, connect_args={"connect_timeout": 5}).connect():
            return ""
    except Exception as error:
        first_line = str(error).strip().splitlines()[0]
        return (f"cannot reach the tracker store ({dialect} at {store.get('url')}:{store.get('port')}): "
                f"{first_line}. Set {variables(raw, 'tracker_store')}")


def check_lock_store(config: dict, raw: str) -> str:
    store = config.get("lock_store") or {}
    if "redis" not in str(store.get("type", "")).lower():
        return ""
    try:
        redis.Redis(host=store.get("url"), port=int(store.get("port") or 6379), db=int(store.get("db") or 0),
                    password=store.get("password") or None, socket_timeout=5).ping()
        return ""
    except Exception as error:
        return (f"cannot reach the lock store (Redis at {store.get('url')}:{store.get('port')}): {error}. "
                f"Set {variables(raw, 'lock_store')}")


def main(path: str) -> int:
    try:
        config = read_yaml_file(path) or {}
    except Exception as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    raw = Path(path).read_text()
    problems = [problem for problem in (check_tracker_store(config, raw), check_lock_store(config, raw)) if problem]
    for problem in problems:
        print(f"{path}: {problem}.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "endpoints.yml"))
