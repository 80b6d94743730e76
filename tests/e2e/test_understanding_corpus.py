"""Understanding, measured over REST on messages written apart from the training data.

Three corpora, each written from the product brief by a helper who never saw
data/ or the vocabulary: tests/corpus/understanding.yml was then used while
building the warning-sign vocabulary; tests/corpus/sealed.yml and then
tests/corpus/sealed_2.yml were each measured once before their misses were
looked at and general fixes made. None of them is an honest measure any more
(README, "Understanding"). tests/corpus/sealed_3.yml was written last, by a
helper who saw only the brief and the source document, and was measured once
after that work before anything was tuned on it (that figure is in the README);
its misses were then fixed by concept, so it too has been looked at; so was
tests/corpus/sealed_4.yml after its one untouched measurement (the first with
answers), tests/corpus/sealed_5.yml, sealed_6.yml, sealed_7.yml, sealed_8.yml, sealed_9.yml and sealed_10.yml after their own. Each message goes to the product started by
scripts/run.sh, as a person would send it. Figures go to
results/understanding.json; the README reports them.
"""
import json
import uuid

import pytest
import yaml

from actions.profile_slots import profile_from_slots
from recommendation import TOPICS, answer, render_messages
from tests.e2e.harness import ROOT, texts

CORPORA = {name: yaml.safe_load((ROOT / "tests" / "corpus" / f"{name}.yml").read_text())
           for name in ("understanding", "sealed", "sealed_2", "sealed_3", "sealed_4", "sealed_5", "sealed_6", "sealed_7", "sealed_8", "sealed_9", "sealed_10")}
REFERRAL = "needs a prompt check by a doctor"
# A sign asked about by name ("Just to check - ...") is not missed: yes or not sure then refers.
ASKED = "Just to check - do you have"
THEIRS = "I won't suggest supplements for them"
RESULTS = ROOT / "results" / "understanding.json"
# Where the form is when each question is asked, as typed button titles.
BEFORE = {
    "red_flags": [],
    "age_group": ["no"],
    "pregnant": ["no", "40"],
    "kidney_disease": ["no", "40", "no"],
    "statin": ["no", "40", "no", "no"],
    "restless_legs": ["no", "40", "no", "no", "no"],
    "low_ferritin": ["no", "40", "no", "no", "no", "yes"],
    "timing": ["no", "40", "no", "no", "no", "no"],
    "calcium_intake": ["no", "40", "no", "no", "no", "no", "at night"],
    "magnesium_current": ["no", "40", "no", "no", "no", "no", "at night", "yes"],
    "magnesium_dose": ["no", "40", "no", "no", "no", "no", "at night", "yes", "yes"],
    "magnesium_weeks": ["no", "40", "no", "no", "no", "no", "at night", "yes", "yes", "250 mg"],
}
FIGURES = {}
FOLLOWUPS_FLOOR = 0.90  # measured 0.914 (74 of 81), one message less is 0.901
# The targets are recall 100%, false referrals <= 5%, risk factors >= 95%,
# answers >= 95%. Every corpus meets them now, but their misses were looked at (README,
# "Understanding"): recall is held at the target itself (the screen that decides it is
# deterministic); the other floors are what was measured, less about one message, so a
# regression fails.
FLOORS = {
    # followups: topic accuracy on its 81 follow-up questions, 14 of them also in data/nlu
    # (README, "Quality": the retrieval-intent comparison).
    "understanding": {"recall": 1.0, "false": 0.05, "risk": 0.99, "answers": 0.95, "followups": FOLLOWUPS_FLOOR},
    "sealed": {"recall": 1.0, "false": 0.02, "risk": 0.98},
    "sealed_2": {"recall": 1.0, "false": 0.05, "risk": 0.98},
    # Measured once untouched (0.885 / 0.039 / 0.91), then its misses were fixed by concept.
    "sealed_3": {"recall": 1.0, "false": 0.05, "risk": 0.98},
    # Measured once untouched (0.927 / 0.100 / 0.854 / answers 0.925), then fixed by concept.
    "sealed_4": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.97},
    # Measured once untouched (0.948 / 0.045 / 0.938 / answers 0.958), then fixed by concept;
    # three of its answers are questions back ("whats a statin?"), answered before the question again.
    "sealed_5": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.95},
    # Measured once untouched (0.927 / 0.079 / 0.969 / answers 0.975), then fixed by concept.
    "sealed_6": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.97},
    # Measured once untouched (0.958 / 0.146 / 0.99 / answers 1.00), then fixed by concept.
    "sealed_7": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.97},
    # Measured once untouched (0.927 / 0.101 / 0.875 / answers 0.967), then fixed by concept;
    # one of its answers ("hard to tell what counts") gets the signs explained on purpose.
    "sealed_8": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.97},
    # Measured once untouched (0.865 / 0.056 / 0.979 / answers 0.917), then fixed by concept;
    # two of its answers ("not sure what counts as weakness") get the signs explained on purpose.
    "sealed_9": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.96},
    # Measured once untouched on this round's final screen (0.958 / 0.079 / 0.979 / answers 0.967),
    # then fixed by concept.
    "sealed_10": {"recall": 1.0, "false": 0.03, "risk": 0.98, "answers": 0.98},
}


