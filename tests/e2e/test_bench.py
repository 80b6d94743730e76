"""`make bench` runs end to end (short setting); the speed targets live in the benchmark itself."""
import json
import subprocess
import sys

from tests.e2e.harness import ROOT, base_env


def test_the_benchmark_harness_runs_end_to_end_and_writes_its_reports():
    result = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick"], cwd=ROOT, env=base_env(),
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    report = json.loads((ROOT / "results" / "bench.json").read_text())
    for name in ("this", "baseline"):
        for figure in ("cold_start_s", "p50_ms", "p95_ms", "throughput_20_users_msg_s", "peak_rss_mb", "training_s"):
            assert report[name][figure] > 0, (name, figure)
    table = (ROOT / "results" / "bench.md").read_text()
    assert "| Latency p50, one user (ms) |" in table
    assert (ROOT / "results" / "bench_latency.png").stat().st_size > 0
