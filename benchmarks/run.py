"""`make bench`: this assistant against a stock `rasa init` bot, same machine, same run.

Measures cold start, per-turn latency for one user, throughput with 20
concurrent conversations, peak memory and training time, and writes
results/bench.json, results/bench.md and results/bench_latency.png.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

from tests.e2e.harness import BIN, ROOT, Process, Product, base_env, free_port, http

BASELINE_DIR = ROOT / ".bench" / "baseline"
RESULTS = ROOT / "results"
LOGS = RESULTS / "bench-logs"

BASELINE_SCRIPT = ["hello", "I am feeling great", "are you a bot?", "goodbye"]
OUR_SCRIPT = [
    "hi", "my calves twitch every night", "no", "yes", "no", "no", "no", "no", "yes, most days", "no",
    "what if it doesn't work?", "any side effects?",
]


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a process and its children (the rasa CLI may fork)."""
    total = 0.0
    pids = [pid] + [int(child) for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                            text=True).stdout.split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return round(total, 1)


def timed_training(cwd: Path, out: Path) -> float:
    start = time.monotonic()
    subprocess.run([str(BIN / "rasa"), "train", "--force", "--quiet", "--out", str(out),
                    "--fixed-model-name", "bench"], cwd=cwd, env=base_env(ACTION_ENDPOINT_URL="x", TRACKER_DB=""),
                   check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return round(time.monotonic() - start, 1)


def build_baseline() -> None:
    if (BASELINE_DIR / "models").exists() and any((BASELINE_DIR / "models").glob("*.tar.gz")):
        return
    step("Building the baseline once: `rasa init --no-prompt` (trains its default config, 1-3 minutes)")
    shutil.rmtree(BASELINE_DIR, ignore_errors=True)
    BASELINE_DIR.mkdir(parents=True)
    subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(BASELINE_DIR)],
                   cwd=BASELINE_DIR, env=base_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_baseline() -> Process:
    port = free_port()
    model = sorted((BASELINE_DIR / "models").glob("*.tar.gz"))[-1]
    server = Process("baseline", [str(BIN / "rasa"), "run", "-m", str(model), "-i", "127.0.0.1", "-p", str(port),
                                  "--enable-api"], base_env(), f"http://127.0.0.1:{port}/status",
                     LOGS / "baseline.log", cwd=BASELINE_DIR)
    server.url = f"http://127.0.0.1:{port}"
    return server


def say(url: str, sender: str, text: str) -> float:
    start = time.perf_counter()
    status, _ = http("POST", f"{url}/webhooks/rest/webhook", json.dumps({"sender": sender, "message": text}).encode(),
                     {"Content-Type": "application/json"})
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise RuntimeError(f"{url} answered {status}")
    return elapsed


def one_user(url: str, script: List[str], turns: int) -> List[float]:
    latencies: List[float] = []
    while len(latencies) < turns:
        sender = uuid.uuid4().hex
        latencies += [say(url, sender, text) for text in script]
    return latencies


def concurrent_users(url: str, script: List[str], users: int, rounds: int) -> Dict[str, float]:
    def conversation(_: int) -> List[float]:
        return one_user(url, script, len(script) * rounds)

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(users) as pool:
        latencies = [value for result in pool.map(conversation, range(users)) for value in result]
    wall = time.monotonic() - start
    return {"messages_per_second": round(len(latencies) / wall, 1), "p95_ms": percentile(latencies, 95)}


def percentile(values: List[float], pct: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))], 1)


def measure(server: Process, url: str, script: List[str], turns: int, rounds: int) -> Dict[str, object]:
    start = time.monotonic()
    server.start()
    cold_start = round(time.monotonic() - start, 1)
    try:
        for _ in range(3):  # warm-up: first messages load lazily
            one_user(url, script, len(script))
        latencies = one_user(url, script, turns)
        load = concurrent_users(url, script, 20, rounds)
        figures: Dict[str, object] = {
            "cold_start_s": cold_start,
            "turns": len(latencies),
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
            "throughput_20_users_msg_s": load["messages_per_second"], "p95_20_users_ms": load["p95_ms"],
            "latencies_ms": latencies,
        }
        if isinstance(server, Product):
            figures["peak_rss_mb"] = peak_rss_mb(server.pid("rasa"))
            figures["peak_rss_actions_mb"] = peak_rss_mb(server.pid("actions"))
        else:
            figures["peak_rss_mb"] = peak_rss_mb(server.popen.pid)
        return figures
    finally:
        server.stop()


def median_of_runs(runs: List[Dict[str, object]]) -> Dict[str, object]:
    """Each figure's median over the runs; the latency samples of all runs together."""
    merged: Dict[str, object] = {"runs": len(runs)}
    for key, value in runs[0].items():
        if key == "latencies_ms":
            merged[key] = [sample for run in runs for sample in run[key]]
        else:
            merged[key] = statistics.median(run[key] for run in runs)
    return merged


