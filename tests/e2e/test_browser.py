"""The user's visit: the page in headless Chromium (Debian's package), driven by Playwright.

The product is the session's one `scripts/run.sh` start (tests/e2e/conftest.py);
the page is opened at both names a person may type, localhost and 127.0.0.1.
"""
import re
import time
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import CHECKIN_SECONDS, require
from tests.e2e.harness import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "docs" / "webchat.png"
GREETING = "I help with leg muscle twitching"


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists(), "Chromium is not installed (Debian package 'chromium')", "REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


class Visit:
    """One phone-sized browser tab that records every request and console complaint."""

    def __init__(self, browser, width=390, height=844, bypass_csp=False):
        # bypass_csp only to inject axe-core in the accessibility test; the page's own policy stays on otherwise.
        self.context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                           bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.requests, self.problems = [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type in ("error", "warning")
                     and self.problems.append(f"console {message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.problems.append(
            f"request failed: {request.url} ({request.failure})"))

    def open(self, url):
        """The page, once the greeting has arrived."""
        self.page.goto(url)
        self.wait_for_text(GREETING)

    def wait_for_text(self, text, timeout=30_000):
        self.page.locator(".rw-messages-container", has_text=text).wait_for(timeout=timeout)

    def type(self, text):
        self.page.locator(".rw-new-message").fill(text)
        self.page.keyboard.press("Enter")

    def click_reply(self, title):
        before = self.page.locator(".rw-reply").count()
        self.page.locator(".rw-reply", has_text=re.compile(f"^{re.escape(title)}$")).last.click()
        self.page.wait_for_function(
            "n => document.querySelectorAll('.rw-reply').length !== n || "
            "document.body.innerText.includes('Here is your plan')", arg=before, timeout=30_000)

    def third_party_requests(self):
        return sorted({url for url in self.requests if urlparse(url).hostname not in ("127.0.0.1", "localhost")})

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = Visit(browser)
    yield opened
    opened.close()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_visit_greets_answers_reaches_a_cited_plan_and_survives_a_reload(bot, visit, host):
    page = visit.page
    visit.open(f"http://{host}:{bot.web_port}/")
    visit.type("hi, my calves keep twitching at night and it's driving me mad")
    visit.wait_for_text("warning signs")
    for title in ["No, none of these", "18 or older", "No / not applicable", "No", "No", "No", "Yes, most days",
                  "No"]:
        visit.click_reply(title)
    visit.wait_for_text("Start with 250 mg of magnesium oxide daily. [1]")
    visit.wait_for_text("in the evening")
    visit.wait_for_text("Sources:")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # "Print / save my plan" prints the plan alone.
    visit.wait_for_text("Shall I check in with you in 4 seconds")
    if host == "localhost":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print / save my plan").click()
    assert page.evaluate("window.printed === true")
    page.emulate_media(media="print")
    assert not page.locator("main").is_visible()
    printed = page.locator("#printed-plan").inner_text()
    assert "Here is your plan" in printed and "Start with 250 mg of magnesium oxide daily. [1]" in printed
    assert "Sources:" in printed and GREETING not in printed and "check in" not in printed
    page.emulate_media(media="screen")

    visit.click_reply("Yes, check in")
    visit.wait_for_text("I'll check in with you in 4 seconds")
    time.sleep(CHECKIN_SECONDS + 1)
    page.reload()  # back on the page after the check-in fell due: it is there before anything is typed
    visit.wait_for_text("Start with 250 mg of magnesium oxide daily. [1]")
    visit.wait_for_text("Time for your 4-week check-in")
    visit.type("what if it doesn't work?")
    visit.wait_for_text("Vitamin B6")

    assert visit.problems == []
    assert visit.third_party_requests() == []
    assert any(url.endswith("/webchat.js") for url in visit.requests)


