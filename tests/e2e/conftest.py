"""One running product for the whole test session (starting Rasa takes ~30 s).

It is started by scripts/run.sh, exactly as `make run` starts it: only the
ports, the SQLite file and the messaging connectors' settings differ.
"""
import os

import pytest

from tests.e2e.harness import ROOT, Product
from tests.e2e.stubs import TELEGRAM_BOT_USERNAME, TELEGRAM_SECRET_TOKEN, SlackStub, TelegramStub

TELEGRAM_TOKEN = "123456789:TEST-token-for-the-local-stub"
SLACK_SIGNING_SECRET = "test-signing-secret"
CHECKIN_SECONDS = 4


def telegram_settings(api_url: str) -> dict:
    """The Telegram connector pointed at a local stub of its Bot API."""
    return dict(TELEGRAM_ACCESS_TOKEN=TELEGRAM_TOKEN, TELEGRAM_BOT_USERNAME=TELEGRAM_BOT_USERNAME,
                TELEGRAM_WEBHOOK_URL="https://bot.example.invalid/webhooks/telegram/webhook",
                TELEGRAM_API_URL=api_url, TELEGRAM_SECRET_TOKEN=TELEGRAM_SECRET_TOKEN)


@pytest.fixture(scope="session")
def logs():
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
def bot(logs, telegram_api, slack_api, tmp_path_factory):
    """The assistant as `make run` starts it, with Telegram and Slack pointed at local stubs."""
    product = Product(
        logs,
        TRACKER_DB=str(tmp_path_factory.mktemp("db") / "conversations.db"),
        **telegram_settings(telegram_api.url),
        SLACK_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SLACK_SIGNING_SECRET, SLACK_CHANNEL="",
        SLACK_API_URL=slack_api.url + "/api/",
        # Check-ins a few seconds after the plan, looked for every second (tests/e2e/test_checkins.py).
        CHECKIN_AFTER=f"{CHECKIN_SECONDS}s", CHECKIN_POLL_SECONDS="1",
    ).start()
    yield product
    product.stop()


@pytest.fixture(scope="session")
def web_origin(bot):
    return bot.web_url


def require(condition: bool, reason: str, variable: str) -> None:
    """Skip where a machine lacks something, unless CI made it mandatory."""
    if not condition:
        if os.environ.get(variable) == "1":
            pytest.fail(f"{reason} ({variable}=1 makes this a failure)")
        pytest.skip(reason)
