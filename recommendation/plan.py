"""The rules of the plan: which facts of the guide apply to a profile."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from recommendation.knowledge import Knowledge, default_knowledge
from recommendation.profile import Profile

@dataclass(frozen=True)
class Sentence:
    fact_id: str
    text: str
    cite: Tuple[str, ...]


@dataclass(frozen=True)
class Section:
    title: str
    sentences: Tuple[Sentence, ...]


@dataclass(frozen=True)
class Plan:
    kind: str  # "plan", "referral" or "answer"
    sections: Tuple[Section, ...]

    @property
    def sentences(self) -> List[Sentence]:
        return [sentence for section in self.sections for sentence in section.sentences]

    @property
    def fact_ids(self) -> List[str]:
        return [sentence.fact_id for sentence in self.sentences]


class PlanBuilder:
    """Collects facts into titled sections, skipping empty ones."""

    def __init__(self, knowledge: Knowledge, kind: str, someone_else: bool = False) -> None:
        self.knowledge = knowledge
        self.kind = kind
        self.someone_else = someone_else  # each fact said of them where it has a way to
        self.sections: List[Section] = []
        self.said: set = set()

    def section(self, title: str, fact_ids: Iterable[Optional[str]]) -> None:
        sentences = []
        for fact_id in fact_ids:
            if fact_id is None or fact_id in self.said:
                continue
            self.said.add(fact_id)
            fact = self.knowledge.fact(fact_id)
            sentences.append(Sentence(fact.id, fact.said_of(self.someone_else), fact.cite))
        if sentences:
            self.sections.append(Section(title, tuple(sentences)))

    def red_flag_list(self, title: str, intro_id: str = "red_flag_watch") -> None:
        intro = self.knowledge.fact(intro_id)
        sentences = [Sentence(intro.id, intro.said_of(self.someone_else), intro.cite)]
        sentences += [Sentence(flag.id, flag.text, flag.cite) for flag in self.knowledge.red_flags]
        self.sections.append(Section(title, tuple(sentences)))

    def build(self) -> Plan:
        return Plan(self.kind, tuple(self.sections))


def tried_without_relief(profile: Profile, knowledge: Knowledge) -> bool:
    weeks = knowledge.thresholds["no_relief_weeks"]
    return bool(profile.magnesium_current) and (profile.magnesium_weeks or 0) >= weeks


def needs_gp_review(profile: Profile, knowledge: Knowledge) -> bool:
    return bool(profile.several_places) or (profile.duration_weeks or 0) > knowledge.thresholds["gp_review_weeks"]


def doses_allowed(profile: Profile, personal: bool) -> bool:
    """A personal plan gives doses only to someone known to be an adult; a general
    answer may state the guide's adult doses unless the person is under 18."""
    return profile.age_group == "adult" if personal else not profile.is_minor


def magnesium_facts(profile: Profile, knowledge: Knowledge, personal: bool = False) -> List[Optional[str]]:
    """Dose, form and timing - or why not, for this person."""
    if profile.is_minor:
        return ["under_18"] + kidney_facts(profile)[:1]
    if not doses_allowed(profile, personal):
        return ["age_unknown"] + (["pregnancy"] if profile.pregnant else []) + kidney_facts(profile)[:1] + ["forms"]
    facts: List[Optional[str]] = []
    # In a personal plan, an unknown answer was asked and answered "not sure": it is no "no".
    kidneys_not_sure = personal and profile.kidney_disease is None
    pregnancy_not_sure = personal and profile.pregnant is None
    if profile.pregnant:
        facts.append("pregnancy")
    elif pregnancy_not_sure:
        facts.append("pregnancy_not_sure")
    if profile.kidney_disease:
        facts.append("kidney_doctor_first")
    elif kidneys_not_sure:
        facts.append("kidney_not_sure")
    # The doctor (or midwife) first: the dose only as the guide's, not as an instruction.
    if profile.kidney_disease or kidneys_not_sure:
        facts.append("kidney_doctor_if_agrees")
    elif profile.pregnant or pregnancy_not_sure:
        facts.append("midwife_if_agrees")
    elif not profile.magnesium_current:  # already taking it: no "start with"
        facts.append("start_dose")
    dose = profile.magnesium_dose_mg if profile.magnesium_current else None
    if dose is not None and dose > knowledge.thresholds["max_dose_mg"]:
        facts.append("dose_above_max")
    elif dose is not None and dose > knowledge.thresholds["supplement_upper_limit_mg"]:
        facts.append("dose_above_upper_limit")
    else:
        facts += ["max_dose", "upper_limit"]  # the upper limit qualifies the guide's maximum
    facts += ["forms", "evening" if profile.timing == "night" else None]
    return facts


