"""Every custom action, called with real rasa_sdk trackers: events, slots and messages."""
import asyncio

import pytest
from rasa_sdk.events import SlotSet

from actions.checkin_actions import ActionDeclineCheckin
from actions.extract_profile import ActionExtractProfile
from actions.intake_form import ActionAnythingElse, ActionAskRedFlags, ActionStopOrAnswer, ValidateIntakeForm
from actions.intake_parsing import parse_message
from actions.plan_actions import ActionAnswerFollowup, ActionGivePlan, ActionRedFlagReferral, ActionSomeoneElsesSign
from recommendation import Profile, answer, render_messages

from .conftest import DOMAIN, entity, make_tracker, said


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, DOMAIN))


def slot_values(events):
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


@pytest.mark.parametrize("active_loop", [None, "intake_form"])
def test_someone_elses_warning_sign_gets_what_they_should_do_and_no_plan(dispatcher, active_loop):
    text = "its for my mum, she keeps choking on her food lately, can she take magnesium?"
    tracker = make_tracker(text=text, intent="report_someone_elses_sign", active_loop=active_loop,
                           entities=[{"entity": "someone_elses_sign", "value": "bulbar"}])
    assert run(ActionSomeoneElsesSign(), dispatcher, tracker) == []
    reply = said(dispatcher)
    assert "What you describe in someone else" in reply and "trouble speaking, swallowing or breathing" in reply
    assert "should see a doctor promptly" in reply and " mg" not in reply
    assert ("utter_only_your_own" in reply) is (active_loop is None)


def test_a_question_said_beside_an_answer_is_answered_too(dispatcher):
    text = "yes, atorvastatin. should i stop it?"
    tracker = make_tracker({"requested_slot": "statin"}, text=text, intent="ask_statin", active_loop="intake_form")
    assert ValidateIntakeForm().validate_statin(text, dispatcher, tracker, DOMAIN)["statin"] == "yes"
    statin_answer = render_messages(answer("statin", Profile(statin=True)))
    assert statin_answer[0] in said(dispatcher)
    plain = "yes i take atorvastatin"
    tracker = make_tracker({"requested_slot": "statin"}, text=plain, intent="ask_statin", active_loop="intake_form")
    dispatcher.messages.clear()
    assert ValidateIntakeForm().validate_statin(plain, dispatcher, tracker, DOMAIN)["statin"] == "yes"
    assert not dispatcher.messages


@pytest.mark.parametrize("text, calcium", [
    ("calves twitch at night, i have plenty of dairy", "adequate"), ("i drink milk every day, legs twitchy", "adequate"),
    ("no dairy for me, i'm lactose intolerant", "low"), ("legs twitch. i'm vegan", "low"),
    ("do i need loads of dairy?", None), ("my legs twitch after dairy", None),
])
def test_calcium_said_in_passing_is_kept(text, calcium):
    assert parse_message(text, "describe_symptoms", [], None).get("calcium_intake") == calcium


def test_something_else_said_at_a_question_is_noted_not_apologised_for(dispatcher):
    text = "oh hang on, i'm actually breastfeeding at the moment"
    found = [dict(entity(text, "breastfeeding", "risk_factor", "pregnant"), role="now")]
    tracker = make_tracker({"requested_slot": "kidney_disease"}, text=text, entities=found, active_loop="intake_form")
    assert ValidateIntakeForm().validate_kidney_disease(text, dispatcher, tracker, DOMAIN) == {"kidney_disease": None}
    assert said(dispatcher) == "utter_noted_something_else"


def test_in_a_question_the_dose_taken_is_read_not_the_one_asked_about():
    text = "i'm on 500mg of magnesium, is it ok to go up to 700mg?"
    found = [entity(text, "500mg", "mg_dose"), entity(text, "700mg", "mg_dose"),
             dict(entity(text, "magnesium", "risk_factor", "magnesium_current"), role="now")]
    assert parse_message(text, "ask_dose", found, None)["magnesium_dose"] == 500
    asking = "can i take 700mg of magnesium?"
    assert "magnesium_dose" not in parse_message(asking, "ask_dose", [entity(asking, "700mg", "mg_dose")], None)


