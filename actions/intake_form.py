"""The intake form: which questions to ask, and what counts as an answer."""
from __future__ import annotations

from abc import abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from recommendation import red_flag_screen, render_messages

from actions.extract_profile import facts_in_latest_message, follows_user_message
from actions.intake_parsing import MAX_DOSE_MG, MAX_WEEKS, NO, STATEMENT_INTENTS, UNKNOWN, UNSURE, YES
from actions.messages import apologise_on_error

MAX_INVALID_ANSWERS = 2
# Slots with a hint of their own (utter_hint_<slot>); the rest get utter_hint_yes_no.
HINTED_SLOTS = ("magnesium_dose", "magnesium_weeks", "age_group", "timing")


def hint(slot: Text) -> Text:
    return f"utter_hint_{slot}" if slot in HINTED_SLOTS else "utter_hint_yes_no"


class RepeatedAnswerFormValidation(FormValidationAction):
    """Re-asks an unclear answer with a hint; after two, records 'unknown' and moves on.

    Questions, chit-chat and stop requests are not answers: the form rejects
    them and the dialogue rules handle them, then come back here.
    """

    @abstractmethod
    def name(self) -> Text:
        """The validation action's name, validate_<form>."""

    def answer_was_expected(self, tracker: Tracker) -> bool:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return intent in STATEMENT_INTENTS

    @staticmethod
    def value_when_unclear(slot: Text) -> Text:
        # An unclear answer to the warning-sign screen is never read as "no".
        return UNSURE if slot == "red_flags" else UNKNOWN

    def extract(self, tracker: Tracker) -> Dict[Text, Any]:
        """Slot values stated in the message this call answers; none by default."""
        return {}

    @staticmethod
    def add_candidates(tracker: Tracker, values: Dict[Text, Any]) -> None:
        """Makes extracted values look like Rasa's own slot candidates, so they are validated too."""
        for slot, value in values.items():
            tracker.events.append({"event": "slot", "name": slot, "value": value})
            tracker.slots[slot] = value

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        extracted = self.extract(tracker)
        self.add_candidates(tracker, extracted)
        asked = tracker.get_slot("requested_slot")
        answered = tracker.slots_to_validate()
        if not asked or answered or not self.answer_was_expected(tracker):
            # The validators' verdicts come after the extracted values, so they win.
            events = [SlotSet(slot, value) for slot, value in extracted.items()]
            events += await super().run(dispatcher, tracker, domain)
            return events + ([SlotSet("invalid_answers", 0)] if answered else [])

        attempts = (tracker.get_slot("invalid_answers") or 0) + 1
        if attempts < MAX_INVALID_ANSWERS:
            dispatcher.utter_message(response=hint(asked))
            return [SlotSet("invalid_answers", attempts), SlotSet("requested_slot", asked)]

        dispatcher.utter_message(response="utter_noted_unsure")
        value = self.value_when_unclear(asked)
        tracker.slots[asked] = value
        events = await super().run(dispatcher, tracker, domain)
        return [SlotSet(asked, value), SlotSet("invalid_answers", 0)] + events


class ValidateIntakeForm(RepeatedAnswerFormValidation):
    """Also reads each answer itself: while the form runs, the slots' custom
    mapping (action_extract_profile) is off, saving one call per turn."""

    def name(self) -> Text:
        return "validate_intake_form"

    def extract(self, tracker: Tracker) -> Dict[Text, Any]:
        return facts_in_latest_message(tracker) if follows_user_message(tracker) else {}

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """Red-flag screen first; a red flag or an under-18 answer ends the questions."""
        if tracker.get_slot("red_flags") in (YES, UNSURE):
            return []
        slots = ["red_flags", "age_group"]
        if tracker.get_slot("age_group") == "under_18":
            return slots
        slots += ["pregnant", "kidney_disease", "statin", "restless_legs"]
        if tracker.get_slot("restless_legs") in (YES, UNKNOWN):
            slots.append("low_ferritin")
        slots += ["timing", "calcium_intake", "magnesium_current"]
        if tracker.get_slot("magnesium_current") == YES:
            slots += ["magnesium_dose", "magnesium_weeks"]
        return slots

    @staticmethod
    def _amount(value: Any, ceiling: float, slot: Text, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        if value == UNKNOWN:
            return {slot: UNKNOWN}
        try:
            amount = float(value)
        except (TypeError, ValueError):
            amount = -1.0
        if 0 < amount <= ceiling:
            return {slot: amount}
        dispatcher.utter_message(response=hint(slot))
        return {slot: None}

    def validate_magnesium_dose(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._amount(value, MAX_DOSE_MG, "magnesium_dose", dispatcher)

    def validate_magnesium_weeks(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._amount(value, MAX_WEEKS, "magnesium_weeks", dispatcher)

    def validate_magnesium_current(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value == NO:
            return {"magnesium_current": NO, "magnesium_dose": None, "magnesium_weeks": None}
        return {"magnesium_current": value}


class ActionAskRedFlags(Action):
    """The first question lists the warning signs from the knowledge base."""

    def name(self) -> Text:
        return "action_ask_red_flags"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_intake_start")
        screen, sources = render_messages(red_flag_screen())
        dispatcher.utter_message(
            text=f"{screen}\n\n{sources}",
            buttons=[
                {"title": "Yes", "payload": "/affirm"},
                {"title": "No, none of these", "payload": "/deny"},
                {"title": "Not sure", "payload": "/unsure"},
            ],
        )
        return []
