"""Real rasa_sdk trackers and dispatchers for calling actions directly."""
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker

from checkins.store import configured_store
from rasa_sdk.executor import CollectingDispatcher

from actions.profile_slots import PROFILE_SLOTS

DOMAIN: Dict[str, Any] = {"forms": {"intake_form": {"required_slots": [
    "for_whom", "red_flags", "age_group", "pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin",
    "timing", "calcium_intake", "magnesium_current", "magnesium_dose", "magnesium_weeks",
]}}}


def make_tracker(slots: Optional[Dict[str, Any]] = None, text: str = "", intent: str = "inform",
                 entities: Optional[List[Dict[str, Any]]] = None, active_loop: Optional[str] = None,
                 events: Optional[List[Dict[str, Any]]] = None) -> Tracker:
    all_slots = {name: None for name in PROFILE_SLOTS + ("requested_slot", "invalid_answers", "plan_fingerprint")}
    all_slots.update(slots or {})
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker("test-user", all_slots, latest, events or [], False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def entity(text: str, word: str, name: str, value: Any = None) -> Dict[str, Any]:
    start = text.index(word)
    return {"entity": name, "value": value if value is not None else word, "start": start, "end": start + len(word)}


@pytest.fixture(autouse=True)
def checkin_database(tmp_path, monkeypatch):
    """The actions' check-in store, as `make run` configures it, in a file of this test's own."""
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "conversations.db"))
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:1/webhook")
    monkeypatch.setenv("RASA_ENDPOINTS", "endpoints.yml")
    configured_store.cache_clear()
    yield
    configured_store.cache_clear()


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def said(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(message.get("text") or message.get("response") or "" for message in dispatcher.messages)
