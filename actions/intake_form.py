"""The intake form: which questions to ask, and what counts as an answer.

Rasa's own mechanisms carry the answers (domain.yml): each question's slot
takes the reply's text (a `from_text` mapping while the form waits for that
slot), `validate_<slot>` reads that text against the question, and
`extract_<slot>` picks up everything else the same message says ("nope, but
I'm on atorvastatin" answers the kidney question and the statin one).
"""
from __future__ import annotations

import re
from abc import abstractmethod
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from recommendation import answer as topic_answer
from recommendation import TOPICS, red_flag_screen, render_messages

from actions.extract_profile import INTAKE_FORM, facts_in_latest_message, latest_parse, referral_taken_back
from actions.intake_parsing import (
    MAX_DOSE_MG, MAX_WEEKS, NO, QUESTION_PREFIX, SAFETY_SLOTS, UNKNOWN, UNSURE, YES, asks_about_the_signs,
)
from actions.messages import apologise_on_error, send_plan, send_safety_net
from actions.profile_slots import PROFILE_SLOTS, profile_from_slots

MAX_INVALID_ANSWERS = 2
# Unclear twice, the warning-sign screen counts as "not sure" (a referral); these are asked
# until they get a yes, a no, "not sure" or a value - nothing is assumed for them.
KEEP_ASKING_SLOTS = tuple(slot for slot in SAFETY_SLOTS if slot != "red_flags")
FORM_SLOTS = ("for_whom", "red_flags", "age_group", "pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin",
              "timing", "calcium_intake", "magnesium_current", "magnesium_dose", "magnesium_weeks")
# Said in passing, never asked: read from every message all the same.
SPOKEN_ONLY_SLOTS = tuple(slot for slot in PROFILE_SLOTS if slot not in FORM_SLOTS)
# Not an answer, but not worth a hint either: the reply, then the question again.
SMALL_TALK = {"greet": "utter_carry_on", "thank": "utter_carry_on", "bot_challenge": "utter_iamabot",
              "ask_question": "utter_ask_anything", "out_of_scope": "utter_out_of_scope"}
# Slots with a hint of their own (utter_hint_<slot>); the rest get utter_hint_yes_no.
HINTED_SLOTS = ("magnesium_dose", "magnesium_weeks", "age_group", "timing")
# Answered by their own action (data/rules.yml) between two questions: the form fills nothing
# from them, so that Rasa hands the turn to that rule (a form that fills a slot keeps the turn).
HANDLED_BY_RULES = ("report_someone_elses_sign", "report_possible_sign", "about_an_animal")


# "Why do you need to know that?" is about the question, not about magnesium.
_WHY_ASKED = re.compile(r"\bwhy (?:do|does|would|d|are) (?:you|u|it|that|this) (?:need|want|ask|asking|matter)|"
                        r"\bwhat(?:'s| has| does) (?:that|it|this) (?:got )?to do with\b|\bwhy (?:ask|that question)\b",
                        re.IGNORECASE)
# Starting over clears every answer: only when said in so many words.
_RESTART_WORDS = re.compile(r"\b(?:restart|start (?:over|again|afresh)|reset|from scratch|begin again|clear (?:everything|it all|"
                            r"my answers)|new start)\b", re.IGNORECASE)
# Words that mean "stop" or "start again" even beside an answer ("no, stop asking").
_STOP_WORDS = re.compile(r"\b(?:stop|quit|cancel|enough (?:questions|of this|now)|that.?s enough|exit|end|finish|continue|carry on|go on|later|bye|"
                         r"restart|start (?:over|again)|reset|forget|good ?night|night night)\b", re.IGNORECASE)


def hint(slot: Text) -> Text:
    return f"utter_hint_{slot}" if slot in HINTED_SLOTS else "utter_hint_yes_no"


