"""`make review`: what the assistant handled badly, read from a store filled by real
conversations with the running servers - on SQLite and on PostgreSQL."""
import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import pytest
import sqlalchemy
import yaml

from benchmarks.review import generate_store
from tests.e2e.conftest import require
from tests.e2e.harness import BIN, ROOT, Product, base_env
from tests.e2e.test_persistence import services_running
from tests.e2e.test_privacy import fresh_database

# One list per person, sent in this order. The texts were chosen for how the trained
# model reads them (a fallback, a low-confidence guess...).
CONVERSATIONS = [
    ["hello there", "is it ok for kids"],
    ["my legs twitch", "purple", "no"],
    ["what's the best pizza in naples?"],
    ["my name is Alice Walker and my email is alice.walker@example.com", "can you call me back on 07700 900123"],
    ["is it ok for kids", "what are the side effects of magnesium?"],
    ["how long until it works", "thanks a lot", "is it ok for kids"],
    ["my mum has it too"],
]
# What the review lists, newest first: the masked text and why it is there
# (where the classifier's exact confidence decides between two reasons, either).
HANDLED_BADLY = [
    ("my mum has it too", ("low confidence", "not understood")),
    ("is it ok for kids", ("not understood", "low confidence")),  # "Did you mean ...?"
    ("can you call me back on <phone>", "out of scope"),
    ("my name is <name> and my email is <email>", ("not understood", "low confidence")),
    ("what's the best pizza in naples?", "out of scope"),
    ("purple", "re-asked"),  # the form's hint: not an answer to the warning-sign question
]
UNDERSTOOD = ["hello there", "my legs twitch", "no", "what are the side effects of magnesium?",
              "how long until it works", "thanks a lot"]
PERSONAL_DATA = ["Alice", "Walker", "alice.walker@example.com", "07700", "900123"]
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d +(?P<count>\d+)x +(?P<reason>not understood|re-asked|out of scope|"
                  r"low confidence) +(?P<intent>\w+) +(?P<confidence>[01]\.\d\d) +(?P<text>.+)$")


@dataclass
class Review:
    store: str
    stdout: str
    stderr: str
    export: Path
    senders: List[str]

    def lines(self) -> List[Dict[str, str]]:
        return [LINE.match(line).groupdict() for line in self.stdout.splitlines()[1:] if LINE.match(line)]


