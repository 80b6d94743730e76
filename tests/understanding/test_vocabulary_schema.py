"""The vocabulary is validated on load, like the facts: a misspelt key, a wrong type or a
phrase listed twice stops the start with the file, the entry and the problem."""
import copy
from pathlib import Path

import pytest
import yaml

from understanding.screen import VocabularyError, validate_vocabulary
from understanding.subject import PeopleFileError, load_people

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = yaml.safe_load((ROOT / "knowledge" / "magnesium.yml").read_text())
PATH = Path("knowledge/magnesium.yml")


def test_the_shipped_vocabulary_is_valid():
    validate_vocabulary(KNOWLEDGE, PATH)
    load_people()


def broken(change):
    knowledge = copy.deepcopy(KNOWLEDGE)
    change(knowledge)
    return knowledge


@pytest.mark.parametrize("change,problem", [
    (lambda k: k["red_flags"][0]["paired"].__setitem__(0, {**k["red_flags"][0]["paired"][0], "unles": ["x"]})
     if k["red_flags"][0].get("paired") else k["red_flags"][0].__setitem__("paired", [{"vocabulary": ["x"], "unles": []}]),
     "unknown key 'unles'"),
    (lambda k: k["red_flags"][1].__setitem__("vocabulary", "thin"), "'vocabulary' has the wrong type"),
    (lambda k: k["red_flags"][2]["vocabulary"].append(k["red_flags"][2]["vocabulary"][0]), "listed twice"),
    (lambda k: k["risk_factors"]["statin"].__setitem__("vocabuary", ["x"]), "unknown key 'vocabuary'"),
])
def test_a_broken_vocabulary_stops_the_start_naming_the_entry(change, problem):
    with pytest.raises(VocabularyError, match=problem):
        validate_vocabulary(broken(change), PATH)


def test_a_broken_people_file_is_named(tmp_path):
    people = yaml.safe_load((ROOT / "understanding" / "people.yml").read_text())
    people["relatons"] = people.pop("relations")
    path = tmp_path / "people.yml"
    path.write_text(yaml.safe_dump(people))
    with pytest.raises(PeopleFileError, match="unknown key 'relatons'"):
        load_people(path)
