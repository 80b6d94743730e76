"""After the plan: "it's better", the side-effect answer at a check-in, and "my plan"."""
import datetime as dt

from recommendation import Profile, answer, render
from recommendation.followthrough import keep_going, plan_dates, told

ADULT = Profile(age_group="adult", red_flags=False, kidney_disease=False, statin=True, restless_legs=True)


def test_better_means_keep_going_for_the_full_two_months():
    assert "at least 2 months before deciding whether it works. [1]" in render(keep_going(ADULT))


def test_better_with_a_warning_sign_is_still_the_referral():
    said = render(keep_going(Profile(red_flags=True)))
    assert "needs a prompt check by a doctor" in said and "2 months" not in said


def test_side_effects_come_with_the_pharmacist_line():
    said = render(answer("side_effects", ADULT))
    assert "diarrhoea affects 11-37% of users. [5]" in said and "talk to a pharmacist" in said


def test_my_plan_dates_follow_the_guide():
    dates = plan_dates(dt.date(2026, 11, 28))
    assert dates == {"started": dt.date(2026, 11, 28), "reassess": dt.date(2026, 12, 26),
                     "decide": dt.date(2027, 1, 23)}


def test_my_plan_dates_count_from_the_first_dose_for_someone_already_taking_it():
    six_weeks_in = Profile(age_group="adult", magnesium_current=True, magnesium_weeks=6)
    dates = plan_dates(dt.date(2026, 11, 28), six_weeks_in)
    assert dates == {"started": dt.date(2026, 10, 17), "reassess": dt.date(2026, 11, 14),
                     "decide": dt.date(2026, 12, 12)}


def test_my_plan_repeats_what_was_told_and_nothing_unknown():
    assert told(ADULT) == ["18 or older", "no kidney disease", "taking a statin", "restless legs"]
    assert told(Profile()) == []
