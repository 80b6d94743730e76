"""One set of real servers for the whole test session (starting Rasa takes ~30 s)."""
import os

import pytest

from tests.e2e.harness import ROOT, action_server, free_port, rasa_server
from tests.e2e.stubs import TELEGRAM_BOT_USERNAME, SlackStub, TelegramStub

TELEGRAM_TOKEN = "123456789:TEST-token-for-the-local-stub"
SLACK_SIGNING_SECRET = "test-signing-secret"
WEB_PORT = free_port()


@pytest.fixture(scope="session")
def logs(tmp_path_factory):
    path = ROOT / "results" / "server-logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def telegram_api():
    return TelegramStub().start()


@pytest.fixture(scope="session")
def slack_api():
    return SlackStub().start()


@pytest.fixture(scope="session")
def actions(logs):
    server = action_server(logs).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def web_origin():
    return f"http://127.0.0.1:{WEB_PORT}"


@pytest.fixture(scope="session")
def bot(logs, actions, telegram_api, slack_api, tmp_path_factory, web_origin):
    """The assistant as `make run` starts it, with Telegram and Slack pointed at local stubs."""
    server = rasa_server(
        logs, actions.health_url.replace("/health", "/webhook"),
        tmp_path_factory.mktemp("db") / "conversations.db",
        WEB_ORIGINS=web_origin,
        TELEGRAM_ACCESS_TOKEN=TELEGRAM_TOKEN, TELEGRAM_BOT_USERNAME=TELEGRAM_BOT_USERNAME,
        TELEGRAM_WEBHOOK_URL="https://bot.example.invalid/webhooks/telegram/webhook",
        TELEGRAM_API_URL=telegram_api.url,
        SLACK_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SLACK_SIGNING_SECRET, SLACK_CHANNEL="",
        SLACK_API_URL=slack_api.url + "/api/",
    ).start()
    yield server
    server.stop()


def require(condition: bool, reason: str, variable: str) -> None:
    """Skip where a machine lacks something, unless CI made it mandatory."""
    if not condition:
        if os.environ.get(variable) == "1":
            pytest.fail(f"{reason} ({variable}=1 makes this a failure)")
        pytest.skip(reason)
