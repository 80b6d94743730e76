"""The web page in headless Chromium (Debian's package) driven by Playwright."""
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import WEB_PORT, require
from tests.e2e.harness import ROOT, Process

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "results" / "webchat.png"


@pytest.fixture(scope="module")
def page_server(bot, logs):
    server = Process(
        "web page", [sys.executable, "webchat/serve.py", "--port", str(WEB_PORT), "--rasa-url", bot.url],
        dict(os.environ), f"http://127.0.0.1:{WEB_PORT}/", logs / "web.log",
    ).start()
    yield f"http://127.0.0.1:{WEB_PORT}/"
    server.stop()


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists(), "Chromium is not installed (Debian package 'chromium')", "REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.requests, page.blocked = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("requestfailed", lambda request: page.blocked.append((request.url, request.failure)))
    yield page
    context.close()


def click_reply(page, title):
    page.locator(".rw-reply", has_text=re.compile(f"^{re.escape(title)}$")).last.click()


def wait_for_text(page, text, timeout=30_000):
    page.locator(".rw-messages-container", has_text=text).wait_for(timeout=timeout)


def test_the_widget_greets_and_a_person_reaches_a_cited_plan(page_server, phone):
    phone.goto(page_server)
    wait_for_text(phone, "I help with leg muscle twitching")
    phone.locator(".rw-new-message").fill("my calves twitch every night")
    phone.keyboard.press("Enter")
    wait_for_text(phone, "warning signs")
    for title in ["No, none of these", "18 or older", "No / not applicable", "No", "No", "No", "Yes, most days", "No"]:
        replies_before = phone.locator(".rw-reply").count()
        click_reply(phone, title)
        phone.wait_for_function(
            "n => document.querySelectorAll('.rw-reply').length !== n || "
            "document.body.innerText.includes('Here is your plan')", arg=replies_before, timeout=30_000)
    wait_for_text(phone, "Start with 250 mg of magnesium oxide daily. [1]")
    wait_for_text(phone, "Sources:")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOT), full_page=False)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The widget's built-in Google Fonts import is stopped by the page's policy
    # inside the browser: no request to a third party leaves it.
    third_party = {url for url in phone.requests if urlparse(url).hostname not in ("127.0.0.1", "localhost")}
    blocked = {url for url, reason in phone.blocked if reason == "csp"}
    assert third_party <= blocked
    assert any(url.endswith("/webchat.js") for url in phone.requests)


def test_the_chat_works_with_the_keyboard_alone(page_server, phone):
    phone.goto(page_server)
    wait_for_text(phone, "I help with leg muscle twitching")
    phone.locator(".rw-reply").first.wait_for()
    for _ in range(30):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.classList.contains('rw-reply')"):
            break
    assert phone.evaluate("document.activeElement.textContent") == "My legs twitch"
    phone.keyboard.press("Enter")
    wait_for_text(phone, "warning signs")


def test_text_is_shown_as_text_never_as_html(page_server, phone):
    phone.goto(page_server)
    wait_for_text(phone, "I help with leg muscle twitching")
    typed = '<img src=x onerror="window.pwned=1"><b>bold</b>'
    phone.locator(".rw-new-message").fill(typed)
    phone.keyboard.press("Enter")
    wait_for_text(phone, "<b>bold</b>")
    wait_for_text(phone, "I only cover")
    assert phone.evaluate("window.pwned") is None
    assert phone.locator(".rw-messages-container b").count() == 0
