#!/usr/bin/env bash
# Chromium for the browser test, from Debian's packages (Playwright's own
# browser download does not work offline). Needs root; otherwise the browser
# test is skipped - or fails where REQUIRE_BROWSER=1 (CI).
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> Installing Chromium from Debian's packages (about a minute)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null && exit 0
fi
echo "Chromium is not installed and cannot be installed here (needs root and apt-get): the browser test will be skipped." >&2
exit 1
