"""An unsure guess gets "Did you mean ...?" with the likeliest topics as buttons."""
from __future__ import annotations

from typing import Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from rasa_sdk.events import UserUtteranceReverted

from actions.messages import apologise_on_error, send_safety_net

# Button titles for the intents worth offering; chit-chat is never offered.
TOPIC_TITLES: Dict[Text, Text] = {
    "describe_symptoms": "Get a personal plan",
    "ask_not_working": "What if it doesn't work?",
    "ask_side_effects": "Side effects",
    "ask_dose": "How much to take",
    "ask_form": "Which kind of magnesium",
    "ask_timing": "When to take it",
    "ask_duration": "How long to take it",
    "ask_why": "Why magnesium helps",
    "ask_evidence": "Does it work?",
    "ask_kidney": "Kidney disease",
    "ask_statin": "Statins",
    "ask_coq10": "CoQ10",
    "ask_vitamin_d": "Vitamin D",
    "ask_calcium": "Calcium",
    "ask_hydration": "How much to drink",
    "ask_exercises": "Exercises and stretches",
    "ask_b6": "Vitamin B6",
    "ask_iron": "Iron",
    "ask_physical_therapy": "Physical therapy",
    "ask_pregnancy": "Pregnancy and breastfeeding",
    "ask_red_flags": "When to see a doctor",
    "ask_other_medicines": "Other medicines",
    "ask_serious_illness": "Is it something serious?",
}
MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.05


def suggestions(ranking: List[Dict]) -> List[Dict[Text, Text]]:
    likely = [item["name"] for item in ranking
              if item.get("name") in TOPIC_TITLES and (item.get("confidence") or 0) >= MIN_CONFIDENCE]
    return [{"title": TOPIC_TITLES[name], "payload": f"/{name}"} for name in likely[:MAX_SUGGESTIONS]]


class ActionDidYouMean(Action):
    def name(self) -> Text:
        return "action_did_you_mean"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        buttons = suggestions(tracker.latest_message.get("intent_ranking") or [])
        if not buttons:
            dispatcher.utter_message(response="utter_default")
        else:
            dispatcher.utter_message(response="utter_did_you_mean",
                                     buttons=buttons + [{"title": "Something else", "payload": "/ask_question"}])
        send_safety_net(dispatcher)
        return []


class ActionOutOfScope(Action):
    """What the assistant covers, and the safety net: no reply is a dead end."""

    def name(self) -> Text:
        return "action_out_of_scope"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_out_of_scope")
        send_safety_net(dispatcher)
        return []


class ActionFallback(Action):
    """The dialogue's own fallback (no rule fits): Rasa's default, with the safety net."""

    def name(self) -> Text:
        return "action_fallback"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_default")
        send_safety_net(dispatcher)
        return [UserUtteranceReverted()]
