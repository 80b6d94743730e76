"""Bad input gives a clear error that names the problem, never a crash elsewhere."""
import pytest

from recommendation import KnowledgeError, Profile, ProfileError, UnknownTopicError, answer, load_knowledge
from recommendation.plan import REQUIRED_FACTS

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
