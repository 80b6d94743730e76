"""The SQL store keeps every turn exactly once, whether it counts stored events or remembers them."""
import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.private_sql_tracker_store import PrivateSQLTrackerStore

DOMAIN = Domain.from_path("domain.yml")


def store(tmp_path):
    return PrivateSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.db"))


def turn(text):
    return [UserUttered(text), BotUttered(f"you said {text}"), ActionExecuted("action_listen")]


def texts(tracker):
    return [event.text for event in tracker.events if isinstance(event, (UserUttered, BotUttered))]


def test_turns_saved_one_after_another_are_each_stored_once(tmp_path):
    conversations = store(tmp_path)
    tracker = asyncio.run(conversations.get_or_create_tracker("rest:a"))
    for text in ("hi", "my calves twitch", "no"):
        tracker = asyncio.run(conversations.retrieve("rest:a"))
        for event in turn(text):
            tracker.update(event)
        asyncio.run(conversations.save(tracker))
        asyncio.run(conversations.save(tracker))  # a second save of the same turn adds nothing
    stored = asyncio.run(conversations.retrieve("rest:a"))
    assert texts(stored) == ["hi", "you said hi", "my calves twitch", "you said my calves twitch", "no", "you said no"]


def test_a_tracker_built_outside_the_store_adds_only_what_is_not_stored(tmp_path):
    conversations = store(tmp_path)
    events = [ActionExecuted("action_listen"), *turn("hi")]
    asyncio.run(conversations.save(DialogueStateTracker.from_events("rest:b", events, DOMAIN.slots)))
    asyncio.run(conversations.save(DialogueStateTracker.from_events("rest:b", events + turn("again"), DOMAIN.slots)))
    assert texts(asyncio.run(conversations.retrieve("rest:b"))) == ["hi", "you said hi", "again", "you said again"]


def test_delete_my_data_leaves_nothing_stored(tmp_path):
    conversations = store(tmp_path)
    tracker = asyncio.run(conversations.get_or_create_tracker("rest:c"))
    for event in turn("hi"):
        tracker.update(event)
    asyncio.run(conversations.save(tracker))
    tracker = asyncio.run(conversations.retrieve("rest:c"))
    tracker.update(UserUttered("delete my data"))
    tracker.update(ActionExecuted("action_delete_my_data"))
    asyncio.run(conversations.save(tracker))
    asyncio.run(conversations.save(tracker))
    assert asyncio.run(conversations.retrieve("rest:c")) is None


def test_deleted_text_is_gone_from_the_sqlite_files_too(tmp_path):
    conversations = store(tmp_path)
    marker = "zebra-7f3a9c"
    tracker = asyncio.run(conversations.get_or_create_tracker("rest:d"))
    for text in (f"my calves twitch {marker}", "no", "yes"):
        for event in turn(text):
            tracker.update(event)
    asyncio.run(conversations.save(tracker))
    tracker.update(ActionExecuted("action_delete_my_data"))
    asyncio.run(conversations.save(tracker))
    left = b"".join(path.read_bytes() for path in tmp_path.glob("conversations.db*"))
    assert marker.encode() not in left
