"""Slots -> Profile: the one place that knows how slots store a profile."""
from __future__ import annotations

import logging
from typing import Any, Dict, Mapping

from recommendation import Profile, ProfileError

from actions.intake_parsing import NO, UNKNOWN, UNSURE, YES

logger = logging.getLogger(__name__)

PROFILE_SLOTS = (
    "red_flags", "age_group", "pregnant", "kidney_disease", "statin", "restless_legs",
    "low_ferritin", "timing", "calcium_intake", "magnesium_current", "magnesium_dose",
    "magnesium_weeks", "magnesium_form", "symptom", "body_area", "duration_weeks",
    "several_places", "gi_trouble", "for_whom", "for_whom_unclear",
)
_FLAG_SLOTS = ("pregnant", "kidney_disease", "statin", "restless_legs", "low_ferritin",
               "magnesium_current", "several_places", "gi_trouble")
_CHOICE_SLOTS = ("age_group", "timing", "calcium_intake", "magnesium_form", "symptom", "body_area")
_AMOUNT_SLOTS = {"magnesium_dose": "magnesium_dose_mg", "magnesium_weeks": "magnesium_weeks",
                 "duration_weeks": "duration_weeks"}


def _flag(value: Any):
    return {YES: True, NO: False}.get(value)


def _amount(value: Any):
    if isinstance(value, bool) or value in (None, UNKNOWN):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def profile_from_slots(slots: Mapping[str, Any]) -> Profile:
    """Build a Profile; a slot value the module refuses is logged and treated as unknown."""
    values: Dict[str, Any] = {name: _flag(slots.get(name)) for name in _FLAG_SLOTS}
    values.update({name: slots.get(name) for name in _CHOICE_SLOTS if slots.get(name) not in (None, UNKNOWN)})
    values.update({field: _amount(slots.get(slot)) for slot, field in _AMOUNT_SLOTS.items()})
    values["red_flags"] = _flag(slots.get("red_flags"))
    values["red_flags_unsure"] = slots.get("red_flags") == UNSURE
    values["someone_else"] = slots.get("for_whom") == "someone_else"
    try:
        return Profile(**values)
    except ProfileError:
        pass  # find the bad value(s) below; the usual case is one Profile per call
    safe = {}
    for name, value in values.items():
        try:
            Profile(**{name: value})
        except ProfileError:
            # The slot's name only: its value may be what the person typed (the form's from_text mapping).
            logger.warning("Treating an invalid value of the profile's %s as unknown", name)
            continue
        safe[name] = value
    return Profile(**safe)


def profile_started(slots: Mapping[str, Any]) -> bool:
    """Whether anything is known about the person (who they are asking for is not yet that)."""
    return any(slots.get(name) is not None for name in PROFILE_SLOTS if not name.startswith("for_whom"))
