"""The plan, follow-up answers and the red-flag referral: slots in, messages out."""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict
from typing import Any, Dict, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from recommendation import Plan, Profile, answer, noted_signs, recommend, render_messages, someone_elses_signs
from understanding.subject import SOMEONE_ELSE

from actions.checkin_actions import cancel_checkins, offer_checkin
from actions.extract_profile import INTAKE_FORM, facts_in_latest_message, latest_parse
from actions.intake_parsing import YES
from actions.messages import FOLLOW_UP_BUTTONS, apologise_on_error, send_essentials, send_plan
from actions.profile_slots import PROFILE_SLOTS, profile_from_slots, profile_started

TOPIC_INTENT_PREFIX = "ask_"


def fingerprint(profile: Profile) -> Text:
    return hashlib.sha256(json.dumps(asdict(profile), sort_keys=True).encode()).hexdigest()[:16]


def send_referral(dispatcher: CollectingDispatcher, tracker: Tracker, referral: Plan) -> None:
    """The warning signs the latest message was read as saying, how to correct a misreading,
    and last - the most visible - who to contact and how soon, with its sources; no follow-up
    buttons about magnesium."""
    said = [entity.get("value") for entity in latest_parse(tracker)[2] if entity.get("entity") == "warning_sign"]
    noted = noted_signs(said)
    if noted.sections:
        dispatcher.utter_message(text=render_messages(noted)[0])  # its sources are the referral's
    dispatcher.utter_message(response="utter_referral_misread")
    action = Plan(referral.kind, referral.sections[:1])  # "Please see a doctor": what to do, and how urgently
    dispatcher.utter_message(text="\n\n".join(render_messages(action)),
                             buttons=[{"title": "Start over", "payload": "/restart"}])


class ActionSomeoneElsesSign(Action):
    """A warning sign said of someone else. If the chat is about them ("my son's legs twitch and
    he keeps tripping"), it is their referral. If not ("asking for my husband - he's started
    slurring his words"): what the one who has it should do, no plan for them - then the
    person's own twitching, if the same message tells of it, or an offer to go through it."""

    def name(self) -> Text:
        return "action_someone_elses_sign"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        facts = facts_in_latest_message(tracker)
        about = facts.get("for_whom") or tracker.get_slot("for_whom")
        if about == SOMEONE_ELSE:
            said = [SlotSet(slot, value) for slot, value in facts.items() if slot in PROFILE_SLOTS] + [
                SlotSet("red_flags", YES), SlotSet("for_whom", SOMEONE_ELSE)]
            if tracker.active_loop_name:
                return said  # the questions end, and the referral comes as their end (action_give_plan)
            slots = {**tracker.slots, **facts, "red_flags": YES}
            send_referral(dispatcher, tracker, recommend(profile_from_slots(slots)))
            cancel_checkins(tracker)
            return said
        said = [entity.get("value") for entity in latest_parse(tracker)[2]
                if entity.get("entity") == "someone_elses_sign"]
        send_plan(dispatcher, someone_elses_signs(said))
        if tracker.active_loop_name:
            return []
        if about == "me":  # "... but this is about me: I'm 41 and my thighs twitch at night"
            return [SlotSet(slot, value) for slot, value in facts.items() if slot in PROFILE_SLOTS] + [
                FollowupAction(INTAKE_FORM)]
        dispatcher.utter_message(response="utter_only_your_own")
        return []


class ActionGivePlan(Action):
    def name(self) -> Text:
        return "action_give_plan"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        profile = profile_from_slots(tracker.slots)
        plan_id = fingerprint(profile)
        if tracker.get_slot("plan_fingerprint") == plan_id:
            dispatcher.utter_message(response="utter_plan_unchanged", buttons=FOLLOW_UP_BUTTONS)
            return []
        plan = recommend(profile)
        if plan.kind == "screen":  # the warning signs are not answered yet: ask them, give no plan
            return [FollowupAction(INTAKE_FORM)]
        events = [SlotSet("plan_fingerprint", plan_id)]
        if plan.kind != "plan":
            send_referral(dispatcher, tracker, plan)
            return events
        updated = tracker.get_slot("plan_fingerprint") is not None
        dispatcher.utter_message(response="utter_plan_updated" if updated else "utter_plan_intro")
        send_essentials(dispatcher, plan, FOLLOW_UP_BUTTONS, profile.someone_else)
        if tracker.get_slot("plan_started") is None:
            events += [SlotSet("plan_started", time.time())] + offer_checkin(dispatcher, more=FOLLOW_UP_BUTTONS)
        return events


class ActionAnswerFollowup(Action):
    def name(self) -> Text:
        return "action_answer_followup"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        # Questions skip action_extract_profile (domain.yml), so a warning sign
        # mentioned in one is caught here.
        if facts_in_latest_message(tracker).get("red_flags") == YES:
            return await ActionRedFlagReferral().run(dispatcher, tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        topic = intent[len(TOPIC_INTENT_PREFIX):] if intent.startswith(TOPIC_INTENT_PREFIX) else intent
        # What the question says of the person ("im 15, how much ...") applies to this answer and later ones.
        said = {slot: value for slot, value in facts_in_latest_message(tracker).items()
                if slot in PROFILE_SLOTS and value != tracker.get_slot(slot)}
        slots = {**tracker.slots, **said}
        send_plan(dispatcher, answer(topic, profile_from_slots(slots)))
        if not profile_started(slots):
            dispatcher.utter_message(response="utter_offer_plan")
        return [SlotSet(slot, value) for slot, value in said.items()]


class ActionRedFlagReferral(Action):
    def name(self) -> Text:
        return "action_red_flag_referral"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        said = {slot: value for slot, value in facts_in_latest_message(tracker).items() if slot in PROFILE_SLOTS}
        slots: Dict[Text, Any] = {**tracker.slots, **said, "red_flags": YES}  # "my mum ...": her referral
        send_referral(dispatcher, tracker, recommend(profile_from_slots(slots)))
        cancel_checkins(tracker)  # no "how is the magnesium going?" for someone told to see a doctor
        return [SlotSet(slot, value) for slot, value in said.items() if slot != "red_flags"] + [SlotSet("red_flags", YES)]
