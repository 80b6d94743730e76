"""The intake's questions with their buttons: the question's text is the domain's response
(with its variation for someone else), the buttons come from actions/question_buttons.yml.
Sent from here, not with the response, because Rasa reads the payloads' braces
(`/deny{"answer": "age_group:under_18"}`) as slot placeholders and logs an error, with the
slots, for each one."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import apologise_on_error

BUTTONS_FILE = Path(__file__).with_name("question_buttons.yml")


def load_question_buttons(path: Path = BUTTONS_FILE) -> Dict[Text, List[Dict[Text, Text]]]:
    buttons = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for slot, listed in buttons.items():
        if not isinstance(listed, list) or not all(isinstance(button, dict) and set(button) == {"title", "payload"}
                                                   for button in listed):
            raise ValueError(f"{path}: {slot}: each button needs exactly a title and a payload")
        if any(f'"answer": "{slot}:' not in button["payload"] for button in listed):
            raise ValueError(f"{path}: {slot}: every payload must name its question ({slot}:...)")
    return buttons


QUESTION_BUTTONS = load_question_buttons()


def _ask_action(slot: Text) -> type:
    class AskQuestion(Action):
        def name(self) -> Text:
            return f"action_ask_{slot}"

        @apologise_on_error
        async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
            dispatcher.utter_message(response=f"utter_ask_{slot}", buttons=QUESTION_BUTTONS[slot])
            return []

    AskQuestion.__name__ = f"ActionAsk_{slot}"
    return AskQuestion


ASK_ACTIONS = [_ask_action(slot) for slot in QUESTION_BUTTONS]