# (label, figure, limit, how the figure compares): "ratio" figures are against the baseline.
TARGETS = [
    ("p50 latency at most 1.0x the baseline", "p50_ms", 1.0, "ratio_max"),
    ("p95 latency at most 1.0x the baseline", "p95_ms", 1.0, "ratio_max"),
    ("throughput with 20 users at least 1.0x the baseline", "throughput_20_users_msg_s", 1.0, "ratio_min"),
    ("cold start at most 1.0x the baseline", "cold_start_s", 1.0, "ratio_max"),
    ("Rasa server memory at most 1.0x the baseline", "peak_rss_mb", 1.0, "ratio_max"),
    ("training from scratch under 120 s", "training_s", 120.0, "max"),
]


def check_targets(ours: Dict[str, float], base: Dict[str, float]) -> List[Tuple[str, bool, str]]:
    """Each target: its label, whether it holds, and the measured value."""
    verdicts = []
    for label, key, limit, kind in TARGETS:
        value = ours[key] / base[key] if kind.startswith("ratio") else ours[key]
        holds = value >= limit if kind.endswith("min") else value <= limit
        shown = f"{value:.2f}x" if kind.startswith("ratio") else f"{value:g} s"
        verdicts.append((label, holds, shown))
    return verdicts


def write_report(result: Dict[str, object]) -> None:
    ours, base = result["this"], result["baseline"]
    rows = [
        ("Cold start (s)", "cold_start_s"), ("Latency p50, one user (ms)", "p50_ms"),
        ("Latency p95, one user (ms)", "p95_ms"), ("Latency p99, one user (ms)", "p99_ms"),
        ("Throughput, 20 users (msg/s)", "throughput_20_users_msg_s"), ("p95, 20 users (ms)", "p95_20_users_ms"),
        ("Peak memory, Rasa server (MB)", "peak_rss_mb"), ("Training from scratch (s)", "training_s"),
    ]
    lines = [f"Measured {result['date']} on {result['machine']}: medians of {ours['runs']} runs, each "
             f"{ours['turns']} turns for one user and 20 concurrent conversations. "
             f"Action server peak memory: {ours.get('peak_rss_actions_mb')} MB.", "",
             "| | this assistant | baseline (`rasa init`) | ratio |", "|---|---|---|---|"]
    for label, key in rows:
        ratio = round(ours[key] / base[key], 2) if base.get(key) else "-"
        lines.append(f"| {label} | {ours[key]} | {base[key]} | {ratio} |")
    (RESULTS / "bench.md").write_text("\n".join(lines) + "\n")
    slim = {name: {k: v for k, v in figures.items() if k != "latencies_ms"} if isinstance(figures, dict) else figures
            for name, figures in result.items()}
    (RESULTS / "bench.json").write_text(json.dumps(slim, indent=2))

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4))
    top = max(percentile(ours["latencies_ms"], 99), percentile(base["latencies_ms"], 99)) * 1.2
    bins = [top * i / 60 for i in range(61)]
    axis.hist(base["latencies_ms"], bins=bins, alpha=0.6, label="baseline (rasa init)")
    axis.hist(ours["latencies_ms"], bins=bins, alpha=0.6, label="this assistant")
    axis.set_xlabel("latency per turn over REST, one user (ms)")
    axis.set_ylabel("turns")
    axis.legend()
    figure.tight_layout()
    figure.savefig(RESULTS / "bench_latency.png", dpi=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=300, help="turns for the one-user latency (default 300)")
    parser.add_argument("--rounds", type=int, default=3, help="conversations per concurrent user (default 3)")
    parser.add_argument("--runs", type=int, default=3, help="runs per assistant; figures are medians (default 3)")
    parser.add_argument("--quick", action="store_true", help="a short run that only checks the harness works")
    args = parser.parse_args()
    turns, rounds, runs = (24, 1, 1) if args.quick else (args.turns, args.rounds, args.runs)
    LOGS.mkdir(parents=True, exist_ok=True)

    build_baseline()
    result: Dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, "
                   f"Python {sys.version.split()[0]}",
    }
    baseline_runs, our_runs = [], []
    for run in range(1, runs + 1):
        step(f"Run {run}/{runs}, baseline: cold start, latency, throughput, memory")
        baseline = start_baseline()
        baseline_runs.append(measure(baseline, baseline.url, BASELINE_SCRIPT, turns, rounds))

        step(f"Run {run}/{runs}, this assistant (scripts/run.sh actions rasa, as `make run` starts them)")
        ours = Product(LOGS, "actions", "rasa", TRACKER_DB=str(RESULTS / "bench.db"))
        try:
            our_runs.append(measure(ours, ours.url, OUR_SCRIPT, turns, rounds))
        finally:
            (RESULTS / "bench.db").unlink(missing_ok=True)
    result["baseline"], result["this"] = median_of_runs(baseline_runs), median_of_runs(our_runs)

    step("Training from scratch, both (one after the other)")
    result["baseline"]["training_s"] = timed_training(BASELINE_DIR, ROOT / ".bench" / "baseline-retrain")
    result["this"]["training_s"] = timed_training(ROOT, ROOT / ".bench" / "this-retrain")

    write_report(result)
    print((RESULTS / "bench.md").read_text())
    verdicts = check_targets(result["this"], result["baseline"])
    print("Targets:")
    for label, holds, shown in verdicts:
        print(f"  {'held  ' if holds else 'MISSED'}  {label}: {shown}")
    if args.quick:
        print("(a --quick run is too short to judge the targets: it only checks that the harness works)")
        return 0
    return 0 if all(holds for _, holds, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
