"""A button's payload ("/intent" or "/intent{json}") as against text a person typed: anything
else that starts with a slash ("/ my foot drags") is read like any other message."""
import re

_BUTTON_PAYLOAD = re.compile(r"^\s*/\w+(?:\{.*\})?\s*$", re.DOTALL)


def is_button_payload(text: str) -> bool:
    return bool(_BUTTON_PAYLOAD.match(text or ""))
