import re
from pathlib import Path

import pytest

from recommendation import TOPICS, Profile, answer, recommend, render

SOURCE = Path(__file__).resolve().parents[2] / "knowledge" / "source" / "000_16665ff93632d3f9.txt"
CITATION = re.compile(r"\[(?:\d|[A-Z]+)\]")

# Profiles that between them reach every rule of the plan.
SAMPLE_PROFILES = [
    Profile(),
    Profile(age_group="adult", kidney_disease=False, statin=False, timing="night", calcium_intake="low"),
    Profile(age_group="adult", kidney_disease=True, statin=True, timing="night"),
    Profile(age_group="adult", restless_legs=True, low_ferritin=True),
    Profile(age_group="adult", magnesium_current=True, magnesium_dose_mg=250, magnesium_weeks=6),
    Profile(age_group="adult", magnesium_current=True, magnesium_dose_mg=600, magnesium_weeks=1),
    Profile(age_group="adult", magnesium_current=True, magnesium_dose_mg=375, magnesium_weeks=1),
    Profile(age_group="under_18"),
    Profile(pregnant=True),
    Profile(duration_weeks=3),
    Profile(red_flags=True),
    Profile(red_flags_unsure=True),
]


def all_renders():
    """Every plan and every answer for the sample profiles, as the person would read them."""
    for profile in SAMPLE_PROFILES:
        yield render(recommend(profile))
        for topic in TOPICS:
            yield render(answer(topic, profile))


@pytest.fixture(scope="session")
def everything_said():
    return "\n".join(all_renders())


@pytest.fixture(scope="session")
def source_text():
    return SOURCE.read_text(encoding="utf-8")
