"""The rules of the plan, one by one and in combination, as the person reads them."""
from recommendation import Profile, answer, recommend, render, someone_elses_signs

# Every safety question answered "no": the plain case.
ADULT = dict(age_group="adult", red_flags=False, kidney_disease=False, pregnant=False, statin=False)


def plan_text(**fields):
    return render(recommend(Profile(**fields)))


def test_a_plain_adult_profile_gets_the_guides_dose_form_and_duration():
    text = plan_text(**ADULT)
    assert "Start with 250 mg of magnesium oxide daily. [1]" in text
    assert "up to 400 mg daily" in text
    assert "oxide, citrate or chloride" in text
    assert "at least 2 months" in text
    assert "about 2 litres" in text
    assert "11-37%" in text


def test_a_red_flag_gets_a_referral_and_no_supplement_advice():
    plan = recommend(Profile(red_flags=True, statin=True, calcium_intake="low"))
    text = render(plan)
    assert plan.kind == "referral"
    assert "prompt check by a doctor" in text
    assert "mg" not in text and "magnesium oxide" not in text


def test_not_sure_about_red_flags_is_treated_as_a_referral():
    text = plan_text(red_flags_unsure=True)
    assert "not sure about these warning signs" in text
    assert "mg" not in text


def test_under_18_gets_no_adult_dose_but_a_clinician():
    text = plan_text(age_group="under_18", red_flags=False, calcium_intake="low")
    assert "doses are for adults" in text
    assert "mg" not in text
    assert "dairy products" in text
    # Nothing that assumes magnesium is taken, nor an adult's amount of fluid.
    for line in ("at least 2 months", "no relief after", "diarrhoea", "2 litres"):
        assert line not in text
    assert "Gently stretch" in text


def test_kidney_disease_replaces_start_with_talk_to_your_doctor():
    text = plan_text(**dict(ADULT, kidney_disease=True))
    assert "Start with 250 mg" not in text
    assert "do not start magnesium without talking to your doctor first" in text
    assert text.index("talking to your doctor first") < text.index("250 mg")


def test_statin_gets_the_special_considerations_with_the_prescriber():
    text = plan_text(**dict(ADULT, statin=True))
    assert "only do that with your prescriber" in text
    assert "vitamin D deficiency" in text
    assert "CoQ10" in text


def test_no_statin_means_no_statin_section():
    text = plan_text(**dict(ADULT, statin=False))
    assert "The statin:" not in text and "prescriber" not in text


def test_night_time_symptoms_get_evening_timing():
    assert "in the evening" in plan_text(**dict(ADULT, timing="night"))
    assert "in the evening" not in plan_text(**dict(ADULT, timing="exercise"))


def test_low_calcium_gets_calcium_advice_and_sources():
    text = plan_text(**dict(ADULT, calcium_intake="low"))
    assert "Your diet may be short of calcium" in text
    assert "700-1000 mg" in text and "leafy greens" in text
    assert "calcium" not in plan_text(**dict(ADULT, calcium_intake="adequate")).replace("calcium influx", "")


def test_already_on_magnesium_for_weeks_without_relief_gets_the_other_options_first():
    plan = recommend(Profile(**dict(ADULT, magnesium_current=True, magnesium_weeks=6, magnesium_dose_mg=250)))
    assert plan.sections[0].title == "As magnesium hasn't helped yet"
    assert "b6" in [sentence.fact_id for sentence in plan.sections[0].sentences]


def test_a_reported_dose_above_the_maximum_is_pointed_out():
    text = plan_text(**dict(ADULT, magnesium_current=True, magnesium_dose_mg=600))
    assert "above the guide's 400 mg daily maximum" in text
    text = plan_text(**dict(ADULT, magnesium_current=True, magnesium_dose_mg=375))
    assert "above the 350 mg a day US upper limit" in text
    assert "The dose you told me" not in plan_text(**dict(ADULT, magnesium_current=True, magnesium_dose_mg=250))


def test_pregnancy_puts_the_clinician_check_before_the_dose():
    text = plan_text(**dict(ADULT, pregnant=True))
    assert text.index("midwife") < text.index("250 mg")


