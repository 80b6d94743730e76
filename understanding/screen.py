"""Warning signs and risk factors in one message, affirmed or not.

The words for each sign and factor come from the knowledge file; spaCy's
Matcher finds them on a blank English pipeline, and medspacy's ConText
(Chapman et al. 2001; Harkema et al. 2009) decides whether each mention is
negated, hypothetical or about someone else. Words are compared by their stem,
so one form in the vocabulary finds the others ("swelling" finds "swelled",
"swells", "swollen"). Some words count only beside others ("thinner" beside a
calf or thigh, an arm beside a twitch). Where a message is unclear the screen
errs towards the warning sign: a sign in the past still counts ("it started
two months ago").
"""
from __future__ import annotations

import copy
import logging
import re
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import loguru
import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from recommendation.knowledge import DEFAULT_PATH

CONTEXT_RULES = Path(__file__).resolve().parent / "context_rules.yml"
SIGN = "WARNING_SIGN"
FACTOR = "RISK_FACTOR"
IDIOM = "IDIOM"  # a phrase with a sign's word that does not mean the sign ("numb to it")
MINUTES = ("minutes", "minute", "mins", "min")
AROUND_NUMBERS = ("+", "plus", "odd", "ish", "or", "so", "-")  # "15+ minutes", "20 odd minutes"
AT_LEAST_BEFORE = ("over", "than", "above", "past", "beyond", ">", ">=")  # "over 10 minutes", "more than 10 mins", ">10 min"
GLUED_MINUTES = r"^\d+(?:minutes?|mins?)$"  # "20mins" is one token
RECENT_READINGS = 2048
# Words within this many of each other, in one sentence, are "beside" each other.
NEAR = 6
# A paired word does not count with one of its `unless` words this close ("broke my wrist").
UNLESS_NEAR = 3
# Inflections the suffix rules of stem() cannot reach. Only verbs and plurals
# ("couldn't" is "can't"; "&" and "n" are "and"): an adjective mapped to its
# verb would find unrelated words ("sunken" -> "sink").
IRREGULAR = {"calves": "calf", "feet": "foot", "halves": "half",
             "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "am": "be", "m": "be", "being": "be",
             "does": "do", "did": "do", "done": "do", "doing": "do", "goes": "go", "went": "go", "gone": "go",
             "going": "go", "lying": "lie", "dying": "die", "could": "can", "would": "will",
             "&": "and", "n": "and", "+": "and",
             "gave": "give", "given": "give", "fell": "fall", "fallen": "fall", "felt": "feel",
             "lost": "lose", "shrank": "shrink", "shrunk": "shrink", "shrunken": "shrink", "swollen": "swell",
             "stuck": "stick", "caught": "catch", "got": "get", "gotten": "get", "came": "come",
             "began": "begin", "begun": "begin", "kept": "keep", "held": "hold", "spoke": "speak",
             "spoken": "speak", "has": "have", "had": "have", "blew": "blow", "blown": "blow"}
# Inside a phrase, these words may be left out or shortened ("pins n needles"),
# and one other word may come between any two ("dragging my left foot"). Not
# "to": "has moved from my legs" is not "have to move my legs".
OPTIONAL_WORDS = {"and", "my", "the", "a", "of", "is", "are", "in", "on"}
# A filler word is never one of these: "no problems swallowing" must not become
# "problems ... swallowing". spaCy reads "n't" and the "nt" of "isnt" as "not".
NEGATIONS = ["no", "not", "never", "nothing", "none", "nor", "without", "nope", "nah"]
FIRST_PERSON = {"i", "i'm", "im", "me", "my", "mine", "myself", "i've", "ive"}
WORD_NUMBERS = {"ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "forty-five": 45, "fifty": 50, "sixty": 60}

# medspacy logs every rule at DEBUG on load, and PyRuSH (through loguru) every
# message it splits - with its text, which must never reach a log.
for _noisy in ("medspacy", "PyRuSH", "PyFastNER"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)
loguru.logger.disable("PyRuSH")


def stem(word: str) -> str:
    """The word without its inflection, the same for every form: "tripped",
    "trips", "tripping" -> "trip"; "choke", "choking" -> "chok". Not a real
    lemma, only a key that the vocabulary and the message share."""
    word = IRREGULAR.get(word, word)
    for suffix, instead in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)] + instead
            kept = (suffix == "s" and word[-2] in "siu") or (suffix == "ed" and word[-3] == "e")  # "this", "need"
            if not kept and len(base) >= 3 and any(vowel in base for vowel in "aeiouy"):
                word = base
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":  # "slurr(ed)" -> "slur"
        word = word[:-1]
    return word


