"""Rasa NLU component: the warning-sign and risk-factor screen on every message.

Runs last in the pipeline, after the intent classifier and its fallback, so it
has the final word: a message with an affirmed warning sign is a
`report_red_flag` whatever else it looks like (a question, thanks, a fallback),
and the dialogue's rules send it to the referral in that same turn. A
`report_red_flag` guess of the classifier's that the screen finds denied or
hypothetical ("no numbness", "what if I get numbness?"), that comes with
any negation, hypothetical, other-person or long-ago cue ("years ago"), or
that says nothing about the body ("my name is ..., my number is ..."), is
replaced by the next likeliest intent. A warning sign said of someone else
("my husband has started slurring his words") makes the message a
`report_someone_elses_sign`, unless the person reports one of their own. Risk
factors become `risk_factor` entities with the role "now" or "not_now".
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from understanding import Reading, default_screen
from understanding.payload import is_button_payload
from understanding.subject import ANIMAL, default_people, read_subject

RED_FLAG_INTENT = "report_red_flag"
# About a pet: the guide is about people (actions/plan_actions.py, action_about_an_animal).
ANIMAL_INTENT = "about_an_animal"
# A sign that may be there, neither affirmed nor denied: one question names it (actions/possible_sign.py).
POSSIBLE_SIGN_INTENT = "report_possible_sign"
ANY_SIGN = "any"  # the classifier's reading with no sign named: the whole list is asked about
SOMEONE_ELSES_SIGN_INTENT = "report_someone_elses_sign"
# Said with a risk factor (not a question, and not just "magnesium"), these are
# a description, not a dead end.
UNCLEAR_INTENTS = ("nlu_fallback", "out_of_scope")
# A message about the person's twitching legs is on topic, whatever the classifier says
# (an eyelid or a dog that twitches is not).
TWITCH_WORDS = {"twitch", "twitches", "twitching", "twitchy", "twitched", "jumping", "jumpy", "flicker", "flickering",
                "flickers", "spasm", "spasms", "fasciculation", "fasciculations", "cramp", "cramps", "cramping"}
LEG_WORDS = {"leg", "legs", "calf", "calves", "thigh", "thighs", "shin", "shins", "foot", "feet", "quad", "quads",
             "hamstring", "hamstrings", "knee", "knees", "ankle", "ankles"}
# The classifier alone may call a message a warning sign only when it is this sure; from
# MIN_CLASSIFIER_POSSIBLE up, its reading is asked about instead of dropped.
MIN_CLASSIFIER_RED_FLAG = 0.8
MIN_CLASSIFIER_POSSIBLE = 0.5


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class WarningSignScreen(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "WarningSignScreen":
        return cls()

    def __init__(self) -> None:
        self.screen = default_screen()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if is_button_payload(text):
                continue  # a button's "/intent{...}": Rasa reads it as such; anything else typed is screened
            reading = self.screen.read(text)
            intent = _decide_intent(message.get(INTENT) or {}, message.get(INTENT_RANKING_KEY) or [], reading, text)
            found = _entities(reading, len(text))
            if intent and intent["name"] == POSSIBLE_SIGN_INTENT:
                found += [dict(entity="possible_warning_sign", value=sign, start=0, end=len(text),
                               extractor=WarningSignScreen.__name__)
                          for sign in sorted(_possible(reading)) or [ANY_SIGN]]
            message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
            if intent:
                message.set(INTENT, intent, add_to_output=True)
        return messages


def _entities(reading: Reading, length: int) -> List[Dict[Text, Any]]:
    found = [{"entity": "warning_sign", "value": sign} for sign in sorted(reading.warning_signs)]
    found += [{"entity": "denied_warning_sign", "value": sign}
              for sign in sorted(reading.negated_warning_signs - reading.warning_signs)]
    if reading.takes_back and not reading.warning_signs:
        found.append({"entity": "takes_back", "value": "yes"})
    found += [{"entity": "someone_elses_sign", "value": sign} for sign in sorted(reading.someone_elses_warning_signs)]
    found += [{"entity": "risk_factor", "value": name, "role": "now" if now else "not_now"}
              for name, now in sorted(reading.risk_factors.items())]
    return [dict(entity, start=0, end=length, extractor=WarningSignScreen.__name__) for entity in found]


def _decide_intent(intent: Dict[Text, Any], ranking: List[Dict[Text, Any]], reading: Reading, text: Text
                   ) -> Optional[Dict[Text, Any]]:
    """The intent to use instead of the classifier's, or None to keep it."""
    if reading.warning_signs:
        return {"name": RED_FLAG_INTENT, "confidence": 1.0}
    if read_subject(text).who == ANIMAL:
        return {"name": ANIMAL_INTENT, "confidence": 1.0}
    name = intent.get("name")
    if reading.takes_back and not text.rstrip().endswith("?"):
        return {"name": "deny", "confidence": 1.0}  # "I was only asking": a no, whatever else it looks like
    if reading.someone_elses_warning_signs:
        return {"name": SOMEONE_ELSES_SIGN_INTENT, "confidence": 1.0}
    if _possible(reading) and "?" not in text:
        return {"name": POSSIBLE_SIGN_INTENT, "confidence": 1.0}
    if name == RED_FLAG_INTENT and (reading.denied_warning_signs or reading.has_context_cue
                                    or not reading.about_the_body
                                    or (intent.get("confidence") or 0) < MIN_CLASSIFIER_RED_FLAG):
        if (reading.about_the_body and not reading.negated_warning_signs and "?" not in text
                and (intent.get("confidence") or 0) >= MIN_CLASSIFIER_POSSIBLE):
            return {"name": POSSIBLE_SIGN_INTENT, "confidence": 1.0}  # not sure enough to refer, too sure to drop
        runner_up = next((item for item in ranking if item.get("name") not in (RED_FLAG_INTENT, "nlu_fallback")),
                         None)
        return dict(runner_up) if runner_up else {"name": "nlu_fallback", "confidence": 1.0}
    stated = {factor for factor in reading.risk_factors if factor != "magnesium_current"}
    if name in UNCLEAR_INTENTS and stated and not text.rstrip().endswith("?"):
        return {"name": "inform", "confidence": 1.0}
    words = set(re.findall(r"[a-z]+", text.lower()))
    likeliest = next((item.get("name") or "" for item in ranking if item.get("name") != "nlu_fallback"), "")
    animals = default_people().animals  # one list of animals: understanding/people.yml
    if name == "nlu_fallback" and words & TWITCH_WORDS and words & LEG_WORDS and not words & animals \
            and "?" not in text and not likeliest.startswith("ask_"):
        return {"name": "describe_symptoms", "confidence": 1.0}  # "her legs twitch, not mine. she's 15"
    if name == "out_of_scope" and words & TWITCH_WORDS and words & LEG_WORDS and not words & animals:
        # "im 16 and my legs twitch after training, can i take magnesium? how much": the likeliest on-topic
        # guess (a low-confidence fallback still gets "Did you mean ...?").
        return next((dict(item) for item in ranking
                     if item.get("name") not in (RED_FLAG_INTENT, *UNCLEAR_INTENTS)), None)
    return None


def _possible(reading: Reading) -> set:
    return reading.possible_warning_signs - reading.warning_signs - reading.negated_warning_signs
