"""Check-ins and "my plan": slots and the check-in store in, messages out.

What to say comes from recommendation.followthrough; when comes from
CHECKIN_AFTER (checkins/delay.py); the schedule is a row in the database
(checkins/store.py), delivered by the Rasa server.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from checkins import PUSH_CHANNELS, delay
from checkins.store import configured_store
from recommendation import Plan, recommend
from recommendation.followthrough import keep_going, plan_dates, told

from actions.intake_form import ActionAnythingElse
from actions.messages import FOLLOW_UP_BUTTONS, apologise_on_error, send_essentials, send_plan
from actions.profile_slots import profile_from_slots

FIRST_WEEK, SECOND_WEEK = 4, 8


def offer_checkin(dispatcher: CollectingDispatcher, second: bool = False,
                  more: Sequence[Dict[Text, Text]] = ()) -> List[Dict[Text, Any]]:
    """The offer, with `more` buttons after its own (the widget shows only the last message's)."""
    response = "utter_offer_second_checkin" if second else "utter_offer_checkin"
    dispatcher.utter_message(response=response, after=delay.describe(delay.configured()), buttons=list(more))
    return [SlotSet("checkin_offered", True)]


def cancel_checkins(tracker: Tracker) -> int:
    store = configured_store()
    return store.cancel(tracker.sender_id) if store else 0


def current_plan(tracker: Tracker) -> Optional[Plan]:
    """The person's plan, if one was given and still stands (no referral, no restart since)."""
    if tracker.get_slot("plan_started") is None:
        return None
    plan = recommend(profile_from_slots(tracker.slots))
    return plan if plan.kind == "plan" else None


def day(timestamp: float) -> Text:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%A %-d %B %Y")


def when(due_at: float, now: float) -> Text:
    """How the person is told the time: a day, or for short demo delays, how long."""
    seconds = due_at - now
    if seconds >= 86400:
        return f"on {day(due_at)}"
    return "in " + (f"{round(seconds)} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes")


class ActionScheduleCheckin(Action):
    def name(self) -> Text:
        return "action_schedule_checkin"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if not tracker.get_slot("checkin_offered") or current_plan(tracker) is None:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        week = SECOND_WEEK if tracker.get_slot("checkin_week") == FIRST_WEEK else FIRST_WEEK
        now = time.time()
        due_at = now + delay.parse(delay.configured())
        channel = tracker.get_latest_input_channel() or "rest"
        configured_store().schedule(tracker.sender_id, channel, week, due_at)
        response = "utter_checkin_scheduled" if channel in PUSH_CHANNELS else "utter_checkin_scheduled_pull"
        dispatcher.utter_message(response=response, date=when(due_at, now))
        return [SlotSet("checkin_offered", False)]


class ActionDeclineCheckin(Action):
    def name(self) -> Text:
        return "action_decline_checkin"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if not tracker.get_slot("checkin_offered"):  # a "no" after a referral, say: no check-in to decline
            return await ActionAnythingElse().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_checkin_declined")
        return [SlotSet("checkin_offered", False)]


class ActionCheckin(Action):
    """The check-in itself, when it falls due (never typed by the person)."""

    def name(self) -> Text:
        return "action_checkin"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if current_plan(tracker) is None:
            return []  # restarted or referred since: nothing to check on
        dispatcher.utter_message(response="utter_checkin_question", week=tracker.get_slot("checkin_week") or FIRST_WEEK)
        return []


class ActionCheckinBetter(Action):
    """"It's better" - at a check-in or said unprompted. (No change and side effects
    are the follow-up questions, answered by action_answer_followup.)"""

    def name(self) -> Text:
        return "action_checkin_better"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        send_plan(dispatcher, keep_going(profile_from_slots(tracker.slots)), FOLLOW_UP_BUTTONS)
        if current_plan(tracker) is not None and tracker.get_slot("checkin_week") == FIRST_WEEK:
            return offer_checkin(dispatcher, second=True)
        return []


class ActionStopCheckins(Action):
    def name(self) -> Text:
        return "action_stop_checkins"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        cancelled = cancel_checkins(tracker)
        dispatcher.utter_message(response="utter_checkins_stopped" if cancelled else "utter_no_checkins")
        return [SlotSet("checkin_offered", False)]


class ActionMyPlan(Action):
    def name(self) -> Text:
        return "action_my_plan"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        plan = current_plan(tracker)
        if plan is None:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        profile = profile_from_slots(tracker.slots)
        started = tracker.get_slot("plan_started")
        dates = plan_dates(dt.datetime.fromtimestamp(started, dt.timezone.utc).date(), profile)
        store = configured_store()
        pending = store.pending(tracker.sender_id) if store else None
        dispatcher.utter_message(
            response="utter_my_plan",
            told="; ".join(told(profile)) or "nothing yet",
            started=dates["started"].strftime("%-d %B %Y"),
            reassess=dates["reassess"].strftime("%-d %B %Y"),
            decide=dates["decide"].strftime("%-d %B %Y"),
            next_checkin=f"Next check-in: {day(pending.due_at)}." if pending else "No check-in planned.",
        )
        send_essentials(dispatcher, plan, FOLLOW_UP_BUTTONS, profile.someone_else)
        return []
