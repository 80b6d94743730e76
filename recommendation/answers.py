"""Follow-up answers: one topic, personalised where the profile changes it."""
from __future__ import annotations

from typing import Callable, Dict, List, Optional

from recommendation.knowledge import Knowledge, default_knowledge
from recommendation.plan import (
    Plan,
    PlanBuilder,
    calcium_facts,
    kidney_facts,
    magnesium_facts,
    not_working_facts,
    referral,
    statin_facts,
)
from recommendation.profile import Profile


class UnknownTopicError(ValueError):
    """A follow-up topic the knowledge base has no answer for."""


FactList = List[Optional[str]]
Rule = Callable[[Profile, Knowledge], FactList]


def _why(profile: Profile, knowledge: Knowledge) -> FactList:
    return (["under_18_general"] if profile.is_minor else ["first_line"]) + ["roles", "deficiency"]


def _evidence(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["evidence_severity", "evidence_sleep", "evidence_exertion"]


def _dose(profile: Profile, knowledge: Knowledge) -> FactList:
    facts = magnesium_facts(profile, knowledge)
    if profile.is_minor:
        return facts
    facts = [fact for fact in facts if fact not in ("forms", "evening")]
    facts.append("no_higher_dose")
    if profile.kidney_disease is None:
        facts.append("kidney_unknown")
    if profile.age_group is None:
        facts.insert(0, "under_18_general")  # before any amount: nobody is known to be an adult here
    if profile.pregnant is None:
        facts.append("pregnancy_general")
    return facts


def _form(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["forms"] + (["under_18"] if profile.is_minor else [])


def _timing(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["evening" if profile.timing == "night" else "timing_general"]


def _duration(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["duration", "not_working_intro"]


def _side_effects(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["side_effects", "side_effects_pharmacist"] + kidney_facts(profile)


def _kidney(profile: Profile, knowledge: Knowledge) -> FactList:
    if profile.kidney_disease:
        return ["kidney_doctor_first"] + ([] if profile.is_minor else ["kidney_doctor_if_agrees"])
    return ["kidney_caution", "kidney_unknown"]


def _statin(profile: Profile, knowledge: Knowledge) -> FactList:
    return statin_facts()


def _coq10(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["coq10_general"] + (["statin_prescriber"] if profile.statin else [])


def _vitamin_d(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["vitamin_d_general"]


def _calcium(profile: Profile, knowledge: Knowledge) -> FactList:
    if profile.is_minor:
        return ["calcium_sources", "under_18"]
    return calcium_facts(profile) or ["calcium_if_low", "calcium_sources"]


def _hydration(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["hydration"]


def _exercises(profile: Profile, knowledge: Knowledge) -> FactList:
    # What else helps, as the plan's "More that helps" button asks: an amount to drink only for an
    # adult without kidney disease (fluid amounts in kidney disease are for the person's doctor).
    drink = None if profile.kidney_disease or profile.is_minor else "hydration"
    return [drink, "tensing", "stretching", "pressure", "physical_therapy"]


def _b6(profile: Profile, knowledge: Knowledge) -> FactList:
    if profile.is_minor:
        return ["not_working_intro", "under_18"]
    return ["not_working_intro"] + (["pregnancy"] if profile.pregnant else []) + ["b6"]


def _iron(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["iron_first" if profile.restless_legs or profile.low_ferritin else "iron"]


def _physical_therapy(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["physical_therapy"]


def _pregnancy(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["pregnancy" if profile.pregnant else "pregnancy_general"]


def _age(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["under_18" if profile.is_minor else "under_18_general"]


def _not_working(profile: Profile, knowledge: Knowledge) -> FactList:
    return not_working_facts(profile)


def _other_medicines(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["not_covered_medicines"] + (["statin_prescriber"] if profile.statin else [])


def _about_an_animal(profile: Profile, knowledge: Knowledge) -> FactList:
    return ["not_for_animals"]


def _serious_illness(profile: Profile, knowledge: Knowledge) -> FactList:
    # The worry first, then when to see a doctor - never a supplement line.
    return ["not_covered_illness", "safety_net", "gp_review"]


_TOPICS: Dict[str, Rule] = {
    "not_working": _not_working,
    "side_effects": _side_effects,
    "dose": _dose,
    "form": _form,
    "timing": _timing,
    "duration": _duration,
    "why": _why,
    "evidence": _evidence,
    "kidney": _kidney,
    "statin": _statin,
    "coq10": _coq10,
    "vitamin_d": _vitamin_d,
    "calcium": _calcium,
    "hydration": _hydration,
    "exercises": _exercises,
    "b6": _b6,
    "iron": _iron,
    "physical_therapy": _physical_therapy,
    "pregnancy": _pregnancy,
    "age": _age,
    "other_medicines": _other_medicines,
    "serious_illness": _serious_illness,
    "about_an_animal": _about_an_animal,
}
TOPICS = tuple(_TOPICS) + ("red_flags",)


def answer(topic: str, profile: Optional[Profile] = None, knowledge: Optional[Knowledge] = None) -> Plan:
    """One follow-up answer. A person with a red flag gets the referral, whatever they ask."""
    knowledge = knowledge or default_knowledge()
    profile = profile or Profile()
    if topic not in TOPICS:
        raise UnknownTopicError(f"no answer for topic {topic!r}; known topics: {', '.join(TOPICS)}")
    if profile.needs_referral:
        return referral(profile, knowledge)
    builder = PlanBuilder(knowledge, "answer", profile.someone_else)
    if topic == "red_flags":
        builder.red_flag_list("Warning signs")
        builder.section("See a GP", ["gp_review"])  # "GP or wait it out?" is answered by how long and where
        builder.section("Urgent", ["referral_urgent"])
    else:
        builder.section("", _TOPICS[topic](profile, knowledge))
    return builder.build()