def not_working_facts(profile: Profile, personal: bool = False) -> List[Optional[str]]:
    iron_first = bool(profile.restless_legs) or bool(profile.low_ferritin)
    facts: List[Optional[str]] = ["not_working_intro"]
    if iron_first:
        facts.append("iron_first")
    if profile.pregnant:
        facts.append("pregnancy")  # before any other supplement too (B6, iron)
    facts.append("b6" if doses_allowed(profile, personal) else None)
    if not iron_first:
        facts.append("iron")
    facts.append("physical_therapy")
    if profile.statin:
        facts.append("statin_prescriber")
    return facts


def calcium_facts(profile: Profile, personal: bool = False) -> List[Optional[str]]:
    if profile.calcium_intake == "adequate":
        return []
    # No calcium amount in kidney disease either: calcium (and the phosphate in dairy) is for the
    # kidney team to set, as fluid amounts are.
    if not doses_allowed(profile, personal) or profile.kidney_disease:
        return ["calcium_sources"]
    return ["calcium_low" if profile.calcium_intake == "low" else "calcium_if_low", "calcium_sources"]


def kidney_facts(profile: Profile) -> List[Optional[str]]:
    if profile.kidney_disease:
        return ["kidney_doctor_first"]
    if profile.kidney_disease is None:
        return ["kidney_caution", "kidney_unknown"]
    return []


def statin_facts() -> List[str]:
    return ["statin_intro", "statin_prescriber", "statin_vitamin_d", "statin_coq10"]


def referral(profile: Profile, knowledge: Knowledge) -> Plan:
    """No supplement advice at all: who to see and how soon."""
    builder = PlanBuilder(knowledge, "referral", profile.someone_else)
    first = "referral_unsure" if profile.red_flags_unsure and not profile.red_flags else "referral"
    they = "_someone_else" if profile.someone_else else ""
    builder.section("Please see a doctor", [first + they, "referral_urgent" + they])
    builder.red_flag_list("Warning signs")
    builder.section("About this", ["disclaimer"])
    return builder.build()


def red_flag_screen(knowledge: Optional[Knowledge] = None, someone_else: bool = False,
                    possible: Optional[str] = None) -> Plan:
    """The first question of the intake: the warning signs, listed. `possible`: a sign that a
    message may have said - asked about alone ("Just to check ..."), or "any" for the whole list."""
    knowledge = knowledge or default_knowledge()
    builder = PlanBuilder(knowledge, "screen", someone_else)
    named = [flag for flag in knowledge.red_flags if flag.id == possible]
    if named:
        intro = knowledge.fact("possible_sign_question")
        builder.sections.append(Section("", (Sentence(intro.id, intro.said_of(someone_else), intro.cite),) + tuple(
            Sentence(flag.id, flag.text, flag.cite) for flag in named)))
        return builder.build()
    intro = "possible_signs_question" if possible else "red_flag_question_other" if someone_else else "red_flag_question"
    builder.red_flag_list("", intro)
    return builder.build()


def safety_net(knowledge: Optional[Knowledge] = None, someone_else: bool = False) -> Plan:
    """The line that ends every reply that does not answer: what to do if a warning sign appears."""
    builder = PlanBuilder(knowledge or default_knowledge(), "safety_net", someone_else)
    builder.section("", ["safety_net"])
    return builder.build()


# What a plan shows at once, on about two phone screens: what to do for this person and every
# precaution that applies; the rest (more that helps, if it doesn't help, the warning signs) is
# one tap away as follow-up answers.
ESSENTIAL_SECTIONS = ("See a GP", "As magnesium hasn't helped yet", "Magnesium", "The statin", "Medicines",
                      "Calcium", "Take care")


# Why, not what to do: in the follow-up answers ("Statins" explains it), not in the plan's first view.
EXPLANATIONS = ("statin_intro",)


# Said for this person in a later section, and shown at once all the same: what they told about
# their iron stores or restless legs changes what comes first.
PERSONAL_LINES = ("iron_first",)


