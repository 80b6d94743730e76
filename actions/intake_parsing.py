"""What one message says about the person, as slot values.

Pure functions (no Rasa import): NLU gives the intent and entities, this
module adds negation ("I'm not on statins"), numbers ("250mg for 6 weeks")
and the answer to the question the form asked.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional

from recommendation.profile import MAGNESIUM_FORMS, SYMPTOMS, TIMINGS

YES, NO, UNKNOWN, UNSURE = "yes", "no", "unknown", "unsure"

YES_NO_SLOTS = ("red_flags", "pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin", "magnesium_current")
CONDITION_SLOTS = {
    "kidney_disease": "kidney_disease",
    "restless_legs": "restless_legs",
    "pregnant": "pregnant",
    "low_ferritin": "low_ferritin",
}

# Intents whose message states facts about the person; questions ("can I take
# it with Crestor?") are answered but never taken as facts.
STATEMENT_INTENTS = frozenset({"describe_symptoms", "inform", "affirm", "deny", "unsure", "report_red_flag"})

MAX_DOSE_MG = 100_000
MAX_WEEKS = 52 * 100

_CLAUSE_BREAK = re.compile(r"[,.;:!?]|\b(?:and|but|although|though|however|also|plus|while)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:no|not|never|none|neither|nor|without|stopped|quit|off|used to|no longer|anymore)\b|n'?t\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a few": 3, "a couple of": 2, "a couple": 2, "couple of": 2,
    "couple": 2, "several": 3,
}
_WEEKS_PER_UNIT = {"day": 1 / 7, "week": 1.0, "wk": 1.0, "month": 52 / 12, "mth": 52 / 12, "year": 52.0, "yr": 52.0}
_UNDER_18 = re.compile(r"\bunder\s?18\b|\bteen(?:ager)?\b|\bminor\b|\bnot (?:yet )?18\b", re.IGNORECASE)
_ADULT = re.compile(r"\badult\b|\bover\s?18\b|\b18\s?(?:\+|or (?:older|over))|\bgrown[- ]?up\b", re.IGNORECASE)
# "400 mg a day", "twice a week": how often, not for how long.
_FREQUENCY_BEFORE = re.compile(r"(?:\d\s*(?:mg|mgs|milligrams?|g|grams?)|times|once|twice|per)\s*$", re.IGNORECASE)
_LOW_CALCIUM = re.compile(r"\b(?:no|not|never|hardly|rarely|little|vegan|seldom|don'?t|dont|avoid)\b|n't\b", re.IGNORECASE)


def is_payload(text: Optional[str]) -> bool:
    """Button payloads (and anything typed like them) start with a slash."""
    return (text or "").lstrip().startswith("/")


def is_negated(text: str, start: Optional[int]) -> bool:
    """True if the clause before an entity negates it ("no kidney problems")."""
    if start is None:
        return False
    clause = _CLAUSE_BREAK.split(text[: max(0, start)])[-1]
    return bool(_NEGATION.search(clause))


def parse_mg(value: Any) -> Optional[float]:
    match = _NUMBER.search(str(value))
    if not match:
        return None
    amount = float(match.group())
    if re.search(r"\d\s*(?:g|grams?)\b", str(value), re.IGNORECASE):
        amount *= 1000
    return amount if 0 <= amount <= MAX_DOSE_MG else None


def parse_weeks(value: Any) -> Optional[float]:
    text = str(value).lower()
    unit = next((unit for unit in _WEEKS_PER_UNIT if re.search(rf"\b{unit}s?\b", text)), None)
    match = _NUMBER.search(text)
    if match:
        amount = float(match.group())
    else:
        amount = next((number for word, number in sorted(_WORD_NUMBERS.items(), key=lambda item: -len(item[0]))
                       if re.search(rf"\b{word}\b", text)), None)
    if amount is None:
        return None
    weeks = round(amount * _WEEKS_PER_UNIT[unit or "week"], 1)
    return weeks if 0 <= weeks <= MAX_WEEKS else None


def parse_age(value: Any) -> Optional[int]:
    match = _NUMBER.search(str(value))
    if not match:
        return None
    age = int(float(match.group()))
    return age if 0 < age < 120 else None


def age_group(age: int) -> str:
    return "under_18" if age < 18 else "adult"


def _entities(entities: Iterable[Mapping[str, Any]], name: str) -> List[Mapping[str, Any]]:
    return [entity for entity in entities if entity.get("entity") == name]


def facts_from_statement(text: str, intent: str, entities: List[Mapping[str, Any]]) -> Dict[str, Any]:
    """Facts a person states in their own words, wherever in the conversation."""
    facts: Dict[str, Any] = {}
    flags = _entities(entities, "red_flag")
    if any(not is_negated(text, flag.get("start")) for flag in flags) or (intent == "report_red_flag" and not flags):
        facts["red_flags"] = YES
    if intent not in STATEMENT_INTENTS:
        return facts

    for entity in _entities(entities, "medicine"):
        if entity.get("value") == "statin":
            facts["statin"] = NO if is_negated(text, entity.get("start")) else YES
    for entity in _entities(entities, "condition"):
        slot = CONDITION_SLOTS.get(str(entity.get("value")))
        if slot:
            facts[slot] = NO if is_negated(text, entity.get("start")) else YES
    for entity in _entities(entities, "timing"):
        if entity.get("value") in TIMINGS:
            facts["timing"] = entity["value"]
    for entity in _entities(entities, "symptom"):
        if entity.get("value") in SYMPTOMS:
            facts["symptom"] = entity["value"]
    for entity in _entities(entities, "body_area"):
        if entity.get("value") == "several":
            facts["several_places"] = YES
        else:
            facts.setdefault("body_area", str(entity.get("value")).lower())
    for entity in _entities(entities, "age"):
        age = parse_age(entity.get("value"))
        if age is not None:
            facts["age_group"] = age_group(age)

    magnesium_said = False
    for entity in _entities(entities, "magnesium_form"):
        form = str(entity.get("value")).lower()
        facts["magnesium_form"] = form if form in MAGNESIUM_FORMS else "other"
        magnesium_said = True
    for entity in _entities(entities, "mg_dose"):
        dose = parse_mg(entity.get("value"))
        if dose is not None:
            facts["magnesium_dose"] = dose
            magnesium_said = True
    for entity in _entities(entities, "duration"):
        start = entity.get("start")
        if isinstance(start, int) and _FREQUENCY_BEFORE.search(text[:start]):
            continue
        weeks = parse_weeks(entity.get("value"))
        if weeks is not None:
            facts["magnesium_weeks" if magnesium_said else "duration_weeks"] = weeks
    if magnesium_said and intent != "deny":
        facts["magnesium_current"] = YES
    return facts


def answer_to_question(
    requested_slot: Optional[str], text: str, intent: str, entities: List[Mapping[str, Any]]
) -> Optional[Any]:
    """The value a message gives for the question the form just asked, if any."""
    if not requested_slot:
        return None
    typed = not is_payload(text)

    if requested_slot in YES_NO_SLOTS:
        if intent == "affirm":
            return YES
        if intent == "deny":
            return NO
        if intent == "unsure":
            return UNSURE if requested_slot == "red_flags" else UNKNOWN
        return None
    if requested_slot == "age_group":
        ages = [parse_age(entity.get("value")) for entity in _entities(entities, "age")] if typed else []
        if any(age is not None for age in ages):
            return age_group(next(age for age in ages if age is not None))
        if typed and _UNDER_18.search(text):
            return "under_18"
        if typed and _ADULT.search(text):
            return "adult"
        return {"affirm": "adult", "deny": "under_18", "unsure": UNKNOWN}.get(intent)
    if requested_slot == "timing":
        said = next((entity.get("value") for entity in _entities(entities, "timing") if typed), None)
        if said in TIMINGS:
            return said
        return UNKNOWN if intent == "unsure" else None
    if requested_slot == "calcium_intake":
        if intent == "affirm":
            return "adequate"
        if intent == "deny":
            return "low"
        if intent == "unsure":
            return UNKNOWN
        if typed and intent == "inform":
            return "low" if _LOW_CALCIUM.search(text) else "adequate"
        return None
    if requested_slot in ("magnesium_dose", "magnesium_weeks"):
        if intent in ("unsure", "deny"):
            return UNKNOWN
        name, parse = ("mg_dose", parse_mg) if requested_slot == "magnesium_dose" else ("duration", parse_weeks)
        amounts = [parse(entity.get("value")) for entity in _entities(entities, name)] if typed else []
        if any(amount is not None for amount in amounts):
            return next(amount for amount in amounts if amount is not None)
        if typed and intent in ("inform", "affirm") and not _entities(entities, "mg_dose") \
                and not _entities(entities, "duration"):
            bare = _NUMBER.fullmatch(text.strip())
            if bare:
                return parse_mg(bare.group()) if requested_slot == "magnesium_dose" else parse_weeks(bare.group())
        return None
    return None


def parse_message(
    text: Optional[str],
    intent: Optional[str],
    entities: Optional[List[Mapping[str, Any]]],
    requested_slot: Optional[str] = None,
) -> Dict[str, Any]:
    """Slot values from one message.

    Typed text may state any fact. A payload (``/intent{...}``, from a button or
    typed by hand) may only answer the question the form asked, so it can never
    fill another slot or skip the red-flag screen - except to report a red flag,
    which only ever makes the advice more careful.
    """
    text = text or ""
    intent = intent or ""
    entities = [entity for entity in (entities or []) if isinstance(entity, Mapping)]
    facts = facts_from_statement(text, intent, entities)
    if is_payload(text):
        facts = {"red_flags": YES} if facts.get("red_flags") == YES else {}
    answer = answer_to_question(requested_slot, text, intent, entities)
    if answer is not None and not (requested_slot == "red_flags" and facts.get("red_flags") == YES):
        facts[requested_slot] = answer
    if requested_slot == "magnesium_weeks" and "duration_weeks" in facts and "magnesium_weeks" not in facts:
        facts["magnesium_weeks"] = facts.pop("duration_weeks")
    return facts
