"""Properties of the warning-sign screen over the knowledge file's own vocabulary."""
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from recommendation.knowledge import DEFAULT_PATH
from understanding import default_screen

KNOWLEDGE = yaml.safe_load(DEFAULT_PATH.read_text())
PHRASES = [(sign["id"], phrase, sign.get("also_needs")) for sign in KNOWLEDGE["red_flags"]
           for phrase in sign["vocabulary"]]
BEFORE = ["", "my legs twitch and", "hi,", "since last week", "ok so", "also", "and now"]
AFTER = ["", "and my calves twitch", "since yesterday", "which is new", "lol", "at night too"]
DENIALS = ["no {}", "there is no {}", "never had {}", "no {} at all"]
OTHERS = ["what if i get {}?", "my dad has {}", "should i worry about {}?"]
# Denying a phrase that is itself a negation ("can't feel") makes no sentence,
# and a long cramp is denied through the cramp, not through its duration.
DENIABLE = [(sign, phrase, needs) for sign, phrase, needs in PHRASES
            if not needs and not re.search(r"n't\b|\b(?:no|not|never|cannot|cant|dont|lack|less)\b", phrase)]


def with_needed_word(phrase, also_needs):
    return f"a cramp {phrase}" if also_needs else phrase


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PHRASES), st.sampled_from(BEFORE), st.sampled_from(AFTER))
def test_an_affirmed_warning_sign_phrase_is_always_caught(entry, before, after):
    sign, phrase, also_needs = entry
    message = " ".join(part for part in (before, with_needed_word(phrase, also_needs), after) if part)
    assert sign in default_screen().read(message).warning_signs, message


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DENIABLE), st.sampled_from(DENIALS + OTHERS))
def test_a_denied_or_hypothetical_warning_sign_never_counts(entry, frame):
    sign, phrase, also_needs = entry
    message = frame.format(with_needed_word(phrase, also_needs))
    # The sign itself is never counted ("no feeling weak" may still read as "no feeling").
    assert sign not in default_screen().read(message).warning_signs, message