def essentials(plan: Plan, knowledge: Optional[Knowledge] = None, someone_else: bool = False) -> Plan:
    """The plan's sections a person needs first, ending with the safety net."""
    kept = tuple(Section(section.title, tuple(sentence for sentence in section.sentences
                                              if sentence.fact_id not in EXPLANATIONS))
                 for section in plan.sections if section.title in ESSENTIAL_SECTIONS)
    personal = tuple(sentence for section in plan.sections if section.title not in ESSENTIAL_SECTIONS
                     for sentence in section.sentences if sentence.fact_id in PERSONAL_LINES)
    extra = (Section("If it doesn't help", personal),) if personal else ()
    return Plan(plan.kind, kept + extra + safety_net(knowledge, someone_else).sections)


def noted_signs(sign_ids: Iterable[str], knowledge: Optional[Knowledge] = None) -> Plan:
    """The warning signs a message was read as saying, so the person can see why
    they are referred (and correct a misreading)."""
    knowledge = knowledge or default_knowledge()
    wanted = set(sign_ids)
    flags = [flag for flag in knowledge.red_flags if flag.id in wanted]
    return Plan("noted", (Section("What I understood you have", tuple(
        Sentence(flag.id, flag.text, flag.cite) for flag in flags)),) if flags else ())


def someone_elses_signs(sign_ids: Iterable[str], knowledge: Optional[Knowledge] = None) -> Plan:
    """Warning signs said of someone else ("my husband has started slurring his words"):
    no referral of the person, but what the one who has them should do."""
    knowledge = knowledge or default_knowledge()
    wanted = set(sign_ids)
    builder = PlanBuilder(knowledge, "someone_else")
    builder.sections.append(Section("What you describe in someone else", tuple(
        Sentence(flag.id, flag.text, flag.cite) for flag in knowledge.red_flags if flag.id in wanted)))
    builder.section("", ["someone_else_sees_a_doctor"])
    return builder.build()


def minor_plan(builder: PlanBuilder, profile: Profile) -> Plan:
    """Under 18: a doctor or pharmacist before any supplement, and nothing that assumes
    magnesium is being taken (how long, what if it fails, its side effects) or that
    gives an adult's amount (2 litres a day)."""
    builder.section("Magnesium", ["under_18"] + (kidney_facts(profile) if profile.kidney_disease else []))
    builder.section("The statin", ["statin_prescriber"] if profile.statin else [])
    builder.section("Also helps", ["tensing", "stretching", "pressure"])
    builder.section("Calcium", calcium_facts(profile, True))
    builder.red_flag_list("When to see a doctor")
    builder.section("About this", ["disclaimer"])
    return builder.build()


def recommend(profile: Profile, knowledge: Optional[Knowledge] = None) -> Plan:
    knowledge = knowledge or default_knowledge()
    if profile.needs_referral:
        return referral(profile, knowledge)
    if profile.red_flags is None:
        return red_flag_screen(knowledge)  # no plan before the warning signs are answered

    builder = PlanBuilder(knowledge, "plan", profile.someone_else)
    builder.section("See a GP", ["gp_review"] if needs_gp_review(profile, knowledge) else [])
    if profile.is_minor:
        return minor_plan(builder, profile)
    tried = tried_without_relief(profile, knowledge)
    if tried:
        builder.section("As magnesium hasn't helped yet", ["already_tried"] + not_working_facts(profile, True))
    magnesium = magnesium_facts(profile, knowledge, True)
    if not tried or (profile.magnesium_weeks or 0) < knowledge.thresholds["decide_weeks"]:
        magnesium.append("duration")
    builder.section("Magnesium", magnesium)
    if profile.statin:
        builder.section("The statin", statin_facts())
    elif profile.statin is None:
        builder.section("Medicines", ["statin_not_sure"])
    # Fluid amounts in kidney disease are for the person's doctor: no "2 litres a day".
    builder.section("Also helps", [None if profile.kidney_disease else "hydration", "tensing", "stretching", "pressure"])
    builder.section("Calcium", calcium_facts(profile, True))
    if not tried:
        builder.section("If it doesn't help", not_working_facts(profile, True))
    builder.section("Take care", ["side_effects"] + kidney_facts(profile))
    builder.red_flag_list("When to see a doctor")
    builder.section("About this", ["disclaimer"])
    return builder.build()
