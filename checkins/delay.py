"""CHECKIN_AFTER: how long after a plan the check-in comes ("4w", "2d", "10m", "30s")."""
from __future__ import annotations

import os
import re

DEFAULT = "4w"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}
FORMAT = re.compile(r"\s*(\d+)\s*([smhdw])\s*")


class DelayError(ValueError):
    """A CHECKIN_AFTER value that is not a number and a unit."""


def parse(text: str) -> int:
    """Seconds in "4w", "30s"...; an error says what is accepted."""
    match = FORMAT.fullmatch(text or "")
    if not match or int(match.group(1)) == 0:
        raise DelayError(f"CHECKIN_AFTER={text!r} is not a delay: use a number and one of s, m, h, d, w "
                         f"(e.g. 30s, 10m, 2d, 4w; default {DEFAULT})")
    return int(match.group(1)) * UNITS[match.group(2)]


def describe(text: str) -> str:
    """'4w' -> '4 weeks', as the offer says it."""
    match = FORMAT.fullmatch(text)
    count, unit = int(match.group(1)), NAMES[match.group(2)]
    return f"{count} {unit}{'' if count == 1 else 's'}"


def configured() -> str:
    """The configured delay, checked: a bad value stops the start-up, not a conversation."""
    text = os.environ.get("CHECKIN_AFTER", "").strip() or DEFAULT
    parse(text)
    return text


if __name__ == "__main__":
    # scripts/run.sh: a bad CHECKIN_AFTER stops the start with the reason.
    import sys

    try:
        configured()
    except DelayError as error:
        sys.exit(str(error))
