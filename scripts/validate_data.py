"""`rasa data validate`, failing on any warning that is not explained below.

    .venv/bin/python scripts/validate_data.py [rasa data validate options, e.g. --data data candidates.yml]
"""
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List

# Rasa's validator only counts responses used in stories and rules. These are
# used elsewhere, so its warnings about them are expected.
USED_OUTSIDE_STORIES = {
    "utter_ask_": "asked by the intake form (one per form slot)",
    "utter_hint_": "sent by validate_intake_form when an answer is unclear",
    "utter_noted_unsure": "sent by validate_intake_form after two unclear answers",
    "utter_noted_something_else": "sent by validate_intake_form when a reply tells something else",
    "utter_why_we_ask": "sent by validate_intake_form when asked why a question is asked",
    "utter_red_flags_explained": "sent by validate_intake_form when asked what a warning sign means",
    "utter_stopped": "sent by action_stop_or_answer when a reply in the questions means stop",
    "utter_referral_taken_back": "sent by action_ask_red_flags after a referral was corrected",
    "utter_anything_else": "sent by action_anything_else and the check-in actions",
    "utter_referral_misread": "sent by action_red_flag_referral",
    "utter_only_your_own": "sent by action_someone_elses_sign",
    "utter_intake_start": "sent by action_ask_red_flags",
    "utter_plan_": "sent by action_give_plan",
    "utter_offer_plan": "sent by action_answer_followup before the intake",
    "utter_action_failed": "sent by any action that fails",
    "utter_restart": "sent by Rasa's action_restart",
    "utter_did_you_mean": "sent by action_did_you_mean for an unsure guess",
    "utter_data_deleted": "sent by action_delete_my_data",
    "utter_carry_on": "sent by validate_intake_form after a greeting or thanks in the middle of the intake",
    "utter_default": "sent by action_did_you_mean when no topic is likely",
    "utter_out_of_scope": "also sent by validate_intake_form for an off-topic reply",
    "utter_my_plan": "sent by action_my_plan",
    "utter_no_plan_yet": "sent by action_my_plan before there is a plan",
    "utter_offer_": "sent by action_give_plan and action_checkin_better",
    "utter_checkin": "sent by the check-in actions (actions/checkin_actions.py)",
    "utter_no_checkins": "sent by action_stop_checkins when nothing is planned",
}
# Intents never typed: triggered (POST /conversations/{id}/trigger_intent) or set by the screen.
TRIGGERED_ONLY = {"checkin_due": "a check-in falling due (checkins/scheduler.py, channels/guard.py)",
                  "report_someone_elses_sign": "set by the warning-sign screen (nlu_components/warning_screen.py)",
                  "report_possible_sign": "set by the warning-sign screen (nlu_components/warning_screen.py)",
                  "about_an_animal": "set by the warning-sign screen (nlu_components/warning_screen.py)"}
NOT_IN_NLU = re.compile(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU training data")
UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule")


def main(options: List[str]) -> int:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "data", "validate", *options],
        capture_output=True, text=True,
        # SQLAlchemy's 2.0 deprecation notice is about Rasa's own code.
        env=dict(os.environ, SQLALCHEMY_SILENCE_UBER_WARNING="1"),
    )
    output = result.stdout + result.stderr
    problems = []
    for line in output.splitlines():
        if "UserWarning" not in line and "WARNING" not in line:
            continue
        match = UNUSED.search(line)
        if match and any(match.group(1).startswith(prefix) for prefix in USED_OUTSIDE_STORIES):
            continue
        match = NOT_IN_NLU.search(line)
        if match and match.group(1) in TRIGGERED_ONLY:
            continue
        problems.append(line.strip())
    if result.returncode != 0 or problems:
        print(output if result.returncode != 0 else "\n".join(problems))
        print("rasa data validate: FAILED")
        return 1
    print("rasa data validate: OK (the only warnings are explained in scripts/validate_data.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