@pytest.mark.parametrize("text, slot, weeks", [
    ("twitching for about 3 months, i take magnesium citrate 200mg for 6 weeks", "duration_weeks", 3 * 52 / 12),
    ("twitching for about 3 months, i take magnesium citrate 200mg for 6 weeks", "magnesium_weeks", 6),
    ("im 72 years old and my calves twitch", "duration_weeks", None),
    ("i have a race in 2 weeks and my legs twitch", "duration_weeks", None),
    ("breastfeeding, 3 months postpartum, calves twitch", "duration_weeks", None),
])
def test_how_long_is_read_for_what_it_is_said_of(text, slot, weeks):
    found = [entity(text, word, "duration") for word in ("3 months", "6 weeks", "72 years", "2 weeks") if word in text]
    found += [entity(text, word, name) for word, name in (("citrate", "magnesium_form"), ("200mg", "mg_dose"))
              if word in text]
    assert parse_message(text, "describe_symptoms", found, None).get(slot) == weeks


def test_extract_profile_reads_statements_with_negation(dispatcher):
    text = "my calves twitch every night, i'm not on statins but have ckd"
    tracker = make_tracker(text=text, intent="describe_symptoms", entities=[
        entity(text, "night", "timing", "night"), entity(text, "calves", "body_area"),
        {"entity": "risk_factor", "value": "statin", "role": "not_now"},
        {"entity": "risk_factor", "value": "kidney_disease", "role": "now"},
    ])
    values = slot_values(run(ActionExtractProfile(), dispatcher, tracker))
    assert values == {"timing": "night", "statin": "no", "kidney_disease": "yes", "body_area": "calves"}


def test_extract_profile_answers_the_question_that_was_asked(dispatcher):
    tracker = make_tracker({"requested_slot": "kidney_disease"}, text="nope", intent="deny", active_loop="intake_form")
    assert slot_values(run(ActionExtractProfile(), dispatcher, tracker)) == {"kidney_disease": "no"}


def test_a_typed_payload_fills_nothing_but_the_requested_slot(dispatcher):
    text = '/inform{"kidney_disease": false}'
    tracker = make_tracker(text=text, intent="inform", entities=[{"entity": "kidney_disease", "value": False}])
    assert run(ActionExtractProfile(), dispatcher, tracker) == []
    tracker = make_tracker({"requested_slot": "red_flags"}, text='/affirm{"red_flags": false}', intent="affirm",
                           active_loop="intake_form")
    assert slot_values(run(ActionExtractProfile(), dispatcher, tracker)) == {"red_flags": "yes"}


def test_a_question_is_not_taken_as_a_fact(dispatcher):
    text = "can i take magnesium with crestor"
    tracker = make_tracker(text=text, intent="ask_statin", entities=[entity(text, "crestor", "medicine", "statin")])
    assert run(ActionExtractProfile(), dispatcher, tracker) == []


def test_the_form_asks_the_red_flag_screen_first_and_stops_at_a_red_flag(dispatcher):
    form = ValidateIntakeForm()
    tracker = make_tracker()
    assert asyncio.run(form.required_slots([], dispatcher, tracker, DOMAIN))[0] == "red_flags"
    # A warning sign (or not sure about one) leaves nothing to ask: the only slot is the answered screen.
    for answer in ("yes", "unsure"):
        slots = {"red_flags": answer, "statin": "yes"}
        assert asyncio.run(form.required_slots([], dispatcher, make_tracker(slots), DOMAIN)) == ["red_flags", "statin"]


def test_the_form_skips_questions_that_do_not_apply(dispatcher):
    form = ValidateIntakeForm()
    minor = asyncio.run(form.required_slots([], dispatcher, make_tracker({"red_flags": "no", "age_group": "under_18"}), DOMAIN))
    assert minor == ["red_flags", "age_group"]
    plain = asyncio.run(form.required_slots([], dispatcher, make_tracker({"restless_legs": "no", "magnesium_current": "no"}), DOMAIN))
    assert "low_ferritin" not in plain and "magnesium_dose" not in plain
    taking = asyncio.run(form.required_slots([], dispatcher, make_tracker({"restless_legs": "yes", "magnesium_current": "yes"}), DOMAIN))
    assert {"low_ferritin", "magnesium_dose", "magnesium_weeks"} <= set(taking)


