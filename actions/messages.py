"""Plan -> chat messages and buttons, and a safety net for every action."""
from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa_sdk.executor import CollectingDispatcher

from rasa_sdk.events import SlotSet

from recommendation import Plan, Profile, essentials, recommend, render, render_messages, safety_net
from stores.log_ids import short_hash

logger = logging.getLogger(__name__)

# Under a plan: the rest of it, one tap away (side effects are in the plan; "restart" can be typed).
FOLLOW_UP_BUTTONS: List[Dict[str, str]] = [
    {"title": "What if it doesn't work?", "payload": "/ask_not_working"},
    {"title": "More that helps", "payload": "/ask_exercises"},
    {"title": "When to see a doctor", "payload": "/ask_red_flags"},
]


def send_essentials(dispatcher: CollectingDispatcher, plan: Plan, buttons: List[Dict[str, str]],
                    someone_else: bool = False) -> None:
    """A plan in one message that fits about two phone screens, its sources last; the rest is
    behind the buttons (follow-up answers)."""
    dispatcher.utter_message(text="\n\n".join(render_messages(essentials(plan, someone_else=someone_else))),
                             buttons=buttons)


def send_plan(dispatcher: CollectingDispatcher, plan: Plan, buttons: Optional[List[Dict[str, str]]] = None) -> None:
    """One message per section; buttons go on the last one, under the sources."""
    messages = render_messages(plan)
    for text in messages[:-1]:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=messages[-1], buttons=buttons or [])


def send_safety_net(dispatcher: CollectingDispatcher) -> None:
    """Ends a reply that does not answer: what to do if a warning sign appears, with its sources."""
    dispatcher.utter_message(text=render(safety_net()).replace("\n\n", "\n"))


def _says_a_warning_sign(tracker) -> bool:
    message = tracker.latest_message or {}
    return (message.get("intent") or {}).get("name") == "report_red_flag" or any(
        entity.get("entity") == "warning_sign" for entity in message.get("entities") or [])


def apologise_on_error(run: Callable[..., Awaitable[List[Dict[str, Any]]]]):
    """Log the failure (without what the person wrote) and never leave a silent turn."""

    @functools.wraps(run)
    async def guarded(self, dispatcher: CollectingDispatcher, tracker, domain) -> List[Dict[str, Any]]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception:
            logger.exception("Action %s failed for conversation %s", self.name(), short_hash(tracker.sender_id))
            dispatcher.messages.clear()
            if _says_a_warning_sign(tracker):  # an error never costs a referral
                send_plan(dispatcher, recommend(Profile(red_flags=True)))
                return [SlotSet("red_flags", "yes")]
            dispatcher.utter_message(response="utter_action_failed")
            send_safety_net(dispatcher)
            return []

    return guarded
