"""Rasa's own channel connectors, each wrapped by the same guard.

Referenced from credentials.yml as `channels.<module>.<Class>`. Rasa imports
this package at start-up, which also applies `rasa_fixes`.
"""
import rasa_fixes  # noqa: F401
