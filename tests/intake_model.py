"""The intake as a model: its questions, every button of each, and what must hold of
the plan that follows from the answers recorded.

Shared by the test that walks every path of buttons without servers
(tests/actions/test_every_button_path.py) and the one that drives a pairwise set
of them through the running product (tests/e2e/test_every_button_pair.py). The
buttons are read from where the product sends them (actions/question_buttons.yml and
action_ask_red_flags), never restated here.
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Dict, List, Mapping, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ask_actions import QUESTION_BUTTONS
from actions.intake_form import ActionAskRedFlags
from recommendation import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = load_knowledge()
Button = Tuple[str, str]  # (title, payload)

# What each button's title promises, as the value the slot must then hold.
PROMISED = {
    "yes": "yes", "no": "no", "not sure": "unknown", "no / not applicable": "no", "never tested": "unknown",
    "18 or older": "adult", "under 18": "under_18", "at night": "night", "during the day": "day",
    "after exercise": "exercise", "no pattern": "unknown", "yes, most days": "adequate", "not often": "low",
    "no, none of these": "no", "me": "me", "someone else": "someone_else",
}
PROMISED_FOR = {("red_flags", "not sure"): "unsure", ("calcium_intake", "not sure"): "unknown"}


def promised(slot: str, title: str) -> str:
    return PROMISED_FOR.get((slot, title.lower()), PROMISED[title.lower()])


def _red_flag_buttons() -> List[Button]:
    dispatcher = CollectingDispatcher()
    tracker = Tracker("model", {}, {}, [], False, None, {}, "action_listen")
    asyncio.run(ActionAskRedFlags().run(dispatcher, tracker, {}))
    return [(button["title"], button["payload"]) for message in dispatcher.messages
            for button in message.get("buttons") or []]


def question_buttons() -> Dict[str, List[Button]]:
    """Every question of the intake form and the buttons it is sent with."""
    buttons = {"red_flags": _red_flag_buttons()}
    for slot, listed in QUESTION_BUTTONS.items():
        buttons[slot] = [(button["title"], button["payload"]) for button in listed]
    return buttons


FORM_ORDER = ("for_whom", "red_flags", "age_group", "pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin",
              "timing", "calcium_intake", "magnesium_current", "magnesium_dose", "magnesium_weeks")


def _text(fact_id: str, said: str = "") -> str:
    """The fact as said: of the person, or of someone else where it has a way to say that."""
    fact = KNOWLEDGE.fact(fact_id)
    return fact.they if fact.they and fact.they in said and fact.text not in said else fact.text


def _first_amount(said: str) -> int:
    """Where the first amount in mg is said (len(said) if none)."""
    found = re.search(r"\d\s?mg\b", said)
    return found.start() if found else len(said)


def broken_invariants(answers: Mapping[str, str], said: str) -> List[str]:
    """The rules of the plan that `said` (the whole reply) breaks for these recorded answers."""
    broken = []

    def require(condition: bool, rule: str) -> None:
        if not condition:
            broken.append(rule)

    def before_any_amount(fact_id: str) -> None:
        require(_text(fact_id, said) in said and said.index(_text(fact_id, said)) < _first_amount(said),
                f"{fact_id} said before any amount")

    if answers.get("red_flags") in ("yes", "unsure"):
        require(any(_text(fact) in said for fact in ("referral", "referral_unsure", "referral_someone_else",
                                                      "referral_unsure_someone_else")),
                "a warning sign gets the referral")
        require(not re.search(r"\d\s?mg\b", said) and "magnesium oxide" not in said,
                "a referral holds no supplement plan")
        return broken
    require(answers.get("red_flags") == "no", "a plan only after the warning signs are answered no")
    if answers.get("statin") == "yes":  # at any age
        require(_text("statin_prescriber", said) in said, "a statin only with the prescriber")
    age = answers.get("age_group")
    if age != "adult":
        require(not re.search(r"\d\s?mg\b", said), "under 18 or age not known: no dose")
        require(_text("under_18" if age == "under_18" else "age_unknown", said) in said, "says why there is no dose")
        return broken
    start = _text("start_dose")
    if answers.get("kidney_disease") == "yes":
        before_any_amount("kidney_doctor_first")
    if answers.get("kidney_disease") == "unknown":
        before_any_amount("kidney_not_sure")
    if answers.get("pregnant") == "yes":
        before_any_amount("pregnancy")
    if answers.get("pregnant") == "unknown":
        before_any_amount("pregnancy_not_sure")
    if answers.get("kidney_disease") != "no" or answers.get("pregnant") != "no":
        require(start not in said, "no 'start with' before a doctor or midwife agrees")
    elif answers.get("magnesium_current") == "no":
        require(start in said, "a plain adult gets the guide's starting dose")
    if answers.get("statin") == "unknown":
        require(_text("statin_not_sure", said) in said, "not sure about a statin: ask a pharmacist")
    if answers.get("statin") == "no":
        require(KNOWLEDGE.fact("statin_prescriber").text not in said
                and KNOWLEDGE.fact("statin_prescriber").they not in said, "no statin advice without a statin")
    return broken
