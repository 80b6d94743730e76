"""A warning sign that may be there ("in case my foot starts dragging"), or the classifier's
reading of one without a sign named: never dropped, asked about. The warning-sign question
comes again, naming the sign; yes or not sure is the referral (the intake form's own rules)."""
from __future__ import annotations

from typing import Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.extract_profile import INTAKE_FORM, latest_parse
from actions.intake_parsing import UNSURE, YES
from actions.messages import apologise_on_error

ANY_SIGN = "any"


class ActionCheckPossibleSign(Action):
    def name(self) -> Text:
        return "action_check_possible_sign"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if tracker.get_slot("red_flags") in (YES, UNSURE):
            return []  # already referred: nothing more to ask
        signs = [entity.get("value") for entity in latest_parse(tracker)[2]
                 if entity.get("entity") == "possible_warning_sign"]
        events = [SlotSet("possible_sign", signs[0] if len(signs) == 1 else ANY_SIGN), SlotSet("red_flags", None)]
        # Inside the questions the rules run the form next; outside, this starts it.
        return events if tracker.active_loop_name else events + [FollowupAction(INTAKE_FORM)]
