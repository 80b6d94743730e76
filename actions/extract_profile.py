"""Runs after every message (a custom slot mapping) and records what it says."""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_parsing import UNSURE, YES, corrects_a_referral, parse_message
from actions.messages import apologise_on_error

INTAKE_FORM = "intake_form"


def requested_slot(tracker: Tracker):
    return tracker.get_slot("requested_slot") if tracker.active_loop_name == INTAKE_FORM else None


def latest_parse(tracker: Tracker) -> Tuple[str, str, List[Dict[str, Any]]]:
    """The latest message's text, intent name and entities."""
    message = tracker.latest_message or {}
    return message.get("text") or "", (message.get("intent") or {}).get("name") or "", message.get("entities") or []


def referral_taken_back(tracker: Tracker) -> bool:
    """Whether this conversation had a referral that the person has since corrected."""
    return tracker.get_slot("red_flags") is None and any(
        event.get("event") == "slot" and event.get("name") == "red_flags" and event.get("value") in (YES, UNSURE)
        for event in tracker.events)


def facts_in_latest_message(tracker: Tracker) -> Dict[str, Any]:
    """Read once per tracker: the form's extractors and validators ask for it ~20 times a turn."""
    key = (tracker.sender_id, len(tracker.events), requested_slot(tracker))
    cached = getattr(tracker, "_facts", None)
    if cached is None or cached[0] != key:
        cached = (key, parse_message(*latest_parse(tracker), requested_slot(tracker), tracker.get_slot("for_whom")))
        tracker._facts = cached
    return dict(cached[1])


class ActionExtractProfile(Action):
    """The slots' custom mapping outside the intake form (see domain.yml)."""

    def name(self) -> str:
        return "action_extract_profile"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[str, Any]]:
        # Unchanged facts are not set again (smaller trackers), except the answer
        # to the question asked, which the form needs to see.
        asked = requested_slot(tracker)
        if corrects_a_referral(tracker.get_slot("red_flags"), *latest_parse(tracker)):
            # The warning-sign question is asked again (action_ask_red_flags says why); a plan
            # after it is the first, not an update of the referral.
            return [SlotSet("red_flags", None), SlotSet("plan_fingerprint", None)]
        return [
            SlotSet(slot, value)
            for slot, value in facts_in_latest_message(tracker).items()
            if slot == asked or tracker.get_slot(slot) != value
        ]
