"""Bad input gives a clear error that names the problem, never a crash elsewhere."""
import pytest

from recommendation import (
    KnowledgeError, Profile, ProfileError, UnknownTopicError, answer, load_knowledge, recommend, render,
)
from recommendation.required_facts import REQUIRED_FACTS

GOOD_FACT = "  a:\n    text: Something.\n    cite: [\"1\"]\n"
GOOD_FLAGS = "red_flags:\n  - text: numbness\n    cite: [\"1\"]\n"


def write(tmp_path, text):
    path = tmp_path / "knowledge.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_topic_names_the_known_ones():
    with pytest.raises(UnknownTopicError, match="no answer for topic 'astrology'.*side_effects"):
        answer("astrology")


@pytest.mark.parametrize(
    "fields, message",
    [
        (dict(timing="noon"), "timing must be one of night, day, exercise"),
        (dict(age_group="teen"), "age_group must be one of"),
        (dict(statin="yes"), "statin must be yes, no or unknown"),
        (dict(magnesium_dose_mg=-5), "magnesium_dose_mg must be between 0"),
        (dict(magnesium_weeks=float("nan")), "magnesium_weeks must be a number"),
        (dict(duration_weeks="long"), "duration_weeks must be a number"),
    ],
)
def test_an_impossible_profile_value_is_refused_with_its_name(fields, message):
    with pytest.raises(ProfileError, match=message):
        Profile(**fields)


@pytest.mark.parametrize(
    "text, message",
    [
        ("references: {\"1\": r}\nfacts:\n  a: {text: '', cite: [\"1\"]}\n" + GOOD_FLAGS, "fact 'a': 'text' must be"),
        ("references: {\"1\": r}\nfacts:\n  a: {text: x, cite: [\"9\"]}\n" + GOOD_FLAGS, "fact 'a': cites unknown reference"),
        ("references: {\"1\": r}\nfacts:\n  a: {text: x}\n" + GOOD_FLAGS, "fact 'a': 'cite' must be"),
        ("references: {\"1\": r}\nfacts:\n" + GOOD_FACT, "red_flags: must be a non-empty list"),
        ("facts:\n" + GOOD_FACT, "references: must be"),
        ("- just\n- a list\n", "top level"),
        ("facts: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_malformed_knowledge_file_names_the_file_the_entry_and_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(KnowledgeError, match=message) as raised:
        load_knowledge(path)
    assert str(path) in str(raised.value)


def test_a_knowledge_file_missing_a_fact_the_rules_need_is_refused(tmp_path):
    path = write(tmp_path, "references: {\"1\": r}\nfacts:\n" + GOOD_FACT + GOOD_FLAGS)
    with pytest.raises(KnowledgeError, match="missing required fact"):
        load_knowledge(path, REQUIRED_FACTS)


def test_a_missing_knowledge_file_is_named(tmp_path):
    with pytest.raises(KnowledgeError, match="cannot read the knowledge file"):
        load_knowledge(tmp_path / "nowhere.yml")


def test_a_missing_or_impossible_threshold_is_named(tmp_path):
    base = "references: {\"1\": r}\nfacts:\n" + GOOD_FACT + GOOD_FLAGS
    with pytest.raises(KnowledgeError, match="thresholds: must be a mapping"):
        load_knowledge(write(tmp_path, base))
    bad = base + "thresholds: {max_dose_mg: -1, supplement_upper_limit_mg: 350, no_relief_weeks: 4, gp_review_weeks: 2}\n"
    with pytest.raises(KnowledgeError, match="thresholds.max_dose_mg: must be a positive number"):
        load_knowledge(write(tmp_path, bad))


@pytest.mark.parametrize("region,urgent,source", [("GB", "call 999", "NHS"), ("US", "call 911", "US911"),
                                                  ("IE", "call 112 or 999", "HSE"), ("AU", "call 000", "HEALTHDIRECT"),
                                                  ("CA", "call 911", "CA811")])
def test_every_referral_line_gives_the_readers_own_urgent_number_with_its_source(region, urgent, source):
    knowledge = load_knowledge(required=REQUIRED_FACTS, region=region)
    for profile in (Profile(red_flags=True), Profile(red_flags=True, someone_else=True)):
        text = render(recommend(profile, knowledge), knowledge)
        assert urgent in text and "{" not in text
    lines = [fact for fact in knowledge.facts.values() if urgent in fact.text]
    assert lines and all(source in fact.cite for fact in lines)
    if region != "GB":
        assert "999 or go to A&E" not in render(recommend(Profile(red_flags=True), knowledge), knowledge)


def test_an_unknown_region_is_refused_with_the_list():
    with pytest.raises(KnowledgeError, match="no region 'XX'.*AU, CA, GB, IE, US"):
        load_knowledge(region="XX")
