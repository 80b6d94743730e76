"""What one message says about the person, as slot values.

Pure functions (no Rasa import): NLU gives the intent and entities (its
screen has already read warning signs and risk factors with their negation),
this module adds numbers ("250mg for 6 weeks") and reads the answer to the
question the form asked.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional

from recommendation.profile import MAGNESIUM_FORMS, SYMPTOMS, TIMINGS
from understanding.payload import is_button_payload
from understanding.subject import ANIMAL, SOMEONE_ELSE, Subject, read_subject, read_who_answer

YES, NO, UNKNOWN, UNSURE = "yes", "no", "unknown", "unsure"

# Questions whose answer decides whether any advice is safe: only a clear yes, no,
# "not sure" or a value counts - a question or an unclear reply is asked again.
SAFETY_SLOTS = ("red_flags", "age_group", "pregnant", "kidney_disease", "statin")
# A button's payload names the question it answers: `/deny{"answer": "age_group:under_18"}`.
ANSWER_ENTITY = "answer"
BUTTON_VALUES = {
    **{slot: (YES, NO, UNKNOWN) for slot in ("pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin",
                                             "magnesium_current")},
    "red_flags": (YES, NO, UNSURE), "age_group": ("adult", "under_18", UNKNOWN),
    "timing": TIMINGS + (UNKNOWN,), "calcium_intake": ("adequate", "low", UNKNOWN),
    "magnesium_dose": (UNKNOWN,), "magnesium_weeks": (UNKNOWN,), "for_whom": ("me", "someone_else"),
}
YES_NO_SLOTS = ("red_flags", "pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin", "magnesium_current")
# Facts whose words answer nothing else: "oops i'm 16 not an adult" at the kidney question is no "no".
SIDE_FACT_SLOTS = set(YES_NO_SLOTS) | {"age_group", "calcium_intake"}
RISK_FACTOR_SLOTS = ("kidney_disease", "statin", "pregnant", "restless_legs", "low_ferritin", "magnesium_current")
# Questions ("can I take it with Crestor?") are answered; of what they say, only
# warning signs and risk factors are kept as facts.
QUESTION_PREFIX = "ask_"

MAX_DOSE_MG = 100_000
MAX_WEEKS = 52 * 100

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a few": 3, "a couple of": 2, "a couple": 2, "couple of": 2,
    "couple": 2, "several": 3,
}
_WEEKS_PER_UNIT = {"fortnight": 2.0, "day": 1 / 7, "week": 1.0, "wk": 1.0, "month": 52 / 12, "mth": 52 / 12, "year": 52.0, "yr": 52.0}
# Going along with the questions, not answering the warning-sign list ("ok go on then").
_GOING_ALONG = {"ok", "okay", "k", "kk", "okey", "sure", "go", "ahead", "on", "then", "alright", "right", "fine",
                "cool", "please", "let's", "lets", "start", "begin", "ready"}
# A time not said in numbers: "a while", "ages", "a long time".
_VAGUE_TIME = re.compile(r"\b(?:a ?while|ages|a long time|some time|forever|for years)\b", re.IGNORECASE)
_UNDER_18 = re.compile(r"\bunder\s?18\b|\bteen(?:ager)?\b|\bminor\b|\bnot (?:yet )?18\b", re.IGNORECASE)
_ADULT = re.compile(r"\badult\b|\bover\s?18\b|\b18\s?(?:\+|or (?:older|over))|\bgrown[- ]?up\b|\bretired\b|"
                    r"\bpensioner\b|\b[2-9]0s\b|\bthirties\b|\bforties\b|\bfifties\b|\bsixties\b|"
                    r"\bseventies\b|\btwenties\b|\bgrandm|\bgrandad|\bgrandpa|\bold enough\b", re.IGNORECASE)
# Right beside a number of weeks or months: how far along a pregnancy is.
_PREGNANT_BEFORE = re.compile(r"\b(?:pregnant|pregnancy|pregant|preggers)\W{0,3}(?:(?:only|about|around|just|nearly|"
                              r"almost)\W{1,3})?$", re.IGNORECASE)
# "Im 72 years old": an age, not how long it has twitched.
_AGE_AFTER = re.compile(r"^\W{0,3}(?:old|of age)\b", re.IGNORECASE)
# "45F", "45 m", "32yo": an age said the short way.
_SHORT_AGE = re.compile(r"\b(\d{2})\s?(?:f|m|yo|y/o|yrs? old|-?(?:years?|yrs?)[- ]old)\b", re.IGNORECASE)
# An age said in passing, also as a correction ("sorry im actually 17"); not "i'm 20 weeks".
_SAYS_AGE = re.compile(r"\b(?:i'?m|i am|im)\s+(?:actually\s+|only\s+|just\s+|now\s+)?(\d{2})\b(?!\s*(?:weeks?|wks?|"
                       r"months?|days?|mg|%|percent|kg|lbs?|stone|cm|ft|foot|feet|minutes?|mins?|hours?|hrs?|"
                       r"seconds?|secs?|/|x|times))", re.IGNORECASE)
_SAYS_MINOR = re.compile(r"\b(?:i'?m|i am|im)\s+(?:actually\s+|only\s+|still\s+)?(?:under\s?18|a minor|not an adult|"
                         r"not (?:yet )?18|a teen(?:ager)?)\b", re.IGNORECASE)
_PREGNANT_AFTER = re.compile(r"^\W{0,3}(?:pregnant|pregant|preggers|along|gestation|post ?-?partum|since (?:the|my) "
                             r"(?:birth|baby))\b", re.IGNORECASE)
# "400 mg a day", "twice a week": how often, not for how long.
_FREQUENCY_BEFORE = re.compile(r"(?:\d\s*(?:mg|mgs|milligrams?|g|grams?)|times|once|twice|per)\s*$", re.IGNORECASE)
# In a question, a dose said as taken, not one asked about.
_TAKEN_BEFORE = re.compile(r"\b(?:take|taking|took|on|having|use|using)\b[^.?!]{0,15}$", re.IGNORECASE)
_ASKED_DOSE_BEFORE = re.compile(r"\b(?:to|than|double|increase|upping|up)\s*$", re.IGNORECASE)
# "a race in 2 weeks": to come, not how long it has gone on.
_FUTURE_BEFORE = re.compile(r"\b(?:in|within|next)\s*$", re.IGNORECASE)
_LOW_CALCIUM = re.compile(
    r"\b(?:not (?:often|much|really|many|a lot)|never|hardly|rarely|little|vegan|seldom|don'?t|dont|avoid|"
    r"lactose|dairy[- ]free|not most days|no dairy|none|can'?t stand|cant stand|hate|dislike)\b", re.IGNORECASE)
_NOT_ADULT = re.compile(r"\bnot (?:an? )?(?:adult|grown[- ]?up)|\bnot (?:yet )?(?:18|eighteen)\b|\bnot yet\b",
                        re.IGNORECASE)
_STOPPED = re.compile(r"\b(?:stopped|quit|no longer|not any ?more|came off|gave up|used to)\b", re.IGNORECASE)
_YES_WORDS = {"yes", "yeah", "yea", "yep", "yup", "y", "ya", "ye", "yess", "yes please", "sure", "correct",
              "definitely", "absolutely", "indeed", "affirmative", "aye", "true",
              "right", "mhm", "uh huh", "of course", "most days", "every day", "daily", "usually", "mostly",
              "always", "loads", "lots", "plenty", "probably"}
_NO_WORDS = {"no", "nope", "nah", "n", "na", "never", "none", "not", "nothing", "negative", "nay", "neither",
             "rarely", "hardly", "seldom", "don't", "dont", "haven't", "havent", "isn't", "isnt", "aren't",
             "arent", "doesn't", "doesnt", "nop", "noo", "nooo"}
# How often or how much, not a yes ("mostly fine" answers no warning-sign question): they
# answer the calcium question (and restless legs, below) only.
_AMOUNT_WORDS = {"daily", "usually", "mostly", "always", "loads", "lots", "plenty", "probably"}
# A yes that is not also an amount ("plenty of milk" answers the calcium question only).
_PLAIN_YES = _YES_WORDS - {"most days", "every day", "daily", "usually", "mostly", "always", "loads", "lots", "plenty",
                           "probably"}
_YES_PHRASES = ("yes", "yeah", "yep", "yup", "i think so", "think so", "one of them", "some of them", "a few of them",
                "i guess so", "guess so", "i suppose so", "suppose so", "reckon so")
# "i have", "i do": a yes only said alone or ending a clause ("i have a race in 2 weeks" is none).
_YES_ALONE = re.compile(r"\bi (?:do|am|have)\s*(?:[,.!;]|$)", re.IGNORECASE)
_NO_PHRASES = ("not that i know", "not that i'm aware", "not that im aware", "none that i know",
               "not as far as i know", "none of these", "none of them", "none of those", "no none")
_UNSURE_PHRASES = ("not sure", "unsure", "don't know", "dont know", "do not know", "no idea", "idk", "dunno",
                   "not certain", "can't remember", "cant remember", "don't remember", "dont remember",
                   "never been tested", "never had it checked", "never checked", "never been checked",
                   "never tested", "not been tested", "haven't been tested", "havent been tested", "maybe",
                   "never had it tested", "never had them tested", "never had that tested", "not had it tested",
                   "never had a blood test", "never had one", "never had it done", "never been checked for it",
                   "no clue", "who knows", "hard to say", "possibly", "might be", "perhaps", "not a clue",
                   "rather not", "prefer not", "not telling", "skip", "skip it", "skip that", "next question")
# A man saying so in passing ("im 40, man" is asked no pregnancy question); "man" alone is also "oh man".
_SAYS_MALE = re.compile(r"\b(?:i'?m|i am|as) (?:a |an )?(?:\d{2}[- ]?(?:years?|yrs?)[- ]?old )?(?:man|male|guy|bloke|dude|lad)\b|"
                        r"\b\d{2} ?,? ?(?:male|man)\b|\b\d{2}m\b", re.IGNORECASE)
# The person speaks of themselves: a risk factor in a question counts only then ("whats a statin" says none).
_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|me|my|mine)\b", re.IGNORECASE)
# Calcium said in passing ("my calves twitch, i have plenty of dairy"): a calcium food with
# "plenty" or "every day", or no dairy at all. Only in so many words - otherwise the question is asked.
_CALCIUM_FOOD = r"(?:dairy|milk|cheese|yog(?:h)?urts?|kefir|leafy greens|greens|fortified \w+)"
_SAYS_CALCIUM_PLENTY = re.compile(
    rf"\b(?:plenty of|lots of|loads of|a lot of|tons of|heaps of) {_CALCIUM_FOOD}\b|"
    rf"\b{_CALCIUM_FOOD}\b(?: \w+){{0,3}} (?:every ?day|daily|most days|each day|every morning)\b", re.IGNORECASE)
_SAYS_NO_DAIRY = re.compile(
    r"\b(?:no|hardly any|barely any|not much|very little|don'?t (?:eat|have|drink)|never (?:eat|have|drink)|"
    r"avoid|cut out) (?:any )?(?:dairy|milk)\b|\bdairy[- ]free\b|\blactose intolerant\b|\bi'?m (?:a )?vegan\b",
    re.IGNORECASE)
# Calcium without dairy: "vegan, but loads of kale and fortified oat milk" has enough.
_NON_DAIRY_CALCIUM = {"greens", "kale", "spinach", "broccoli", "cabbage", "fortified", "tofu", "almonds", "sardines",
                      "soya", "soy"}
# Per question: words that answer it by themselves.
_ANSWER_WORDS = {
    "pregnant": {NO: {"man", "male", "guy", "bloke", "dude", "boy", "menopause", "postmenopausal"}},
    "low_ferritin": {YES: {"low", "lowish", "deficient"}, NO: {"normal", "fine", "ok", "okay", "good"}},
    "magnesium_current": {YES: {"taking", "take", "on"}},
    "restless_legs": {YES: {"sometimes", "occasionally", "often", "evenings", "evening", "nights", "nightly",
                            "night", "always", "constantly", "daily", "usually", "mostly"}},
}
# A question of what a warning sign means, asked instead of answering the screen.
_ASKS_WHAT_COUNTS = re.compile(r"\b(?:what(?:'?s)?|how|which|does|do|is|are|would|could|can)\b[^.!?]*\?|"
                               r"\bwhat(?:'?s)? (?:counts|do you mean|does \w+ mean|is meant|a warning sign)\b|"
                               r"\bhow (?:would|do|can|will|could) (?:i|you) (?:know|tell)\b|"
                               r"\b(?:know|sure|idea|understand|dunno|idk|get) what (?:half (?:of )?|some of |all of |any of )?"
                               r"(?:them|these|those|they|that|it|this|the words?|the list) (?:means?|are)\b",
                               re.IGNORECASE)
# A question, also after a filler ("wait is it ...", "so whats ...") or ending "... or not".
_QUESTION_START = re.compile(r"^\W*(?:(?:wait|so|but|ok|okay|um+|hm+|sorry|and|hang on|hold on|just|quick question)\W+)*"
                             r"(?:what|whats|wats|why|how|when|where|which|who|is|isn'?t|are|can|could|does|do|should|"
                             r"would|will)\b|\bor not\W*$", re.IGNORECASE)
_WILL_TURN_18 = re.compile(r"\b(?:i'?ll|will|going to|i) (?:be|turn) (?:18|eighteen)\b|\bturning (?:18|eighteen)\b|"
                           r"\b(?:nearly|almost|not quite|just under|soon|about to be|about to turn) (?:18|eighteen)\b|"
                           r"\b(?:18|eighteen) (?:in|next|on|this coming)\b", re.IGNORECASE)
_COUNT = re.compile(r"\b(\d+|one|two|three|four|half)\b\s*(?:x\s*)?(?:of\s+)?(?:a\s+)?(?:(?:tablets?|capsules?|pills?|caps|tabs|"
                    r"scoops?)\b|\d+\s*mg)", re.IGNORECASE)
_COUNT_BEFORE = re.compile(r"\b(\d+|one|two|three|four|half)\s*(?:x\s*)?(?:of\s+)?(?:a\s+)?$", re.IGNORECASE)
_MG_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\b", re.IGNORECASE)
# How many times a day: "twice", "morning and night", "am + pm" ("2 x 150mg" is two tablets: _COUNT).
_TIMES = ((re.compile(r"\bthree times\b|\b3 ?x (?:a|per) day\b|\b3 ?x daily\b", re.IGNORECASE), 3),
          (re.compile(r"\btwice\b|\btwo times\b|\b2 ?x (?:a|per) day\b|\b2 ?x daily\b|\bmorning,? (?:and|&|\+|n) ?(?:night|evening|bedtime)\b|"
                      r"\b(?:night|evening),? (?:and|&|\+|n) ?morning\b|\bam ?(?:and|&|\+|/) ?pm\b|"
                      r"\bmorning,? (?:and|&|\+) (?:one|another|1|the other) (?:at|in the|before) (?:night|evening|bed)",
                      re.IGNORECASE), 2))
# One amount per time of day: "150 in the morning and 150 at night", "200mg am + 200mg pm".
_DOSE_PER_TIME = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mg|milligrams?)?\s*(?:in the |at |before |with |after )?"
                            r"(?:morning|night|bedtime|bed|evening|lunch|breakfast|dinner|am|pm)\b", re.IGNORECASE)
_TIMING_WORDS = {
    "night": {"night", "nights", "nite", "bed", "bedtime", "sleep", "sleeping", "asleep", "evening", "evenings",
              "overnight", "nighttime", "nocturnal", "lying", "pm"},
    "exercise": {"exercise", "exercising", "gym", "run", "runs", "running", "jog", "jogging", "workout",
                 "workouts", "training", "football", "sport", "sports", "cycling", "walk", "walks", "hike",
                 "hiking", "squats", "match", "game", "swim", "swimming", "after"},
    "day": {"day", "days", "daytime", "work", "morning", "mornings", "afternoon", "afternoons", "desk", "sitting",
            "driving", "am"},
}
_NO_PATTERN_WORDS = {"random", "randomly", "anytime", "whenever", "varies", "pattern", "everytime", "constantly",
                     "always", "all"}
_CALCIUM_FOODS = {"dairy", "milk", "cheese", "yogurt", "yoghurt", "yogurts", "yoghurts", "kefir", "cheddar",
                  "greens", "spinach", "kale", "broccoli", "cabbage", "fortified", "cereal", "cereals", "tofu",
                  "almonds", "sardines", "salmon", "soya", "soy", "latte", "lattes", "butter", "cream",
                  "icecream", "normal", "balanced", "healthy", "varied"}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}


def is_payload(text: Optional[str]) -> bool:
    """A button's payload ("/deny{...}"); other text that starts with a slash is typed text."""
    return is_button_payload(text or "")