@Language.component("word_stems")
def _word_stems(doc):
    """Token NORM becomes the stem of spaCy's norm (the "nt" of "isnt" -> "not", "tripped" -> "trip")."""
    for token in doc:
        token.norm_ = stem(token.norm_)
    return doc


# Nor a modal: "the magnesium i should take" is not "the magnesium i take".
MODALS = ["should", "could", "would", "can", "might", "must", "may", "shall", "will"]
NEGATION_STEMS = [stem(word) for word in NEGATIONS]
NEGATION_SET = set(NEGATION_STEMS)
OPTIONAL_STEMS = {stem(word) for word in OPTIONAL_WORDS}
FILLER = {"IS_ALPHA": True, "NORM": {"NOT_IN": NEGATION_STEMS + [stem(word) for word in MODALS]}}


@dataclass(frozen=True)
class Mention:
    kind: str          # SIGN or FACTOR
    name: str          # the sign's or factor's id in the knowledge file
    negated: bool = False
    hypothetical: bool = False
    other_person: bool = False
    animal: bool = False
    past: bool = False
    benign: bool = False
    not_now: bool = False
    current: bool = False
    result: bool = False


@dataclass(frozen=True)
class Needs:
    """What a match needs beyond its words to count."""
    words: Tuple[str, ...] = ()     # stemmed words or phrases, one of which must be in the message...
    within: Optional[int] = None    # ...and within this many words of the match, in its sentence
    unless: Tuple[str, ...] = ()    # stemmed words that must not be within unless_within words
    unless_within: int = UNLESS_NEAR
    above: Optional[float] = None   # the match's number must be above this...
    below: Optional[float] = None   # ...or below this

    def ruled_out(self, span) -> bool:
        """One of the `unless` words is beside the match ("tripped over the dog")."""
        return bool(self.unless) and _said(span, self.unless, self.unless_within)

    def met(self, span) -> bool:
        if self.words and not _said(span, self.words, self.within):
            return False
        if self.ruled_out(span):
            return False
        if self.above is None and self.below is None:
            return True
        amount = next((_number(token.text) for token in reversed(span) if token.like_num or token.text[0].isdigit()),
                      None)
        if amount is None:
            return False
        if self.above is not None:
            # "over 10 mins" is more than 10, as "11 minutes" is.
            before = span.doc[span.start - 1].lower_ if span.start else ""
            return amount > self.above or (amount == self.above and before in AT_LEAST_BEFORE)
        return amount < self.below


def _said(span, words: Tuple[str, ...], within: Optional[int]) -> bool:
    """Whether one of the stemmed words is in the message, or beside the span: within
    `within` words of it in its sentence, not in it, and not just after a negation
    ("climb stairs without any trouble" is no difficulty)."""
    doc = span.doc
    if within:
        parts = ((_words_away(doc, span.start, -within, span.sent.start), span.start),
                 (span.end, _words_away(doc, span.end, within, span.sent.end)))
    else:
        parts = ((0, len(doc)),)
    for start, end in parts:
        norms = [token.norm_ for token in doc[start:end]]
        for word in words:
            wanted = word.split()
            for index in range(len(norms) - len(wanted) + 1):
                if norms[index: index + len(wanted)] == wanted and not (
                        within and {t.norm_ for t in doc[max(0, start + index - 2): start + index]} & NEGATION_SET
                ) and not doc._.idiom_tokens & set(range(start + index, start + index + len(wanted))):
                    return True
    return False


def _words_away(doc, index: int, words: int, bound: int) -> int:
    """The token index `words` words from `index` (back when negative), not past `bound`;
    punctuation is no word ("it travelled?? legs first, then shoulders"), nor the
    second half of "it's" or "dont"."""
    step = 1 if words > 0 else -1
    position, counted = index, 0
    while counted < abs(words) and position != bound:
        token = doc[position if step > 0 else position - 1]
        counted += not (token.is_punct or token.text.startswith(("'", "’")) or token.lower_ in ("nt", "n't"))
        position += step
    return position