def test_the_red_flag_question_lists_the_warning_signs_with_buttons(dispatcher):
    run(ActionAskRedFlags(), dispatcher, make_tracker())
    assert "dark or cola-coloured urine" in said(dispatcher)
    assert [button["title"] for button in dispatcher.messages[-1]["buttons"]] == ["Yes", "No, none of these", "Not sure"]


def test_the_plan_for_statin_and_kidney_disease_has_both_caveats(dispatcher):
    slots = {"red_flags": "no", "age_group": "adult", "statin": "yes", "kidney_disease": "yes", "timing": "night"}
    events = run(ActionGivePlan(), dispatcher, make_tracker(slots))
    text = said(dispatcher)
    assert "do not start magnesium without talking to your doctor first" in text
    assert "only do that with your prescriber" in text
    assert "Start with 250 mg" not in text
    assert dispatcher.messages[0]["response"] == "utter_plan_intro"
    assert "plan_fingerprint" in slot_values(events)


def test_the_same_plan_is_not_sent_twice(dispatcher):
    slots = {"red_flags": "no", "age_group": "adult"}
    events = run(ActionGivePlan(), dispatcher, make_tracker(slots))
    repeat = make_tracker(dict(slots, plan_fingerprint=slot_values(events)["plan_fingerprint"]))
    dispatcher.messages.clear()
    assert run(ActionGivePlan(), dispatcher, repeat) == []
    assert [message["response"] for message in dispatcher.messages] == ["utter_plan_unchanged"]


def test_the_plan_for_a_red_flag_is_a_referral(dispatcher):
    text = "thanks. oh my left calf has gone puffy and warm since yesterday"
    swollen = {"entity": "warning_sign", "value": "swollen_calf", "start": 0, "end": len(text)}
    run(ActionGivePlan(), dispatcher, make_tracker({"red_flags": "yes", "statin": "yes"}, text=text,
                                                   entities=[swollen]))
    assert "prompt check by a doctor" in said(dispatcher) and "mg" not in said(dispatcher)
    assert "a swollen, hot or red calf [NICE]" in said(dispatcher).split("prompt check")[0]
    buttons = [button["title"] for message in dispatcher.messages for button in message.get("buttons") or []]
    assert buttons == ["Start over"]  # nothing about magnesium after a referral


def test_a_follow_up_before_the_intake_offers_a_personal_plan(dispatcher):
    run(ActionAnswerFollowup(), dispatcher, make_tracker(intent="ask_side_effects"))
    assert "11-37%" in said(dispatcher)
    assert dispatcher.messages[-1]["response"] == "utter_offer_plan"


def test_a_follow_up_after_the_intake_is_personal(dispatcher):
    slots = {"red_flags": "no", "restless_legs": "yes", "low_ferritin": "yes"}
    run(ActionAnswerFollowup(), dispatcher, make_tracker(slots, intent="ask_not_working"))
    text = said(dispatcher)
    assert text.index("iron first") < text.index("Vitamin B6")
    assert "utter_offer_plan" not in [message.get("response") for message in dispatcher.messages]


def test_the_referral_sets_the_red_flag_and_gives_no_dose(dispatcher):
    events = run(ActionRedFlagReferral(), dispatcher, make_tracker({"statin": "yes"}))
    assert events == [SlotSet("red_flags", "yes")]
    assert "prompt check by a doctor" in said(dispatcher) and "mg" not in said(dispatcher)


