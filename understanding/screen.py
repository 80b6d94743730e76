"""Warning signs and risk factors in one message, affirmed or not.

The words for each sign and factor come from the knowledge file; spaCy's
matchers (through medspacy's target matcher) find them on a blank English
pipeline, and medspacy's ConText (Chapman et al. 2001; Harkema et al. 2009)
decides whether each mention is negated, hypothetical or about someone else.
Where a message is unclear the screen errs towards the warning sign: a sign
in the past still counts ("it started two months ago").
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Set

import loguru
import yaml

from recommendation.knowledge import DEFAULT_PATH

CONTEXT_RULES = Path(__file__).resolve().parent / "context_rules.yml"
SIGN = "WARNING_SIGN"
FACTOR = "RISK_FACTOR"
MINUTES = ("minutes", "minute", "mins", "min")
# Inside a phrase, these words may be left out or shortened ("pins n needles"),
# and one other word may come between any two ("dragging my left foot").
OPTIONAL_WORDS = {"and", "my", "the", "a", "of", "to", "is", "are", "in", "on"}
# A filler word is never one of these: "no problems swallowing" must not become "problems ... swallowing".
NEGATIONS = ["no", "not", "n't", "never", "nothing", "none", "nor", "without", "nope", "nah", "dont", "cant"]
FIRST_PERSON = {"i", "i'm", "im", "me", "my", "mine", "myself", "i've", "ive"}
WORD_NUMBERS = {"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "forty-five": 45, "fifty": 50, "sixty": 60}

# medspacy logs every rule at DEBUG on load, and PyRuSH (through loguru) every
# message it splits - with its text, which must never reach a log.
for _noisy in ("medspacy", "PyRuSH", "PyFastNER"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)
loguru.logger.disable("PyRuSH")


@dataclass(frozen=True)
class Mention:
    kind: str          # SIGN or FACTOR
    name: str          # the sign's or factor's id in the knowledge file
    negated: bool = False
    hypothetical: bool = False
    other_person: bool = False
    past: bool = False


@dataclass
class Reading:
    """What one message says: affirmed warning signs, and risk factors as True (now) / False (not)."""

    warning_signs: Set[str] = field(default_factory=set)
    denied_warning_signs: Set[str] = field(default_factory=set)
    risk_factors: Dict[str, bool] = field(default_factory=dict)
    # A negation, hypothetical or other-person cue anywhere in the message.
    has_context_cue: bool = False


def _load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _loose_pattern(tokenizer, phrase: str) -> List[dict]:
    """A spaCy Matcher pattern for a phrase of the vocabulary, tolerant of how people type."""
    words = [token.lower_ for token in tokenizer(phrase)]
    if words[0] in NEGATIONS:  # "no feeling" is the sign; "no losing strength" is not "no strength"
        return [{"LOWER": word} for word in words]
    pattern: List[dict] = []
    for index, word in enumerate(words):
        if index:
            pattern.append({"IS_ALPHA": True, "LOWER": {"NOT_IN": NEGATIONS}, "OP": "?"})
        inner = 0 < index < len(words) - 1
        pattern.append({"LOWER": word, "OP": "?"} if inner and word in OPTIONAL_WORDS else {"LOWER": word})
    return pattern


def _number(text: str):
    try:
        return float(text)
    except ValueError:
        return WORD_NUMBERS.get(text.lower())


class Screen:
    def __init__(self, knowledge_path: Path = DEFAULT_PATH, context_path: Path = CONTEXT_RULES) -> None:
        import medspacy
        from medspacy.context import ConTextRule
        from medspacy.target_matcher import TargetRule
        from spacy.tokens import Span

        for extension in ("name", "said_past", "needs"):
            if not Span.has_extension(extension):
                Span.set_extension(extension, default=None)
        knowledge = _load_yaml(Path(knowledge_path))
        self.nlp = medspacy.load(enable=["medspacy_pyrush", "medspacy_target_matcher", "medspacy_context"])
        tokenizer = self.nlp.tokenizer
        self.also_needs: Dict[str, Set[str]] = {}
        self.minutes_over: Dict[str, float] = {}
        self.past_means_not_now: Set[str] = set()
        rules = []
        entries = [(SIGN, sign["id"], sign) for sign in knowledge.get("red_flags") or []]
        entries += [(FACTOR, name, factor) for name, factor in (knowledge.get("risk_factors") or {}).items()]
        for kind, name, entry in entries:
            rules += [TargetRule(phrase, kind, pattern=_loose_pattern(tokenizer, phrase), attributes={"name": name})
                      for phrase in entry["vocabulary"]]
            rules += [TargetRule(phrase, kind, pattern=_loose_pattern(tokenizer, phrase), attributes={"name": name,
                                                                                           "said_past": True})
                      for phrase in entry.get("past_vocabulary") or []]
            if entry.get("also_needs"):
                self.also_needs[name] = {word.lower() for word in entry["also_needs"]}
            if entry.get("body_parts"):
                rules += [TargetRule(part, kind, pattern=_loose_pattern(tokenizer, part),
                                     attributes={"name": name, "needs": f"{name} body part"})
                          for part in entry["body_parts"]]
                self.also_needs[f"{name} body part"] = {word.lower() for word in entry["body_parts_need"]}
            if entry.get("longer_than_minutes"):
                self.minutes_over[name] = float(entry["longer_than_minutes"])
                rules.append(TargetRule(f"{name} minutes", kind, attributes={"name": name}, pattern=[
                    {"LIKE_NUM": True}, {"LOWER": {"IN": list(MINUTES)}}]))
            if kind == FACTOR and not entry.get("lasting"):
                self.past_means_not_now.add(name)

        cues = _load_yaml(Path(context_path))
        dropped = {literal.lower() for literal in cues.pop("DROP_DEFAULTS", [])}
        terminations = cues.pop("TERMINATE_ALL", [])
        self.nlp.get_pipe("medspacy_target_matcher").add(rules)
        defaults = [rule for rule in self.nlp.get_pipe("medspacy_context").rules if rule.literal.lower() not in dropped]
        self.nlp.remove_pipe("medspacy_context")
        context = self.nlp.add_pipe("medspacy_context", config={"rules": None})
        context.add(defaults + [
            ConTextRule(cue, category, direction=direction)
            for category, directions in cues.items()
            for direction, literals in directions.items()
            for cue in literals
        ] + [ConTextRule(cue, category, direction="TERMINATE") for category in cues for cue in terminations])

    def _counts(self, span, words: Set[str], text: str) -> bool:
        """The extra conditions a sign or factor may have beyond its words."""
        name = span._.name
        needs = self.also_needs.get(span._.needs or name)
        if needs and not (words & needs or any(f" {need} " in f" {text.lower()} " for need in needs if " " in need)):
            return False
        if name in self.minutes_over and span[-1].lower_ in MINUTES and len(span) == 2:
            amount = _number(span[0].text)
            return amount is not None and amount > self.minutes_over[name]
        return True

    @staticmethod
    def _context(span) -> Set[str]:
        """ConText's categories for a mention, leaving out cues inside the phrase
        itself ("can't move my leg" says the sign; its "n't" negates nothing)."""
        found = set()
        for modifier in span._.modifiers:
            start, end = modifier.modifier_span
            if span.start <= start and end <= span.end:
                continue
            if modifier.category == "FAMILY":
                # ...unless the person speaks of themselves after the cue
                # ("my wife noticed my calf looks thinner" is about the speaker).
                low, high = sorted((end, span.start)) if end <= span.start else sorted((span.end, start))
                if {token.lower_ for token in span.doc[low:high]} & FIRST_PERSON:
                    continue
            found.add(modifier.category)
        return found

    def _read_doc(self, doc, text: str):
        words = {token.lower_ for token in doc}
        cues = any(modifier.category in ("NEGATED_EXISTENCE", "HYPOTHETICAL", "FAMILY")
                   for modifier in doc._.context_graph.modifiers)
        mentions = []
        for span in doc.ents:
            if not self._counts(span, words, text):
                continue
            context = self._context(span)
            mentions.append(Mention(span.label_, span._.name, negated="NEGATED_EXISTENCE" in context,
                                    hypothetical="HYPOTHETICAL" in context, other_person="FAMILY" in context,
                                    past="HISTORICAL" in context or bool(span._.said_past)))
        return mentions, cues

    def read(self, text: str) -> Reading:
        mentions, cues = self._read_doc(self.nlp(text or ""), text or "")
        reading = Reading(has_context_cue=cues)
        for mention in mentions:
            if mention.hypothetical or mention.other_person:
                if mention.kind == SIGN:
                    reading.denied_warning_signs.add(mention.name)
                continue
            if mention.kind == SIGN:
                (reading.denied_warning_signs if mention.negated else reading.warning_signs).add(mention.name)
                continue
            now = not (mention.negated or (mention.past and mention.name in self.past_means_not_now))
            # One affirmed mention wins over a negated one ("no idea about kidneys, but yes, ckd").
            reading.risk_factors[mention.name] = reading.risk_factors.get(mention.name, False) or now
        return reading


@lru_cache(maxsize=1)
def default_screen() -> Screen:
    return Screen()
