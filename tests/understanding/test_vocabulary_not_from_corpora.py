"""A corpus measures; it never writes rules. No phrase of the understanding's vocabulary or
context cues, five words or longer, may occur in any corpus message: such a run is quoted
from the corpus, and makes it worthless as a measure."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY_FILES = {ROOT / "knowledge" / "magnesium.yml": ("red_flags", "risk_factors", "body_words"),
                    ROOT / "understanding" / "context_rules.yml": None, ROOT / "understanding" / "people.yml": None}
NOT_PHRASES = {"text", "cite", "id", "longer_than_minutes", "number_below", "within", "unless_within",
               "token_patterns"}
MIN_WORDS = 5


def words(text) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", str(text).lower().replace("\u2019", "'")))


def phrases(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_PHRASES:
                yield from phrases(value)
    elif isinstance(node, list):
        for value in node:
            yield from phrases(value)
    elif isinstance(node, str):
        yield node


def vocabulary():
    for path, sections in VOCABULARY_FILES.items():
        data = yaml.safe_load(path.read_text())
        for section in sections or data:
            for phrase in phrases(data.get(section)):
                yield path.name, phrase


def corpus_messages():
    for path in sorted((ROOT / "tests" / "corpus").glob("*.yml")):
        for part in yaml.safe_load(path.read_text()).values():
            for item in part if isinstance(part, list) else []:
                if isinstance(item, dict) and "text" in item:
                    yield path.name, f" {words(item['text'])} "


def test_no_vocabulary_phrase_of_five_words_or_more_is_quoted_from_a_corpus():
    messages = list(corpus_messages())
    assert len(messages) > 1000
    long = {(name, words(phrase)) for name, phrase in vocabulary() if len(words(phrase).split()) >= MIN_WORDS}
    assert long, "the check reads the vocabulary"
    quoted = sorted({(name, phrase, corpus) for name, phrase in long for corpus, text in messages
                     if f" {phrase} " in text})
    # Names the file and the phrase, never the corpus message (a held-out corpus stays unread).
    assert quoted == [], "\n".join(f"{name}: '{phrase}' occurs in {corpus}" for name, phrase, corpus in quoted)