def make_review(env: Dict[str, str], export: Path) -> subprocess.CompletedProcess:
    """As a person runs it: `make review EXPORT=...` with the assistant's settings."""
    return subprocess.run(["make", "--no-print-directory", "review", f"EXPORT={export}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def review(request, logs, tmp_path_factory):
    """Conversations had with the product started as `make run` starts it, then `make review`."""
    folder = tmp_path_factory.mktemp(f"review-{request.param}")
    if request.param == "sqlite":
        yield reviewed(request.param, logs, folder, dict(TRACKER_DB=str(folder / "conversations.db")))
        return
    require(services_running(), "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running",
            "REQUIRE_SERVICES")
    with fresh_database() as settings:
        yield reviewed(request.param, logs, folder, dict(settings, RASA_ENDPOINTS="endpoints.production.yml"))


def reviewed(store: str, logs: Path, folder: Path, settings: Dict[str, str]) -> Review:
    product = Product(logs, "actions", "rasa", **settings).start()
    senders = []
    try:
        for messages in CONVERSATIONS:
            senders.append(f"review-{uuid.uuid4().hex[:10]}")
            for message in messages:
                product.say(senders[-1], message)
    finally:
        product.stop()
    export = folder / "candidates.yml"
    result = make_review(base_env(**settings), export)
    assert result.returncode == 0, result.stdout + result.stderr
    return Review(store, result.stdout, result.stderr, export, senders)


def test_the_messages_handled_badly_are_listed_newest_first_and_the_understood_ones_are_not(review):
    listed = [(line["text"], line["reason"]) for line in review.lines()]
    assert [text for text, _ in listed] == [text for text, _ in HANDLED_BADLY]
    for (text, reason), (_, expected) in zip(listed, HANDLED_BADLY):
        assert reason in expected if isinstance(expected, tuple) else reason == expected, text
    listed = {line["text"] for line in review.lines()}
    assert not listed & set(UNDERSTOOD)
    assert review.stdout.startswith("14 user messages in 7 conversations; 8 handled badly (6 different texts)")


def test_a_repeated_text_is_one_line_with_its_count(review):
    counts = {line["text"]: int(line["count"]) for line in review.lines()}
    assert counts["is it ok for kids"] == 3
    assert sum(counts.values()) == 8 and set(counts.values()) == {1, 3}


def test_each_line_shows_the_likeliest_intent_and_its_confidence(review):
    kids = next(line for line in review.lines() if line["text"] == "is it ok for kids")
    # NLU fell back: the line shows the classifier's guess, not "nlu_fallback".
    assert kids["intent"] == "ask_kidney" and 0.3 < float(kids["confidence"]) < 0.6
    mum = next(line for line in review.lines() if line["text"] == "my mum has it too")
    assert mum["intent"] == "ask_side_effects" and float(mum["confidence"]) < 0.6


def test_personal_data_and_sender_ids_appear_in_neither_output(review):
    for output in (review.stdout, review.export.read_text()):
        assert "<name>" in output and "<email>" in output and "<phone>" in output
        for secret in PERSONAL_DATA + review.senders + ["rest:"]:
            assert secret not in output


def test_the_export_lists_each_message_under_its_guessed_intent_with_its_confidence(review):
    text = review.export.read_text()
    nlu = yaml.safe_load(text)["nlu"]
    exported = {example["text"]: item["intent"] for item in nlu for example in item["examples"]}
    assert exported == {line["text"]: line["intent"] for line in review.lines()}
    assert re.search(r"# (not understood|low confidence), confidence 0\.\d\d, 3x, last [\d-]+ [\d:]+\n"
                     r"  - text: \"is it ok for kids\"", text)


def test_the_export_passes_rasa_data_validate_once_its_intents_are_set(review, tmp_path):
    # What a person does with the file: the right intent for what is worth learning,
    # the rest (nonsense, masked personal data) deleted.
    right_intents = {"is it ok for kids": "ask_dose", "what's the best pizza in naples?": "out_of_scope",
                     "my mum has it too": "out_of_scope"}
    nlu = yaml.safe_load(review.export.read_text())["nlu"]
    examples = [example["text"] for item in nlu for example in item["examples"]]
    assert set(right_intents) <= set(examples)
    labelled = {"version": "3.1", "nlu": [{"intent": intent, "examples": [{"text": text}]}
                                          for text, intent in right_intents.items()]}
    corrected = tmp_path / "reviewed.yml"
    corrected.write_text(yaml.safe_dump(labelled, sort_keys=False))
    result = subprocess.run([str(BIN / "python"), "scripts/validate_data.py", "--data", "data", str(corrected)],
                            cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "rasa data validate: OK" in result.stdout, result.stdout


def test_progress_goes_to_a_terminal_and_stdout_stays_clean(tmp_path):
    database = tmp_path / "conversations.db"
    generate_store(sqlalchemy.create_engine(f"sqlite:///{database}"), conversations=300)
    env = base_env(TRACKER_DB=str(database), ACTION_ENDPOINT_URL="unused")
    command = [str(BIN / "python"), "scripts/review_conversations.py", "endpoints.yml"]

    quiet = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert quiet.stdout.startswith("1,") and " user messages in 300 conversations; " in quiet.stdout

    terminal, terminal_side = pty.openpty()
    fcntl.ioctl(terminal_side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # as a terminal window has
    shown = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=terminal_side, text=True)
    os.close(terminal_side)
    progress = read_terminal(terminal)
    assert shown.wait(120) == 0 and "Reading conversations" in progress and "100%" in progress
    assert shown.stdout.read() == quiet.stdout


def read_terminal(terminal: int) -> str:
    """Everything written to a pseudo-terminal until its other side is closed."""
    chunks = []
    try:
        while True:
            chunk = os.read(terminal, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:  # Linux reports the closed side as EIO
        pass
    finally:
        os.close(terminal)
    return b"".join(chunks).decode(errors="replace")
