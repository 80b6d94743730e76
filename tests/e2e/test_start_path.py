"""What `scripts/run.sh` (`make run`) promises about how the product is exposed."""
import json
import os
import signal
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.e2e.harness import BIN, ROOT, Product, base_env, http

EVIL = "http://evil.example"


def allow_origin_headers(url, origin, method="GET", body=None):
    """Every Access-Control-Allow-Origin header of one response (urllib would merge them)."""
    request = urllib_request(url, origin, method, body)
    with socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0])), timeout=30) as connection:
        connection.sendall(request)
        raw = b""
        while b"\r\n\r\n" not in raw:
            chunk = connection.recv(65536)
            if not chunk:
                break
            raw += chunk
    head = raw.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    return head[0], [line.split(":", 1)[1].strip() for line in head[1:]
                     if line.lower().startswith("access-control-allow-origin:")]


def urllib_request(url, origin, method, body, extra=""):
    path = "/" + url.split("/", 3)[3]
    data = body or b""
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {origin}\r\nConnection: close\r\n{extra}"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data


def websocket_upgrade(url, origin):
    path = "/" + url.split("/", 3)[3]
    extra = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {origin}\r\n{extra}\r\n".encode()
    with socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0])), timeout=30) as connection:
        connection.sendall(request)
        head = connection.recv(65536).split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    return head[0], [line.split(":", 1)[1].strip() for line in head[1:]
                     if line.lower().startswith("access-control-allow-origin:")]


@pytest.mark.parametrize("what", ["rest", "socket.io polling", "http api"])
@pytest.mark.parametrize("page_host", ["localhost", "127.0.0.1"])
def test_the_pages_origin_gets_exactly_one_allow_origin_header(bot, what, page_host):
    origin = f"http://{page_host}:{bot.web_port}"
    url, method, body = {
        "rest": (f"{bot.url}/webhooks/rest/webhook", "POST",
                 json.dumps({"sender": uuid.uuid4().hex, "message": "hi"}).encode()),
        "socket.io polling": (f"{bot.url}/socket.io/?EIO=4&transport=polling", "GET", None),
        "http api": (f"{bot.url}/version", "GET", None),
    }[what]
    status, allowed = allow_origin_headers(url, origin, method, body)
    assert " 200 " in status
    assert allowed == [origin]
    status, allowed = allow_origin_headers(url, EVIL, method, body)
    assert allowed == []


def test_a_websocket_upgrade_is_accepted_from_the_page_and_refused_from_elsewhere(bot):
    url = f"{bot.url}/socket.io/?EIO=4&transport=websocket"
    status, allowed = websocket_upgrade(url, bot.web_url)
    assert " 101 " in status and len(allowed) <= 1
    status, allowed = websocket_upgrade(url, EVIL)
    assert " 101 " not in status and allowed == []


