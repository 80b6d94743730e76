"""The screen on ways of saying each warning sign that are not in its vocabulary
as written (other inflections, the effect instead of the name, a word that
counts beside a part of the body), and on ordinary messages with the same
words that must not get a referral. Written for the screen, not taken from
tests/corpus/."""
import pytest

from understanding import default_screen

SAID = {
    "weakness": ["my knees keep giving out when i go down steps", "toes keep catching on the carpet",
                 "legs feel really heavy and weak by the afternoon", "my right foot flaps when i walk",
                 "i have to use the rail to get up the stairs now which is new",
                 "struggling to stand up after kneeling", "my leg collapsed under me at the bus stop",
                 "i couldn't climb a ladder, my legs won't take me", "when i walk my right foot sort of drags",
                 "the strength in my legs is going", "i have to pull on the banister to get upstairs",
                 "i had a couple of falls this month, legs just went", "i can barely get up the stairs",
                 "i can no longer stand on my heels on the right", "keep tripping over nothing at all",
                 "i can't lift my foot up properly when i walk", "i couldn't lift my leg onto the bed",
                 "i can not lift my foot off the floor properly",
                 "there's less power in my left leg when i push the pedals", "my thigh strength has dropped off a lot"],
    "wasting": ["my thigh has lost a lot of muscle in the last month", "there is like a crater in my calf now",
                "trousers are baggy on my right leg now", "my hand looks bony between the thumb and finger",
                "left calf measures 2cm less than the right", "the muscle in my shin has sunk in",
                "my boots used to be snug around the calf, not any more",
                "my right thigh is thinner than the left one",
                "both calves twitch and one of them looks smaller lately, my husband spotted it"],
    "spreading": ["now my arms are twitching too", "it was only my calves, now my shoulder is at it too",
                  "the twitches have travelled up to my arms", "i can see my tongue quiver in the mirror",
                  "it went from my calves to my shoulders this week",
                  "the twitching has crept into my back and shoulders", "it migrated to my forearms last week"],
    "bulbar": ["food goes down the wrong way all the time now", "i have to concentrate to swallow now",
               "i get short of breath lying in bed", "people say i sound drunk when i talk",
               "liquid comes out my nose when i drink", "i feel like i cant get enough air when i lie down",
               "swallowing has become a problem, especially bread", "my breathing has got worse this week",
               "having breathing problems as well as the twitches",
               "i cant catch my breath even sitting on the sofa",
               "i keep slurring, my mates ask if im drunk because my words come out wrong",
               "bread seems to get stuck halfway down my throat", "new dysphagia and calf fasciculations",
               "i cant get a deep breath in these days", "my voice sounds strange, kind of nasal"],
    "numbness": ["my toes are like sleeping all day", "my foot feels like pins and needles?", "the soles of my feet feel furry", "sensation seems dulled on the outside of my shin",
                 "got in a hot bath and my left foot doesnt feel as hot as the right",
                 "my leg keeps going numb", "i keep getting pins & needles in my right foot",
                 "my feet feel like theyre wrapped in cotton wool", "my foot has been asleep for days",
                 "my left foot feels like it's not there", "decreased sensation over the shin",
                 "paresthesia in both feet and calf fasciculations", "left foot numb - no idea why",
                 "my toes feel asleep like when you sat on your foot, but they stay that way"],
    "swollen_calf": ["my calf swelled up overnight", "my right calf is much bigger than the left and hurts",
                     "calf feels warm and looks puffy", "the calf is hot to touch and bigger than the other",
                     "my calf is swollen: no clue how"],
    "long_cramp": ["my calf cramp hasnt let go, it's been about 20 minutes", "cramp in my hamstring lasting >15 min",
                   "cramps going on for 15+ minutes", "my thigh was locked in cramp for over ten minutes",
                   "the cramp doesnt ease off, it lasts about 25 minutes",
                   "cramps that last over 10 mins", "had a calf cramp that wouldn't let go for ages",
                   "the cramp in my foot lasted a quarter of an hour", "my calf cramp just wouldnt ease"],
    "dark_urine_pain": ["my pee is the colour of cola", "urine looks dark like tea",
                        "the pain in my legs is unbearable",
                        "my legs are aching terribly since i started rosuvastatin", "urine is the colour of tea",
                        "legs are killing me, i can't bend them and my wee is dark",
                        "the ache in my shins has become severe this week"],
}
NOT_A_SIGN = [
    # ordinary
    "my calves twitch at night", "what dose?", "thanks", "i tripped up on my words haha no i mean typing",
    "i have a weak spot for chocolate", "the twitches are weak and small", "i like tea, does caffeine cause twitching?",
    "i'm on blood thinners, can i take magnesium?", "i'm skinny, do i need a smaller dose?",
    "i can't get up in the mornings, and my legs twitch at night", "is magnesium a waste of money?",
    "i fell asleep in the chair and my leg jumped", "my speech at work went well but my legs twitched",
    "i broke my wrist last year but my legs twitch now", "the twitching makes me feel weak in the knees lol",
    "my back aches from sitting at a desk all day, and my calves twitch", "red wine makes my calves twitch",
    "can i spread my doses out?", "my toes go cold in bed and my calves twitch",
    "i swallowed a tablet the wrong way once and coughed, it was fine",
    "i walk 10k steps a day and feel fine, just twitchy legs", "my foot goes to sleep if i sit on it",
    "my legs are skinny, always have been", "my calf muscle jumps all over the place", "i fell off my bike in june",
    "my pee is dark yellow in the morning", "the tablets are big, are they hard to swallow?",
    "could it spread to my arms?", "my calf twitches when i'm falling asleep",
    "i stumbled over the cat on the stairs, now my calf twitches", "the twitches are spread out through the day",
    "there's no word in english for this funny feeling in my calf",
    "i can walk and climb stairs without any trouble",
    # denied, hypothetical, someone else
    "i can stand on tiptoe on both feet, strength fine", "i can swallow normally, just the calf twitch",
    "breathing is fine, it's only my thigh", "my brain is numb after this week at work, and my calf flickers",
    "my knees went weak with relief when the scan was clear", "my legs are dead after leg day lol",
    "legs start jumping as soon as i climb into bed", "we moved to a new house in june, calves twitchy since",
    "travelled to lisbon last week and my thigh has been flickering", "got into cycling and my quads twitch",
    "still getting cramps even after weeks of magnesium, still cramping most nights",
    "my stomach has felt off since i started the tablets", "can we start it all over",
    "i can't see any weakness in my legs, just twitches", "i can't notice any weakness at all",
    "breathing exercises help when the twitching is bad", "i do breathing exercises, the twitching is worse at night",
    "what do you mean by spreads?", "hmm not sure what you mean by weakness, they just feel tired after work",
    "does numbness mean like pins and needles?",
    "my calves twitch like mad when sleeping", "my partner noticed my legs twitch in my sleep",
    "people online say it goes to your arms before it's serious, mine is only my legs",
    "my calf isnt red or swollen", "no tingling, sensation is normal everywhere",
    "cramps never last longer than a minute", "can a cramp last hours?", "will magnesium make my legs weak?",
    "is swelling in the calf serious?", "is trouble swallowing a sign of something serious?",
    "can twitching lead to weakness?", "my mum has weakness in her legs",
    "my uncles legs got really thin before he died",
    "what does it mean when your legs go weak?", "nothing swollen, nothing hot, just a twitch",
    "my nan's legs give way a lot, mine are only twitchy", "would tingling in my toes be a reason to worry?",
    "what counts as a warning sign? like tingling?", "which signs matter, e.g. swelling?",
]


