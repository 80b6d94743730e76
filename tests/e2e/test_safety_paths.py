"""The conversations that went wrong on the landed main (the safety-paths issue), each
had again over REST against the product `make run` starts, as a person has them."""
import re
import uuid

from tests.e2e.harness import texts
from tests.intake_model import KNOWLEDGE

REFERRAL = KNOWLEDGE.fact("referral").text
THEIR_REFERRAL = KNOWLEDGE.fact("referral_someone_else").text
SAFETY_NET = KNOWLEDGE.fact("safety_net").text
NO_SIGNS = '/deny{"answer": "red_flags:no"}'
AN_AMOUNT = re.compile(r"\d\s?mg\b")


def new_sender():
    return f"safety-{uuid.uuid4().hex[:12]}"


def chat(bot, *messages):
    sender = new_sender()
    return sender, [texts(bot.say(sender, message)) for message in messages]


def test_a_question_at_the_warning_sign_question_is_answered_and_the_question_comes_again(bot):
    sender, replies = chat(bot, "my legs twitch", "wait is twitching by itself a sign of als or not")
    assert "doesn't cover" in replies[1] and "ALS" in replies[1]
    assert "warning signs?" in replies[1] and "18 or older" not in replies[1]
    assert bot.tracker(sender)["slots"]["red_flags"] is None


def test_whats_a_statin_is_no_statin(bot):
    sender, replies = chat(bot, "my legs twitch", NO_SIGNS, "18 or older", "no", "no", "whats a statin")
    assert "take a statin" in replies[-1]  # asked again
    assert bot.tracker(sender)["slots"]["statin"] is None


def test_an_age_said_in_a_question_keeps_an_adult_dose_away(bot):
    _, replies = chat(bot, "im 15, how much magnesium should i take")
    assert replies[0].startswith("\u2022 The guide's doses are for adults") or \
        replies[0].startswith("The guide's doses are for adults")
    assert not AN_AMOUNT.search(replies[0])


def test_a_parent_asking_about_a_son_gets_questions_about_him_and_no_adult_dose(bot):
    sender, replies = chat(bot, "my son is 15 and his legs twitch at night, can he take magnesium?", NO_SIGNS)
    assert "do they have any of these warning signs?" in replies[0]
    assert "Here is your plan for the person you're asking about" in replies[1]
    assert not AN_AMOUNT.search(replies[1])
    slots = bot.tracker(sender)["slots"]
    assert slots["for_whom"] == "someone_else" and slots["age_group"] == "under_18" and slots["pregnant"] == "no"


def test_her_legs_not_mine_is_about_her_and_says_no_sign_nobody_said(bot):
    sender, replies = chat(bot, "her legs twitch, not mine. she's 15")
    assert "do they have any of these warning signs?" in replies[0]
    assert "numbness [NICE]\n" not in replies[0].split("warning signs?")[0]
    assert bot.tracker(sender)["slots"]["age_group"] == "under_18"


def test_whose_age_is_asked_before_it_is_taken(bot):
    sender, replies = chat(bot, "my legs twitch", NO_SIGNS, "she's 15, I'm 44")
    assert "Who are you asking for?" in replies[-1]
    assert bot.tracker(sender)["slots"]["age_group"] is None
    _, more = chat(bot, "my legs twitch", NO_SIGNS, "she's 15, I'm 44")  # a fresh chat: the same question
    sender2, replies2 = chat(bot, "my legs twitch", NO_SIGNS, "she's 15, I'm 44", "someone else", "she's 15")
    assert bot.tracker(sender2)["slots"]["age_group"] == "under_18"


def test_someone_elses_sign_beside_my_own_twitching_answers_both(bot):
    _, replies = chat(bot, "my dad had a stroke and cant swallow well, but this is about me: "
                           "Im 41 and my thighs twitch at night")
    assert "What you describe in someone else" in replies[0]
    assert "do you have any of these warning signs?" in replies[0]


def test_their_warning_sign_is_their_referral(bot):
    _, replies = chat(bot, "my mum gets twitchy legs and she's been choking on food lately")
    assert THEIR_REFERRAL in replies[0] and not AN_AMOUNT.search(replies[0])


