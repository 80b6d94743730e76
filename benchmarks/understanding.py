"""Measures one corpus of tests/corpus/ against the product `make run` starts, over REST,
with the three outcomes of a warning sign (referral, a question naming it, none):

  python -m benchmarks.understanding sealed_11            (or: make measure CORPUS=sealed_11)

Writes results/understanding/<corpus>.json with the date and commit it was taken on.
A corpus measured here is looked at; the one held out (sealed_12) is measured once, at the end.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import uuid
from pathlib import Path

import yaml

from tests.e2e.harness import ROOT, Product, texts
from tests.intake_model import KNOWLEDGE

RESULTS = ROOT / "results" / "understanding"
REFERRALS = [KNOWLEDGE.fact(fact).text for fact in
             ("referral", "referral_unsure", "referral_someone_else", "referral_unsure_someone_else")]
ASKED = [KNOWLEDGE.fact("possible_sign_question").text, KNOWLEDGE.fact("possible_signs_question").text]
# Where the form is when each question is asked, as typed replies (tests/e2e/test_understanding_corpus.py).
BEFORE = {
    "red_flags": [], "age_group": ["no"], "pregnant": ["no", "40"], "kidney_disease": ["no", "40", "no"],
    "statin": ["no", "40", "no", "no"], "restless_legs": ["no", "40", "no", "no", "no"],
    "low_ferritin": ["no", "40", "no", "no", "no", "yes"], "timing": ["no", "40", "no", "no", "no", "no"],
    "calcium_intake": ["no", "40", "no", "no", "no", "no", "at night"],
    "magnesium_current": ["no", "40", "no", "no", "no", "no", "at night", "yes"],
    "magnesium_dose": ["no", "40", "no", "no", "no", "no", "at night", "yes", "yes"],
    "magnesium_weeks": ["no", "40", "no", "no", "no", "no", "at night", "yes", "yes", "250 mg"],
}


def sender() -> str:
    return f"measure-{uuid.uuid4().hex[:12]}"


def close_enough(got, expected) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and abs(got - expected) <= max(0.5, 0.05 * expected)
    return got == expected


def warning_signs(bot: Product, items: list) -> dict:
    silent, false, asked_without, wrongly = [], [], [], []
    for item in items:
        replies = texts(bot.say(sender(), item["text"]))
        referred = any(text in replies for text in REFERRALS)
        asked = any(text in replies for text in ASKED)
        if item["expect"] == "referral" and not (referred or asked):
            silent.append(item["text"])
        if item["expect"] != "referral" and referred:
            false.append(item["text"])
        if item["expect"] != "referral" and asked:
            asked_without.append(item["text"])
        if item["expect"] == "referral" and asked and not referred:
            wrongly.append(item["text"])
    signs = sum(item["expect"] == "referral" for item in items)
    others = len(items) - signs
    return {
        "silent misses": round(len(silent) / signs, 3), "false referrals": round(len(false) / others, 3),
        "questions without a sign": round(len(asked_without) / others, 3),
        "signs asked about, not referred": round(len(wrongly) / signs, 3),
        "silently missed": silent, "falsely referred": false, "asked without a sign": asked_without,
    }


def facts(bot: Product, items: list) -> dict:
    wrong, again = [], []
    for item in items:
        person = sender()
        bot.say(person, item["text"])
        got = bot.tracker(person)["slots"].get(item["factor"])
        if not (got == "yes" if item["expect"] == "yes" else got != "yes"):
            wrong.append((item["factor"], item["text"], got))
        if got is None:
            again.append((item["factor"], item["text"]))  # its question will come
    return {"facts read right": round(1 - len(wrong) / len(items), 3),
            "facts asked again": round(len(again) / len(items), 3), "misread": wrong, "asked again": again}


def answers(bot: Product, items: list) -> dict:
    wrong = []
    for item in items:
        person = sender()
        bot.say(person, "my legs twitch")
        for earlier in BEFORE[item["question"]]:
            bot.say(person, earlier)
        bot.say(person, item["text"])
        got = bot.tracker(person)["slots"].get(item["question"])
        expected = item["expect"]
        right = got == "yes" if item["question"] == "red_flags" and expected == "yes" else close_enough(got, expected)
        if not right:
            wrong.append((item["question"], item["text"], expected, got))
    return {"answers read right": round(1 - len(wrong) / len(items), 3), "answers misread": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a file name in tests/corpus/, without .yml")
    corpus_name = parser.parse_args().corpus
    corpus = yaml.safe_load((ROOT / "tests" / "corpus" / f"{corpus_name}.yml").read_text())
    RESULTS.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    print(f"==> Starting the product (scripts/run.sh) to measure {corpus_name}", flush=True)
    bot = Product(RESULTS, TRACKER_DB=str(RESULTS / f"{corpus_name}.db")).start()
    try:
        figures = {"corpus": corpus_name, "date": dt.date.today().isoformat(), "commit": commit}
        for part, measure in (("warning_signs", warning_signs), ("risk_factors", facts), ("answers", answers)):
            print(f"==> {part}: {len(corpus.get(part) or [])} messages", flush=True)
            figures.update(measure(bot, corpus.get(part) or []))
    finally:
        bot.stop()
        (RESULTS / f"{corpus_name}.db").unlink(missing_ok=True)
    (RESULTS / f"{corpus_name}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps({key: value for key, value in figures.items() if not isinstance(value, list)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
