"""The facts the rules of the plan name: the knowledge file must have each (checked on load)."""

REQUIRED_FACTS = frozenset(
    {
        "first_line", "roles", "deficiency", "start_dose", "max_dose", "forms", "evening",
        "timing_general", "evidence_severity", "evidence_sleep", "evidence_exertion",
        "hydration", "tensing", "stretching", "pressure", "calcium_if_low", "calcium_low",
        "calcium_sources", "duration", "not_working_intro", "b6", "iron", "iron_first",
        "physical_therapy", "already_tried", "side_effects", "kidney_caution",
        "kidney_doctor_first", "kidney_doctor_if_agrees", "midwife_if_agrees", "kidney_not_sure", "kidney_unknown", "statin_intro",
        "statin_prescriber", "statin_vitamin_d", "statin_coq10", "coq10_general",
        "vitamin_d_general", "gp_review", "under_18", "under_18_general", "age_unknown", "pregnancy",
        "pregnancy_general", "upper_limit", "dose_above_max", "dose_above_upper_limit",
        "no_higher_dose", "referral", "referral_urgent", "side_effects_pharmacist",
        "referral_unsure", "red_flag_question", "red_flag_watch", "disclaimer", "someone_else_sees_a_doctor",
        "pregnancy_not_sure", "statin_not_sure", "red_flag_question_other", "referral_someone_else",
        "referral_unsure_someone_else", "referral_urgent_someone_else", "possible_sign_question",
        "possible_signs_question", "safety_net", "not_covered_medicines", "not_covered_illness", "not_for_animals",
    }
)
