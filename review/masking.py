"""Masks what looks like personal data in a message before anyone sees it.

Errs on the side of masking: a dose list typed as "1000 2000" reads like a
phone number and is masked too - a reviewer loses little, a person could lose
more.
"""
from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")  # a date of birth is as telling as a name
# Seven or more digits with the separators people type in phone numbers.
PHONE = re.compile(r"(?<!\w)\+?\(?\d(?:[\s().-]{0,2}\d){6,}(?!\w)")
LONG_NUMBER = re.compile(r"\d{6,}")
NAME_INTRO = re.compile(r"\b(my name is|my name's|my names|name is|i am called|i'm called|im called)\s+", re.IGNORECASE)
# Words that end a name: what people go on to say after it.
NOT_A_NAME = {"and", "but", "so", "i", "i'm", "im", "my", "from", "here", "with", "the", "a", "aged", "age", "of",
              "also", "too", "please", "thanks", "thank", "hi", "hello"}
MAX_NAME_WORDS = 4  # "Dr Mary Ann Smith"


def mask(text: str) -> str:
    text = EMAIL.sub("<email>", text)
    text = DATE.sub("<date>", text)
    text = PHONE.sub("<phone>", text)
    text = LONG_NUMBER.sub("<number>", text)
    return _mask_names(text)


def _mask_names(text: str) -> str:
    masked, position = [], 0
    for intro in NAME_INTRO.finditer(text):
        if intro.start() < position:
            continue
        name_end = _name_end(text, intro.end())
        if name_end > intro.end():
            masked.append(text[position:intro.end()] + "<name>")
            position = name_end
    return "".join(masked) + text[position:]


def _name_end(text: str, start: int) -> int:
    """Where the name that starts at `start` ends: up to four words, stopping at
    punctuation or a word that is not part of a name."""
    end = start
    for count, word in enumerate(re.finditer(r"\S+", text[start:])):
        bare = word.group().rstrip(".,;:!?")
        if count == MAX_NAME_WORDS or bare.lower() in NOT_A_NAME or not bare:
            break
        end = start + word.start() + len(bare)
        if bare != word.group():  # punctuation closes the name
            break
    return end
