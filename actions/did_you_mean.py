"""An unsure guess gets "Did you mean ...?" with the likeliest topics as buttons."""
from __future__ import annotations

from typing import Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import apologise_on_error

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
            return []
        dispatcher.utter_message(response="utter_did_you_mean",
                                 buttons=buttons + [{"title": "Something else", "payload": "/ask_question"}])
        return []