def test_the_chat_works_with_the_keyboard_alone(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    page.locator(".rw-reply").first.wait_for()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rw-reply')"):
            break
    assert page.evaluate("document.activeElement.textContent") == "My legs twitch"
    page.keyboard.press("Enter")
    visit.wait_for_text("warning signs")
    assert visit.problems == []


def test_text_is_shown_as_text_never_as_html(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    visit.type('<img src=x onerror="window.pwned=1"><b>bold</b>')
    visit.wait_for_text("<b>bold</b>")
    visit.wait_for_text("I only cover")
    assert page.evaluate("window.pwned") is None
    assert page.locator(".rw-messages-container b").count() == 0


def test_the_under_18_button_gives_no_dose_and_my_plan_says_under_18(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    visit.click_reply("My legs twitch")
    visit.wait_for_text("warning signs")
    visit.click_reply("No, none of these")
    visit.click_reply("Under 18")
    visit.wait_for_text("The guide's doses are for adults")
    assert not re.search(r"\d\s?mg\b", page.locator(".rw-messages-container").inner_text())
    visit.type("my plan")
    visit.wait_for_text("What you told me: under 18")
    assert visit.problems == []


def test_print_after_a_referral_prints_the_referral_not_an_earlier_plan(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    visit.type("my calves twitch at night")
    visit.wait_for_text("warning signs")
    for title in ["No, none of these", "18 or older", "No / not applicable", "No", "No", "No", "Yes, most days",
                  "No"]:
        visit.click_reply(title)
    visit.wait_for_text("Start with 250 mg")
    visit.type("since yesterday my foot keeps dragging when i walk")
    visit.wait_for_text("needs a prompt check by a doctor")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print / save my plan").click()
    printed = page.locator("#printed-plan").inner_text()
    assert "needs a prompt check by a doctor" in printed and "Start with 250 mg" not in printed
    assert "Twitching legs: your magnesium guidance" in printed and "Printed " in printed


def test_delete_my_data_also_clears_the_page_and_says_so(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    visit.type("my calves twitch at night, i'm 52")
    visit.wait_for_text("warning signs")
    visit.type("delete my data")
    visit.click_reply("Yes, delete it")
    page.get_by_text("Your conversation was deleted").wait_for(timeout=15_000)
    visit.wait_for_text(GREETING)
    page.reload()
    visit.wait_for_text(GREETING)
    assert "i'm 52" not in page.locator(".rw-messages-container").inner_text()
    assert page.evaluate("sessionStorage.getItem('chat_session') === null || "
                         "!sessionStorage.getItem('chat_session').includes(\"i'm 52\")")


AXE = ROOT / "webchat" / "node_modules" / "axe-core" / "axe.min.js"
PLAIN_ADULT = ["No, none of these", "18 or older", "No / not applicable", "No", "No", "No", "At night", "Yes, most days",
               "No"]


def violations(page):
    """axe-core's WCAG findings for the page as it is now (every rule, every impact)."""
    page.evaluate(AXE.read_text())
    return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(result => result.violations.map("
                         "v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3)}`))")


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_axe_finds_no_violation_on_the_landing_page_mid_intake_a_plan_and_a_referral(bot, browser, width, height):
    require(AXE.exists(), "axe-core is not installed (webchat/node_modules)", "REQUIRE_BROWSER")
    visit = Visit(browser, width, height, bypass_csp=True)
    try:
        page = visit.page
        visit.open(bot.web_url)
        found = {"landing": violations(page)}
        visit.click_reply("My legs twitch")
        visit.wait_for_text("warning signs")
        visit.click_reply("No, none of these")
        found["mid-intake"] = violations(page)
        for title in PLAIN_ADULT[1:]:
            visit.click_reply(title)
        visit.wait_for_text("Start with 250 mg")
        found["plan"] = violations(page)
        visit.type("since this morning my foot drags and i keep tripping")
        visit.wait_for_text("needs a prompt check by a doctor")
        found["referral"] = violations(page)
        assert found == {state: [] for state in found}
        assert page.evaluate("document.querySelector('.rw-messages-container').getAttribute('aria-live')") == "polite"
    finally:
        visit.close()


def test_a_plan_with_the_keyboard_alone_keeps_the_focus_on_the_text_box(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    page.locator(".rw-new-message").focus()
    page.keyboard.type("my calves keep twitching")
    page.keyboard.press("Enter")
    visit.wait_for_text("warning signs")
    for title in PLAIN_ADULT:
        before = page.locator(".rw-reply").count()
        for _ in range(60):  # Tab to the button, as a keyboard user does
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == title:
                break
        assert page.evaluate("document.activeElement.textContent") == title
        page.keyboard.press("Enter")
        page.wait_for_function("n => document.querySelectorAll('.rw-reply').length !== n || "
                               "document.body.innerText.includes('Here is your plan')", arg=before, timeout=30_000)
        page.wait_for_function("() => document.activeElement.classList.contains('rw-new-message')", timeout=5_000)
    visit.wait_for_text("Start with 250 mg")


def test_a_plan_fits_about_two_phone_screens_with_the_rest_one_tap_away(bot, visit):
    page = visit.page
    visit.open(bot.web_url)
    visit.click_reply("My legs twitch")
    visit.wait_for_text("warning signs")
    # A long plan: a statin and little calcium add their own sections.
    for title in ["No, none of these", "18 or older", "No / not applicable", "No", "Yes", "No", "At night",
                  "Not often", "No"]:
        visit.click_reply(title)
    visit.wait_for_text("Start with 250 mg")
    visit.wait_for_text("Shall I check in with you")
    height = page.evaluate("""() => {
        const messages = [...document.querySelectorAll('.rw-messages-container .rw-message')];
        const lastUser = messages.map(m => !!m.querySelector('.rw-client')).lastIndexOf(true);
        return messages.slice(lastUser + 1).reduce((sum, m) => sum + m.getBoundingClientRect().height, 0);
    }""")
    screen = page.evaluate("document.querySelector('.rw-messages-container').clientHeight")
    assert height <= 2.2 * screen, (height, screen)
    visit.click_reply("More that helps")
    visit.wait_for_text("Tense the muscle")