def test_long_or_widespread_twitching_gets_a_gp_review():
    assert "checked by a GP" in plan_text(**dict(ADULT, duration_weeks=3))
    assert "checked by a GP" in plan_text(**dict(ADULT, several_places=True))
    assert "checked by a GP" not in plan_text(**dict(ADULT, duration_weeks=1))


def test_statin_kidney_and_night_together():
    text = plan_text(**dict(ADULT, statin=True, kidney_disease=True, timing="night"))
    assert "talking to your doctor first" in text
    assert "only do that with your prescriber" in text
    assert "in the evening" in text
    assert "Start with 250 mg" not in text


def test_restless_legs_with_low_ferritin_puts_iron_first():
    plan = recommend(Profile(**dict(ADULT, restless_legs=True, low_ferritin=True)))
    section = next(section for section in plan.sections if section.title == "If it doesn't help")
    ids = [sentence.fact_id for sentence in section.sentences]
    assert ids.index("iron_first") < ids.index("b6")


def test_every_plan_ends_with_the_warning_signs_and_the_disclaimer():
    plan = recommend(Profile(**ADULT))
    assert [section.title for section in plan.sections[-2:]] == ["When to see a doctor", "About this"]


def test_a_sentence_is_never_said_twice_in_one_plan():
    plan = recommend(Profile(**dict(ADULT, statin=True, kidney_disease=True, restless_legs=True)))
    assert len(plan.fact_ids) == len(set(plan.fact_ids))


def test_the_source_note_names_every_source_used():
    last = render(recommend(Profile(**dict(ADULT, statin=True)))).splitlines()[-1]
    assert last.startswith("Sources: [1][3][4][5] references cited in the guide")
    assert "[NHS]" in last and "[FNB]" in last


def test_what_if_it_doesnt_work_generic_and_personal():
    generic = render(answer("not_working"))
    assert "4-8 weeks" in generic and "40 mg" in generic
    rls = render(answer("not_working", Profile(restless_legs=True)))
    assert rls.index("ferritin") < rls.index("Vitamin B6")
    statin = render(answer("not_working", Profile(statin=True)))
    assert "prescriber" in statin and "4-8 weeks" in statin and "40 mg" in statin


def test_generic_dose_answer_carries_every_caveat():
    text = render(answer("dose"))
    assert "250 mg" in text and "kidney disease" in text and "under 18" in text and "pregnant" in text
    assert "can't suggest more than the guide's 400 mg" in text


def test_a_red_flag_profile_gets_the_referral_whatever_it_asks():
    text = render(answer("dose", Profile(red_flags=True)))
    assert "prompt check by a doctor" in text and "mg" not in text


def test_kidney_answer_depends_on_the_profile():
    assert "talking to your doctor first" in render(answer("kidney", Profile(kidney_disease=True)))
    assert "used with caution in kidney disease" in render(answer("kidney"))


def test_an_unknown_age_gets_no_dose_in_a_personal_plan_only_the_pharmacist_line():
    text = plan_text(red_flags=False, calcium_intake="low", restless_legs=True)
    assert "ask a pharmacist or doctor which dose is right for you" in text
    assert " mg" not in text


def test_a_general_dose_answer_before_the_intake_still_states_the_guides_adult_dose():
    assert "Start with 250 mg" in render(answer("dose", Profile()))


def test_pregnancy_puts_the_midwife_first_and_gives_no_start_instruction():
    text = plan_text(**dict(ADULT, pregnant=True))
    assert "check with your midwife, doctor or pharmacist" in text
    assert "Start with 250 mg" not in text
    assert text.index("midwife, doctor or pharmacist") < text.index("usual starting dose for adults is 250 mg")


def test_pregnancy_puts_the_midwife_first_before_vitamin_b6_too():
    for text in (render(answer("not_working", Profile(**dict(ADULT, pregnant=True)))),
                 render(answer("b6", Profile(**dict(ADULT, pregnant=True))))):
        assert text.index("midwife, doctor or pharmacist") < text.index("B6")


