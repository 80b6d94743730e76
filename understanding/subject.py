"""Who a message's twitching is about: the person writing, someone else, or not clear.

Parents, carers and adult children ask for someone else ("my son is 15 and his legs
twitch at night"). Where a message says whose legs these are, the conversation is
about them; where it mentions someone else but does not say, the intake asks. The
words are data (understanding/people.yml), validated on load.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional

import yaml

PEOPLE_FILE = Path(__file__).with_name("people.yml")
ME, SOMEONE_ELSE, ANIMAL = "me", "someone_else", "animal"
_KEYS = {"relations": dict, "pronouns": dict, "self_words": list, "subject_words": list, "about_me": list,
         "about_someone_else": list, "answers_me": list, "answers_someone_else": list, "animals": list,
         "within": int}
_SEXES = ("male", "female", "any")
# An age said of someone else: "my son is 15", "she's 15", "my 15 year old", "15yo daughter".
_AGE_OF = r"(?:\s+(?:is|was|turned|just turned|aged))?\s*,?\s*(?:only\s+|just\s+)?(\d{1,2})\b(?!\s*(?:mg|%|weeks?|months?|days?|hours?|minutes?|mins?))"
_AGE_BEFORE = r"\b(\d{1,2})\s*(?:-|\s)?(?:years?|yrs?|y)?\s*(?:-|\s)?(?:old|yo|y/o)?\s+"


class PeopleFileError(ValueError):
    """people.yml has an unknown key, a wrong type or a repeated word."""


@dataclass(frozen=True)
class Subject:
    """Who the twitching in one message is about (None: not said, or not clear)."""

    who: Optional[str] = None
    unclear: bool = False  # someone else is mentioned, and the message does not say whose legs these are
    sex: Optional[str] = None  # of someone else, when their words say it
    age: Optional[int] = None  # of someone else, when said beside them


@dataclass(frozen=True)
class People:
    relations: Dict[str, FrozenSet[str]]
    pronouns: Dict[str, FrozenSet[str]]
    self_words: FrozenSet[str]
    subject_words: FrozenSet[str]
    about_me: tuple
    about_someone_else: tuple
    answers_me: FrozenSet[str]
    answers_someone_else: FrozenSet[str]
    animals: FrozenSet[str]
    within: int

    @property
    def others(self) -> FrozenSet[str]:
        return frozenset().union(*self.relations.values(), *self.pronouns.values())

    def sex_of(self, word: str) -> Optional[str]:
        for sex in ("male", "female"):
            if word in self.relations[sex] or word in self.pronouns[sex]:
                return sex
        return None


def load_people(path: Path = PEOPLE_FILE) -> People:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    problems = [f"unknown key {key!r}" for key in data if key not in _KEYS]
    problems += [f"{key!r} must be a {kind.__name__}" for key, kind in _KEYS.items() if not isinstance(data.get(key), kind)]
    for group in ("relations", "pronouns"):
        if isinstance(data.get(group), dict):
            problems += [f"{group}: unknown group {sex!r}" for sex in data[group] if sex not in _SEXES]
    if problems:
        raise PeopleFileError(f"{path}: " + "; ".join(problems))
    seen: Dict[str, str] = {}
    for group in ("relations", "pronouns"):
        for sex, words in data[group].items():
            for word in words:
                if str(word).lower() in seen:
                    raise PeopleFileError(f"{path}: {word!r} is in {seen[str(word).lower()]} and {group}.{sex}")
                seen[str(word).lower()] = f"{group}.{sex}"
    lower = lambda words: frozenset(str(word).lower() for word in words)  # noqa: E731
    return People(
        relations={sex: lower(data["relations"].get(sex, [])) for sex in _SEXES},
        pronouns={sex: lower(data["pronouns"].get(sex, [])) for sex in _SEXES},
        self_words=lower(data["self_words"]), subject_words=lower(data["subject_words"]),
        about_me=tuple(f" {phrase.lower()} " for phrase in data["about_me"]),
        about_someone_else=tuple(f" {phrase.lower()} " for phrase in data["about_someone_else"]),
        answers_me=lower(data["answers_me"]), answers_someone_else=lower(data["answers_someone_else"]),
        animals=lower(data["animals"]),
        within=data["within"],
    )


@lru_cache(maxsize=1)
def default_people() -> People:
    return load_people()


def _words(text: str, people: Optional[People] = None) -> List[str]:
    """Words, with a possessive read as its owner ("my mom's legs": mom) unless the whole word
    is one of the lists' ("she's")."""
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    if people is None:
        return words
    known = people.others | people.self_words
    return [word[:-2] if word.endswith("'s") and word not in known else word for word in words]


def _owners(words: List[str], people: People, others: FrozenSet[str]) -> set:
    """Whose legs or twitching each mention is: the nearest person said before it, at most
    `within` words back ("my wife says my legs twitch": mine)."""
    owners = set()
    for index, word in enumerate(words):
        if word not in people.subject_words:
            continue
        for before in reversed(words[max(0, index - people.within):index]):
            if before in people.self_words:
                owners.add(ME)
                break
            if before in others:
                owners.add(SOMEONE_ELSE)
                break
            if before in people.animals:
                owners.add(ANIMAL)
                break
    return owners


def read_subject(text: str, people: Optional[People] = None) -> Subject:
    people = people or default_people()
    words = _words(text, people)
    padded = f" {' '.join(words)} "
    if set(words) & people.animals:
        owners = _owners(words, people, people.others)
        # "my dog's legs twitch", "can I give my cat magnesium?": a pet's, unless the person's own too
        if ME not in owners and (ANIMAL in owners or {"give", "giving", "vet"} & set(words)):
            return Subject(ANIMAL)
    others = people.others - people.pronouns["any"] if "they" not in words else people.others
    mentioned = [word for word in words if word in people.others]
    if not mentioned:
        return Subject()
    relations = frozenset().union(*people.relations.values())
    says_me = any(phrase in padded for phrase in people.about_me)
    says_other = any(phrase in padded for phrase in people.about_someone_else) and not says_me
    owners = _owners(words, people, others)
    mine, theirs = ME in owners, SOMEONE_ELSE in owners
    age = _age_of(text, people)
    if says_me or (mine and not theirs and not says_other):
        return Subject(ME)
    if theirs and mine and not says_other:
        return Subject(unclear=True, age=age)  # "auntie has wasting ... my own calf twitches": asked
    if says_other or theirs:
        sexes = {people.sex_of(word) for word in mentioned} - {None}
        return Subject(SOMEONE_ELSE, sex=sexes.pop() if len(sexes) == 1 else None, age=age)
    # A relative named, or someone's age said ("she's 15"), without whose twitching this is: asked.
    # A pronoun alone ("none of them") is no one.
    if set(mentioned) & relations or age is not None:
        return Subject(unclear=True, age=age)
    return Subject()


def read_who_answer(text: str, people: Optional[People] = None) -> Optional[str]:
    """The answer to "Who are you asking for?" in words: "me", "my son", "someone else"."""
    people = people or default_people()
    subject = read_subject(text, people)
    if subject.who or subject.unclear:
        return subject.who or SOMEONE_ELSE  # "my son" names someone
    words = set(_words(text))
    if words & people.answers_someone_else:
        return SOMEONE_ELSE
    return ME if words & people.answers_me else None


def _age_of(text: str, people: People) -> Optional[int]:
    named = "|".join(sorted((re.escape(word) for word in people.others), key=len, reverse=True))
    for pattern in (rf"\b(?:{named})(?:'s)?{_AGE_OF}", rf"{_AGE_BEFORE}(?:{named})\b"):
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return int(found.group(1))
    return None