@dataclass
class Reading:
    """What one message says: affirmed warning signs, and risk factors as True (now) / False (not)."""

    warning_signs: Set[str] = field(default_factory=set)
    denied_warning_signs: Set[str] = field(default_factory=set)
    # Said not to be there ("I don't have numbness"), as against only asked about.
    negated_warning_signs: Set[str] = field(default_factory=set)
    # Said of someone else, now ("my husband has started slurring his words").
    someone_elses_warning_signs: Set[str] = field(default_factory=set)
    # Said as a possibility, not as had or not had ("in case my foot starts to drag"): asked about.
    possible_warning_signs: Set[str] = field(default_factory=set)
    # Takes back what an earlier message was read as saying ("I was only asking").
    takes_back: bool = False
    risk_factors: Dict[str, bool] = field(default_factory=dict)
    # A negation, hypothetical, other-person or long-ago/everyday cue anywhere in
    # the message, or a sign's words used for something else ("numb to it",
    # "tripped over the dog").
    has_context_cue: bool = False
    # A word about the body or a sign's words, said or negated ("my name is ..." has none).
    about_the_body: bool = False


def _load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


class VocabularyError(ValueError):
    """The vocabulary in the knowledge file has an unknown key, a wrong type or a repeated phrase."""


PHRASE_LISTS = ("vocabulary", "past_vocabulary", "not_vocabulary", "also_needs", "number_after")
ENTRY_KEYS = {"id": str, "text": str, "cite": list, "abilities": bool, "lasting": bool, "paired": list,
              "token_patterns": list, "longer_than_minutes": (int, float), "number_below": (int, float),
              **{key: list for key in PHRASE_LISTS}}
PAIR_KEYS = {"vocabulary": list, "near": list, "unless": list, "within": (int, type(None)), "unless_within": int}


def validate_vocabulary(knowledge: dict, path: Path) -> None:
    """Like the facts (recommendation/knowledge.py), the words are checked on load: a misspelt
    key ("unles:") would silently drop a rule, a repeated phrase hides a mistake."""
    entries = [(f"red_flags: {sign.get('id')}", sign) for sign in knowledge.get("red_flags") or []]
    entries += [(f"risk_factors: {name}", factor) for name, factor in (knowledge.get("risk_factors") or {}).items()]
    for where, entry in entries:
        _check_keys(path, where, entry, ENTRY_KEYS, required="vocabulary")
        for index, pair in enumerate(entry.get("paired") or []):
            _check_keys(path, f"{where}: paired[{index}]", pair, PAIR_KEYS, required="vocabulary")
        seen: Set[str] = set()
        for key in ("vocabulary", "past_vocabulary"):
            for phrase in entry.get(key) or []:
                if str(phrase).lower() in seen:
                    raise VocabularyError(f"{path}: {where}: the phrase {phrase!r} is listed twice")
                seen.add(str(phrase).lower())