class RepeatedAnswerFormValidation(FormValidationAction):
    """Reads each answer against the question asked; re-asks an unclear one with
    a hint, and after two records 'not sure' and moves on. A question or small
    talk instead of an answer gets its reply, and the form asks again."""

    @abstractmethod
    def name(self) -> Text:
        """The validation action's name, validate_<form>."""

    @abstractmethod
    def read_answer(self, slot: Text, tracker: Tracker) -> Optional[Any]:
        """The value the latest message gives for `slot`, or None if it gives none."""

    @abstractmethod
    def answer_question(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Answers the latest message if it is a question; True if it did."""

    def answer_question_beside(self, slot: Text, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker) -> None:
        """Answers a question said beside the answer ("yes, atorvastatin - should i stop it?")."""

    @staticmethod
    def value_when_unclear(slot: Text) -> Text:
        # An unclear answer to the warning-sign screen is never read as "no".
        return UNSURE if slot == "red_flags" else UNKNOWN

    def checked_answer(self, slot: Text, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> Dict[Text, Any]:
        """What validate_<slot> returns for the value Rasa or extract_<slot> proposed."""
        if slot != tracker.get_slot("requested_slot") or value != latest_parse(tracker)[0]:
            return {slot: value}  # stated in passing, already read by extract_<slot>
        read = self.read_answer(slot, tracker)
        if read is not None:
            self.answer_question_beside(slot, read, dispatcher, tracker)
            return {slot: read, "invalid_answers": 0}
        if tracker.get_slot("red_flags") == YES or facts_in_latest_message(tracker).get("red_flags") == YES:
            return {slot: None}  # the form ends with the referral; no hint
        if self.answer_question(dispatcher, tracker):
            return {slot: None}  # answered; the form asks its question again
        small_talk = SMALL_TALK.get(latest_parse(tracker)[1])
        if small_talk:
            dispatcher.utter_message(response=small_talk)
            if small_talk == "utter_out_of_scope":
                send_safety_net(dispatcher)
            return {slot: None}
        if set(facts_in_latest_message(tracker)) - {slot}:
            # Something else said ("oh wait, i am pregnant"), kept by extract_<slot>: no "Sorry".
            dispatcher.utter_message(response="utter_noted_something_else")
            return {slot: None}
        attempts = (tracker.get_slot("invalid_answers") or 0) + 1
        if attempts < MAX_INVALID_ANSWERS or slot in KEEP_ASKING_SLOTS:
            dispatcher.utter_message(response=hint(slot))
            return {slot: None, "invalid_answers": attempts}
        dispatcher.utter_message(response="utter_noted_unsure")
        return {slot: self.value_when_unclear(slot), "invalid_answers": 0}


def _validator(slot: Text) -> Callable:
    def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: DomainDict) -> Dict[Text, Any]:
        return self.checked_answer(slot, value, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    return validate


def _extractor(slot: Text) -> Callable:
    def extract(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        asked = tracker.get_slot("requested_slot")
        if slot == asked or latest_parse(tracker)[1] in HANDLED_BY_RULES:
            return {}  # the answer itself comes from the reply's text (validate_<slot>)
        said = facts_in_latest_message(tracker)
        value = said.get(slot)
        if value is None or value == tracker.get_slot(slot):
            return {}
        if tracker.get_slot(slot) is not None and slot not in SAFETY_SLOTS and said.get(asked) is not None:
            return {}  # an answer changes only what it is about ("milk most mornings" keeps "at night")
        return {slot: value}

    extract.__name__ = f"extract_{slot}"
    return extract


class ValidateIntakeForm(RepeatedAnswerFormValidation):
    def name(self) -> Text:
        return "validate_intake_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """Red-flag screen first; a red flag or an under-18 answer ends the questions.

        Answers already given stay in the list even where their question is
        skipped, so that Rasa keeps (and validates) them: a warning sign said
        while another question was asked is what ends the form.
        """
        asked = self.questions(tracker)
        return asked + [slot for slot in FORM_SLOTS if slot not in asked and tracker.get_slot(slot) is not None]

    @staticmethod
    def questions(tracker: Tracker) -> List[Text]:
        if tracker.get_slot("red_flags") in (YES, UNSURE):
            return []
        # Someone else mentioned, and not said whose legs these are: asked first, so that
        # every other question is about the right person.
        who = ["for_whom"] if tracker.get_slot("for_whom_unclear") and not tracker.get_slot("for_whom") else []
        slots = who + ["red_flags", "age_group"]
        if tracker.get_slot("age_group") == "under_18":
            return slots
        slots += ["pregnant", "kidney_disease", "statin", "restless_legs"]
        if tracker.get_slot("restless_legs") in (YES, UNKNOWN):
            slots.append("low_ferritin")
        slots += ["timing", "calcium_intake", "magnesium_current"]
        if tracker.get_slot("magnesium_current") == YES:
            slots += ["magnesium_dose", "magnesium_weeks"]
        return slots

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        """Also the profile slots the form never asks for ("for 3 weeks", "in my calves"),
        which Rasa's validation would otherwise drop as not required."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if latest_parse(tracker)[1] in HANDLED_BY_RULES:
            return events
        said = facts_in_latest_message(tracker)
        return events + [SlotSet(slot, said[slot]) for slot in SPOKEN_ONLY_SLOTS
                         if said.get(slot) is not None and said[slot] != tracker.get_slot(slot)]

    def read_answer(self, slot: Text, tracker: Tracker) -> Optional[Any]:
        value = facts_in_latest_message(tracker).get(slot)  # the message read against `slot`, the one asked
        if slot == "magnesium_dose":
            return _within(value, MAX_DOSE_MG)
        if slot == "magnesium_weeks":
            return _within(value, MAX_WEEKS)
        return value

    def answer_question(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        text, intent, _ = latest_parse(tracker)
        if _WHY_ASKED.search(text):
            dispatcher.utter_message(response="utter_why_we_ask")
            return True
        topic = intent[len(QUESTION_PREFIX):] if intent.startswith(QUESTION_PREFIX) else None
        # At the warning-sign question, a question about a sign; any other topic ("what counts as low
        # calcium?") gets its own answer.
        if (tracker.get_slot("requested_slot") == "red_flags" and topic in (None, "red_flags")
                and asks_about_the_signs(text)):
            dispatcher.utter_message(response="utter_red_flags_explained")
            return True
        if topic is None:
            return False
        send_plan(dispatcher, topic_answer(topic, profile_from_slots(tracker.slots)))
        return True

    def answer_question_beside(self, slot: Text, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker) -> None:
        text, intent, _ = latest_parse(tracker)
        topic = intent[len(QUESTION_PREFIX):]
        if intent.startswith(QUESTION_PREFIX) and topic in TOPICS and "?" in text and not _WHY_ASKED.search(text):
            send_plan(dispatcher, topic_answer(topic, profile_from_slots({**tracker.slots, slot: value})))

    def validate_red_flags(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        checked = self.checked_answer("red_flags", value, dispatcher, tracker)
        if checked.get("red_flags") is not None:
            checked["possible_sign"] = None  # answered: the next time, the whole list
        return checked

    def validate_magnesium_current(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        checked = self.checked_answer("magnesium_current", value, dispatcher, tracker)
        if checked.get("magnesium_current") == NO:
            checked.update(magnesium_dose=None, magnesium_weeks=None)
        elif checked.get("magnesium_current") == YES:
            # "yes, 250 mg citrate for 6 weeks": the next two questions are answered too.
            said = facts_in_latest_message(tracker)
            checked.update({slot: said[slot] for slot in ("magnesium_dose", "magnesium_weeks") if slot in said})
        return checked


# Rasa calls extract_<slot> for the form's slots only; the others are read in get_validation_events.
for _slot in FORM_SLOTS:
    setattr(ValidateIntakeForm, f"extract_{_slot}", _extractor(_slot))
    if not hasattr(ValidateIntakeForm, f"validate_{_slot}"):
        setattr(ValidateIntakeForm, f"validate_{_slot}", _validator(_slot))


class ActionAnythingElse(Action):
    """A "no" outside the questions: "Anything else?" - or, when it took back a referral
    ("oh then no, none of those"), the warning-sign question again."""

    def name(self) -> Text:
        return "action_anything_else"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if referral_taken_back(tracker):
            return [FollowupAction(INTAKE_FORM)]
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionStopOrAnswer(Action):
    """A reply the classifier took for "stop", "start over" or "goodbye" during the questions.

    What was typed is read against the question first: "used to, not anymore"
    answers "Are you already taking magnesium?", "night" answers "When does the
    twitching happen most?", and the questions go on. Only a reply that answers
    nothing, or says stop in so many words, stops them (with a goodbye to a
    goodbye; the answers are kept) or starts over, with Rasa's own restart."""

    def name(self) -> Text:
        return "action_stop_or_answer"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        slot = tracker.get_slot("requested_slot")
        text = latest_parse(tracker)[0]
        answer = ValidateIntakeForm().read_answer(slot, tracker) if slot else None
        if answer is not None and not _STOP_WORDS.search(text):
            return [SlotSet(slot, answer), SlotSet("invalid_answers", 0), FollowupAction(INTAKE_FORM)]
        intent = latest_parse(tracker)[1]
        if intent == "start_over":
            if _RESTART_WORDS.search(text):
                return [FollowupAction("action_restart")]
            # Wiping every answer on a guess is worse than asking again
            # ("taking what? i dont take anything apart from the statin").
            dispatcher.utter_message(response=hint(slot) if slot else "utter_default")
            return [FollowupAction(INTAKE_FORM)]
        dispatcher.utter_message(response="utter_goodbye" if intent == "goodbye" else "utter_stopped")
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


def _asked_before_this_message(tracker: Tracker, slot: Text) -> bool:
    """Whether the form asked for `slot` before the person's latest message (the ask
    actions run inside the form, so the asking is seen in its requested_slot)."""
    latest_user = max((index for index, event in enumerate(tracker.events) if event.get("event") == "user"),
                      default=-1)
    return any(event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value") == slot
               for event in tracker.events[:max(latest_user, 0)])


def _within(value: Any, ceiling: float) -> Optional[Any]:
    if value == UNKNOWN:
        return UNKNOWN
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return None
    return amount if 0 < amount <= ceiling else None


class ActionAskRedFlags(Action):
    """The first question lists the warning signs from the knowledge base."""

    def name(self) -> Text:
        return "action_ask_red_flags"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if referral_taken_back(tracker):
            dispatcher.utter_message(response="utter_referral_taken_back")
        elif not _asked_before_this_message(tracker, "red_flags") and not tracker.get_slot("possible_sign"):
            # asked again, or about one sign: the question without the welcome
            dispatcher.utter_message(response="utter_intake_start")
        screen, sources = render_messages(red_flag_screen(someone_else=tracker.get_slot("for_whom") == "someone_else",
                                                          possible=tracker.get_slot("possible_sign")))
        dispatcher.utter_message(
            text=f"{screen}\n\n{sources}",
            buttons=[
                {"title": "Yes", "payload": '/affirm{"answer": "red_flags:yes"}'},
                {"title": "No, none of these", "payload": '/deny{"answer": "red_flags:no"}'},
                {"title": "Not sure", "payload": '/unsure{"answer": "red_flags:unsure"}'},
            ],
        )
        return []
