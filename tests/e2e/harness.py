"""Starts the product with scripts/run.sh on free loopback ports and talks to it over HTTP."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
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
    "TELEGRAM_SECRET_TOKEN",
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
        for url in self.health_urls():
            while not self._answers(url):
                if self.popen.poll() is not None:
                    raise RuntimeError(f"{self.name} exited at start; see {self.log}:\n{self.log.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{self.name} did not answer {url} within {START_TIMEOUT}s; see {self.log}")
                time.sleep(0.5)
        return self

    def health_urls(self) -> List[str]:
        return [self.health_url]

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            return http("GET", url, timeout=2)[0] == 200
        except OSError:
            return False

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
    env.pop("RASA_AUTH_TOKEN", None)
    env.update(extra)
    return env


def component_pid(parent: int, needle: str) -> Optional[int]:
    """The pid of the child of `parent` whose command line contains `needle`."""
    children = subprocess.run(["pgrep", "-P", str(parent)], capture_output=True, text=True).stdout.split()
    for child in children:
        try:
            if needle in Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode():
                return int(child)
        except OSError:
            continue
    return None


class Product(Process):
    """The assistant started by scripts/run.sh - the script `make run` uses, with its
    defaults; only the ports, the stores and the connectors' settings come from here."""

    def __init__(self, logs: Path, *components: str, **settings: str) -> None:
        self.components = components or ("actions", "rasa", "web")
        self.rasa_port = int(settings.pop("RASA_PORT", 0) or free_port())
        self.action_port = int(settings.pop("ACTION_PORT", 0) or free_port())
        self.web_port = int(settings.pop("WEB_PORT", 0) or free_port())
        self.token = settings.pop("RASA_AUTH_TOKEN", "") or uuid.uuid4().hex
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.action_url = f"http://127.0.0.1:{self.action_port}/webhook"
        env = base_env(RASA_PORT=str(self.rasa_port), ACTION_PORT=str(self.action_port),
                       WEB_PORT=str(self.web_port), RASA_AUTH_TOKEN=self.token, **settings)
        health = {"rasa": f"{self.url}/", "actions": f"http://127.0.0.1:{self.action_port}/health",
                  "web": f"{self.web_url}/"}
        self.component_health_urls = [health[name] for name in self.components]
        name = "+".join(self.components)
        super().__init__(name, [str(ROOT / "scripts" / "run.sh"), *self.components], env,
                         self.component_health_urls[0], logs / f"product-{name}-{self.rasa_port}.log")

    def health_urls(self) -> List[str]:
        return self.component_health_urls

    def pid(self, component: str) -> Optional[int]:
        needle = {"rasa": "serve_rasa.py", "actions": "serve_actions.py", "web": "serve.py"}[component]
        return component_pid(self.popen.pid, needle) if self.popen else None

    def api(self, method: str, path: str, body: Optional[dict] = None):
        """Rasa's HTTP API, with this start's token."""
        data = json.dumps(body).encode() if body is not None else None
        separator = "&" if "?" in path else "?"
        return http(method, f"{self.url}{path}{separator}token={self.token}", data, {"Content-Type": "application/json"})

    def say(self, sender: str, text: str) -> List[dict]:
        headers = {"Content-Type": "application/json"}
        if self.env.get("REST_TOKEN"):
            headers["Authorization"] = f"Bearer {self.env['REST_TOKEN']}"
        status, body = http("POST", f"{self.url}/webhooks/rest/webhook",
                            json.dumps({"sender": sender, "message": text}).encode(), headers)
        assert status == 200, (status, body)
        return body

    def tracker(self, sender: str, channel: str = "rest") -> dict:
        """The stored conversation of `sender` on `channel` (conversation ids are "<channel>:<sender>")."""
        status, body = self.api("GET", f"/conversations/{channel}:{sender}/tracker")
        assert status == 200, (status, body)
        return body


def texts(messages: List[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def buttons(messages: List[dict]) -> List[str]:
    return [button["title"] for message in messages for button in message.get("buttons", [])]
