"""Which user messages the assistant handled badly, decided from stored events:
first what the assistant answered, then the intent and its confidence.

1. not understood: the reply was "Sorry, I didn't understand" (utter_default)
   or "Did you mean ...?" (utter_did_you_mean);
2. re-asked: the intake form could not read the answer and gave a hint
   (utter_hint_*) or recorded "not sure" (utter_noted_unsure);
3. out of scope: the intent was out_of_scope, or the reply utter_out_of_scope;
4. not understood: NLU fell back (nlu_fallback) even though something else
   answered (the warning-sign screen, the form reading an answer);
5. low confidence: any other intent below LOW_CONFIDENCE_BELOW.
"""
from __future__ import annotations

from typing import Optional

from review.turns import FALLBACK_INTENT, Turn

NOT_UNDERSTOOD = "not understood"
RE_ASKED = "re-asked"
OUT_OF_SCOPE = "out of scope"
LOW_CONFIDENCE = "low confidence"

# NLU falls back below 0.45 (config.yml); a guess just above that is still a
# coin toss between two intents, and worth a person's look.
LOW_CONFIDENCE_BELOW = 0.6
NOT_UNDERSTOOD_REPLIES = ("utter_default", "utter_did_you_mean")
RE_ASKED_REPLIES = ("utter_hint_", "utter_noted_unsure")


def verdict(turn: Turn, low_confidence_below: float = LOW_CONFIDENCE_BELOW) -> Optional[str]:
    """Why a message counts as handled badly, or None if it was handled well."""
    if any(reply in NOT_UNDERSTOOD_REPLIES for reply in turn.replies):
        return NOT_UNDERSTOOD
    if any(reply.startswith(RE_ASKED_REPLIES) for reply in turn.replies):
        return RE_ASKED
    if turn.intent == "out_of_scope" or "utter_out_of_scope" in turn.replies:
        return OUT_OF_SCOPE
    if turn.intent == FALLBACK_INTENT:
        return NOT_UNDERSTOOD
    if turn.confidence < low_confidence_below:
        return LOW_CONFIDENCE
    return None
