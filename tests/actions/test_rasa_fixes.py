"""The faster action-response validation accepts and refuses exactly what Rasa's does."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import rasa_fixes  # noqa: F401  (installs the fix)

RESPONSES = [
    {"events": [{"event": "slot", "name": "statin", "value": "yes"}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {"events": [{"event": "bot", "text": "x"}], "responses": [{"response": "utter_greet", "buttons": []}]},
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
    {"events": [], "responses": "nope"},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_same_verdict_as_jsonschema_validate(response):
    try:
        jsonschema.validate(response, RemoteAction.action_response_format_spec())
        expected_valid = True
    except jsonschema.ValidationError:
        expected_valid = False
    action = RemoteAction("action_give_plan", None)
    if expected_valid:
        assert action._validate_action_result(response) is True
    else:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(response)


def test_events_are_resolved_by_name_as_before():
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonsense", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'nonsense'"):
        Event.resolve_by_type("nonsense")