def parse_mg(value: Any) -> Optional[float]:
    match = _NUMBER.search(str(value))
    if not match:
        return _hundreds_in_words(str(value))
    amount = float(match.group())
    if re.search(r"\d\s*(?:g|grams?)\b", str(value), re.IGNORECASE):
        amount *= 1000
    return amount if 0 <= amount <= MAX_DOSE_MG else None


def daily_mg(text: str) -> Optional[float]:
    """'two 200mg tablets' -> 400, '100mg twice a day' -> 200, '300' -> 300,
    '150 in the morning and 150 at night' -> 300."""
    doses = _DOSE_PER_TIME.findall(text)
    if len(doses) > 1:
        total = sum(float(amount) for amount in doses)
        return total if 0 < total <= MAX_DOSE_MG else None
    stated = _MG_AMOUNT.search(text)
    amount = float(stated.group(1)) if stated else parse_mg(text)
    if amount is None:
        return None
    total = amount * _how_many(_COUNT.search(text)) * _times_a_day(text)
    return total if 0 < total <= MAX_DOSE_MG else None


def _count_before(text: str) -> float:
    """How many of the dose said next: "2 x" before "400mg" -> 2, "half a" -> 0.5; 1 when none is said."""
    return _how_many(_COUNT_BEFORE.search(text))


