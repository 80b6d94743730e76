"""What `make review` shows of a message that holds personal data."""
import pytest

from review.masking import mask


@pytest.mark.parametrize("text, shown", [
    ("call me back on 07700 900123", "call me back on <phone>"),
    ("my phone is +44 7700 900123.", "my phone is <phone>."),
    ("ring (020) 7946-0958 after 6", "ring <phone> after 6"),
    ("my nhs number is 943 476 5919", "my nhs number is <phone>"),
    ("ref 9434765919x", "ref <number>x"),
    ("email me at alice.walker+gp@example.co.uk please", "email me at <email> please"),
    ("born 12/03/1985, is that ok", "born <date>, is that ok"),
    ("my name is Alice Walker and my legs twitch", "my name is <name> and my legs twitch"),
    ("hi, my name's sam. my calves twitch", "hi, my name's <name>. my calves twitch"),
    ("I'm called Dr Jo Anne Smith-Jones", "I'm called <name>"),
    ("call me on 07700 900123", "call me on <phone>"),
])
def test_personal_data_is_masked(text, shown):
    assert mask(text) == shown


@pytest.mark.parametrize("text", [
    "i take 250 mg of magnesium citrate", "two 200mg tablets for 6 weeks", "i'm 35", "1000 mg of calcium",
    "what is my name?", "my name is", "i'll be 18 in march", "3 times a day for 2 weeks",
])
def test_what_people_say_about_doses_and_ages_is_kept(text):
    assert mask(text) == text
