"""Fuzzing the slot parsing: whatever arrives, no crash, no skipped safety screen."""
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.intake_parsing import YES, parse_message
from actions.profile_slots import profile_from_slots

from .conftest import DOMAIN

SLOTS = DOMAIN["forms"]["intake_form"]["required_slots"]
INTENTS = ["inform", "affirm", "deny", "unsure", "describe_symptoms", "report_red_flag", "ask_dose", "greet", None, ""]
ENTITY_NAMES = ["medicine", "condition", "timing", "body_area", "symptom", "red_flag", "magnesium_form",
                "mg_dose", "duration", "age", "kidney_disease", "red_flags",
                # the screen's and the buttons' own, which the actions act on
                "warning_sign", "denied_warning_sign", "someone_elses_sign", "takes_back", "risk_factor", "answer"]
json_values = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
entities = st.lists(st.fixed_dictionaries(
    {"entity": st.sampled_from(ENTITY_NAMES), "value": json_values},
    optional={"start": st.none() | st.integers(min_value=-5, max_value=200)},
), max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200), st.sampled_from(INTENTS), entities, st.none() | st.sampled_from(SLOTS))
def test_parsing_never_crashes_and_yields_a_valid_profile(text, intent, found, requested):
    facts = parse_message(text, intent, found, requested)
    profile_from_slots(facts)


payloads = st.builds(lambda name, data: f"/{name}{data}", st.from_regex(r"[A-Za-z0-9_]{1,20}", fullmatch=True),
                     st.just("") | st.text(max_size=60).map(lambda inside: "{" + inside + "}"))


@settings(max_examples=400, deadline=None)
@given(payloads, st.sampled_from(INTENTS), entities, st.none() | st.sampled_from(SLOTS))
def test_a_payload_never_fills_a_slot_that_was_not_asked(payload, intent, found, requested):
    facts = parse_message(payload, intent, found, requested)
    assert set(facts) <= {requested, "red_flags"}
    if requested != "red_flags":
        assert facts.get("red_flags") in (None, YES)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200), st.sampled_from(INTENTS), entities,
       st.sampled_from([slot for slot in SLOTS if slot != "red_flags"] + [None]))
def test_the_red_flag_screen_is_only_ever_answered_no_when_it_asked(text, intent, found, requested):
    assert parse_message(text, intent, found, requested).get("red_flags") in (None, YES)
