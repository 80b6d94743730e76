"""Look up event classes by name from a table built once.

Rasa 3.6 walks every subclass of Event for each event it deserialises; a
tracker is deserialised from the store on every message, so that walk was
about 8% of the server's time (py-spy) in a conversation of a dozen turns.
"""
from __future__ import annotations

import functools
from typing import Optional, Text, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


@functools.lru_cache(maxsize=None)
def event_class(type_name: Text) -> Optional[Type[Event]]:
    return next((cls for cls in all_subclasses(Event) if cls.type_name == type_name), None)


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    found = event_class(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's compatibility with old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
