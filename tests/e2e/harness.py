"""Starts the real servers on free loopback ports and talks to them over HTTP."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "leg-twitch.tar.gz"
START_TIMEOUT = 180

QUIET = {
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONWARNINGS": "ignore",
}
MESSAGING_VARIABLES = (
    "TELEGRAM_ACCESS_TOKEN", "TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_API_URL",
    "SLACK_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CHANNEL", "SLACK_API_URL",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None,
         timeout: float = 60):
    """(status, parsed JSON or text) - never raises for an HTTP error status."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


@dataclass
class Process:
    name: str
    args: List[str]
    env: Dict[str, str]
    health_url: str
    log: Path
    popen: Optional[subprocess.Popen] = None
    cwd: Path = ROOT

    def start(self) -> "Process":
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(self.args, cwd=self.cwd, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log}:\n{self.log.read_text()[-3000:]}")
            try:
                if http("GET", self.health_url, timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.health_url} within {START_TIMEOUT}s; see {self.log}")

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()

    def kill(self) -> None:
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def base_env(**extra: str) -> Dict[str, str]:
    env = dict(os.environ, **QUIET)
    env.update({variable: "" for variable in MESSAGING_VARIABLES})
    env.update(extra)
    return env


def action_server(logs: Path, port: Optional[int] = None) -> Process:
    port = port or free_port()
    return Process(
        "action server", [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        base_env(SANIC_HOST="127.0.0.1"), f"http://127.0.0.1:{port}/health", logs / f"actions-{port}.log",
    )


@dataclass
class RasaServer(Process):
    port: int = 0
    url: str = ""

    def say(self, sender: str, text: str) -> List[dict]:
        status, body = http("POST", f"{self.url}/webhooks/rest/webhook",
                            json.dumps({"sender": sender, "message": text}).encode(),
                            {"Content-Type": "application/json"})
        assert status == 200, (status, body)
        return body

    def tracker(self, sender: str) -> dict:
        return http("GET", f"{self.url}/conversations/{sender}/tracker")[1]


def rasa_server(logs: Path, action_url: str, tracker_db: Optional[Path] = None,
                endpoints: str = "endpoints.yml", **env: str) -> RasaServer:
    port = free_port()
    environment = base_env(ACTION_ENDPOINT_URL=action_url, TRACKER_DB=str(tracker_db or ""),
                           WEB_ORIGINS=env.pop("WEB_ORIGINS", "http://localhost:8000"), **env)
    args = [str(BIN / "rasa"), "run", "-m", str(MODEL), "-i", "127.0.0.1", "-p", str(port), "--enable-api",
            "--credentials", "credentials.yml", "--endpoints", endpoints]
    return RasaServer("rasa server", args, environment, f"http://127.0.0.1:{port}/status",
                      logs / f"rasa-{port}.log", port=port, url=f"http://127.0.0.1:{port}")


def texts(messages: List[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def buttons(messages: List[dict]) -> List[str]:
    return [button["title"] for message in messages for button in message.get("buttons", [])]