def _check_keys(path: Path, where: str, entry: object, known: dict, required: str) -> None:
    if not isinstance(entry, dict) or required not in entry:
        raise VocabularyError(f"{path}: {where}: must be a mapping with {required!r}")
    for key, value in entry.items():
        if key not in known:
            raise VocabularyError(f"{path}: {where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        if not isinstance(value, known[key]):
            raise VocabularyError(f"{path}: {where}: {key!r} has the wrong type ({type(value).__name__})")
        if key in PHRASE_LISTS + ("near", "unless") and not all(isinstance(item, str) for item in value):
            raise VocabularyError(f"{path}: {where}: {key!r} must be a list of phrases")


def _stems(tokenizer, phrase: str) -> List[str]:
    return [stem(token.norm_) for token in tokenizer(phrase)]


def _loose_pattern(tokenizer, phrase: str) -> List[dict]:
    """A spaCy Matcher pattern for a phrase of the vocabulary, tolerant of how people type."""
    words = _stems(tokenizer, phrase)
    if words[0] in NEGATION_STEMS:
        # As written: "no feeling" is the sign, "no losing strength" is not "no strength", "no feel" is nothing.
        return [{"NORM": words[0]}] + [{"LOWER": token.lower_} for token in tokenizer(phrase)[1:]]
    pattern: List[dict] = []
    for index, word in enumerate(words):
        if index:
            pattern.append(dict(FILLER, OP="?"))
        inner = 0 < index < len(words) - 1
        pattern.append({"NORM": word, "OP": "?"} if inner and word in OPTIONAL_STEMS else {"NORM": word})
    return pattern


def _strict_pattern(tokenizer, phrase: str) -> List[dict]:
    """An idiom's pattern: its words in a row, any inflection ("weak at" must not take "weak legs at")."""
    return [{"NORM": word} for word in _stems(tokenizer, phrase)]


def _number(text: str) -> Optional[float]:
    digits = re.match(r"[~≈]?(\d+(?:\.\d+)?)", text)  # "~30 min"
    return float(digits.group(1)) if digits else WORD_NUMBERS.get(text.lower())


@dataclass(frozen=True)
class Target:
    """What a vocabulary phrase stands for."""
    kind: str                       # SIGN, FACTOR or IDIOM
    name: str = ""                  # the sign's or factor's id in the knowledge file
    needs: Optional[Needs] = None   # what else must hold for the phrase to count
    said_past: bool = False         # the phrase itself says "not now" ("stopped magnesium")
    ability: bool = False           # something the body does: "can't" right before it is the sign
    result: bool = False            # a test result: what a test showed stays so, whenever it was taken

    def counts(self, span) -> bool:
        return self.needs is None or self.needs.met(span)


class TargetFinder:
    """The vocabulary's matches in a message: those whose conditions hold, and
    where they overlap the longest (an idiom first). Conditions come first, so
    a paired word that does not count ("get out of" away from a chair) leaves
    the words to another phrase ("out of breath"), and a word in two pairings
    counts when either holds."""

    def __init__(self, vocab) -> None:
        self.matcher = Matcher(vocab)
        self.targets: Dict[str, Target] = {}

    def add(self, pattern: List[dict], target: Target) -> None:
        key = str(len(self.targets))
        self.targets[key] = target
        self.matcher.add(key, [pattern])

    def __call__(self, doc):
        found: Dict[Tuple[int, int], Target] = {}
        doc._.explained = False
        matches = self.matcher(doc)
        # A paired word inside an idiom does not count ("a pain in the neck, cant sleep" is no pain).
        doc._.idiom_tokens = {index for match_id, start, end in matches
                              if self.targets[doc.vocab.strings[match_id]].kind == IDIOM for index in range(start, end)}
        for match_id, start, end in matches:
            target = self.targets[doc.vocab.strings[match_id]]
            if target.kind == IDIOM or (target.needs and target.needs.ruled_out(doc[start:end])):
                doc._.explained = True
            kept = found.get((start, end))
            if (kept is None or kept.kind != IDIOM) and (target.kind == IDIOM or target.counts(doc[start:end])):
                found[(start, end)] = target
        ents = []
        for span in filter_spans([doc[start:end] for start, end in found]):
            target = found[(span.start, span.end)]
            ents.append(Span(doc, span.start, span.end, label=target.kind))
        doc.ents = ents
        for span in doc.ents:
            span._.target = found[(span.start, span.end)]
        return doc


@Language.factory("screen_targets")
def _screen_targets(nlp, name):
    return TargetFinder(nlp.vocab)


class Screen:
    def __init__(self, knowledge_path: Path = DEFAULT_PATH, context_path: Path = CONTEXT_RULES) -> None:
        import medspacy
        from medspacy.context import ConTextRule

        if not Span.has_extension("target"):
            Span.set_extension("target", default=None)
        if not Doc.has_extension("explained"):
            Doc.set_extension("explained", default=False)
        if not Doc.has_extension("idiom_tokens"):
            Doc.set_extension("idiom_tokens", default=set())
        knowledge = _load_yaml(Path(knowledge_path))
        validate_vocabulary(knowledge, Path(knowledge_path))
        self.nlp = medspacy.load(enable=["medspacy_pyrush", "medspacy_context"])
        self.nlp.add_pipe("word_stems", before="medspacy_context")
        finder = self.nlp.add_pipe("screen_targets", before="medspacy_context")
        tokenizer = self.nlp.tokenizer
        self.past_means_not_now: Set[str] = set()
        self.body_stems = {stem(word) for word in knowledge.get("body_words") or []}

        def stemmed(words) -> Tuple[str, ...]:
            return tuple(" ".join(_stems(tokenizer, word)) for word in words or ())

        def add(phrases, target: Target, pattern=_loose_pattern):
            for phrase in phrases or ():
                finder.add(pattern(tokenizer, phrase), target)

        entries = [(SIGN, sign["id"], sign) for sign in knowledge.get("red_flags") or []]
        entries += [(FACTOR, name, factor) for name, factor in (knowledge.get("risk_factors") or {}).items()]
        for kind, name, entry in entries:
            whole = Needs(stemmed(entry.get("also_needs")))
            alone = whole if whole.words else None
            ability = bool(entry.get("abilities"))
            add(entry["vocabulary"], Target(kind, name, alone, ability=ability))
            add(entry.get("past_vocabulary"), Target(kind, name, alone, said_past=True))
            add(entry.get("not_vocabulary"), Target(IDIOM), _strict_pattern)
            for pattern in entry.get("token_patterns") or ():
                finder.add(pattern, Target(kind, name, alone))
            for pair in entry.get("paired") or []:
                needs = Needs(stemmed(pair.get("near")), pair.get("within", NEAR), stemmed(pair.get("unless")),
                              pair.get("unless_within", UNLESS_NEAR))
                add(pair["vocabulary"], Target(kind, name, needs, ability=ability))
            if entry.get("longer_than_minutes"):
                over = Target(kind, name, replace(whole, above=float(entry["longer_than_minutes"])))
                finder.add([{"LIKE_NUM": True}, {"LOWER": {"IN": list(AROUND_NUMBERS)}, "OP": "{0,2}"},
                            {"LOWER": {"IN": list(MINUTES)}}], over)
                finder.add([{"LOWER": {"REGEX": GLUED_MINUTES}}], over)
            if entry.get("number_below"):
                under = Target(kind, name, Needs(below=float(entry["number_below"])), result=True)
                for word in entry["number_after"]:
                    finder.add([{"NORM": stem(word)}, dict(FILLER, OP="{0,3}"), {"LIKE_NUM": True}], under)
            if kind == FACTOR and not entry.get("lasting"):
                self.past_means_not_now.add(name)

        cues = _load_yaml(Path(context_path))
        dropped = {literal.lower() for literal in cues.pop("DROP_DEFAULTS", [])}
        terminations = cues.pop("TERMINATE_ALL", [])
        taking_back = cues.pop("TAKING_BACK", {})
        self.someone_elses = tuple(f" {phrase.lower()} " for phrase in cues.pop("SOMEONE_ELSES", []))
        self.taking_back, self.taking_back_a_sign = (tuple(f" {phrase.lower()} " for phrase in taking_back.get(key, []))
                                                     for key in ("ALONE", "WITH_A_DENIED_SIGN"))
        self.reach = cues.pop("REACH", {})
        context_rules = [rule for rule in self.nlp.get_pipe("medspacy_context").rules
                         if rule.literal.lower() not in dropped]
        context_rules += [ConTextRule(literal, category, direction=direction, metadata={"reach": reach},
                                      allowed_types={FACTOR} if category in ("NOT_NOW", "CURRENT") else None)
                          for category, directions in cues.items()
                          for direction, entries in directions.items()
                          for literal, reach in map(_cue, entries)]
        context_rules += [ConTextRule(cue, "TERMINATE", direction="TERMINATE") for cue in terminations]
        # A question that opens with "would" asks about a sign ("would dark pee with muscle pain be bad?");
        # inside a sentence "would" is often a report ("my legs would give way").
        context_rules.append(ConTextRule("would, opening a question", "HYPOTHETICAL", direction="FORWARD",
                                         pattern=[{"IS_SENT_START": True, "LOWER": "would"}]))
        # "ferritin was low in 2019": a year gone by is the past (a list, as a rule cannot compare years).
        past_years = [str(year) for year in range(1950, time.localtime().tm_year)]
        context_rules.append(ConTextRule("in a past year", "HISTORICAL", direction="BIDIRECTIONAL",
                                         pattern=[{"LOWER": "in"}, {"TEXT": {"IN": past_years}}]))
        self.nlp.remove_pipe("medspacy_context")
        self.nlp.add_pipe("medspacy_context", config={"rules": None}).add(context_rules)
        self._recent = lru_cache(maxsize=RECENT_READINGS)(self._read)

    def _context(self, span) -> Set[str]:
        """ConText's categories for a mention, leaving out cues inside the phrase
        itself ("can't move my leg" says the sign; its "n't" negates nothing)
        and cues beyond their reach."""
        found = set()
        for modifier in span._.modifiers:
            start, end = modifier.modifier_span
            if span.start <= start and end <= span.end:
                continue
            # Applied here, not as ConText's max_scope: medspacy 1.3.1 then lets a
            # terminating cue ("but") end nothing (its tuple_overlaps misses a scope inside another).
            reach = ((modifier.rule.metadata or {}).get("reach")
                     or self.reach.get(modifier.category, {}).get(modifier.direction))
            if reach is not None and (span.start - end if end <= span.start else start - span.end) >= reach:
                continue
            if (modifier.category == "HYPOTHETICAL" and span._.target.kind == FACTOR and start >= span.end
                    and span.start and span.doc[span.start - 1].lower_ == "my"):
                continue  # "can my statin cause this?": the person's own statin, asked about
            if modifier.category == "NEGATED_EXISTENCE" and _says_cannot(span.doc, start, end) and (
                    (span._.target.ability and end == span.start) or _needs_cannot(span._.target)):
                # "I can't lift my foot", "couldn't get the shopping up the stairs": not being able to is the sign
                continue
            if modifier.category == "HISTORICAL" and _began_then(span, modifier):
                continue
            if modifier.category in ("FAMILY", "ANIMAL"):
                # ...unless the person speaks of themselves after the cue
                # ("my wife noticed my calf looks thinner" is about the speaker).
                low, high = sorted((end, span.start)) if end <= span.start else sorted((span.end, start))
                if {token.lower_ for token in span.doc[low:high]} & FIRST_PERSON:
                    continue
                # ...or the sign is "my" own, and the other person comes after ("my voice has gone
                # nasal and the kids can't understand me").
                if start >= span.end and span.start and span.doc[span.start - 1].lower_ in ("my", "i"):
                    continue
            found.add(modifier.category)
        return found

    def _read_doc(self, doc):
        cues = doc._.explained or any(modifier.category in ("NEGATED_EXISTENCE", "HYPOTHETICAL", "FAMILY", "BENIGN", "ANIMAL")
                                      for modifier in doc._.context_graph.modifiers)
        mentions = []
        for span in doc.ents:
            target: Target = span._.target
            if target.kind == IDIOM:
                continue
            context = self._context(span)
            asked = _asked_about(span) and (target.kind == FACTOR or _an_example(span))
            mentions.append(Mention(target.kind, target.name, negated="NEGATED_EXISTENCE" in context,
                                    hypothetical="HYPOTHETICAL" in context or asked,
                                    other_person="FAMILY" in context, animal="ANIMAL" in context,
                                    past="HISTORICAL" in context or target.said_past, benign="BENIGN" in context,
                                    not_now="NOT_NOW" in context, current="CURRENT" in context,
                                    result=target.result))
        return mentions, cues

    def read(self, text: str) -> Reading:
        """What the message says. Recent readings are kept: short replies ("no",
        "yes", "at night") come again and again, and each costs a spaCy run."""
        return copy.deepcopy(self._recent(text or ""))

    def _read(self, text: str) -> Reading:
        doc = self.nlp(text)
        mentions, cues = self._read_doc(doc)
        body = bool(doc.ents) or any(token.norm_ in self.body_stems for token in doc)
        words = " " + " ".join(token.lower_.replace("\u2019", "'") for token in doc) + " "
        words = words.replace(" n't", "n't").replace(" 't", "'t").replace(" nt ", "nt ")  # "do nt" is "dont"
        reading = Reading(has_context_cue=cues, about_the_body=body)
        someone_elses = any(phrase in words for phrase in self.someone_elses)
        for mention in mentions:
            if mention.animal and mention.kind == SIGN:
                continue  # a pet's, not the person's
            if mention.hypothetical or mention.other_person or (someone_elses and mention.kind == SIGN):
                if mention.kind == SIGN:
                    reading.denied_warning_signs.add(mention.name)
                    if not (mention.hypothetical or mention.negated or mention.past or mention.benign):
                        reading.someone_elses_warning_signs.add(mention.name)
                    elif mention.hypothetical and not (mention.other_person or mention.negated or mention.benign):
                        reading.possible_warning_signs.add(mention.name)
                continue
            if mention.kind == SIGN:
                denied = mention.negated or mention.benign
                (reading.denied_warning_signs if denied else reading.warning_signs).add(mention.name)
                if denied:
                    reading.negated_warning_signs.add(mention.name)
                continue
            past = (mention.past or mention.benign) and not mention.result
            now = not (mention.negated or mention.not_now
                       or (past and not mention.current and mention.name in self.past_means_not_now))
            # One affirmed mention wins over a negated one ("no idea about kidneys, but yes, ckd").
            reading.risk_factors[mention.name] = reading.risk_factors.get(mention.name, False) or now
        reading.takes_back = any(phrase in words for phrase in self.taking_back) or bool(
            reading.negated_warning_signs and any(phrase in words for phrase in self.taking_back_a_sign))
        return reading


CANNOT = "can not"  # "can't", "cannot" as the vocabulary's stems
NOT_ABLE = " ".join(stem(word) for word in ("not", "able"))
BEGAN = {stem(word) for word in ("started", "began", "begun", "put", "prescribed")}
# ConText keeps only the nearest cue of a kind, so "stopped" after "last year" is looked for here.
ENDED = {stem(word) for word in ("stopped", "quit", "finished")}
ENDED_PAIRS = {(stem("came"), "off"), (stem("gave"), "up")}
CLAUSE_ENDS = {".", "?", "!", ",", ";", ":"}
EXAMPLE_STARTS = ("like", "such as", "e.g", "eg", "for example", "for instance")
ASKING_WHAT = {"mean", "means", "meant", "count", "counts"}


def _clause(span) -> Tuple[int, int]:
    """The clause around a mention: from the last stop before it to the next one after it
    ("is twitching the same as restless legs? i dont get any urge to move")."""
    doc, sentence = span.doc, span.sent
    start = next((index + 1 for index in range(span.start - 1, sentence.start - 1, -1)
                  if doc[index].text in CLAUSE_ENDS), sentence.start)
    end = next((index for index in range(span.end, sentence.end) if doc[index].text in CLAUSE_ENDS),
               sentence.end)
    return start, end


def _asked_about(span) -> bool:
    """A risk factor named in a question that says nothing of the person ("whats a
    statin anyway?", "is magnesium ok with statins?") is about the thing, not them."""
    start, end = _clause(span)
    asked = end < span.sent.end and span.doc[end].text == "?"
    return asked and not any(token.lower_ in FIRST_PERSON for token in span.doc[start:end])


def _an_example(span) -> bool:
    """A sign given as an example in a question ("what counts as numbness? like pins and
    needles?") is asked about; said of oneself it would have a first-person word."""
    start = _clause(span)[0]
    before = span.doc[start:span.start]
    if before.text.lower().startswith(EXAMPLE_STARTS):
        return True
    # "does numbness mean like pins and needles?" ("feels like pins and needles?" is a report)
    return bool(len(before)) and before[-1].lower_ == "like" and any(
        token.lower_ in ASKING_WHAT for token in before)


def _began_then(span, modifier) -> bool:
    """A time in the past said of when something began is no "not now": "I started
    rosuvastatin two months ago", "the doc put me on Crestor a few months back" (while "I
    started a statin but stopped it" is)."""
    start, end = modifier.modifier_span
    when = span.doc[start:end].text.lower()
    if not (when.endswith(("ago", "back")) or when.startswith(("last ", "in "))):
        return False
    doc = span.doc
    after = [token.norm_ for token in doc[span.end:span.sent.end]]
    stopped = bool(set(after) & ENDED) or any(pair in zip(after, after[1:]) for pair in ENDED_PAIRS)
    return not stopped and any(token.norm_ in BEGAN for token in doc[max(span.sent.start, span.start - 3):span.start])


def _says_cannot(doc, start: int, end: int) -> bool:
    """The negation is "can't", "cannot", "can not", "couldn't" or "not able to" ("unable to"
    is no negation cue)."""
    cue = doc[start:end].text.lower()
    before = doc[start - 1].lower_ if start else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return cue in ("cannot", "can not") or (cue in ("n't", "nt", "not") and (
        before in ("ca", "can", "could") or after == "able"))


def _needs_cannot(target: Target) -> bool:
    """A pairing that counts beside "can't" or "not able" ("stairs" with "can't" near)."""
    return bool(target.needs) and bool({CANNOT, NOT_ABLE} & set(target.needs.words))


def _cue(entry) -> Tuple[str, Optional[int]]:
    """A cue of context_rules.yml: a phrase, or {phrase: how many words away it reaches}."""
    return next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)


@lru_cache(maxsize=1)
def default_screen() -> Screen:
    return Screen()
