"""Deletes stored conversations older than the retention period (RETENTION_DAYS, default 30).

    .venv/bin/python scripts/purge_conversations.py [endpoints.yml]

Runs at every start (scripts/run.sh) and on demand (`make purge`).
"""
import sys
from pathlib import Path

import quiet  # noqa: F401 - first: no deprecation notices from the libraries

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's packages, from any directory

from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.core.utils import read_endpoints_from_path  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402

from checkins.store import CheckinStore  # noqa: E402
from stores.private_sql_tracker_store import PrivateSQLTrackerStore, retention_seconds  # noqa: E402


def main(path: str) -> int:
    store = TrackerStore.create(read_endpoints_from_path(path).tracker_store, Domain.empty())
    store = getattr(store, "_tracker_store", store)  # Rasa may wrap it in a fail-safe store
    if not isinstance(store, PrivateSQLTrackerStore):
        print(f"{path}: the tracker store is not {PrivateSQLTrackerStore.__name__}; nothing purged.", file=sys.stderr)
        return 1
    deleted = store.purge_expired(retention_seconds())
    overdue = CheckinStore(store.engine).purge_overdue(retention_seconds())  # check-ins live beside the events
    days = retention_seconds() / 86400
    print(f"==> Retention: {days:g} days; deleted {deleted} stored events of older conversations"
          f" and {overdue} check-ins nobody came back for.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "endpoints.yml"))
