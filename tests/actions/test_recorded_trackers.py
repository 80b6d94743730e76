"""The form and the actions, run on trackers Rasa really sent the action server.

The trackers were recorded from whole conversations with the running product
(tests/actions/record_trackers.py) and are loaded with Tracker.from_dict, as
RasaHQ/financial-demo's action tests do.
"""
import asyncio
import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import ValidateIntakeForm
from actions.plan_actions import ActionAnswerFollowup, ActionGivePlan, ActionRedFlagReferral

TRACKERS = Path(__file__).resolve().parent / "trackers"


def recorded(name):
    request = json.loads((TRACKERS / f"{name}.json").read_text())
    return Tracker.from_dict(request["tracker"]), request["domain"]


def run(action, name):
    tracker, domain = recorded(name)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    return slots, dispatcher.messages


def said(messages):
    return "\n".join(message.get("text") or message.get("response") or "" for message in messages)


@pytest.mark.parametrize("turn, slot, value", [
    ("plain-02", "red_flags", "no"),
    ("plain-03", "age_group", "adult"),              # "35"
    ("plain-04", "pregnant", "no"),                  # "nope"
    ("plain-08", "timing", "night"),                 # "at night mostly"
    ("plain-09", "calcium_intake", "adequate"),      # "normal diet, some cheese"
    ("plain-10", "magnesium_current", "no"),
])
def test_a_typed_answer_is_read_against_the_question_asked(turn, slot, value):
    slots, messages = run(ValidateIntakeForm(), f"{turn}-validate_intake_form")
    assert slots[slot] == value
    assert not any(message.get("response", "").startswith("utter_hint") for message in messages)


def test_what_was_said_up_front_is_not_asked_again():
    slots, _ = run(ValidateIntakeForm(), "said-up-front-03-validate_intake_form")
    assert slots["age_group"] == "adult" and slots["pregnant"] == "yes"
    assert slots["requested_slot"] == "restless_legs"  # kidney disease and statin were said in the first message


def test_a_question_in_the_middle_is_answered_and_the_question_asked_again():
    slots, messages = run(ValidateIntakeForm(), "question-mid-form-03-validate_intake_form")
    assert "Start with 250 mg" in said(messages)
    assert slots["age_group"] is None and slots["requested_slot"] == "age_group"
    assert not any(message.get("response") == "utter_hint_age_group" for message in messages)


def test_an_unclear_age_is_asked_again_and_never_assumed():
    slots, messages = run(ValidateIntakeForm(), "unclear-twice-03-validate_intake_form")
    assert [message.get("response") for message in messages] == ["utter_hint_age_group"]
    assert slots["age_group"] is None and slots["invalid_answers"] == 1
    slots, messages = run(ValidateIntakeForm(), "unclear-twice-04-validate_intake_form")
    assert [message.get("response") for message in messages] == ["utter_hint_age_group"]
    assert slots["age_group"] is None and slots["requested_slot"] == "age_group"


def test_a_warning_sign_in_the_middle_ends_the_questions_without_a_hint():
    slots, messages = run(ValidateIntakeForm(), "warning-sign-mid-form-04-validate_intake_form")
    assert slots["red_flags"] == "yes" and slots["requested_slot"] is None
    assert messages == []
    _, messages = run(ActionGivePlan(), "warning-sign-mid-form-04-action_give_plan")
    assert "needs a prompt check by a doctor" in said(messages) and " mg" not in said(messages)


def test_the_plain_intake_ends_in_a_cited_plan():
    _, messages = run(ActionGivePlan(), "plain-10-action_give_plan")
    assert "Start with 250 mg of magnesium oxide daily. [1]" in said(messages)
    assert "in the evening" in said(messages)


def test_a_question_gets_its_answer():
    _, messages = run(ActionAnswerFollowup(), "followup-01-action_answer_followup")
    assert "11-37%" in said(messages)


def test_a_warning_sign_inside_a_question_gets_the_referral_and_no_answer():
    # "is numbness in my foot a side effect?"
    _, messages = run(ActionRedFlagReferral(), "followup-02-action_red_flag_referral")
    assert "needs a prompt check by a doctor" in said(messages) and "11-37%" not in said(messages)
