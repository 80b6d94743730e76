"""When the intent classifier's "warning sign" guess stands without the screen."""
from nlu_components.warning_screen import _decide_intent
from understanding import default_screen

GUESS = {"name": "report_red_flag", "confidence": 0.95}
RANKING = [GUESS, {"name": "inform", "confidence": 0.03}]


def decided(text):
    return _decide_intent(GUESS, RANKING, default_screen().read(text), text)


def test_a_message_that_says_nothing_about_the_body_is_not_referred_on_a_guess():
    assert decided("my name is Alice Walker, my number is 07700 900123")["name"] == "inform"


def test_a_symptom_the_screen_does_not_know_is_still_referred_on_a_confident_guess():
    text = "my left leg has felt all strange since tuesday, something is off with it"
    assert not default_screen().read(text).warning_signs
    assert decided(text) is None


def test_taking_back_a_sign_is_a_no_whatever_the_classifier_guessed():
    for guess in ("ask_not_working", "my_plan", "report_red_flag"):
        intent = {"name": guess, "confidence": 0.7}
        text = "i dont have weakness, i was just asking what it means"
        assert _decide_intent(intent, [intent], default_screen().read(text), text)["name"] == "deny"
    for text in ("i was only asking, what is the dose?", "just wondering does magnesium help cramps"):
        intent = {"name": "ask_dose", "confidence": 0.7}
        assert _decide_intent(intent, [intent], default_screen().read(text), text) is None


def test_a_message_about_twitching_is_never_out_of_scope():
    ranking = [{"name": "out_of_scope", "confidence": 0.6}, {"name": "ask_dose", "confidence": 0.2}]
    text = "im 15, my calves twitch after netball, how much magnesium can i have"
    assert _decide_intent(ranking[0], ranking, default_screen().read(text), text)["name"] == "ask_dose"
    for other in ("whats the best pizza place near me", "my eyelid keeps twitching"):
        assert _decide_intent(ranking[0], ranking, default_screen().read(other), other) is None
    # a pet's legs: the guide is about people, and says so
    pet = "my dog's back legs twitch"
    assert _decide_intent(ranking[0], ranking, default_screen().read(pet), pet)["name"] == "about_an_animal"
    unsure = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_dose", "confidence": 0.3}]
    assert _decide_intent(unsure[0], unsure, default_screen().read(text), text) is None  # "Did you mean ...?"
