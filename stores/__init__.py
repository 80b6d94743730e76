"""Conversation stores beyond Rasa's defaults (referenced from endpoints files)."""
