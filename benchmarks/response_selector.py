"""Follow-up topics: 20 `ask_*` intents (design A, the product) against one retrieval
intent `faq/<topic>` with a ResponseSelector (design B), on the same data and folds.

    .venv/bin/python -m benchmarks.response_selector            # everything, ~30 min on 2 shared cores
    .venv/bin/python -m benchmarks.response_selector --no-cv    # held-out corpus and costs only

B is built from this repository's own files: data/nlu with each `- intent: ask_<topic>`
of the 20 follow-up topics renamed `- intent: faq/<topic>`, and config.yml with a
ResponseSelector (retrieval_intent: faq, epochs as the stock `rasa init` config) after
the LogisticRegressionClassifier. A topic counts as understood when A's intent is
`ask_<topic>`, or B's intent is `faq` and its selected key `faq/<topic>` - what the
follow-up action would answer.

1. 3-fold cross-validation, the folds shuffled with a fixed seed and stratified by A's
   intents, the same folds for both: intent weighted F1 as `rasa test nlu` computes it
   (B's follow-ups are one intent `faq`), the same F1 with B's topics split out (the
   labels A has), and topic accuracy / macro F1 on the follow-up examples.
2. Topic accuracy on the `followups` of tests/corpus/understanding.yml (written apart
   from data/), with both models trained on all of data/nlu.
3. Cost: NLU training time from scratch (Rasa's cache off), parse time per message
   in-process, and an NLU-only `rasa run --enable-api` server on a free loopback port:
   cold start (process start to /status) and peak resident memory after the corpus.

Writes results/response_selector.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # no per-message debug lines with the texts
os.environ["RASA_MAX_CACHE_SIZE"] = "0"  # every training from scratch: honest times, no reuse between A and B

import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results" / "response_selector.json"
RETRIEVAL = "faq"
TOPICS = [match for match in re.findall(r"^- intent: ask_(\w+)$", (ROOT / "data/nlu/followups.yml").read_text(), re.M)]


def to_b(nlu_yaml: str) -> str:
    """A's NLU data as design B's: each follow-up topic intent becomes faq/<topic>."""
    pattern = re.compile(r"^(\s*- intent: )ask_(" + "|".join(TOPICS) + r")\s*$", re.M)
    return pattern.sub(lambda match: f"{match.group(1)}{RETRIEVAL}/{match.group(2)}", nlu_yaml)


def config_b(epochs: int) -> str:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    pipeline = config["pipeline"]
    at = next(i for i, part in enumerate(pipeline) if part["name"] == "LogisticRegressionClassifier") + 1
    pipeline.insert(at, {"name": "ResponseSelector", "retrieval_intent": RETRIEVAL, "epochs": epochs,
                         "constrain_similarities": True})
    return yaml.safe_dump(config, sort_keys=False)


def topic_of(parse: dict, design: str) -> str:
    """The label the product would act on: topic:<t> for a follow-up, else the intent."""
    intent = (parse.get("intent") or {}).get("name") or ""
    if design == "A" and intent.startswith("ask_") and intent[4:] in TOPICS:
        return f"topic:{intent[4:]}"
    if design == "B" and intent == RETRIEVAL:
        key = parse["response_selector"][RETRIEVAL]["response"]["intent_response_key"] or ""
        return f"topic:{key.split('/', 1)[1]}" if "/" in key else intent
    return intent


def selected_topic(parse: dict) -> str:
    """B's ResponseSelector alone, whatever the intent (as Rasa's response selection report)."""
    key = ((parse.get("response_selector") or {}).get(RETRIEVAL) or {}).get("response", {}).get("intent_response_key")
    return f"topic:{key.split('/', 1)[1]}" if key and "/" in key else ""


def train(design: str, nlu_yaml: str, workdir: Path, epochs: int) -> Tuple[Path, float]:
    from rasa.model_training import train_nlu

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "nlu.yml").write_text(to_b(nlu_yaml) if design == "B" else nlu_yaml)
    (workdir / "config.yml").write_text(config_b(epochs) if design == "B" else (ROOT / "config.yml").read_text())
    start = time.monotonic()
    model = train_nlu(str(workdir / "config.yml"), str(workdir / "nlu.yml"), str(workdir / "models"),
                      fixed_model_name=f"nlu-{design}")
    return Path(model), round(time.monotonic() - start, 1)


def parse_all(model: Path, texts: List[str]) -> Tuple[List[dict], List[float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    parses, times = [], []
    for text in texts:
        start = time.perf_counter()
        parses.append(loop.run_until_complete(agent.parse_message(text)))
        times.append((time.perf_counter() - start) * 1000)
    loop.close()
    return parses, times


def weighted_f1(gold: List[str], predicted: List[str]) -> float:
    from sklearn.metrics import precision_recall_fscore_support

    return round(precision_recall_fscore_support(gold, predicted, average="weighted", zero_division=0)[2], 4)


def topic_scores(gold: List[str], predicted: List[str]) -> Dict[str, float]:
    from sklearn.metrics import f1_score

    pairs = [(g, p) for g, p in zip(gold, predicted) if g.startswith("topic:")]
    labels = sorted({g for g, _ in pairs})
    return {"topic_accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4),
            "topic_macro_f1": round(f1_score([g for g, _ in pairs], [p for _, p in pairs], labels=labels,
                                             average="macro", zero_division=0), 4),
            "topic_examples": len(pairs)}


def gold_label(intent: str) -> str:
    return f"topic:{intent[4:]}" if intent.startswith("ask_") and intent[4:] in TOPICS else intent


def cross_validate(folds: int, seed: int, epochs: int, tmp: Path) -> Dict[str, dict]:
    from sklearn.model_selection import StratifiedKFold

    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = load_data(str(ROOT / "data" / "nlu"))
    examples = data.intent_examples
    intents = [example.get("intent") for example in examples]
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(examples, intents)
    results: Dict[str, dict] = {}
    collected = {design: {"gold_intent": [], "gold": [], "pred_intent": [], "pred": [], "selector": [],
                          "train_s": [], "parse_ms": []} for design in "AB"}
    for fold, (train_index, test_index) in enumerate(split, 1):
        train_data = TrainingData([examples[i] for i in train_index], entity_synonyms=data.entity_synonyms,
                                  regex_features=data.regex_features, lookup_tables=data.lookup_tables)
        nlu_yaml = RasaYAMLWriter().dumps(train_data)
        test = [examples[i] for i in test_index]
        texts = [example.get("text") for example in test]
        for design in "AB":
            print(f"==> fold {fold}/{folds}, design {design}: training on {len(train_index)}, "
                  f"testing on {len(test)}", flush=True)
            model, seconds = train(design, nlu_yaml, tmp / f"cv{fold}{design}", epochs)
            parses, times = parse_all(model, texts)
            got = collected[design]
            got["train_s"].append(seconds)
            got["parse_ms"] += times
            for example, parse in zip(test, parses):
                intent = example.get("intent")
                got["gold"].append(gold_label(intent))
                got["gold_intent"].append(RETRIEVAL if design == "B" and gold_label(intent).startswith("topic:")
                                          else intent)
                got["pred_intent"].append((parse.get("intent") or {}).get("name") or "")
                got["pred"].append(topic_of(parse, design))
                got["selector"].append(selected_topic(parse))
            shutil.rmtree(tmp / f"cv{fold}{design}", ignore_errors=True)
    for design, got in collected.items():
        results[design] = {
            "intent_weighted_f1_as_rasa_reports": weighted_f1(got["gold_intent"], got["pred_intent"]),
            "weighted_f1_with_topics_as_labels": weighted_f1(got["gold"], got["pred"]),
            **topic_scores(got["gold"], got["pred"]),
            "training_s_per_fold": got["train_s"],
            "parse_ms_median": round(statistics.median(got["parse_ms"]), 2),
        }
        if design == "B":
            pairs = [(g, s) for g, s in zip(got["gold"], got["selector"]) if g.startswith("topic:")]
            results[design]["selector_alone_accuracy"] = round(sum(g == s for g, s in pairs) / len(pairs), 4)
        wrong = Counter((g, p) for g, p in zip(got["gold"], got["pred"]) if g.startswith("topic:") and g != p)
        results[design]["commonest_topic_errors"] = [f"{g} -> {p}: {n}" for (g, p), n in wrong.most_common(8)]
    return results


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def serve(model: Path, texts: List[str]) -> Dict[str, float]:
    """An NLU-only Rasa server on a free loopback port: cold start, /model/parse latency, peak memory."""
    from tests.e2e.harness import BIN, base_env, free_port, http

    port = free_port()
    # Run outside the repository so no endpoints.yml (action server, tracker store) is read.
    cwd = Path(tempfile.mkdtemp(prefix="rs-server-"))
    log = tempfile.NamedTemporaryFile(prefix="rs-server-", suffix=".log", delete=False)
    start = time.monotonic()
    process = subprocess.Popen([str(BIN / "rasa"), "run", "-m", str(model), "-i", "127.0.0.1", "-p", str(port),
                                "--enable-api"], cwd=cwd, env=base_env(PYTHONPATH=str(ROOT)), stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            try:
                if http("GET", f"http://127.0.0.1:{port}/status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() - start > 300:
                raise RuntimeError(f"the server did not start; see {log.name}")
            time.sleep(0.2)
        cold = round(time.monotonic() - start, 1)
        latencies = []
        for _ in range(3):
            for text in texts:
                begin = time.perf_counter()
                http("POST", f"http://127.0.0.1:{port}/model/parse", json.dumps({"text": text}).encode(),
                     {"Content-Type": "application/json"})
                latencies.append((time.perf_counter() - begin) * 1000)
        latencies = sorted(latencies[len(texts):])  # the first round warms up
        return {"cold_start_s": cold, "peak_rss_mb": peak_rss_mb(process.pid),
                "parse_p50_ms": round(latencies[len(latencies) // 2], 1),
                "parse_p95_ms": round(latencies[int(len(latencies) * 0.95)], 1)}
    finally:
        process.terminate()
        process.wait(30)
        shutil.rmtree(cwd, ignore_errors=True)


def held_out(epochs: int, tmp: Path, with_server: bool) -> Dict[str, dict]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data

    corpus = yaml.safe_load((ROOT / "tests" / "corpus" / "understanding.yml").read_text())["followups"]
    texts = [item["text"] for item in corpus]
    data = load_data(str(ROOT / "data" / "nlu"))
    seen = {example.get("text").lower() for example in data.intent_examples}
    nlu_yaml = RasaYAMLWriter().dumps(data)
    results = {}
    for design in "AB":
        print(f"==> design {design}: training on all of data/nlu, then the {len(texts)} held-out follow-ups",
              flush=True)
        model, seconds = train(design, nlu_yaml, tmp / f"full{design}", epochs)
        parses, times = parse_all(model, texts * 3)
        parses, times = parses[:len(texts)], times[len(texts):]  # the first pass warms up
        right = [topic_of(parse, design) == f"topic:{item['topic']}" for item, parse in zip(corpus, parses)]
        unseen = [ok for ok, item in zip(right, corpus) if item["text"].lower() not in seen]
        results[design] = {
            "corpus_topic_accuracy": round(sum(right) / len(right), 4),
            "corpus_messages": len(right),
            "corpus_topic_accuracy_not_in_training": round(sum(unseen) / len(unseen), 4),
            "corpus_messages_not_in_training": len(unseen),
            "corpus_misses": [f"{item['text']} ({item['topic']} -> {topic_of(parse, design)})"
                              for ok, item, parse in zip(right, corpus, parses) if not ok],
            "nlu_training_s": seconds,
            "parse_ms_median": round(statistics.median(times), 2),
            "parse_ms_p95": round(sorted(times)[int(len(times) * 0.95)], 2),
        }
        if with_server:
            print(f"==> design {design}: NLU-only server, cold start and memory", flush=True)
            results[design]["server"] = serve(model, texts)
        print(json.dumps(results[design], indent=2), flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=100, help="ResponseSelector epochs (stock rasa init: 100)")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--no-server", action="store_true", help="skip the server's cold start and memory")
    args = parser.parse_args()
    assert len(TOPICS) == 20, TOPICS
    result: Dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "topics": len(TOPICS),
                                 "epochs": args.epochs, "folds": args.folds, "seed": args.seed}
    with tempfile.TemporaryDirectory(prefix="response-selector-") as tmp:
        result["held_out"] = held_out(args.epochs, Path(tmp), not args.no_server)
        if not args.no_cv:
            result["cross_validation"] = cross_validate(args.folds, args.seed, args.epochs, Path(tmp))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
