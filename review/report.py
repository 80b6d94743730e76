"""Groups the badly handled messages by their masked text and writes them out:
one line each for a person, or a Rasa NLU file of candidate examples."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from itertools import groupby
from typing import Dict, Iterable, List

from review.masking import mask
from review.turns import Totals, Turn
from review.verdict import LOW_CONFIDENCE_BELOW, verdict


@dataclass
class Candidate:
    """One text (masked) the assistant handled badly, with its newest occurrence's reading."""

    text: str
    count: int
    last_seen: float
    reason: str
    intent: str
    confidence: float


def candidates(turns: Iterable[Turn], low_confidence_below: float = LOW_CONFIDENCE_BELOW) -> List[Candidate]:
    """Newest first; the same text (ignoring case and spacing) counted once."""
    found: Dict[str, Candidate] = {}
    for turn in turns:
        reason = verdict(turn, low_confidence_below)
        if reason is None:
            continue
        # Masked before grouping, so that "call me on <phone>" is one line however many numbers.
        text = mask(" ".join(turn.text.split()))
        newest = Candidate(text, 1, turn.timestamp, reason, turn.best_guess, turn.best_confidence)
        known = found.setdefault(text.lower(), newest)
        if known is not newest:
            known.count += 1
            if turn.timestamp >= known.last_seen:
                known.text, known.last_seen, known.reason = text, turn.timestamp, reason
                known.intent, known.confidence = turn.best_guess, turn.best_confidence
    return sorted(found.values(), key=lambda candidate: candidate.last_seen, reverse=True)


def when(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def listing(found: List[Candidate], totals: Totals) -> str:
    badly = sum(candidate.count for candidate in found)
    head = (f"{totals.messages:,} user messages in {totals.conversations:,} conversations; "
            f"{badly:,} handled badly ({len(found):,} different texts)")
    if not found:
        return head + "."
    width = max(len(candidate.intent) for candidate in found)
    lines = [f"{when(c.last_seen)}  {c.count:>4}x  {c.reason:<14}  {c.intent:<{width}} {c.confidence:.2f}  {c.text}"
             for c in found]
    return "\n".join([head + ", newest first:", *lines])


def nlu_candidates(found: List[Candidate]) -> str:
    """A Rasa NLU file: each text under the intent NLU guessed, with its confidence in a comment."""
    lines = [
        f"# NLU candidates from `make review` ({when(time.time())}): messages the assistant handled badly,",
        "# each under the intent it guessed. For each one: move it under the right intent (or delete it),",
        "# rewrite the masked parts (<name>, <phone>, <email>, <number>, <date>) or delete those examples,",
        "# then move this file into data/nlu/ and retrain.",
        'version: "3.1"',
        "nlu:",
    ]
    by_intent = sorted(found, key=lambda candidate: (candidate.intent, -candidate.last_seen))
    for intent, group in groupby(by_intent, key=lambda candidate: candidate.intent):
        lines += [f"- intent: {intent}", "  examples:"]
        for candidate in group:
            lines.append(f"  # {candidate.reason}, confidence {candidate.confidence:.2f}, "
                         f"{candidate.count}x, last {when(candidate.last_seen)}")
            # A JSON string is a valid YAML double-quoted scalar, whatever the text holds.
            lines.append(f"  - text: {json.dumps(candidate.text, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