def test_a_failing_action_apologises_instead_of_going_silent(dispatcher, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("knowledge unavailable")

    monkeypatch.setattr("actions.plan_actions.recommend", broken)
    assert run(ActionGivePlan(), dispatcher, make_tracker({"red_flags": "no"})) == []
    assert [message["response"] for message in dispatcher.messages][0] == "utter_action_failed"
    assert "see a doctor promptly" in said(dispatcher)  # the safety net, from the knowledge file


def test_a_failing_turn_with_a_warning_sign_still_gets_the_referral(dispatcher, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("knowledge unavailable")

    monkeypatch.setattr("actions.plan_actions.send_referral", broken)
    tracker = make_tracker({}, text="my legs twitch and my foot drags", intent="report_red_flag",
                           entities=[{"entity": "warning_sign", "value": "weakness"}])
    assert run(ActionRedFlagReferral(), dispatcher, tracker) == [SlotSet("red_flags", "yes")]
    assert "needs a prompt check by a doctor" in said(dispatcher) and "utter_action_failed" not in said(dispatcher)


@pytest.mark.parametrize("slots", [{"magnesium_dose": "lots"}, {"magnesium_weeks": -3}])
def test_an_invalid_slot_value_is_treated_as_unknown(dispatcher, slots):
    run(ActionGivePlan(), dispatcher, make_tracker(dict(slots, red_flags="no", age_group="adult", kidney_disease="no",
                                                        pregnant="no", statin="no")))
    assert "Start with 250 mg" in said(dispatcher)


def test_an_age_that_is_not_an_age_gets_no_dose(dispatcher):
    run(ActionGivePlan(), dispatcher, make_tracker({"age_group": "toddler", "red_flags": "no"}))
    assert "ask a pharmacist or doctor which dose is right for you" in said(dispatcher)
    assert "Start with 250 mg" not in said(dispatcher)


def test_a_warning_sign_inside_a_question_gets_the_referral(dispatcher):
    text = "is numbness in my foot a side effect?"
    tracker = make_tracker(text=text, intent="ask_side_effects",
                           entities=[{"entity": "warning_sign", "value": "numbness"}])
    events = run(ActionAnswerFollowup(), dispatcher, tracker)
    assert events == [SlotSet("red_flags", "yes")]
    assert "prompt check by a doctor" in said(dispatcher) and "11-37%" not in said(dispatcher)


def test_an_unsure_guess_offers_the_likeliest_topics_and_never_small_talk(dispatcher):
    from actions.did_you_mean import ActionDidYouMean

    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_dose", "confidence": 0.3},
               {"name": "greet", "confidence": 0.2}, {"name": "ask_timing", "confidence": 0.15},
               {"name": "ask_form", "confidence": 0.1}, {"name": "ask_iron", "confidence": 0.08}]
    tracker = make_tracker(text="how much and when", intent="nlu_fallback")
    tracker.latest_message["intent_ranking"] = ranking
    run(ActionDidYouMean(), dispatcher, tracker)
    titles = [button["title"] for button in dispatcher.messages[0]["buttons"]]
    assert titles == ["How much to take", "When to take it", "Which kind of magnesium", "Something else"]
    dispatcher.messages.clear()
    tracker.latest_message["intent_ranking"] = [{"name": "greet", "confidence": 0.4}]
    run(ActionDidYouMean(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_default"


@pytest.mark.parametrize("slot, text, value", [
    ("magnesium_current", "used to, not anymore", "no"),
    ("age_group", "rather not say", "unknown"),
    ("restless_legs", "maybe? hard to tell apart from the twitching", "unknown"),
    ("age_group", "old enough lol", "adult"),
])
def test_an_answer_taken_for_stop_answers_the_question(dispatcher, slot, text, value):
    tracker = make_tracker({"requested_slot": slot}, text=text, intent="stop", active_loop="intake_form")
    events = asyncio.run(ActionStopOrAnswer().run(dispatcher, tracker, DOMAIN))
    assert {"event": "slot", "timestamp": None, "name": slot, "value": value} in events
    assert events[-1]["name"] == "intake_form" and "stopped" not in said(dispatcher)


@pytest.mark.parametrize("text", ["stop", "no, stop asking me questions", "i'd rather not continue",
                                  "no more, that's enough"])
def test_a_stop_that_answers_nothing_stops_the_questions(dispatcher, text):
    tracker = make_tracker({"requested_slot": "kidney_disease"}, text=text, intent="stop", active_loop="intake_form")
    events = asyncio.run(ActionStopOrAnswer().run(dispatcher, tracker, DOMAIN))
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert "utter_stopped" in said(dispatcher)


@pytest.mark.parametrize("slot, text, value", [("timing", "night", "night"), ("timing", "nights mostly", "night"),
                                               ("statin", "used to, came off it in the summer", "no")])
def test_an_answer_taken_for_goodbye_answers_the_question(dispatcher, slot, text, value):
    tracker = make_tracker({"requested_slot": slot}, text=text, intent="goodbye", active_loop="intake_form")
    events = asyncio.run(ActionStopOrAnswer().run(dispatcher, tracker, DOMAIN))
    assert slot_values(events)[slot] == value
    assert events[-1]["name"] == "intake_form" and not dispatcher.messages


@pytest.mark.parametrize("text", ["ok bye", "good night then"])
def test_a_goodbye_during_the_questions_says_goodbye_and_keeps_the_answers(dispatcher, text):
    tracker = make_tracker({"requested_slot": "timing", "statin": "yes"}, text=text, intent="goodbye",
                           active_loop="intake_form")
    events = asyncio.run(ActionStopOrAnswer().run(dispatcher, tracker, DOMAIN))
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert said(dispatcher) == "utter_goodbye" and "statin" not in slot_values(events)


def test_start_over_during_the_questions_is_read_as_an_answer_first(dispatcher):
    answered = make_tracker({"requested_slot": "restless_legs"}, text="maybe? hard to tell apart from the twitching",
                            intent="start_over", active_loop="intake_form")
    events = asyncio.run(ActionStopOrAnswer().run(dispatcher, answered, DOMAIN))
    assert slot_values(events)["restless_legs"] == "unknown"
    assert {"event": "followup", "timestamp": None, "name": "intake_form"} in events
    meant = make_tracker({"requested_slot": "restless_legs"}, text="lets start again", intent="start_over",
                         active_loop="intake_form")
    assert asyncio.run(ActionStopOrAnswer().run(dispatcher, meant, DOMAIN)) == [
        {"event": "followup", "timestamp": None, "name": "action_restart"}]


@pytest.mark.parametrize("slot, text", [("magnesium_weeks", "taking what? i dont take anything apart from the statin"),
                                        ("timing", "hang on, what was that about")])
def test_a_guess_at_start_over_never_wipes_the_answers(dispatcher, slot, text):
    tracker = make_tracker({"requested_slot": slot, "statin": "yes"}, text=text, intent="start_over",
                           active_loop="intake_form")
    events = asyncio.run(ActionStopOrAnswer().run(dispatcher, tracker, DOMAIN))
    assert {"event": "followup", "timestamp": None, "name": "action_restart"} not in events
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "intake_form"}


def test_why_a_question_is_asked_is_explained_and_the_question_stays(dispatcher):
    text = "why do you need to know that?"
    tracker = make_tracker({"requested_slot": "age_group"}, text=text, intent="ask_why", active_loop="intake_form")
    assert ValidateIntakeForm().validate_age_group(text, dispatcher, tracker, DOMAIN) == {"age_group": None}
    assert said(dispatcher) == "utter_why_we_ask"


@pytest.mark.parametrize("text", ["um not sure, what counts as numbness? like pins and needles?",
                                  "how would i know if my legs are weak?", "what do you mean by spreading",
                                  "um whats a warning sign exactly? like if my foot tingles after sitting funny?",
                                  "honestly not sure what some of these mean", "idk what half the words mean"])
def test_a_question_about_the_warning_signs_is_answered_and_asked_again(dispatcher, text):
    tracker = make_tracker({"requested_slot": "red_flags"}, text=text, intent="unsure", active_loop="intake_form")
    assert ValidateIntakeForm().validate_red_flags(text, dispatcher, tracker, DOMAIN) == {"red_flags": None}
    assert said(dispatcher) == "utter_red_flags_explained"


def test_another_topic_asked_at_the_warning_sign_question_gets_its_answer(dispatcher):
    text = "what counts as low calcium?"
    tracker = make_tracker({"requested_slot": "red_flags"}, text=text, intent="ask_calcium", active_loop="intake_form")
    assert ValidateIntakeForm().validate_red_flags(text, dispatcher, tracker, DOMAIN) == {"red_flags": None}
    assert "dairy" in said(dispatcher) and "utter_red_flags_explained" not in said(dispatcher)


@pytest.mark.parametrize("text", ["not sure", "not sure?", "dunno tbh", "i'm not sure about the numbness one"])
def test_not_sure_about_the_warning_signs_is_still_not_sure(dispatcher, text):
    tracker = make_tracker({"requested_slot": "red_flags"}, text=text, intent="unsure", active_loop="intake_form")
    assert ValidateIntakeForm().validate_red_flags(text, dispatcher, tracker, DOMAIN)["red_flags"] == "unsure"


def test_the_warning_sign_list_asked_again_comes_without_the_welcome(dispatcher):
    first = make_tracker()
    run(ActionAskRedFlags(), dispatcher, first)
    assert dispatcher.messages[0]["response"] == "utter_intake_start"
    dispatcher.messages.clear()
    again = make_tracker(events=[{"event": "slot", "name": "requested_slot", "value": "red_flags"},
                                 {"event": "user", "text": "what counts as numbness?"}])
    run(ActionAskRedFlags(), dispatcher, again)
    assert "utter_intake_start" not in said(dispatcher)
    assert "numbness" in dispatcher.messages[0]["text"]


REFERRED = [{"event": "slot", "name": "red_flags", "value": "yes"}]


@pytest.mark.parametrize("before, text, intent, entities", [
    ("yes", "oh i don't have numbness, i was only asking", "deny",
     [{"entity": "denied_warning_sign", "value": "numbness"}]),
    ("yes", "you misread me, i was just asking what counts", "deny", [{"entity": "takes_back", "value": "yes"}]),
    ("unsure", "oh then no, none of those", "deny", []),
])
def test_a_referral_taken_back_asks_the_warning_signs_again(dispatcher, before, text, intent, entities):
    tracker = make_tracker({"red_flags": before}, text=text, intent=intent, entities=entities)
    assert slot_values(run(ActionExtractProfile(), dispatcher, tracker)) == {"red_flags": None,
                                                                             "plan_fingerprint": None}
    corrected = make_tracker(events=[{"event": "slot", "name": "red_flags", "value": before}])
    run(ActionAskRedFlags(), dispatcher, corrected)
    assert dispatcher.messages[0]["response"] == "utter_referral_taken_back"
    assert "numbness" in dispatcher.messages[1]["text"]


@pytest.mark.parametrize("text, intent, entities", [
    ("no", "deny", []),  # a "no" after a referral for a sign is not a correction
    ("not sure honestly", "deny", []),
    ("i don't have numbness but my calf is swollen", "report_red_flag",
     [{"entity": "denied_warning_sign", "value": "numbness"}, {"entity": "warning_sign", "value": "swollen_calf"}]),
    ('/deny', "deny", []),
])
def test_a_referral_stands_unless_taken_back_with_no_sign_said(dispatcher, text, intent, entities):
    tracker = make_tracker({"red_flags": "yes"}, text=text, intent=intent, entities=entities)
    assert slot_values(run(ActionExtractProfile(), dispatcher, tracker)).get("red_flags", "yes") == "yes"


def test_no_after_a_taken_back_referral_goes_back_to_the_questions(dispatcher):
    taken_back = make_tracker({"red_flags": None}, text="no none of those", intent="deny", events=REFERRED)
    assert run(ActionAnythingElse(), dispatcher, taken_back) == [{"event": "followup", "timestamp": None,
                                                                  "name": "intake_form"}]
    # ...also where the rules take a "no" just after the plan (or referral) for a no to the check-in.
    assert run(ActionDeclineCheckin(), dispatcher, taken_back) == [{"event": "followup", "timestamp": None,
                                                                    "name": "intake_form"}]
    plain = make_tracker(text="no thanks", intent="deny")
    assert run(ActionAnythingElse(), dispatcher, plain) == []
    assert said(dispatcher) == "utter_anything_else"


@pytest.mark.parametrize("text, weeks", [("pregnant (20 wks) and my calves twitch at night", None),
                                         ("im 24 weeks pregnant, calves jumping", None),
                                         ("pregnant and twitching for 3 weeks", 3.0)])
def test_how_far_along_a_pregnancy_is_not_how_long_the_twitching_lasted(dispatcher, text, weeks):
    number = next(word for word in text.split() if word.strip("(").isdigit()).strip("(")
    duration = entity(text, number + (" wks" if " wks" in text else " weeks"), "duration")
    events = run(ActionExtractProfile(), dispatcher, make_tracker(text=text, entities=[duration]))
    assert slot_values(events).get("duration_weeks") == weeks


def test_the_referral_says_which_warning_sign_it_understood_and_how_to_correct_it(dispatcher):
    text = "not sure, what counts as numbness? like pins and needles?"
    tracker = make_tracker(text=text, intent="report_red_flag",
                           entities=[{"entity": "warning_sign", "value": "numbness", "start": 0, "end": len(text)}])
    run(ActionRedFlagReferral(), dispatcher, tracker)
    told = said(dispatcher)
    assert "What I understood you have" in told and "numbness [NICE]" in told
    assert told.index("What I understood") < told.index("needs a prompt check by a doctor")
    assert "utter_referral_misread" in told and " mg" not in told


def test_a_typed_text_in_a_profile_slot_is_not_logged(caplog):
    from actions.profile_slots import profile_from_slots
    profile = profile_from_slots({"calcium_intake": "ok and what if my name is alice and it fails?"})
    assert profile.calcium_intake is None
    assert "alice" not in caplog.text and "calcium_intake" in caplog.text


@pytest.mark.parametrize("text, medicine, dose", [("i take simvastatin 40mg", "simvastatin", "40mg"),
                                                  ("on 20 mg atorvastatin at night", "atorvastatin", "20 mg")])
def test_a_statins_dose_is_not_a_magnesium_dose(dispatcher, text, medicine, dose):
    tracker = make_tracker(text=text, intent="inform", entities=[
        entity(text, medicine, "medicine", "statin"), entity(text, dose, "mg_dose"),
        {"entity": "risk_factor", "value": "statin", "role": "now"}])
    values = slot_values(run(ActionExtractProfile(), dispatcher, tracker))
    assert values.get("statin") == "yes"
    assert "magnesium_dose" not in values and "magnesium_current" not in values


@pytest.mark.parametrize("text, pregnant", [("im 40, man, and my calves twitch", "no"), ("35m, calves jumping", "no"),
                                            ("i'm a guy, legs twitch at night", "no"),
                                            ("oh man my legs twitch so much", None)])
def test_a_man_saying_so_is_not_asked_about_pregnancy(dispatcher, text, pregnant):
    values = slot_values(run(ActionExtractProfile(), dispatcher, make_tracker(text=text, intent="describe_symptoms")))
    assert values.get("pregnant") == pregnant


@pytest.mark.parametrize("slot, text, entities, value", [
    ("magnesium_dose", "a 150mg capsule in the morning and another at night", [], 300),
    ("magnesium_dose", "half of a 400mg tablet", [], 200),
    ("magnesium_dose", "three hundred and fifty", [], 350),
    ("magnesium_weeks", "oh a while now", [], "unknown"),
    ("magnesium_weeks", "ages tbh", [], "unknown"),
    ("magnesium_weeks", "three", [], 3),
    ("restless_legs", "nightly, it's awful", [], "yes"),
    ("low_ferritin", "never had that tested", [], "unknown"),
    ("age_group", "nope, i turn 18 next month", [], "under_18"),
    ("age_group", "can we skip that", [], "unknown"),
    ("calcium_intake", "no, i hate dairy", [], "low"),
    # the screen read the factor as so, whatever "not" came first
    ("pregnant", "not pregnant anymore but still breastfeeding", [
        {"entity": "risk_factor", "value": "pregnant", "role": "now"}], "yes"),
])
def test_an_answer_is_read_for_the_question_asked(slot, text, entities, value):
    assert parse_message(text, "inform", entities, slot)[slot] == value


@pytest.mark.parametrize("text, group", [("sorry, im actually 17", "under_18"), ("i'm only 15 by the way", "under_18"),
                                         ("i'm a teenager if that matters", "under_18"),
                                         ("i'm 20 weeks along", None), ("i'm 5 foot 4", None),
                                         ("im 12 weeks in", None)])
def test_an_age_said_at_another_question_is_kept(text, group):
    assert parse_message(text, "inform", [], "kidney_disease").get("age_group") == group