def _how_many(count: Optional[re.Match]) -> float:
    """A count of tablets found by _COUNT or _COUNT_BEFORE; 1 when none, or when it is no count (over 10)."""
    if not count:
        return 1.0
    word = count.group(1).lower()
    number = 0.5 if word == "half" else float(word) if word.isdigit() else float(_WORD_NUMBERS[word])
    return number if number <= 10 else 1.0


def _times_a_day(text: str) -> int:
    """"twice" -> 2, as in "100mg twice a day"; 1 when no count is said."""
    return next((value for pattern, value in _TIMES if pattern.search(text)), 1)


def _dose_taken(text: str, entities: List[Mapping[str, Any]]) -> Optional[float]:
    """In a question, the dose said as taken ("i take 600mg"), not the one asked about ("up to 800")."""
    for entity in _entities(entities, "mg_dose"):
        start = entity.get("start")
        if isinstance(start, int) and _TAKEN_BEFORE.search(text[:start]) and not _ASKED_DOSE_BEFORE.search(text[:start]):
            return parse_mg(entity.get("value"))
    return None


def _earliest(position: Optional[int], entity: Mapping[str, Any]) -> int:
    start = entity.get("start") if isinstance(entity.get("start"), int) else 0
    return start if position is None else min(position, start)


def parse_weeks(value: Any) -> Optional[float]:
    text = str(value).lower()
    unit = next((unit for unit in _WEEKS_PER_UNIT if re.search(rf"\b{unit}s?\b", text)), None)
    match = _NUMBER.search(text)
    if match:
        amount = float(match.group())
    else:
        # Without a unit only a number counts: "a while" is no week.
        words = _WORD_NUMBERS if unit else {word: number for word, number in _WORD_NUMBERS.items()
                                            if word in _UNITS or word == "ten"}
        amount = next((number for word, number in sorted(words.items(), key=lambda item: -len(item[0]))
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


def facts_from_statement(text: str, intent: str, entities: List[Mapping[str, Any]],
                         about: Optional[str] = None) -> Dict[str, Any]:
    """Facts a person states in their own words, wherever in the conversation.

    Warning signs and risk factors come from the NLU's screen (its `warning_sign`
    and `risk_factor` entities), which has already told "no kidney disease" from
    "kidney disease" and "I stopped magnesium" from "I take magnesium".
    """
    facts: Dict[str, Any] = {}
    if _entities(entities, "warning_sign") or intent == "report_red_flag":
        facts["red_flags"] = YES
    # Risk factors count in questions too ("I have ckd, is magnesium safe?"):
    # the screen has already set aside the hypothetical ones.
    for entity in _entities(entities, "risk_factor"):
        if entity.get("value") in RISK_FACTOR_SLOTS:
            facts[str(entity["value"])] = YES if entity.get("role") == "now" else NO
    # An age said anywhere applies to every later answer ("im 15, how much should i take").
    subject = read_subject(text)
    facts.update(_whose(subject, about))
    # The writer's own age and sex - not in a chat about someone else ("I'm 44" is the one asking;
    # their age came with _whose), nor beside another person's age ("she's 15, I'm 44": asked first).
    about_someone_else = facts.get("for_whom", about) == SOMEONE_ELSE
    whose_age_unclear = facts.get("for_whom_unclear") and subject.age is not None
    if not (about_someone_else or whose_age_unclear):
        facts.update(_age_said(text, entities))
        if _SAYS_MALE.search(text):
            facts.setdefault("pregnant", NO)
    if intent.startswith(QUESTION_PREFIX):
        if facts.get("magnesium_current") == YES:
            taken = _dose_taken(text, entities)  # "i already take 600mg a day, can i go up to 800?"
            if taken is not None:
                facts["magnesium_dose"] = taken
        return facts
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
    calcium = _calcium_in_passing(text)
    if calcium:
        facts["calcium_intake"] = calcium

    # Where magnesium is first said: a duration before it is how long the twitching has gone on
    # ("twitching for 3 months. I've taken magnesium citrate 200mg for 6 weeks").
    magnesium_at: Optional[int] = None
    for entity in _entities(entities, "magnesium_form"):
        form = str(entity.get("value")).lower()
        facts["magnesium_form"] = form if form in MAGNESIUM_FORMS else "other"
        magnesium_at = _earliest(magnesium_at, entity)
    medicines = _entities(entities, "medicine")
    for entity in _entities(entities, "mg_dose"):
        if _beside_any(text, entity, medicines):
            continue  # "simvastatin 40mg": the statin's dose, not magnesium's
        dose = parse_mg(entity.get("value"))
        if dose is not None:
            end = entity.get("end") if isinstance(entity.get("end"), int) else len(text)
            start = entity.get("start") if isinstance(entity.get("start"), int) else 0
            # "2 x 400mg a day", "200mg twice a day"
            facts["magnesium_dose"] = dose * _count_before(text[:start]) * _times_a_day(text[end:end + 25])
            magnesium_at = _earliest(magnesium_at, entity)
    for entity in _entities(entities, "duration"):
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and (_FREQUENCY_BEFORE.search(text[:start]) or _FUTURE_BEFORE.search(text[:start])):
            continue
        if isinstance(start, int) and isinstance(end, int) and (
                _PREGNANT_BEFORE.search(text[:start]) or _PREGNANT_AFTER.search(text[end:])
                or _AGE_AFTER.search(text[end:])):
            continue  # "20 weeks pregnant", "pregnant (20 wks)", "72 years old": not how long it twitches
        weeks = parse_weeks(entity.get("value"))
        if weeks is not None:
            after_magnesium = magnesium_at is not None and (not isinstance(start, int) or start > magnesium_at)
            facts["magnesium_weeks" if after_magnesium else "duration_weeks"] = weeks
    magnesium_said = magnesium_at is not None
    if magnesium_said and intent != "deny":
        facts.setdefault("magnesium_current", YES)
    return facts


def _whose(subject: Subject, about: Optional[str]) -> Dict[str, Any]:
    """Who the twitching is about, as slots: for someone else, what is said of them too."""
    if subject.who == ANIMAL:
        return {}  # answered by action_about_an_animal: nothing of a pet is the person's
    if about == SOMEONE_ELSE and subject.who != "me" and subject.age is not None:
        return {"age_group": age_group(subject.age)}  # "he is 15" in a chat about him
    if subject.unclear and about is None:
        return {"for_whom_unclear": True}
    if subject.who is None or (about is not None and subject.who != about):
        return {}  # a conversation about one person stays about them ("this is about me" is asked, not assumed)
    facts: Dict[str, Any] = {"for_whom": subject.who}
    if subject.who == SOMEONE_ELSE and subject.age is not None:
        facts["age_group"] = age_group(subject.age)
    if subject.who == SOMEONE_ELSE and subject.sex == "male":
        facts["pregnant"] = NO
    return facts


def _age_said(text: str, entities: List[Mapping[str, Any]]) -> Dict[str, Any]:
    for entity in _entities(entities, "age"):
        age = parse_age(entity.get("value"))
        if age is not None:
            return {"age_group": age_group(age)}
    said_age = _SHORT_AGE.search(text) or _SAYS_AGE.search(text)
    if said_age:
        return {"age_group": age_group(int(said_age.group(1)))}
    return {"age_group": "under_18"} if _SAYS_MINOR.search(text) else {}


def corrects_a_referral(red_flags: Optional[str], text: str, intent: str,
                        entities: Iterable[Mapping[str, Any]]) -> bool:
    """After a referral, a message that takes back what it was based on: a warning sign
    said not to be there ("I don't have numbness"), a misreading pointed out ("I was only
    asking": the screen's `takes_back`), or a "no" where the person had been unsure.
    Never with a sign affirmed."""
    if red_flags not in (YES, UNSURE) or is_payload(text):
        return False
    entities = list(entities)
    if _entities(entities, "warning_sign") or intent == "report_red_flag":
        return False
    if _entities(entities, "denied_warning_sign") or _entities(entities, "takes_back"):
        return True
    return red_flags == UNSURE and yes_no_or_unsure(text) == NO


def _beside_any(text: str, entity: Mapping[str, Any], others: List[Mapping[str, Any]]) -> bool:
    """Whether only spaces stand between the entity and one of the others."""
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    for other in others:
        other_start, other_end = other.get("start"), other.get("end")
        if isinstance(other_start, int) and isinstance(other_end, int) and (
                not text[other_end:start].strip() or not text[end:other_start].strip()):
            return True
    return False


def _words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def yes_no_or_unsure(text: str) -> Optional[str]:
    """A typed yes, no or "not sure", said first or alone ("nah not that I know of", "yes, ckd")."""
    lowered = " ".join(_words(text))
    if not lowered:
        return None
    padded = f" {lowered} "
    if any(f" {phrase} " in padded for phrase in _NO_PHRASES):
        return NO
    if any(f" {phrase} " in padded for phrase in _UNSURE_PHRASES):
        return UNKNOWN
    first = lowered.split()[:4]
    if set(first) & _NO_WORDS and (first[0] in _NO_WORDS or not _is_question(text)):
        return NO  # "does magnesium not work for everyone?" is a question, not a no
    if first[0] in _PLAIN_YES or " ".join(first[:2]) in _PLAIN_YES \
            or any(f" {phrase} " in padded for phrase in _YES_PHRASES) or _YES_ALONE.search(text.strip()):
        return YES
    return None


def asks_about_the_signs(text: str) -> bool:
    """A question about what the warning signs mean ("not sure, what counts as numbness?")."""
    return bool(_ASKS_WHAT_COUNTS.search(text))


def _calcium_in_passing(text: str) -> Optional[str]:
    """Calcium said in so many words in a statement ("do i need loads of dairy?" says nothing)."""
    if _is_question(text):
        return None
    if _eats_any(text, _NON_DAIRY_CALCIUM):
        return "adequate"
    if _SAYS_NO_DAIRY.search(text):
        return "low"
    return "adequate" if _SAYS_CALCIUM_PLENTY.search(text) else None


def _eats_any(text: str, foods: set) -> bool:
    """One of the foods said, and not just after a "no" or "hardly" ("hardly any greens")."""
    words = _words(text)
    return any(word in foods and not set(words[max(0, index - 3):index]) & (_NO_WORDS | {"little", "any"})
               for index, word in enumerate(words))


def _is_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_START.search(text))


def _hundreds_in_words(text: str) -> Optional[float]:
    """A dose in words: "two hundred fifty" -> 250, "three hundred and fifty" -> 350."""
    words = [word for word in _words(text.replace("-", " ")) if word != "and"]
    if "hundred" not in words:
        return None
    at = words.index("hundred")
    hundreds = _UNITS.get(words[at - 1], 1) if at else 1
    rest = words[at + 1:at + 3] + ["", ""]
    if rest[0] in _TENS:
        below = _TENS[rest[0]] + _UNITS.get(rest[1], 0)
    else:
        below = _TEENS.get(rest[0], _UNITS.get(rest[0], 0))
    return float(hundreds * 100 + below)


def _age_in_words(text: str) -> Optional[int]:
    words = _words(text.replace("-", " "))
    for index, word in enumerate(words):
        if word in _TENS:
            unit = _UNITS.get(words[index + 1], 0) if index + 1 < len(words) else 0
            return _TENS[word] + unit
        if word in _TEENS:
            return _TEENS[word]
    return None


def answer_to_question(
    requested_slot: Optional[str], text: str, intent: str, entities: List[Mapping[str, Any]],
    says_other_facts: bool = False, about: Optional[str] = None,
) -> Optional[Any]:
    """The value a message gives for the question the form just asked, if any.

    What was typed is read against the question first, whatever the intent
    classifier made of it; the intent (a button's payload) is the fallback.
    """
    if not requested_slot:
        return None
    typed = not is_payload(text)
    if not typed:
        return button_answer(requested_slot, intent, entities)
    # "actually I'm not on statins" corrects another answer; its "not" answers nothing here.
    said = yes_no_or_unsure(text)
    if says_other_facts and said and (_words(text) or [""])[0] not in _PLAIN_YES | _NO_WORDS:
        said = None
    if said is None and requested_slot in SAFETY_SLOTS and _is_question(text):
        return None  # "whats a statin", "is twitching a sign of als or not": answered, then asked again
    # The classifier's yes or no counts only where nothing typed contradicts it.
    by_intent = {"affirm": YES, "deny": NO, "unsure": UNKNOWN}.get(intent)
    answer = said or by_intent

    if requested_slot == "red_flags" and set(_words(text)) <= _GOING_ALONG:
        return None  # asked again: the list needs a yes, no or not sure
    if requested_slot in YES_NO_SLOTS:
        if requested_slot in ("magnesium_current", "statin") and _STOPPED.search(text):
            return NO
        words = set(_words(text))
        if answer is None and not _is_question(text):  # "can i take it with my iron tablets?" takes nothing
            answer = next((value for value, cues in _ANSWER_WORDS.get(requested_slot, {}).items()
                           if words & cues), None)
        if answer is None and words & _NO_WORDS and not _is_question(text) and not says_other_facts:
            answer = NO  # "had a stone once but no disease" ("i am pregnant, havent told anyone" answers nothing here)
        if requested_slot == "red_flags" and answer in (UNKNOWN, None) and asks_about_the_signs(text):
            return None  # asked what a sign means: answered, then the question again
        if answer == UNKNOWN and requested_slot == "red_flags":
            return UNSURE
        return answer
    if requested_slot == "for_whom":
        return read_who_answer(text)
    if requested_slot == "age_group":
        # Of the person the chat is about: "she's 15, I'm 44" is 15 for her, 44 for the one asking.
        subject = read_subject(text)
        if about is None and subject.age is not None and subject.who != "me":
            return None  # whose age? "Who are you asking for?" comes first, then this again
        subject_age = subject.age if about == SOMEONE_ELSE else None
        own_age = _age_said(text, entities).get("age_group") if about != SOMEONE_ELSE else None
        if subject_age is not None:
            return age_group(subject_age)
        if own_age is not None:
            return own_age
        # "under 18" and "not 18 yet" hold the number 18: the words decide, and an unclear
        # mix of an adult's and a child's words is read as the child's.
        if _WILL_TURN_18.search(text) or _UNDER_18.search(text) or _NOT_ADULT.search(text):
            return "under_18"
        ages = [parse_age(entity.get("value")) for entity in _entities(entities, "age")]
        ages += [parse_age(match) for match in _NUMBER.findall(text)]
        ages.append(_age_in_words(text))
        known = {age_group(age) for age in ages if age is not None}
        if known:
            return "under_18" if "under_18" in known else "adult"
        if _ADULT.search(text):
            return "adult"
        return {YES: "adult", NO: "under_18", UNKNOWN: UNKNOWN}.get(answer)
    if requested_slot == "timing":
        said_timing = next((entity.get("value") for entity in _entities(entities, "timing")), None)
        if said_timing in TIMINGS:
            return said_timing
        words = set(_words(text))
        for timing, cues in _TIMING_WORDS.items():
            if words & cues:
                return timing
        if words & _NO_PATTERN_WORDS:
            return UNKNOWN
        return UNKNOWN if answer == UNKNOWN else None
    if requested_slot == "calcium_intake":
        if answer == UNKNOWN:
            return UNKNOWN
        if _eats_any(text, _NON_DAIRY_CALCIUM):
            return "adequate"
        if _LOW_CALCIUM.search(text):
            return "low"
        if answer == YES or _eats_any(text, _CALCIUM_FOODS) or set(_words(text)) & _AMOUNT_WORDS \
                or any(phrase in text.lower() for phrase in ("most days", "every day")):
            return "adequate"
        return "low" if answer == NO else None
    if requested_slot in ("magnesium_dose", "magnesium_weeks"):
        if answer in (UNKNOWN, NO):
            return UNKNOWN
        dose = daily_mg(text) if requested_slot == "magnesium_dose" else None
        if dose is not None:
            return dose
        name, parse = ("mg_dose", parse_mg) if requested_slot == "magnesium_dose" else ("duration", parse_weeks)
        amounts = [parse(entity.get("value")) for entity in _entities(entities, name)]
        if any(amount is not None for amount in amounts):
            return next(amount for amount in amounts if amount is not None)
        if requested_slot == "magnesium_weeks":
            weeks = parse_weeks(text)
            return UNKNOWN if weeks is None and _VAGUE_TIME.search(text) else weeks
        return None
    return None


def button_answer(requested_slot: str, intent: str, entities: List[Mapping[str, Any]]) -> Optional[Any]:
    """A button's answer: the value its payload gives for the question asked, or None -
    also for a button of an earlier question, which must not answer this one."""
    for entity in _entities(entities, ANSWER_ENTITY):
        slot, _, value = str(entity.get("value")).partition(":")
        return value if slot == requested_slot and value in BUTTON_VALUES.get(slot, ()) else None
    if requested_slot in SAFETY_SLOTS and requested_slot not in YES_NO_SLOTS:
        return None  # a bare /affirm says nothing about an age
    answer = {"affirm": YES, "deny": NO, "unsure": UNKNOWN}.get(intent)
    if requested_slot in YES_NO_SLOTS:
        return UNSURE if answer == UNKNOWN and requested_slot == "red_flags" else answer
    if requested_slot == "timing":
        return UNKNOWN if answer == UNKNOWN else None
    if requested_slot == "calcium_intake":
        return {YES: "adequate", NO: "low", UNKNOWN: UNKNOWN}.get(answer)
    return UNKNOWN if answer in (UNKNOWN, NO) else None


def parse_message(
    text: Optional[str],
    intent: Optional[str],
    entities: Optional[List[Mapping[str, Any]]],
    requested_slot: Optional[str] = None,
    about: Optional[str] = None,
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
    facts = facts_from_statement(text, intent, entities, about)
    if is_payload(text):
        facts = {"red_flags": YES} if facts.get("red_flags") == YES else {}
    if requested_slot in facts and _is_question(text) and not _FIRST_PERSON.search(text):
        del facts[requested_slot]  # "whats a statin" asked at the statin question names one, takes none
    others = {slot for slot in facts if slot not in (requested_slot, "red_flags")}
    answer = answer_to_question(requested_slot, text, intent, entities, bool(others & SIDE_FACT_SLOTS), about)
    if answer == NO and facts.get(requested_slot) == YES:
        answer = YES  # "not pregnant but I'm nursing", "my kidneys are not good": the screen read it as so
    if answer is not None and not (requested_slot == "red_flags" and facts.get("red_flags") == YES):
        facts[requested_slot] = answer
    if requested_slot == "magnesium_weeks" and "duration_weeks" in facts and "magnesium_weeks" not in facts:
        facts["magnesium_weeks"] = facts.pop("duration_weeks")
    return facts
