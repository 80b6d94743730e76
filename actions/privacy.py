"""'Delete my data': the conversation is deleted from the store after this action.

The deletion itself happens in the tracker store (stores/private_sql_tracker_store.py),
which sees this action in the turn and deletes every stored event of the
conversation instead of saving it; its planned check-ins are deleted here.
"""
from __future__ import annotations

from typing import Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.checkin_actions import cancel_checkins
from actions.messages import apologise_on_error


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return "action_delete_my_data"

    @apologise_on_error
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        cancel_checkins(tracker)
        dispatcher.utter_message(response="utter_data_deleted")
        return [AllSlotsReset()]