def listening_addresses(port):
    """The local addresses with a socket listening on `port` (from /proc/net)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_the_action_server_and_the_http_api_listen_on_loopback_only(bot):
    loopback = "0100007F"
    assert listening_addresses(bot.action_port) == [loopback]
    assert listening_addresses(bot.rasa_port) == [loopback]


def test_the_http_api_needs_the_token(bot):
    sender = uuid.uuid4().hex
    bot.say(sender, "my legs twitch")
    status, _ = http("GET", f"{bot.url}/conversations/rest:{sender}/tracker")
    assert status == 401
    status, _ = http("GET", f"{bot.url}/conversations/rest:{sender}/tracker?token=wrong")
    assert status == 401
    assert bot.tracker(sender)["sender_id"] == f"rest:{sender}"


def run_script(*arguments, **settings):
    return subprocess.run([str(ROOT / "scripts" / "run.sh"), *arguments], cwd=ROOT, env=base_env(**settings),
                          capture_output=True, text=True, timeout=60)


def test_a_public_bind_without_a_token_is_refused():
    result = run_script("rasa", RASA_HOST="0.0.0.0")
    assert result.returncode == 1 and "set RASA_AUTH_TOKEN" in result.stderr


def test_an_unknown_part_is_refused_with_the_choices():
    result = run_script("everything")
    assert result.returncode == 2 and "actions rasa web" in result.stderr


def test_a_port_in_use_stops_the_start_with_the_setting_that_moves_it():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_script("web", WEB_PORT=str(port))
    assert result.returncode == 1
    assert f"Port {port} (web) is already in use" in result.stderr and "WEB_PORT=" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_sqlite_folder_stops_the_start_with_its_name(tmp_path):
    result = run_script("rasa", TRACKER_DB=str(tmp_path / "no-such-folder" / "c.db"))
    assert result.returncode == 1 and "TRACKER_DB" in result.stderr


def test_an_unreachable_lock_store_stops_the_start_with_its_name():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        dead_port = unused.getsockname()[1]
    result = run_script("rasa", RASA_ENDPOINTS="endpoints.production.yml", DB_HOST="127.0.0.1", DB_PORT="5432",
                        DB_NAME="postgres", DB_USER="postgres", DB_PASSWORD="", REDIS_HOST="127.0.0.1",
                        REDIS_PORT=str(dead_port), REDIS_DB="0", REDIS_PASSWORD="")
    assert result.returncode == 1 and "REDIS_HOST" in result.stderr


def test_disabled_connectors_answer_their_health_check(logs, tmp_path):
    product = Product(logs, "rasa", ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook",
                      TRACKER_DB=str(tmp_path / "c.db")).start()
    try:
        for name, variable in (("telegram", "TELEGRAM_ACCESS_TOKEN"), ("slack", "SLACK_TOKEN")):
            status, body = http("GET", f"{product.url}/webhooks/{name}/")
            assert status == 200 and body["status"] == "disabled" and variable in body["reason"]
            status, body = http("POST", f"{product.url}/webhooks/{name}/webhook", b"{}")
            assert status == 503
    finally:
        product.stop()


def test_what_a_person_said_is_carried_into_a_new_session(bot):
    sender = uuid.uuid4().hex
    bot.say(sender, "my legs twitch and i take atorvastatin")
    status, _ = bot.api("POST", f"/conversations/rest:{sender}/execute", {"name": "action_session_start"})
    assert status == 200
    events = bot.tracker(sender)["events"]
    assert [event["event"] for event in events].count("session_started") == 2
    assert bot.tracker(sender)["slots"]["statin"] == "yes"


def test_without_a_token_set_the_api_still_has_one_and_no_command_line_shows_it(logs, tmp_path):
    product = Product(logs, "rasa", ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook", TRACKER_DB=str(tmp_path / "c.db"))
    del product.env["RASA_AUTH_TOKEN"]
    product.start()
    try:
        status, _ = http("GET", f"{product.url}/conversations/rest:anyone/tracker")
        assert status == 401
        command_line = Path(f"/proc/{product.pid('rasa')}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert "--enable-api" in command_line and "--auth-token" not in command_line
    finally:
        product.stop()


def test_the_start_shows_no_library_deprecation_notices(bot):
    # Sanic turns DeprecationWarnings back on at import; scripts/quiet.py keeps them out of `make run`.
    started = bot.log.read_text(errors="replace")
    assert "Chat in your browser" in started or "Starting Rasa server" in started
    assert "DeprecationWarning" not in started and "MovedIn20Warning" not in started


def test_stopping_leaves_no_pending_check_in_task(logs, tmp_path):
    product = Product(logs, "rasa", ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook", TRACKER_DB=str(tmp_path / "c.db"))
    product.start()
    product.stop()
    stopped = product.log.read_text(errors="replace")
    assert "Starting Rasa server" in stopped or "Rasa server is up" in stopped
    assert "Task was destroyed but it is pending" not in stopped


def test_a_token_that_starts_with_a_dash_still_starts_the_server(logs, tmp_path):
    # Rasa's CLI read "--auth-token -x..." as a missing value: one random token in 64 failed `make run`.
    product = Product(logs, "rasa", ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook", TRACKER_DB=str(tmp_path / "c.db"),
                      RASA_AUTH_TOKEN="-starts-with-a-dash")
    product.start()
    try:
        status, _ = product.api("GET", "/conversations/rest:anyone/tracker")
        assert status == 200
    finally:
        product.stop()


def test_an_unknown_region_stops_the_start_with_the_list():
    result = run_script("web", REGION="XX")
    assert result.returncode == 1 and "no region 'XX'" in result.stderr and "AU, CA, GB, IE, US" in result.stderr


def test_when_one_part_dies_the_terminal_says_which_and_the_start_fails(logs, tmp_path):
    product = Product(logs, "actions", "web", TRACKER_DB=str(tmp_path / "c.db")).start()
    try:
        os.kill(product.pid("web"), signal.SIGKILL)
        assert product.popen.wait(30) != 0
        said = product.log.read_text(errors="replace")
        assert "The web page server was killed by signal 9; stopping the others." in said
        assert product.pid("actions") is None
    finally:
        product.stop()


def test_ctrl_c_stops_every_part_quietly(logs, tmp_path):
    product = Product(logs, "actions", "web", TRACKER_DB=str(tmp_path / "c.db")).start()
    parts = [product.pid("actions"), product.pid("web")]
    os.killpg(product.popen.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
    product.popen.wait(30)
    said = product.log.read_text(errors="replace")
    assert "stopping the others" not in said and "Traceback" not in said
    for pid in parts:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