def test_two_months_of_magnesium_without_relief_gets_no_start_dose_and_no_wait_another_two_months():
    text = plan_text(**ADULT, magnesium_current=True, magnesium_dose_mg=500, magnesium_weeks=8.7)
    assert "the other options below come first" in text
    assert "Start with 250 mg" not in text and "at least 2 months before deciding" not in text


def test_a_few_weeks_of_magnesium_without_relief_still_gives_it_two_months():
    text = plan_text(**ADULT, magnesium_current=True, magnesium_dose_mg=250, magnesium_weeks=5)
    assert "Start with 250 mg" not in text and "at least 2 months before deciding" in text


def test_when_to_see_a_doctor_says_when_a_gp_should_check_the_twitching():
    text = render(answer("red_flags"))
    assert "more than 2 weeks" in text and "GP" in text
    assert "numbness" in text and "urgent care" in text


def test_not_sure_about_the_kidneys_puts_the_doctor_before_the_dose():
    text = plan_text(**dict(ADULT, kidney_disease=None))
    assert "Start with 250 mg" not in text
    assert text.index("not sure about your kidneys") < text.index("If your doctor agrees")


def test_kidney_disease_gets_no_fluid_amount_and_pregnancy_no_doctor_only_line():
    assert "2 litres" not in plan_text(**dict(ADULT, kidney_disease=True))
    pregnant = plan_text(**dict(ADULT, pregnant=True))
    assert "If your midwife or doctor agrees" in pregnant and "If your doctor agrees" not in pregnant


def test_kidney_disease_gets_no_calcium_amount_in_the_plan_or_the_answer():
    kidneys = dict(ADULT, kidney_disease=True, calcium_intake="low")
    assert "700-1000 mg" in plan_text(**dict(kidneys, kidney_disease=False))
    assert "700-1000 mg" not in plan_text(**kidneys)
    assert "700-1000 mg" not in render(answer("calcium", Profile(**kidneys)))
    assert "Good sources of calcium" in plan_text(**kidneys)


def test_someone_already_taking_magnesium_is_not_told_to_start_it():
    text = plan_text(**dict(ADULT, magnesium_current=True, magnesium_dose_mg=300, magnesium_weeks=3))
    assert "Start with 250 mg" not in text
    assert "at least 2 months" in text


def test_the_upper_limit_comes_only_with_the_guides_maximum_it_qualifies():
    text = plan_text(**dict(ADULT, magnesium_current=True, magnesium_dose_mg=380, magnesium_weeks=2))
    assert "above the 350 mg a day US upper limit" in text and "Beyond 350 mg" not in text


def test_someone_elses_signs_say_what_they_should_do_with_the_signs_named():
    text = render(someone_elses_signs(["bulbar", "swollen_calf"]))
    assert "trouble speaking, swallowing or breathing" in text and "a swollen, hot or red calf" in text
    assert "numbness" not in text and "should see a doctor promptly" in text and "mg" not in text


def test_someone_elses_signs_are_not_told_as_the_persons_own():
    text = render(someone_elses_signs(["weakness", "spreading"]))
    assert "new weakness in the legs, or tripping" in text and "other parts of the body" in text
    assert "your" not in text.lower()


def test_a_dose_question_from_someone_taking_too_much_says_so_and_not_start_with():
    text = render(answer("dose", Profile(magnesium_current=True, magnesium_dose_mg=600)))
    assert "above the guide's 400 mg daily maximum" in text and "Start with 250 mg" not in text


def test_a_minor_on_a_statin_keeps_the_prescriber_line_and_gets_no_amount():
    text = render(recommend(Profile(red_flags=False, age_group="under_18", statin=True)))
    assert "only do that with your prescriber" in text and "250 mg" not in text


def test_a_plan_for_someone_else_speaks_of_them():
    text = render(recommend(Profile(red_flags=False, age_group="adult", pregnant=False, kidney_disease=True,
                                    statin=True, someone_else=True)))
    assert "Because they have kidney disease" in text and "with their prescriber" in text
    assert "Because you have kidney disease" not in text and "your prescriber" not in text
