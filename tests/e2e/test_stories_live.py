"""The test conversations (tests/test_stories.yml) replayed against the running product.

`rasa test` checks the dialogue's predictions but never runs a custom action,
so the form's validators and the actions' slot events never run there. Here
every user step is sent over REST to the product started by scripts/run.sh
(with its real action server), and each turn's actions, active loop and slot
values must be the ones the story writes down.
"""
import uuid

import pytest
import yaml

from tests.e2e.harness import ROOT

STORIES = yaml.safe_load((ROOT / "tests" / "test_stories.yml").read_text())["stories"]
# Bookkeeping Rasa runs on every turn; stories do not list them.
UNLISTED = {"action_listen", "action_extract_slots", "action_session_start"}


def turns(steps):
    """[(user text, [expected steps after it])]"""
    grouped = []
    for step in steps:
        if "user" in step:
            grouped.append((step["user"], []))
        elif grouped:
            grouped[-1][1].append(step)
    return grouped


def expected_turn(steps):
    actions = [step["action"] for step in steps if "action" in step]
    loops = [step["active_loop"] for step in steps if "active_loop" in step]
    slots = {name: value for step in steps if "slot_was_set" in step
             for item in step["slot_was_set"] for name, value in item.items()}
    return actions, loops, slots


def actions_since_the_user(events):
    users = [i for i, event in enumerate(events) if event["event"] == "user"]
    since_user = events[users[-1] + 1:] if users else events  # "restart" leaves no user event
    return [event["name"] for event in since_user if event["event"] == "action" and event["name"] not in UNLISTED]


@pytest.mark.parametrize("story", STORIES, ids=[story["story"] for story in STORIES])
def test_the_story_happens_with_the_real_actions(bot, story):
    sender = f"story-{uuid.uuid4().hex[:10]}"
    for number, (text, steps) in enumerate(turns(story["steps"]), start=1):
        bot.say(sender, text)
        tracker = bot.tracker(sender)
        actions, loops, slots = expected_turn(steps)
        where = f"turn {number} ({text!r})"
        if actions == ["action_restart"]:
            # A restart wipes the tracker: nothing of the conversation is left.
            assert not any(event["event"] == "user" for event in tracker["events"]), where
            continue
        assert actions_since_the_user(tracker["events"]) == actions, where
        if loops:
            assert (tracker.get("active_loop") or {}).get("name") == loops[-1], where
        for name, value in slots.items():
            assert tracker["slots"].get(name) == value, f"{where}: slot {name}"
