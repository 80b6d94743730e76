"""Runs after every message (a custom slot mapping) and records what it says."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_parsing import parse_message
from actions.messages import apologise_on_error

INTAKE_FORM = "intake_form"


def requested_slot(tracker: Tracker):
    return tracker.get_slot("requested_slot") if tracker.active_loop_name == INTAKE_FORM else None


def follows_user_message(tracker: Tracker) -> bool:
    """False when the form resumes after another action handled the message."""
    events = list(tracker.events)
    while events and events[-1].get("event") == "slot":
        events.pop()
    if events and events[-1].get("event") == "action" and events[-1].get("name") == INTAKE_FORM:
        events.pop()
    for event in reversed(events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") != "action_extract_slots":
            return False
    return False


def facts_in_latest_message(tracker: Tracker) -> Dict[str, Any]:
    message = tracker.latest_message or {}
    return parse_message(
        message.get("text"),
        (message.get("intent") or {}).get("name"),
        message.get("entities"),
        requested_slot(tracker),
    )


class ActionExtractProfile(Action):
    """The slots' custom mapping outside the intake form (see domain.yml)."""

    def name(self) -> str:
        return "action_extract_profile"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[str, Any]]:
        # Unchanged facts are not set again (smaller trackers), except the answer
        # to the question asked, which the form needs to see.
        asked = requested_slot(tracker)
        return [
            SlotSet(slot, value)
            for slot, value in facts_in_latest_message(tracker).items()
            if slot == asked or tracker.get_slot(slot) != value
        ]
