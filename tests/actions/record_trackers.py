"""Records the trackers Rasa sends the action server in real conversations.

    .venv/bin/python -m tests.actions.record_trackers

Starts the product with scripts/run.sh (the action server on its own, the Rasa
server pointed at a recording proxy in front of it), has the conversations
below over REST, and writes each request the action server received to
tests/actions/trackers/<conversation>-<turn>-<action>.json - the exact JSON
`rasa_sdk` turns into a Tracker (Tracker.from_dict), as RasaHQ/financial-demo's
tests load theirs. Re-record after changing the domain, the form or the NLU.
"""
from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.e2e.harness import ROOT, Product, free_port

OUT = Path(__file__).resolve().parent / "trackers"
LOGS = ROOT / "results" / "server-logs"
CONVERSATIONS = {
    "plain": ["my legs keep twitching", "no", "35", "nope", "no", "no", "no", "at night mostly",
              "normal diet, some cheese", "no"],
    "said-up-front": ["my calves twitch every night, i take simvastatin and have ckd", "no",
                      "yes, and i'm 20 weeks pregnant"],
    "question-mid-form": ["my legs twitch", "no", "how much should i take?"],
    "unclear-twice": ["my legs twitch", "no", "purple", "banana"],
    "warning-sign-mid-form": ["my legs twitch", "no", "yes", "my left leg went numb this morning"],
    "followup": ["what are the side effects?", "is numbness in my foot a side effect?"],
}


def recording_proxy(target: str, turn: dict):
    class Proxy(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            request = json.loads(body)
            name = f"{turn['conversation']}-{turn['number']:02d}-{request['next_action']}.json"
            (OUT / name).write_text(json.dumps({"tracker": request["tracker"], "domain": request["domain"]},
                                               indent=1, sort_keys=True))
            forwarded = urllib.request.Request(target, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(forwarded, timeout=60) as answer:
                status, reply = answer.status, answer.read()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    LOGS.mkdir(parents=True, exist_ok=True)
    actions = Product(LOGS, "actions").start()
    turn = {"conversation": "", "number": 0}
    proxy = recording_proxy(actions.action_url, turn)
    rasa = Product(LOGS, "rasa", ACTION_ENDPOINT_URL=f"http://127.0.0.1:{proxy.server_port}/webhook",
                   TRACKER_DB=str(ROOT / "results" / "recording.db")).start()
    try:
        for conversation, messages in CONVERSATIONS.items():
            turn["conversation"] = conversation
            for number, message in enumerate(messages, start=1):
                turn["number"] = number
                rasa.say(f"recorded-{conversation}", message)
    finally:
        rasa.stop()
        actions.stop()
        proxy.shutdown()
        (ROOT / "results" / "recording.db").unlink(missing_ok=True)
    print(f"Recorded {len(list(OUT.glob('*.json')))} action server requests in {OUT}")


if __name__ == "__main__":
    main()
