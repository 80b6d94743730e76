"""Targeted fixes for Rasa 3.6 that this project needs, applied once on import.

The Rasa server imports them through `channels` (loaded from credentials.yml
at start-up), so they are active wherever this project's server runs.
"""
from rasa_fixes import action_result_validation, event_types

action_result_validation.install()
event_types.install()
