"""What the person told us. Every field may be unknown (None)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional

TIMINGS = ("night", "day", "exercise")
AGE_GROUPS = ("adult", "under_18")
CALCIUM_INTAKES = ("low", "adequate")
SYMPTOMS = ("twitching", "cramps", "spasms")
MAGNESIUM_FORMS = ("oxide", "citrate", "chloride", "glycinate", "other")

MAX_PLAUSIBLE_DOSE_MG = 100_000
MAX_PLAUSIBLE_WEEKS = 52 * 100

_CHOICES = {
    "symptom": SYMPTOMS,
    "timing": TIMINGS,
    "age_group": AGE_GROUPS,
    "calcium_intake": CALCIUM_INTAKES,
    "magnesium_form": MAGNESIUM_FORMS,
}
_FLAGS = (
    "red_flags",
    "several_places",
    "pregnant",
    "kidney_disease",
    "statin",
    "restless_legs",
    "low_ferritin",
    "magnesium_current",
    "gi_trouble",
)
_AMOUNTS = {
    "duration_weeks": MAX_PLAUSIBLE_WEEKS,
    "magnesium_dose_mg": MAX_PLAUSIBLE_DOSE_MG,
    "magnesium_weeks": MAX_PLAUSIBLE_WEEKS,
}


class ProfileError(ValueError):
    """A profile value that cannot be true (a negative dose, an unknown timing...)."""


@dataclass(frozen=True)
class Profile:
    symptom: Optional[str] = None
    body_area: Optional[str] = None
    timing: Optional[str] = None
    duration_weeks: Optional[float] = None
    several_places: Optional[bool] = None
    red_flags: Optional[bool] = None
    red_flags_unsure: bool = False
    age_group: Optional[str] = None
    pregnant: Optional[bool] = None
    kidney_disease: Optional[bool] = None
    statin: Optional[bool] = None
    restless_legs: Optional[bool] = None
    low_ferritin: Optional[bool] = None
    calcium_intake: Optional[str] = None
    magnesium_current: Optional[bool] = None
    magnesium_form: Optional[str] = None
    magnesium_dose_mg: Optional[float] = None
    magnesium_weeks: Optional[float] = None
    gi_trouble: Optional[bool] = None
    someone_else: bool = False  # asked by a parent or carer: the person is "they"

    def __post_init__(self) -> None:
        for name, choices in _CHOICES.items():
            value = getattr(self, name)
            if value is not None and value not in choices:
                raise ProfileError(f"{name} must be one of {', '.join(choices)} or unknown, not {value!r}")
        for name in _FLAGS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise ProfileError(f"{name} must be yes, no or unknown, not {value!r}")
        for name, ceiling in _AMOUNTS.items():
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
                raise ProfileError(f"{name} must be a number, not {value!r}")
            if not 0 <= value <= ceiling:
                raise ProfileError(f"{name} must be between 0 and {ceiling}, not {value!r}")
        if self.body_area is not None and not isinstance(self.body_area, str):
            raise ProfileError(f"body_area must be text, not {self.body_area!r}")

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, field.name) in (None, False) for field in fields(self))

    @property
    def is_minor(self) -> bool:
        return self.age_group == "under_18"

    @property
    def needs_referral(self) -> bool:
        return bool(self.red_flags) or self.red_flags_unsure
