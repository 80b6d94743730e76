"""A warning sign from the knowledge vocabulary, said at any point of a conversation,
gets the referral and no dose in that same turn (bounded property test over REST)."""
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.harness import texts
from tests.understanding.test_screen_properties import PHRASES, with_needed_word

REFERRAL = "needs a prompt check by a doctor"
# Typed answers that walk a plain adult through the whole intake, then beyond it.
WALK = ["my legs twitch", "no", "42", "no", "no", "no", "no", "at night", "yes most days", "no",
        "what if it doesn't work?", "thanks"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(PHRASES), st.integers(min_value=0, max_value=len(WALK)),
       st.sampled_from(["{}", "also {}", "{} since yesterday", "hmm. {}"]))
def test_a_warning_sign_at_any_point_gets_the_referral_and_no_dose(bot, entry, point, frame):
    sign, phrase, also_needs = entry
    person = f"anywhere-{uuid.uuid4().hex[:10]}"
    for message in WALK[:point]:
        bot.say(person, message)
    replies = texts(bot.say(person, frame.format(with_needed_word(phrase, also_needs))))
    assert REFERRAL in replies, (point, phrase)
    assert " mg" not in replies, (point, phrase)
