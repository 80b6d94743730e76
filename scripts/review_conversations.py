"""Lists the user messages the assistant handled badly (`make review`), and with
--export writes them as a Rasa NLU file of candidates (`make review EXPORT=path.yml`).

    .venv/bin/python scripts/review_conversations.py [endpoints.yml] [--export path.yml]

Reads the tracker store configured in the endpoints file (SQLite or PostgreSQL).
Never shows a sender id or a slot; personal data in the texts is masked.
The rule for "handled badly" is in review/verdict.py.
"""
import argparse
import sys
import warnings
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's packages, from any directory

# Rasa turns deprecation warnings back on while it imports; they are about its own
# code and would bury the command's output.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.core.utils import read_endpoints_from_path
    from rasa.shared.core.domain import Domain
from tqdm import tqdm  # noqa: E402

from review.report import Candidate, candidates, listing, nlu_candidates  # noqa: E402
from review.turns import Totals, event_ids, read_turns  # noqa: E402
from review.verdict import LOW_CONFIDENCE_BELOW  # noqa: E402

# From this many stored events on, reading takes long enough to show progress even
# when stderr is not a terminal (a log of `make review` in cron shows it is alive).
LARGE_STORE_EVENTS = 200_000


def main() -> int:
    arguments = parse_arguments()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        store = TrackerStore.create(read_endpoints_from_path(arguments.endpoints).tracker_store, Domain.empty())
    store = getattr(store, "_tracker_store", store)  # Rasa may wrap it in a fail-safe store
    if not isinstance(store, SQLTrackerStore):
        print(f"{arguments.endpoints}: the tracker store is not an SQL store; nothing to review.", file=sys.stderr)
        return 1
    totals = Totals()
    found = handled_badly(store, totals, arguments.below)
    print(listing(found, totals))
    if arguments.export:
        Path(arguments.export).write_text(nlu_candidates(found))
        print(f"Wrote {len(found):,} candidates to {arguments.export}: set their intents, then move it into data/nlu/.")
    return 0


def handled_badly(store: SQLTrackerStore, totals: Totals, low_confidence_below: float) -> List[Candidate]:
    """Reads the whole store, with a progress bar on a terminal or for a large store."""
    events = store.SQLEvent.__table__
    first, last = event_ids(store.engine, events)
    stored = last - first + 1 if last else 0
    with tqdm(total=stored, unit=" events", unit_scale=True, file=sys.stderr, desc="Reading conversations",
              disable=not (sys.stderr.isatty() or stored >= LARGE_STORE_EVENTS)) as progress:

        def read_up_to(event_id: int) -> None:
            progress.update(event_id - first + 1 - progress.n)

        found = candidates(read_turns(store.engine, events, totals, read_up_to), low_confidence_below)
        progress.update(stored - progress.n)  # the last events may be neither user nor bot events
    return found


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoints", nargs="?", default="endpoints.yml", help="the endpoints file (RASA_ENDPOINTS)")
    parser.add_argument("--export", help="write the messages as a Rasa NLU file of candidates")
    parser.add_argument("--below", type=float, default=LOW_CONFIDENCE_BELOW,
                        help=f"intent confidence counted as low (default {LOW_CONFIDENCE_BELOW})")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
