"""After the plan: "it's better" at a check-in, and "my plan" (what was told, and the dates).

The dates follow the guide: reassess after no_relief_weeks (4), decide after
decide_weeks (8, its "at least 2 months").
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional

from recommendation.knowledge import Knowledge, default_knowledge
from recommendation.plan import Plan, PlanBuilder, referral
from recommendation.profile import Profile

# What the person told, as "my plan" repeats it back: (field, value) -> words.
_TOLD = {
    ("age_group", "adult"): "18 or older", ("age_group", "under_18"): "under 18",
    ("pregnant", True): "pregnant or breastfeeding", ("pregnant", False): "not pregnant or breastfeeding",
    ("kidney_disease", True): "kidney disease", ("kidney_disease", False): "no kidney disease",
    ("statin", True): "taking a statin", ("statin", False): "not taking a statin",
    ("restless_legs", True): "restless legs", ("restless_legs", False): "no restless legs",
    ("low_ferritin", True): "low ferritin", ("low_ferritin", False): "ferritin not known to be low",
    ("timing", "night"): "twitching mostly at night", ("timing", "day"): "twitching mostly in the day",
    ("timing", "exercise"): "twitching around exercise",
    ("calcium_intake", "adequate"): "enough calcium in your food", ("calcium_intake", "low"): "little calcium in your food",
    ("magnesium_current", True): "already taking magnesium", ("magnesium_current", False): "not taking magnesium yet",
    ("someone_else", True): "asking for someone else",
}


def keep_going(profile: Profile, knowledge: Optional[Knowledge] = None) -> Plan:
    """The reply to "it's better": carry on to the full 2 months. "No change" and side
    effects are the follow-up answers not_working and side_effects (answers.py)."""
    knowledge = knowledge or default_knowledge()
    if profile.needs_referral:
        return referral(profile, knowledge)
    builder = PlanBuilder(knowledge, "answer")
    builder.section("Keep going", ["duration"])
    return builder.build()


def told(profile: Profile) -> List[str]:
    return [words for (field, value), words in _TOLD.items() if getattr(profile, field) == value]


def plan_dates(planned: dt.date, profile: Optional[Profile] = None,
               knowledge: Optional[Knowledge] = None) -> Dict[str, dt.date]:
    """The guide's dates count from the first dose: weeks already taken come before the plan's day."""
    knowledge = knowledge or default_knowledge()
    taken = (profile.magnesium_weeks or 0) if profile and profile.magnesium_current else 0
    started = planned - dt.timedelta(weeks=taken)
    return {
        "started": started,
        "reassess": started + dt.timedelta(weeks=knowledge.thresholds["no_relief_weeks"]),
        "decide": started + dt.timedelta(weeks=knowledge.thresholds["decide_weeks"]),
    }
