"""Every path of buttons through the intake, without servers: each button records what
its title says, and the plan that follows keeps every rule (tests/intake_model.py).

A payload is unpacked the way Rasa unpacks it (against domain.yml), then read by the
form's own validators; the plan is the recommendation module's, rendered as sent.
"""
from functools import lru_cache
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import FORM_SLOTS, ValidateIntakeForm
from actions.profile_slots import PROFILE_SLOTS, profile_from_slots
from recommendation import recommend, render
from recommendation.followthrough import told
from tests.intake_model import ROOT, broken_invariants, promised, question_buttons

from .conftest import DOMAIN

BUTTONS = question_buttons()
FORM = ValidateIntakeForm()
EMPTY = {name: None for name in set(PROFILE_SLOTS) | set(FORM_SLOTS) | {"requested_slot", "invalid_answers"}}


@lru_cache(maxsize=None)
def unpacked(payload: str) -> Tuple[str, Tuple[Tuple[str, Any], ...]]:
    """A payload's intent and entities, as Rasa's RegexMessageHandler makes them."""
    message = YAMLStoryReader.unpack_regex_message(Message(data={TEXT: payload}), _domain())
    entities = tuple(tuple(sorted(entity.items())) for entity in message.get(ENTITIES) or [])
    return (message.get(INTENT) or {"name": "inform"})["name"], entities  # a title sent as text: read as typed


@lru_cache(maxsize=None)
def _domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def next_question(slots: Dict[str, Any]):
    tracker = Tracker("model", slots, {}, [], False, None, {}, "action_listen")
    return next((slot for slot in ValidateIntakeForm.questions(tracker) if slots.get(slot) is None), None)


def click(slots: Dict[str, Any], slot: str, payload: str) -> Tuple[Dict[str, Any], List[Dict]]:
    """The form's validation of a button's payload sent while `slot` is asked."""
    intent, entities = unpacked(payload)
    latest = {"text": payload, "intent": {"name": intent, "confidence": 1.0},
              "entities": [dict(entity) for entity in entities]}
    tracker = Tracker("model", dict(slots, requested_slot=slot), latest, [], False, None,
                      {"name": "intake_form"}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = getattr(FORM, f"validate_{slot}")(payload, dispatcher, tracker, DOMAIN)
    return dict(slots, **result), dispatcher.messages


def every_path() -> Iterator[Tuple[List[Tuple[str, str]], Dict[str, Any]]]:
    """Depth first through every button of every question asked: (clicks, slots at the end),
    for someone who writes about themselves and for someone who mentions another person."""
    stack = [([], dict(EMPTY)), ([("mentions someone else", "")], dict(EMPTY, for_whom_unclear=True))]
    while stack:
        clicks, slots = stack.pop()
        slot = next_question(slots)
        if slot is None:
            yield clicks, slots
            continue
        for title, payload in BUTTONS[slot]:
            after, _ = click(slots, slot, payload)
            assert after.get(slot) == promised(slot, title), (clicks, slot, title, after.get(slot))
            stack.append((clicks + [(slot, title)], after))


def test_every_question_of_the_form_has_buttons_with_a_promise():
    assert set(BUTTONS) == set(FORM_SLOTS)
    for slot, buttons in BUTTONS.items():
        assert buttons, slot
        for title, _ in buttons:
            promised(slot, title)  # a button whose title promises nothing known fails here


def test_every_path_of_buttons_records_what_each_says_and_keeps_every_rule_of_the_plan():
    paths = 0
    for clicks, slots in every_path():
        paths += 1
        profile = profile_from_slots(slots)
        said = render(recommend(profile))
        answers = {slot: slots[slot] for slot in FORM_SLOTS if slots.get(slot) is not None}
        assert not broken_invariants(answers, said), (clicks, broken_invariants(answers, said))
        # "my plan" repeats what was recorded, in the button's own words
        if answers.get("red_flags") == "no" and answers.get("age_group") in ("adult", "under_18"):
            assert ("under 18" if answers["age_group"] == "under_18" else "18 or older") in told(profile), clicks
        assert ("asking for someone else" in told(profile)) == (answers.get("for_whom") == "someone_else")
    # 2 referral paths, 1 under 18, and adult or age not known through every other question;
    # after "Who are you asking for?" (Me / Someone else) the same again
    per_person = 2 + 1 + 2 * 3 * 3 * 3 * (1 + 2 * 3) * 4 * 3 * 2
    assert paths == per_person + 2 * per_person


def test_a_button_of_an_earlier_question_answers_nothing_now():
    stale = dict(BUTTONS["age_group"])["Under 18"]
    slots, messages = click(dict(EMPTY, red_flags="no", age_group="adult"), "pregnant", stale)
    assert slots["pregnant"] is None and messages  # asked again, with a hint


@pytest.mark.parametrize("payload", ["/affirm", "/deny", "/inform", '/inform{"answer": "age_group:banana"}'])
def test_a_payload_that_does_not_say_an_age_records_none(payload):
    slots, _ = click(dict(EMPTY, red_flags="no"), "age_group", payload)
    assert slots["age_group"] is None