@pytest.mark.parametrize("sign,message", [(sign, message) for sign, messages in SAID.items() for message in messages])
def test_a_sign_said_another_way_is_found(sign, message):
    assert sign in default_screen().read(message).warning_signs


@pytest.mark.parametrize("message", NOT_A_SIGN)
def test_an_ordinary_denied_or_hypothetical_message_has_no_sign(message):
    assert not default_screen().read(message).warning_signs


@pytest.mark.parametrize("factor,message,now", [
    ("kidney_disease", "egfr 38 on my last blood test", True),
    ("kidney_disease", "i had kidney stones once, kidney function normal", False),
    ("statin", "my gp offered me a statin and i turned it down", False),
    ("statin", "i was on a statin but i stopped last year", False),
    ("statin", "i'm taking tablets for high cholesterol", True),
    ("statin", "the gp put me on a statin last year and i still take it", True),
    ("low_ferritin", "ferritin came back at 14", True),
    ("low_ferritin", "ferritin was 9 two years ago", True),
    ("kidney_disease", "passed a kidney stone last spring, legs twitchy", False),
    ("pregnant", "\U0001F930 28 weeks and my calves keep jumping", True),
    ("pregnant", "five months gone and twitchy calves", True),
    ("restless_legs", "i had rls as a teenager, gone since then", False),
    ("restless_legs", "could it be restless legs? there's no urge to move them", False),
    ("magnesium_current", "got some magnesium glycinate but havent started it", False),
    ("magnesium_current", "i havent started the magnesium tablets yet", False),
    ("low_ferritin", "ferritin was low in march, not started iron tablets yet", True),
    ("low_ferritin", "my iron used to be low, it's fine now", False),
    ("magnesium_current", "i'm not taking any magnesium", False),
    ("statin", "the consultant wants to start me on a statin next month", False),
    ("magnesium_current", "i'm planning to try some magnesium", False),
    ("magnesium_current", "currently on 300mg magnesium at night", True),
    ("magnesium_current", "can i take magnesium if i drink coffee", False),
    ("statin", "do statins cause muscle twitches?", False),
    ("statin", "was on simvastatin for a bit, came off it in the spring", False),
    ("kidney_disease", "is magnesium hard on the kidneys?", False),
    ("kidney_disease", "they tested my kidney function and said it was fine", False),
    ("pregnant", "i'm 24 wks pregnant and my calves jump", True),
    ("pregnant", "expressing milk for my little one, legs twitchy", True),
    ("restless_legs", "my legs get so restless in the evenings", True),
    ("restless_legs", "theres an urge to jiggle my legs when i sit", True),
    ("restless_legs", "i had restless legs when i was pregnant but it went away", False),
    ("restless_legs", "the twitching has moved from my legs to my back", False),
    ("restless_legs", "is restless legs the same thing? i dont think i have it", False),
    ("magnesium_current", "thinking of starting some magnesium", False),
    ("magnesium_current", "going to start magnesium next week", False),
    ("low_ferritin", "ferritin was low a while back, fine since", False),
    ("statin", "wait what even is a statin?", False),
    ("statin", "are statins bad with magnesium?", False),
    ("statin", "on a statin, is mag ok?", True),
    ("magnesium_current", "how much magnesium should i take?", False),
    ("magnesium_current", "which magnesium could i take at night?", False),
])
def test_a_risk_factor_is_read_now_or_not(factor, message, now):
    assert default_screen().read(message).risk_factors.get(factor, False) is now