def test_trouble_swallowing_beside_something_ordinary_is_no_dead_end(bot):
    _, replies = chat(bot, "money is tight so the tablets are a stretch, and lately swallowing food has got hard")
    assert "Sorry, I can't help with that" not in replies[0]
    assert REFERRAL in replies[0] or "Just to check" in replies[0]


def test_other_medicines_get_who_to_ask_not_a_silent_yes(bot):
    _, replies = chat(bot, "is it alright to take it alongside my other tablets? I'm on amlodipine and lansoprazole")
    assert KNOWLEDGE.fact("not_covered_medicines").text in replies[0]
    assert "Nothing you've told me changes your plan" not in replies[0]


def test_a_fear_of_als_is_acknowledged_first(bot):
    _, replies = chat(bot, "can u just tell me if this is als or not")
    assert replies[0].lstrip("\u2022 ").startswith("I understand this is worrying")


def test_out_of_scope_ends_with_the_safety_net(bot):
    _, replies = chat(bot, "what's the capital of France?")
    assert SAFETY_NET in replies[0]


def test_a_calcium_answer_changes_only_the_calcium(bot):
    sender, replies = chat(bot, "my calves twitch", NO_SIGNS, "18 or older", "no", "no", "no", "no", "at night",
                           "yes, milk in tea and yoghurt most mornings", "no")
    assert bot.tracker(sender)["slots"]["timing"] == "night"
    assert "in the evening" in replies[-1]


def test_magnesium_said_up_front_is_not_asked_again(bot):
    _, replies = chat(bot, "I take 200mg magnesium citrate for about 3 weeks already", NO_SIGNS, "18 or older",
                      "no", "no", "no", "no", "at night", "yes most days")
    asked = "\n".join(replies)
    assert "Are you already taking magnesium?" not in asked and "How much magnesium" not in asked
    assert "Here is your plan" in replies[-1]


def test_a_man_is_not_asked_about_pregnancy(bot):
    _, replies = chat(bot, "im a 63-year-old man and my calves twitch", NO_SIGNS)
    assert "pregnant" not in replies[-1] and "18 or older" not in replies[-1]


def test_a_possible_sign_is_asked_about_by_name(bot):
    sender, replies = chat(bot, "my calves twitch and i worry in case my foot starts to drag")
    assert "Just to check - do you have this warning sign?" in replies[0]
    assert "new weakness in the legs, or tripping" in replies[0]
    replies = texts(bot.say(sender, "not sure"))
    assert REFERRAL in replies or KNOWLEDGE.fact("referral_unsure").text in replies


def test_a_typed_slash_is_screened_like_any_text(bot):
    _, replies = chat(bot, "/ my foot drags and i keep tripping")
    assert REFERRAL in replies[0] or "Just to check" in replies[0]


def test_a_pet_gets_ask_a_vet_and_never_a_dose(bot):
    for message in ("how much magnesium can I give my cat for twitching", "my dog has twitching back legs"):
        _, replies = chat(bot, message)
        assert KNOWLEDGE.fact("not_for_animals").text in replies[0] and not AN_AMOUNT.search(replies[0])


def test_nearly_18_is_under_18(bot):
    sender, _ = chat(bot, "my legs twitch", NO_SIGNS, "nearly 18")
    assert bot.tracker(sender)["slots"]["age_group"] == "under_18"


def test_mostly_is_no_yes_to_a_yes_or_no_question(bot):
    sender, replies = chat(bot, "my legs twitch", "mostly fine")
    assert REFERRAL not in replies[-1] and bot.tracker(sender)["slots"]["red_flags"] is None


def test_a_mothers_emergency_is_her_referral_and_no_questions_for_the_writer(bot):
    _, replies = chat(bot, "my mom's legs twitch and she has trouble breathing")
    assert THEIR_REFERRAL in replies[0] and "fits you" not in replies[0]


def test_no_im_a_man_answers_the_pregnancy_question(bot):
    sender, replies = chat(bot, "my legs twitch", NO_SIGNS, "18 or older", "no, I'm a man")
    assert bot.tracker(sender)["slots"]["pregnant"] == "no" and "Who are you asking for?" not in replies[-1]


def test_the_logs_hold_no_slot_values_from_button_payloads(bot):
    chat(bot, "my legs twitch", NO_SIGNS, "18 or older")
    logged = bot.log.read_text(errors="replace")
    assert "interpolator" not in logged and "placeholder_key" not in logged