def sender():
    return f"corpus-{uuid.uuid4().hex[:12]}"


def close_enough(got, expected):
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and abs(got - expected) <= max(0.5, 0.05 * expected)
    return got == expected


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    RESULTS.parent.mkdir(exist_ok=True)
    # Figures of tests not run this time (`-k`) stay as they were measured.
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps({**kept, **FIGURES}, indent=2))


@pytest.mark.parametrize("corpus", CORPORA)
def test_warning_signs_get_the_referral_and_denials_do_not(bot, corpus):
    missed, false = [], []
    items = CORPORA[corpus]["warning_signs"]
    for item in items:
        replies = texts(bot.say(sender(), item["text"]))
        referred = REFERRAL in replies
        if item["expect"] == "referral" and not ((referred or ASKED in replies) and " mg" not in replies):
            missed.append(item["text"])
        # Someone else's sign in a chat about them is their referral, not the writer's.
        if item["expect"] != "referral" and referred and not (THEIRS in replies and item["kind"] == "other_person"):
            false.append(item["text"])
    affirmed = sum(item["expect"] == "referral" for item in items)
    FIGURES[f"{corpus}: warning-sign recall"] = round(1 - len(missed) / affirmed, 3)
    FIGURES[f"{corpus}: false referrals"] = round(len(false) / (len(items) - affirmed), 3)
    FIGURES[f"{corpus}: missed"], FIGURES[f"{corpus}: falsely referred"] = missed, false
    assert 1 - len(missed) / affirmed >= FLOORS[corpus]["recall"], missed
    assert len(false) / (len(items) - affirmed) <= FLOORS[corpus]["false"], false


@pytest.mark.parametrize("corpus", CORPORA)
def test_risk_factors_are_read_with_their_negation(bot, corpus):
    wrong = []
    items = CORPORA[corpus]["risk_factors"]
    for item in items:
        person = sender()
        bot.say(person, item["text"])
        got = bot.tracker(person)["slots"].get(item["factor"])
        right = got == "yes" if item["expect"] == "yes" else got != "yes"
        if not right:
            wrong.append((item["factor"], item["text"], got))
    FIGURES[f"{corpus}: risk factors read correctly"] = round(1 - len(wrong) / len(items), 3)
    FIGURES[f"{corpus}: risk factors misread"] = wrong
    assert 1 - len(wrong) / len(items) >= FLOORS[corpus]["risk"], wrong


@pytest.mark.parametrize("corpus", [name for name, corpus in CORPORA.items() if "answers" in corpus])
def test_answers_are_accepted_at_the_first_try(bot, corpus):
    wrong = []
    items = CORPORA[corpus]["answers"]
    for item in items:
        person = sender()
        bot.say(person, "my legs twitch")
        for earlier in BEFORE[item["question"]]:
            bot.say(person, earlier)
        tracker = bot.tracker(person)
        assert tracker["slots"]["requested_slot"] == item["question"], (item, tracker["slots"])
        bot.say(person, item["text"])
        got = bot.tracker(person)["slots"].get(item["question"])
        expected = "unsure" if item["question"] == "red_flags" and item["expect"] == "unsure" else item["expect"]
        if item["question"] == "red_flags" and item["expect"] == "yes":
            right = got == "yes"
        else:
            right = close_enough(got, expected)
        if not right:
            wrong.append((item["question"], item["text"], expected, got))
    FIGURES[f"{corpus}: answers accepted at the first try"] = round(1 - len(wrong) / len(items), 3)
    FIGURES[f"{corpus}: answers misread"] = wrong
    assert 1 - len(wrong) / len(items) >= FLOORS[corpus]["answers"], wrong


@pytest.mark.parametrize("corpus", [name for name, corpus in CORPORA.items() if "followups" in corpus])
def test_follow_up_questions_get_their_topic_answered(bot, corpus):
    """A follow-up is answered right when the reply holds that topic's answer, built from the
    knowledge for the profile the conversation has (the action's own rendering), and no referral."""
    assert len({render_messages(answer(topic))[0] for topic in TOPICS}) == len(TOPICS)  # answers tell topics apart
    wrong = []
    items = CORPORA[corpus]["followups"]
    for item in items:
        person = sender()
        replies = texts(bot.say(person, item["text"]))
        tracker = bot.tracker(person)
        expected = render_messages(answer(item["topic"], profile_from_slots(tracker["slots"])))
        if REFERRAL in replies or not all(message in replies for message in expected):
            wrong.append((item["topic"], item["text"], tracker["latest_message"]["intent"].get("name")))
    FIGURES[f"{corpus}: follow-up topics answered"] = round(1 - len(wrong) / len(items), 3)
    FIGURES[f"{corpus}: follow-ups misanswered"] = wrong
    assert 1 - len(wrong) / len(items) >= FLOORS[corpus]["followups"], wrong
