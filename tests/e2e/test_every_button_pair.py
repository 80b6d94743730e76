"""The intake's core against the running product (scripts/run.sh, over REST): every
pair of button answers, and typed answers at each question, recorded as said and
followed by a plan that keeps every rule (tests/intake_model.py)."""
import json
import re
import uuid
from typing import Dict, List, Optional

import pytest
from allpairspy import AllPairs

from tests.e2e.harness import texts
from tests.intake_model import FORM_ORDER, broken_invariants, promised, question_buttons

BUTTONS = question_buttons()
PLAN_OR_REFERRAL = ("Here is your plan", "needs a prompt check by a doctor", "please have a doctor check you")
START = "/describe_symptoms"  # the greeting's "My legs twitch" button


def asked(replies: List[dict]) -> Optional[str]:
    """The question the replies end on, from its buttons' payloads."""
    for message in reversed(replies):
        for button in message.get("buttons") or []:
            found = re.search(r'"answer": "(\w+):', button["payload"])
            if found:
                return found.group(1)
    return None


def payload(slot: str, title: str) -> str:
    return dict(BUTTONS[slot])[title]


def recorded(bot, sender: str) -> Dict[str, str]:
    slots = bot.tracker(sender)["slots"]
    return {slot: slots[slot] for slot in FORM_ORDER if slots.get(slot) is not None}


def click_through(bot, sender: str, titles: Dict[str, str], first: str = START, limit: int = 14):
    """Clicks the chosen button of each question asked until the plan or a referral."""
    replies = bot.say(sender, first)
    clicked = {}
    while not any(mark in texts(replies) for mark in PLAN_OR_REFERRAL):
        slot = asked(replies)
        assert slot and len(clicked) < limit, (clicked, texts(replies)[-400:])
        assert slot not in clicked, f"{slot} asked again after {clicked[slot]!r}"
        clicked[slot] = titles[slot]
        replies = bot.say(sender, payload(slot, titles[slot]))
    return clicked, texts(replies)


# The questions after the warning signs (who it is for is asked only when a message leaves it unclear).
AFTER_SCREEN = FORM_ORDER[FORM_ORDER.index("red_flags") + 1:]
PAIRS = [dict(zip(AFTER_SCREEN, row)) for row in AllPairs(
    [[title for title, _ in BUTTONS[slot] if not (slot == "age_group" and title == "Under 18")]
     for slot in AFTER_SCREEN])]
ENDINGS = [  # the answers that end the questions early
    {"red_flags": "Yes"}, {"red_flags": "Not sure"}, {"red_flags": "No, none of these", "age_group": "Under 18"}]


@pytest.mark.parametrize("titles", [dict(row, red_flags="No, none of these") for row in PAIRS] + ENDINGS,
                         ids=lambda titles: ",".join(f"{slot[:3]}={title[:6]}" for slot, title in titles.items()))
def test_every_pair_of_button_answers_is_recorded_as_said_and_keeps_the_plans_rules(bot, titles):
    sender = f"pairs-{uuid.uuid4().hex[:10]}"
    clicked, said = click_through(bot, sender, titles)
    answers = recorded(bot, sender)
    for slot, title in clicked.items():
        assert answers.get(slot) == promised(slot, title), (slot, title, answers)
    assert not broken_invariants(answers, said), (clicked, broken_invariants(answers, said), said)
    if answers["red_flags"] == "no":
        my_plan = texts(bot.say(sender, "my plan"))
        words = {"adult": "18 or older", "under_18": "under 18"}.get(answers["age_group"])
        assert words is None or words in my_plan.split("\n")[1], my_plan[:300]


def test_the_pairwise_set_covers_every_pair_of_answers():
    slots = AFTER_SCREEN
    for i, first in enumerate(slots):
        for second in slots[i + 1:]:
            wanted = {(a, b) for a, _ in BUTTONS[first] for b, _ in BUTTONS[second]
                      if "Under 18" not in (a, b)}
            assert wanted <= {(row[first], row[second]) for row in PAIRS}, (first, second)


# Typed at each question: the value recorded, or None where the question must come again.
# Written for this test from the questions themselves (never from a corpus).
YES_NO = [("yes", "yes"), ("yep", "yes"), ("Yes I do", "yes"), ("no", "no"), ("nope", "no"), ("nah", "no"),
          ("not sure", "unknown"), ("no idea", "unknown"), ("what does that mean?", None), ("why do you ask?", None),
          ("hmm is that important", None)]
TYPED = {
    "red_flags": [("no", "no"), ("none of these", "no"), ("not sure", "unsure"), ("what counts as weakness?", None),
                  ("wait is twitching by itself a sign of als or not", None), ("ok", None)],
    "age_group": [("yes", "adult"), ("no", "under_18"), ("16", "under_18"), ("17", "under_18"), ("18", "adult"),
                  ("19", "adult"), ("under 18", "under_18"), ("Under 18", "under_18"), ("over 18", "adult"),
                  ("im 15", "under_18"), ("I'm 44", "adult"), ("not sure", "unknown"), ("skip", "unknown"),
                  ("why do you need my age?", None), ("what?", None)],
    "pregnant": YES_NO + [("im a man", "no")],
    "kidney_disease": YES_NO + [("what is ckd?", None)],
    "statin": YES_NO + [("whats a statin", None), ("what is a statin?", None)],
}
# Buttons that lead to each question (the first of each, the plain "no").
ROUTE = {"red_flags": "No, none of these", "age_group": "18 or older", "pregnant": "No / not applicable",
         "kidney_disease": "No", "statin": "No"}


def reach(bot, sender: str, question: str) -> List[dict]:
    replies = bot.say(sender, START)
    while asked(replies) != question:
        slot = asked(replies)
        assert slot in ROUTE, texts(replies)[-300:]
        replies = bot.say(sender, payload(slot, ROUTE[slot]))
    return replies


@pytest.mark.parametrize("question,typed,expected",
                         [(question, typed, expected) for question, cases in TYPED.items() for typed, expected in cases])
def test_a_typed_answer_at_a_safety_question_is_recorded_as_said_or_the_question_comes_again(
        bot, question, typed, expected):
    sender = f"typed-{uuid.uuid4().hex[:10]}"
    reach(bot, sender, question)
    replies = bot.say(sender, typed)
    assert recorded(bot, sender).get(question) == expected, json.dumps(replies)[:600]
    if expected is None:
        assert asked(replies) == question, texts(replies)[-400:]
        assert "Here is your plan" not in texts(replies)
